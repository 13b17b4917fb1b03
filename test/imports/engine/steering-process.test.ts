import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { insertFixtures } from './fixtures.js';
import { api, freePort, listFiles, makeImportTree, type RunningServer, startServer } from './server.js';

/**
 * Cancel and pause reach whichever process holds the import (issue 10 #3–#4): an API process
 * (`src/main.ts --api-only`) and a worker process (`src/worker.ts`) share one database and one
 * DATA_DIR; the steering requests go to the API, the import runs in the worker. Pausing
 * survives a restart of both.
 */
const N = 600;
const BASE = '/documenten/api/v1/import';
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

function startWorker(env: Parameters<typeof startServer>[0]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/worker.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: env.databaseUrl,
      DATA_DIR: env.root,
      PUBLIC_URL: `http://127.0.0.1:${env.port}`,
      LOG_LEVEL: 'warn',
      ...env.extraEnv,
    },
    stdio: [
      'ignore',
      process.env.DEBUG_STEER ? 'inherit' : 'ignore',
      process.env.DEBUG_STEER ? 'inherit' : 'ignore',
    ],
  });
  cleanups.push(async () => {
    child.kill('SIGKILL');
  });
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  child.kill('SIGKILL');
}

interface Scenario {
  db: TestDatabase;
  root: string;
  env: Parameters<typeof startServer>[0];
  server: RunningServer;
  worker: ChildProcess;
  uuid: string;
}

async function begin(): Promise<Scenario> {
  const db = await createTestDatabase();
  const tree = await makeImportTree(N);
  const env = {
    databaseUrl: db.url,
    root: tree.root,
    port: await freePort(),
    extraEnv: { IMPORT_DOCUMENTEN_BATCH_SIZE: '10', LOG_LEVEL: process.env.DEBUG_STEER ? 'info' : 'warn' },
    // The API process runs no import: the worker process holds it.
    args: ['--api-only'],
  };
  const sc = { db, root: tree.root, env } as unknown as Scenario;
  cleanups.push(async () => {
    sc.server?.child.kill('SIGKILL');
    await db.drop();
    await fs.rm(tree.root, { recursive: true, force: true });
  });
  sc.server = await startServer(env);
  sc.worker = startWorker(env);
  const f = await insertFixtures({ db, config: { publicUrl: sc.server.url } });
  const csv = tree.csv.replaceAll('__IOT__', f.iotUrl).replaceAll('__ZAAK__', f.zaakUuid);
  const created = await api(sc.server, 'POST', `${BASE}/create`);
  assert.equal(created.status, 201);
  sc.uuid = /import\/([0-9a-f-]{36})\/upload$/.exec((await created.json()).uploadUrl)![1]!;
  const up = await api(sc.server, 'POST', `${BASE}/${sc.uuid}/upload`, csv);
  assert.equal(up.status, 200, await up.text());
  return sc;
}

async function status(sc: Scenario): Promise<Record<string, unknown>> {
  const res = await api(sc.server, 'GET', `${BASE}/${sc.uuid}/status`);
  assert.equal(res.status, 200);
  return res.json();
}

async function waitFor(sc: Scenario, pred: (s: Record<string, unknown>) => boolean, ms = 60_000) {
  const until = Date.now() + ms;
  for (;;) {
    const s = await status(sc);
    if (pred(s)) return s;
    if (Date.now() > until) assert.fail(`timed out; last status ${JSON.stringify(s)}\n${sc.server.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Counters, report rows, documents and stored files all tell the same story. `settled`: no
 * batch is in flight (finished or cancelled); a paused import may still hold the copies of
 * batches it had prepared ahead, which a resume sweeps.
 */
async function consistent(sc: Scenario, settled = true) {
  const { rows } = await sc.db.pool.query(
    `select i.processed, i.processed_successfully as ok,
            (select count(*)::int from import_rows where import_id = i.id) as reported,
            (select count(*)::int from documents) as documents
       from imports i where uuid = $1`,
    [sc.uuid],
  );
  const r = rows[0];
  assert.equal(r.reported, r.processed);
  assert.equal(r.documents, r.ok);
  const files = await listFiles(path.join(sc.root, 'storage', 'documents')).catch(() => []);
  if (settled)
    assert.equal(files.length, r.documents, 'no file without its document (nothing uncommitted left)');
  else assert.ok(files.length >= r.documents && files.length <= r.documents + 40, `${files.length} files`);
  return r;
}

describe('steering an import held by another process', () => {
  it('pause stops at a batch boundary and releases the import; it survives a restart; resume finishes it', async () => {
    const sc = await begin();
    await waitFor(sc, (s) => Number(s.processed) >= 60);
    const paused = await api(sc.server, 'POST', `${BASE}/${sc.uuid}/pause`);
    assert.equal(paused.status, 200);
    assert.equal((await paused.json()).paused, true);
    // Within seconds the holder stops and lets go.
    const until = Date.now() + 15_000;
    let lease: { lease_owner: string | null } | undefined;
    while (Date.now() < until) {
      lease = (await sc.db.pool.query('select lease_owner from imports where uuid = $1', [sc.uuid])).rows[0];
      if (lease?.lease_owner === null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(lease?.lease_owner, null, 'the lease was released');
    const at = (await status(sc)).processed as number;
    assert.ok(at < N, `stopped part-way (${at})`);
    await new Promise((r) => setTimeout(r, 1500));
    const later = await status(sc);
    assert.equal(
      later.processed,
      at,
      `nothing runs while paused: ${JSON.stringify(later)}\n${sc.server.output()}`,
    );
    await consistent(sc, false);
    // Both processes restart: still paused.
    await stopProcess(sc.worker);
    await stopProcess(sc.server.child);
    sc.server = await startServer(sc.env);
    sc.worker = startWorker(sc.env);
    await new Promise((r) => setTimeout(r, 2000));
    const s = await status(sc);
    assert.deepEqual([s.status, s.paused, s.processed], ['active', true, at]);
    const resumed = await api(sc.server, 'POST', `${BASE}/${sc.uuid}/resume`);
    assert.equal(resumed.status, 200);
    const done = await waitFor(sc, (x) => x.status !== 'active', 120_000);
    assert.deepEqual([done.status, done.processed, done.processedSuccessfully], ['finished', N, N]);
    await consistent(sc);
  });

  it('cancel stops within seconds, ends error "geannuleerd", keeps what committed, removes what did not', async () => {
    const sc = await begin();
    await waitFor(sc, (s) => Number(s.processed) >= 60);
    const asked = Date.now();
    const res = await api(sc.server, 'POST', `${BASE}/${sc.uuid}/cancel`);
    assert.equal(res.status, 200);
    const s = await waitFor(sc, (x) => x.status !== 'active', 30_000);
    assert.ok(Date.now() - asked < 15_000, `took ${Date.now() - asked} ms`);
    assert.deepEqual([s.status, s.comment, s.paused], ['error', 'geannuleerd', false]);
    assert.ok(Number(s.processed) < N);
    const r = await consistent(sc);
    assert.equal(r.processed, s.processed);
    const report = await api(sc.server, 'GET', `${BASE}/${sc.uuid}/report`);
    assert.equal(report.status, 200);
    assert.equal((await report.text()).split('\r\n').filter((l) => l !== '').length, Number(s.processed) + 1);
    const next = await api(sc.server, 'POST', `${BASE}/create`);
    assert.equal(next.status, 201, 'the slot is free again');
  });
});
