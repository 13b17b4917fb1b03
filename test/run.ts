/**
 * `npm test`: one PostgreSQL for the whole run (TEST_DATABASE_URL, or an embedded server
 * in a temporary DATA_DIR), a migrated template database, then node's test runner over
 * the test files (each file clones the template into a database of its own).
 * `npm test -- test/some.test.ts test/folder` runs a subset.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbedded } from '../src/db/embedded.js';
import { runMigrations } from '../src/db/migrate.js';
import { createPool } from '../src/db/pool.js';

async function findTests(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await findTests(p)));
    else if (entry.name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

// Arguments are test files or folders of them (`npm test -- test/imports test/foundation/auth.test.ts`).
const args = process.argv.slice(2);
const files: string[] = [];
for (const arg of args.length > 0 ? args : ['test']) {
  const stat = await fs.stat(arg).catch(() => undefined);
  if (!stat) throw new Error(`no such test file or folder: ${arg}`);
  files.push(...(stat.isDirectory() ? await findTests(arg) : [arg]));
}

let stopEmbedded: (() => Promise<void>) | undefined;
let adminUrl = process.env.TEST_DATABASE_URL;
let tmpDir: string | undefined;
if (!adminUrl) {
  tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-test-'));
  await fs.chmod(tmpDir, 0o755);
  const emb = await startEmbedded({ dataDir: tmpDir, role: 'server' });
  adminUrl = emb.url;
  stopEmbedded = emb.stop;
}

const template = `zgw_tpl_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${template}`);
const tplUrl = new URL(adminUrl);
tplUrl.pathname = `/${template}`;
const tplPool = createPool(tplUrl.toString(), 2);
await runMigrations(tplPool);
await tplPool.end();

const concurrency = process.env.TEST_CONCURRENCY ?? String(Math.max(2, os.availableParallelism()));
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', ...files],
  {
    stdio: 'inherit',
    env: { ...process.env, TEST_ADMIN_URL: adminUrl, TEST_TEMPLATE_DB: template },
  },
);
const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));

// Drop what this run created (test files drop their own databases; this catches leftovers).
const { rows } = await admin.query<{ datname: string }>(
  `select datname from pg_database where datname like $1 or datname = $2`,
  [`${template}_%`, template],
);
for (const r of rows) {
  await admin.query(`drop database if exists ${r.datname} with (force)`).catch(() => undefined);
}
await admin.end();
await stopEmbedded?.();
if (tmpDir) await fs.rm(tmpDir, { recursive: true, force: true });
process.exit(code);
