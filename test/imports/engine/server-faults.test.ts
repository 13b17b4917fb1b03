import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { insertFixtures } from './fixtures.js';
import { api, freePort, listFiles, makeImportTree, type RunningServer, startServer } from './server.js';

const N = 800;
const BASE = '/documenten/api/v1/import';

interface Scenario {
  db: TestDatabase;
  root: string;
  contents: Buffer[];
  env: Parameters<typeof startServer>[0];
  server: RunningServer;
  uuid: string;
}

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

async function begin(extraEnv: Record<string, string>): Promise<Scenario> {
  const db = await createTestDatabase();
  const tree = await makeImportTree(N);
  const env = { databaseUrl: db.url, root: tree.root, port: await freePort(), extraEnv };
  const sc = { db, root: tree.root, contents: tree.contents, env } as Scenario;
  cleanups.push(async () => {
    sc.server?.child.kill('SIGKILL');
    await db.drop();
    await fs.rm(tree.root, { recursive: true, force: true });
  });
  sc.server = await startServer(env);
  const f = await insertFixtures({ db, config: { publicUrl: sc.server.url } });
  const csv = tree.csv.replaceAll('__IOT__', f.iotUrl).replaceAll('__ZAAK__', f.zaakUuid);
  const created = await api(sc.server, 'POST', `${BASE}/create`);
  assert.equal(created.status, 201);
  sc.uuid = /import\/([0-9a-f-]{36})\/upload$/.exec((await created.json()).uploadUrl)![1]!;
  const up = await api(sc.server, 'POST', `${BASE}/${sc.uuid}/upload`, csv);
  assert.equal(up.status, 200, await up.text());
  return sc;
}

async function status(sc: Scenario): Promise<Record<string, number | string> | undefined> {
  const res = await api(sc.server, 'GET', `${BASE}/${sc.uuid}/status`).catch(() => undefined);
  return res?.status === 200 ? res.json() : undefined;
}

async function waitStatus(sc: Scenario, pred: (s: Record<string, number | string>) => boolean, ms = 40_000) {
  const until = Date.now() + ms;
  for (;;) {
    const s = await status(sc);
    if (s && pred(s)) return s;
    if (Date.now() > until) assert.fail(`timed out; last status ${JSON.stringify(s)}\n${sc.server.output()}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** Every row exactly once: counters, report, documents, links and storage all agree. */
async function assertExact(sc: Scenario, ms = 40_000): Promise<void> {
  const s = await waitStatus(sc, (x) => x.status === 'finished' || x.status === 'error', ms);
  assert.deepEqual(
    [s.status, s.total, s.processed, s.processedSuccessfully, s.processedInvalid],
    ['finished', N, N, N, 0],
  );
  const q = (sql: string) => sc.db.pool.query(sql).then((r) => r.rows[0]);
  assert.deepEqual(
    await q('select count(*)::int as n, count(distinct identificatie)::int as d from documents'),
    { n: N, d: N },
  );
  assert.deepEqual(
    await q('select count(*)::int as n, count(distinct row_index)::int as d from import_rows'),
    { n: N, d: N },
  );
  assert.deepEqual(await q('select count(*)::int as n from zaakinformatieobjecten'), { n: N / 10 });
  const report = await (await api(sc.server, 'GET', `${BASE}/${sc.uuid}/report`)).text();
  const lines = report.split('\r\n').filter((l) => l !== '');
  assert.equal(lines.length, N + 1);
  assert.ok(lines.slice(1).every((l) => l.endsWith(',Geïmporteerd')));
  // No orphan and no temp file: storage holds exactly one file per document, with its bytes.
  const storage = path.join(sc.root, 'storage');
  const docs = (await listFiles(path.join(storage, 'documents'))).map((p) => p.split(path.sep));
  const { rows } = await sc.db.pool.query(
    `select d.uuid::text as uuid, ir.row_index from documents d join import_rows ir on ir.uuid = d.uuid::text`,
  );
  assert.equal(docs.length, N);
  // documents/<first two hex digits>/<uuid>.1, nothing else (no temporaries).
  assert.ok(docs.every((p) => p.length === 2 && p[1]!.endsWith('.1') && p[1]!.startsWith(p[0]!)));
  assert.deepEqual(docs.map(([, f]) => f!.slice(0, -2)).sort(), rows.map((r) => r.uuid).sort());
  for (const r of rows.filter((_, i) => i % 37 === 0)) {
    const bytes = await fs.readFile(path.join(storage, 'documents', r.uuid.slice(0, 2), `${r.uuid}.1`));
    assert.deepEqual(bytes, sc.contents[Number(r.row_index) - 2]);
  }
}

describe('import engine against the real server', () => {
  it('kill -9 in the middle of an import, then a restart: every row exactly once', async () => {
    const sc = await begin({ IMPORT_DOCUMENTEN_BATCH_SIZE: '5', IMPORT_LEASE_SECONDS: '3' });
    const mid = await waitStatus(sc, (x) => Number(x.processed) >= 100);
    sc.server.child.kill('SIGKILL');
    await sc.server.exited;
    assert.ok(Number(mid.processed) < N, 'killed in the middle');
    sc.server = await startServer(sc.env);
    await assertExact(sc);
    sc.server.child.kill('SIGTERM');
    assert.equal(await sc.server.exited, 0, 'SIGTERM exits 0');
  });

  it('SIGTERM stops between batches and releases the lease, so a restart resumes at once', async () => {
    const sc = await begin({ IMPORT_DOCUMENTEN_BATCH_SIZE: '5', IMPORT_LEASE_SECONDS: '120' });
    await waitStatus(sc, (x) => Number(x.processed) >= 100);
    sc.server.child.kill('SIGTERM');
    assert.equal(await sc.server.exited, 0);
    const { rows } = await sc.db.pool.query(
      `select status, processed, lease_owner, lease_expires_at <= now() as released from imports`,
    );
    assert.equal(rows[0].status, 'active');
    assert.ok(Number(rows[0].processed) < N, 'stopped in the middle');
    assert.deepEqual([rows[0].lease_owner, rows[0].released], [null, true]);
    sc.server = await startServer(sc.env);
    // Well within the 120 s lease: the released import is claimed straight away.
    await assertExact(sc, 30_000);
  });

  it('finishes with every row while its database connections are terminated', async () => {
    const sc = await begin({ IMPORT_DOCUMENTEN_BATCH_SIZE: '5', IMPORT_DB_OUTAGE_SECONDS: '60' });
    const admin = new pg.Client({ connectionString: sc.db.url });
    await admin.connect();
    try {
      await waitStatus(sc, (x) => Number(x.processed) >= 50);
      let kills = 0;
      for (let i = 0; i < 8; i++) {
        const r = await admin.query(
          `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid()`,
        );
        kills += r.rows[0].n;
        await new Promise((res) => setTimeout(res, 120));
      }
      assert.ok(kills > 0);
    } finally {
      await admin.end();
    }
    await assertExact(sc);
  });
});
