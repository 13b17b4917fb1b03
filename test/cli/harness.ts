import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createCredentialsRepository } from '../../src/autorisaties/credentials-repository.js';
import { IMPORT_COLUMNS } from '../../src/imports/csv.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { type Fixtures, insertFixtures } from '../imports/engine/fixtures.js';
import { freePort, makeImportTree, type RunningServer, startServer } from '../imports/engine/server.js';

/**
 * A real server process (src/main.ts) on a database of its own, an import directory of
 * `files` small files, and the CLI (src/cli.ts) run as a child process against it over HTTP.
 */
export const CLIENT = 'cli-operator';
export const SECRET = 'cli-operator-secret-0123456789';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Harness {
  server: RunningServer;
  db: TestDatabase;
  root: string;
  fixtures: Fixtures;
  /** A CSV of rows 0..n-1 of the tree (each row its own file); `fail` rows point at a missing file. */
  writeCsv(
    name: string,
    rows: number,
    opts?: { fail?: number[]; badDate?: number[]; from?: number },
  ): Promise<string>;
  env: Record<string, string>;
  cli(args: string[], env?: Record<string, string>): Promise<CliResult>;
  spawnCli(args: string[], env?: Record<string, string>): ChildProcess & { result: Promise<CliResult> };
  close(): Promise<void>;
}

export function spawnNode(
  args: string[],
  env: Record<string, string>,
): ChildProcess & { result: Promise<CliResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const result = new Promise<CliResult>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return Object.assign(child, { result });
}

export async function startHarness(opts: { files: number; batchSize: number }): Promise<Harness> {
  const db = await createTestDatabase();
  const tree = await makeImportTree(opts.files);
  const server = await startServer({
    databaseUrl: db.url,
    root: tree.root,
    port: await freePort(),
    extraEnv: { IMPORT_DOCUMENTEN_BATCH_SIZE: String(opts.batchSize) },
    // tsx compiles the whole server at start-up: minutes, not seconds, when the cores are busy.
    startTimeoutMs: 180_000,
  });
  // The operator's own applicatie, as `applicatie add --alle-autorisaties` makes it.
  await createCredentialsRepository(db.pool).upsertApplicatie({
    clientId: CLIENT,
    secret: SECRET,
    heeftAlleAutorisaties: true,
  });
  const fixtures = await insertFixtures({ db, config: { publicUrl: server.url } });
  const csvDir = path.join(tree.root, 'csv');
  await fs.mkdir(csvDir);
  const env = { ZGW_URL: server.url, ZGW_CLIENT_ID: CLIENT, ZGW_SECRET: SECRET };

  return {
    server,
    db,
    root: tree.root,
    fixtures,
    env,
    async writeCsv(name, rows, o = {}) {
      const lines = [IMPORT_COLUMNS.join(',')];
      for (let k = 0; k < rows; k++) {
        const i = (o.from ?? 0) + k;
        const v: Record<string, string> = {
          bronorganisatie: '352604918',
          creatiedatum: o.badDate?.includes(k) ? '2024-13-45' : '2024-05-01',
          titel: `${name} ${i}`,
          auteur: 'cli test',
          taal: 'nld',
          bestandspad: o.fail?.includes(k) ? `files/ontbreekt-${i}.txt` : `files/f${i}.txt`,
          informatieobjecttype: fixtures.iotUrl,
        };
        lines.push(IMPORT_COLUMNS.map((c) => v[c] ?? '').join(','));
      }
      const file = path.join(csvDir, name);
      await fs.writeFile(file, `${lines.join('\n')}\n`);
      return file;
    },
    cli: (args, extra = {}) => spawnNode(args, { ...env, ...extra }).result,
    spawnCli: (args, extra = {}) => spawnNode(args, { ...env, ...extra }),
    async close() {
      server.child.kill('SIGTERM');
      await Promise.race([server.exited, new Promise((r) => setTimeout(r, 10_000))]);
      server.child.kill('SIGKILL');
      await db.drop();
      await fs.rm(tree.root, { recursive: true, force: true });
    },
  };
}

/** The server's view of an import (with the harness's client). */
export async function apiStatus(h: Harness, uuid: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${h.server.url}/documenten/api/v1/import/${uuid}/status`, {
    headers: { authorization: `Bearer ${h.server.token}` },
  });
  return (await res.json()) as Record<string, unknown>;
}

export const uuidIn = (text: string): string => {
  const m = /(?:Import|Dry run) ([0-9a-f-]{36})/.exec(text);
  if (!m?.[1]) throw new Error(`no import uuid in:\n${text}`);
  return m[1];
};
