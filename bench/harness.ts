/**
 * What the benchmarks share: their command-line numbers, a migrated database of their own, the
 * real server started as a child process with a bootstrap applicatie, and the catalogus with
 * informatieobjecttypen their documents refer to (seeded by SQL).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import pg from 'pg';
import { type Config, loadConfig } from '../src/config.js';
import { type Database, openDatabase } from '../src/db/connect.js';
import { runMigrations } from '../src/db/migrate.js';

/** `--name N` on the command line, or `def`. */
export const numberArg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};

/** `--name VALUE` on the command line, or undefined. */
export const stringArg = (name: string): string | undefined =>
  process.argv.includes(`--${name}`) ? process.argv[process.argv.indexOf(`--${name}`) + 1] : undefined;

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface BenchDatabase {
  /** The run's DATA_DIR (storage, import directory), removed by close(). */
  root: string;
  config: Readonly<Config>;
  db: Database;
  close(): Promise<void>;
}

/**
 * A temporary DATA_DIR and a migrated database for one run: a fresh database on DATABASE_URL's
 * server (dropped by close()), or without DATABASE_URL the embedded PostgreSQL in DATA_DIR.
 */
export async function openBenchDatabase(opts: {
  dirPrefix: string;
  dbPrefix: string;
}): Promise<BenchDatabase> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), opts.dirPrefix));
  await fs.chmod(root, 0o755);
  const fresh = await freshDatabase(opts.dbPrefix);
  const config = loadConfig(
    { DATA_DIR: root, ...(fresh.url ? { DATABASE_URL: fresh.url } : {}), LOG_LEVEL: 'silent' },
    root,
  );
  const db = await openDatabase(config, { role: 'server', log: () => undefined });
  const close = async () => {
    await db.close();
    await fresh.drop();
    await fs.rm(root, { recursive: true, force: true });
  };
  try {
    await runMigrations(db.pool);
  } catch (err) {
    await close();
    throw err;
  }
  return { root, config, db, close };
}

async function freshDatabase(
  prefix: string,
): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) return { url: undefined, drop: async () => undefined };
  const name = `${prefix}${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export interface BenchServer {
  child: ChildProcess;
  base: string;
  clientId: string;
  secret: string;
  /** A bearer token of the bootstrap applicatie (all autorisaties). */
  token: string;
  /** SIGTERM, then the process's exit. */
  stop(): Promise<void>;
}

/**
 * `src/main.ts` as a child process on 127.0.0.1 over the run's DATA_DIR and database, with a
 * fresh bootstrap applicatie; resolves once /ready answers 200 (listening, database reachable
 * and migrated). By default API only (`--api-only`), logging warnings to this terminal.
 */
export async function startBenchServer(
  bench: Pick<BenchDatabase, 'root' | 'db'>,
  opts: {
    /** Default: a free port. */
    port?: number;
    /** Default: the server's own base URL. */
    publicUrl?: string;
    /** false: with the background thread (the import engine). */
    apiOnly?: boolean;
    logLevel?: string;
    /** More environment of the server (BESTANDSDELEN_PART_BYTES, ...). */
    env?: Record<string, string>;
    /** Where the server writes a V8 CPU profile when it stops (`--cpu-prof DIR`). */
    cpuProfDir?: string;
    /** `pipe` to read the server's log lines from child.stdout. */
    stdout?: 'inherit' | 'pipe';
    /** More claims of the token (`user_id`). */
    claims?: Record<string, string>;
  } = {},
): Promise<BenchServer> {
  const port = opts.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const clientId = `bench-${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(16).toString('hex');
  const prof = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(opts.cpuProfDir)}`] : [];
  const mode = (opts.apiOnly ?? true) ? ['--api-only'] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', 'src/main.ts', ...mode], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: opts.publicUrl ?? base,
      DATA_DIR: bench.root,
      DATABASE_URL: bench.db.url,
      LOG_LEVEL: opts.logLevel ?? 'warn',
      ...opts.env,
      ZGW_BOOTSTRAP_CLIENT_ID: clientId,
      ZGW_BOOTSTRAP_SECRET: secret,
    },
    stdio: ['ignore', opts.stdout ?? 'inherit', 'inherit'],
  });
  const stop = async () => {
    const running = child.exitCode === null && child.signalCode === null;
    child.kill('SIGTERM');
    if (running) await new Promise((r) => child.once('exit', r));
  };
  try {
    await waitReady(base);
  } catch (err) {
    await stop();
    throw err;
  }
  return { child, base, clientId, secret, token: await signToken(clientId, secret, opts.claims), stop };
}

/** A ZGW JWT of an applicatie (HS256 with its secret). */
export async function signToken(
  clientId: string,
  secret: string,
  claims: Record<string, string> = {},
): Promise<string> {
  return new SignJWT({ client_id: clientId, iss: clientId, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .sign(new TextEncoder().encode(secret));
}

async function waitReady(base: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

export interface SeededInformatieobjecttype {
  id: number;
  uuid: string;
  /** Its URL under `publicUrl`. */
  url: string;
}

/** A catalogus with one published informatieobjecttype per omschrijving, in that order. */
export async function seedInformatieobjecttypen(
  pool: pg.Pool,
  publicUrl: string,
  opts: { omschrijvingen: string[]; rsin?: string; informatieobjectcategorie?: string },
): Promise<{ catalogusId: number; types: SeededInformatieobjecttype[] }> {
  const cat = await pool.query<{ id: number }>(
    `insert into catalogussen (uuid, naam, domein, rsin, contactpersoon_beheer_naam)
     values (gen_random_uuid(), 'bench', 'BENCH', $1, 'beheer') returning id`,
    [opts.rsin ?? '159351741'],
  );
  const catalogusId = cat.rows[0]?.id as number;
  const types = await pool.query<{ id: number; uuid: string }>(
    `insert into informatieobjecttypen (uuid, catalogus_id, omschrijving, vertrouwelijkheidaanduiding,
       begin_geldigheid, concept, informatieobjectcategorie)
     select gen_random_uuid(), $1, o.omschrijving, 'openbaar', '2020-01-01', false, $2
       from unnest($3::text[]) with ordinality as o(omschrijving, n) order by o.n
     returning id, uuid`,
    [catalogusId, opts.informatieobjectcategorie ?? 'cat', opts.omschrijvingen],
  );
  return {
    catalogusId,
    types: types.rows.map((t) => ({
      ...t,
      url: `${publicUrl}/catalogi/api/v1/informatieobjecttypen/${t.uuid}`,
    })),
  };
}
