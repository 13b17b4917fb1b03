import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { IMPORT_COLUMNS } from '../../../src/imports/csv.js';
import { makeToken } from '../../helpers/jwt.js';

/** The real server (`node --import tsx src/main.ts`) as a child process, for fault tests. */
export interface ServerEnv {
  databaseUrl: string;
  /** Fixed across restarts, so PUBLIC_URL (and local informatieobjecttype URLs) stay the same. */
  port: number;
  root: string;
  extraEnv?: Record<string, string>;
  /** Extra arguments of src/main.ts, e.g. `--api-only`. */
  args?: string[];
  /** How long start-up may take (default 30 s); more for a test run beside a loaded machine. */
  startTimeoutMs?: number;
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  token: string;
  exited: Promise<number | null>;
  output(): string;
}

const CLIENT = 'fault-test';
const SECRET = 'fault-test-secret-0123456789';

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export async function startServer(env: ServerEnv): Promise<RunningServer> {
  const port = env.port;
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...(env.args ?? [])], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: env.databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      DATA_DIR: env.root,
      LOG_LEVEL: 'warn',
      ZGW_BOOTSTRAP_CLIENT_ID: CLIENT,
      ZGW_BOOTSTRAP_SECRET: SECRET,
      ...env.extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out = (out + String(d)).slice(-20_000);
  });
  child.stderr?.on('data', (d) => {
    out = (out + String(d)).slice(-20_000);
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const token = await makeToken(CLIENT, SECRET);
  const until = Date.now() + (env.startTimeoutMs ?? 30_000);
  for (;;) {
    const ok = await fetch(`${url}/documenten/api/v1/import/00000000-0000-4000-8000-000000000000/status`, {
      headers: { authorization: `Bearer ${token}` },
    })
      .then((r) => r.status === 404)
      .catch(() => false);
    if (ok) break;
    if (child.exitCode !== null || Date.now() > until) assert.fail(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, token, exited, output: () => out };
}

/** A temporary root with an import directory of `n` small distinct files and a CSV of them. */
export async function makeImportTree(n: number): Promise<{ root: string; csv: string; contents: Buffer[] }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-fault-'));
  const dir = path.join(root, 'import');
  await fs.mkdir(path.join(dir, 'files'), { recursive: true });
  const contents: Buffer[] = [];
  const lines = [IMPORT_COLUMNS.join(',')];
  for (let i = 0; i < n; i++) {
    const content = Buffer.from(`document ${i} `.repeat(20 + (i % 50)));
    contents.push(content);
    await fs.writeFile(path.join(dir, 'files', `f${i}.txt`), content);
    const v: Record<string, string> = {
      bronorganisatie: '352604918',
      creatiedatum: '2024-05-01',
      titel: `Document ${i}`,
      auteur: 'fault test',
      taal: 'nld',
      vertrouwelijkheidaanduiding: 'openbaar',
      bestandspad: `files/f${i}.txt`,
      informatieobjecttype: '__IOT__',
      zaakUuid: i % 10 === 0 ? '__ZAAK__' : '',
    };
    lines.push(IMPORT_COLUMNS.map((c) => v[c] ?? '').join(','));
  }
  return { root, csv: `${lines.join('\n')}\n`, contents };
}

export async function api(s: RunningServer, method: string, p: string, body?: string): Promise<Response> {
  return fetch(`${s.url}${p}`, {
    method,
    headers: {
      authorization: `Bearer ${s.token}`,
      ...(body !== undefined ? { 'content-type': 'text/csv' } : {}),
    },
    body,
  });
}

/** Every file below dir, relative. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile())
      out.push(path.relative(dir, path.join(e.parentPath ?? (e as { path: string }).path, e.name)));
  }
  return out.sort();
}
