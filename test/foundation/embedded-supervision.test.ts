import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { createPool } from '../../src/db/pool.js';
import { insertFixtures } from '../imports/engine/fixtures.js';
import { makeImportTree } from '../imports/engine/server.js';
import { makeToken } from '../helpers/jwt.js';
import { freePort, postgresPids, type ServerProcess, spawnServer, waitReady } from '../helpers/server.js';

/**
 * The embedded PostgreSQL under a real `npm start`-like server on its own DATA_DIR: frozen
 * (SIGSTOP), killed (SIGKILL of the postmaster), unrestartable, and left behind by a server
 * killed with kill -9. Only the postgres processes of this test's data directory are touched.
 */
const N = 300;
const BASE = '/documenten/api/v1/import';
const CLIENT = 'supervision';
const SECRET = 'supervision-secret';

const execFileP = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, ms: number, fn: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) assert.fail(`timed out after ${ms} ms: ${what}`);
    await sleep(100);
  }
}

async function statusOf(url: string): Promise<{ status: number; ms: number; type: string | null }> {
  const t0 = performance.now();
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0, type: res.headers.get('content-type') };
}

const postmaster = async (dataDir: string) =>
  Number((await fs.readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);

describe('supervision of the embedded PostgreSQL', () => {
  let root: string;
  let csv: string;
  let server: ServerProcess;
  let env: Record<string, string>;
  let token: string;
  let pool: pg.Pool;
  const started: ServerProcess[] = [];
  const start = () => {
    server = spawnServer(env);
    started.push(server);
    return server;
  };

  before(async () => {
    const tree = await makeImportTree(N);
    root = tree.root;
    csv = tree.csv;
    await fs.chmod(root, 0o755);
    const port = await freePort();
    env = {
      DATA_DIR: root,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ZGW_BOOTSTRAP_CLIENT_ID: CLIENT,
      ZGW_BOOTSTRAP_SECRET: SECRET,
      IMPORT_DOCUMENTEN_BATCH_SIZE: '5',
    };
    token = await makeToken(CLIENT, SECRET);
    await waitReady(start(), 90_000);
    const state = JSON.parse(await fs.readFile(path.join(root, 'embedded.json'), 'utf8'));
    pool = createPool(
      `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/postgres`,
      2,
    );
  });
  after(async () => {
    await pool?.end().catch(() => undefined);
    for (const s of started) s.child.kill('SIGKILL');
    for (const pid of await postgresPids(root)) {
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
    }
    await fs.rm(root, { recursive: true, force: true });
  });

  const api = async (method: string, p: string, body?: string) =>
    fetch(`${server.baseUrl}${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'text/csv' } : {}) },
      body,
      signal: AbortSignal.timeout(15_000),
    });

  it('answers /ready 503 within 2 s while PostgreSQL is frozen, and 200 again after', async () => {
    // The postmaster and every backend (its children): the whole server stops answering.
    const pm = await postmaster(root);
    const { stdout } = await execFileP('pgrep', ['-P', String(pm)]);
    const pids = [pm, ...stdout.split('\n').filter(Boolean).map(Number)];
    assert.ok(pids.length > 1);
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    const answers = [];
    try {
      for (let i = 0; i < 3; i++) answers.push(await statusOf(`${server.baseUrl}/ready`));
      // Frozen is not dead: the server does not restart it.
      assert.equal((await statusOf(`${server.baseUrl}/health`)).status, 200);
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    }
    assert.deepEqual(
      answers.map((a) => a.status),
      [503, 503, 503],
    );
    const ms = answers.map((a) => Math.round(a.ms));
    assert.ok(Math.max(...ms) < 2000, `/ready took ${ms.join(', ')} ms`);
    await until('ready after SIGCONT', 15_000, async () =>
      (await statusOf(`${server.baseUrl}/ready`)).status === 200 ? true : undefined,
    );
  });

  it('restarts a killed postmaster on the same port; /ready recovers and the running import finishes', async () => {
    const f = await insertFixtures({ db: { pool }, config: { publicUrl: env.PUBLIC_URL! } });
    const created = await api('POST', `${BASE}/create`);
    assert.equal(created.status, 201);
    const uuid = /import\/([0-9a-f-]{36})\/upload$/.exec((await created.json()).uploadUrl)![1]!;
    const body = csv.replaceAll('__IOT__', f.iotUrl).replaceAll('__ZAAK__', f.zaakUuid);
    assert.equal((await api('POST', `${BASE}/${uuid}/upload`, body)).status, 200);
    const progress = async () => {
      const res = await api('GET', `${BASE}/${uuid}/status`);
      return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
    };
    await until('import under way', 60_000, async () => {
      const s = await progress();
      return s && Number(s.processed) >= 25 ? s : undefined;
    });
    const port = JSON.parse(await fs.readFile(path.join(root, 'embedded.json'), 'utf8')).port;
    const before = await postmaster(root);
    process.kill(before, 'SIGKILL');
    await until('ready again', 40_000, async () => {
      const pid = await postmaster(root);
      return pid !== before && (await statusOf(`${server.baseUrl}/ready`)).status === 200 ? true : undefined;
    });
    assert.equal(JSON.parse(await fs.readFile(path.join(root, 'embedded.json'), 'utf8')).port, port);
    const done = await until('import finished', 90_000, async () => {
      const s = await progress();
      return s && s.status !== 'active' ? s : undefined;
    });
    assert.deepEqual(
      [done.status, done.processed, done.processedSuccessfully],
      ['finished', N, N],
      JSON.stringify(done),
    );
    const { rows } = await pool.query('select count(*)::int as n from documents');
    assert.equal(rows[0].n, N, 'every row exactly once');
    assert.equal((await statusOf(`${server.baseUrl}/health`)).status, 200);
  });

  it('answers /health 503 when the postmaster cannot be restarted, and recovers when it can', async () => {
    const pgDir = path.join(root, 'pg');
    const away = path.join(root, 'pg.away');
    const pid = await postmaster(root);
    await fs.rename(pgDir, away);
    try {
      process.kill(pid, 'SIGKILL');
      const sick = await until('/health 503', 40_000, async () => {
        const h = await statusOf(`${server.baseUrl}/health`);
        return h.status === 503 ? h : undefined;
      });
      assert.match(sick.type ?? '', /^application\/problem\+json/);
    } finally {
      await fs.rename(away, pgDir);
    }
    await until('healthy and ready again', 40_000, async () =>
      (await statusOf(`${server.baseUrl}/health`)).status === 200 &&
      (await statusOf(`${server.baseUrl}/ready`)).status === 200
        ? true
        : undefined,
    );
    server.child.kill('SIGTERM');
    assert.equal((await server.exited).code, 0, server.output());
    await until('no postgres left', 10_000, async () =>
      (await postgresPids(root)).length === 0 ? true : undefined,
    );
  });

  it('after kill -9 of a server whose parent is gone, the next server adopts the database and stops it', async () => {
    // Started through a shell that exits at once: the server's parent is then PID 1, which in
    // a container often reaps nothing — killed, the server stays a zombie with its PID.
    const envAll = { ...process.env, LOG_LEVEL: 'warn', ...env };
    const sh = spawn(
      'sh',
      ['-c', `"${process.execPath}" --import tsx src/main.ts >/dev/null 2>&1 & echo $!`],
      {
        env: envAll,
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let out = '';
    sh.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await new Promise((r) => sh.on('exit', r));
    const orphan = Number(out.trim());
    assert.ok(orphan > 0);
    try {
      await until('orphan server ready', 90_000, async () =>
        (await statusOf(`${server.baseUrl}/ready`)).status === 200 ? true : undefined,
      );
    } finally {
      process.kill(orphan, 'SIGKILL');
    }
    await sleep(300);
    assert.ok((await postgresPids(root)).length > 0, 'its PostgreSQL lives on');
    await waitReady(start(), 90_000);
    server.child.kill('SIGTERM');
    assert.equal((await server.exited).code, 0, server.output());
    await until('no postgres left', 10_000, async () =>
      (await postgresPids(root)).length === 0 ? true : undefined,
    );
  });
});
