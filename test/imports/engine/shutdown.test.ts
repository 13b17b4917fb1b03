import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { insertFixtures } from './fixtures.js';
import { api, freePort, makeImportTree, type RunningServer, startServer } from './server.js';

/**
 * Stopping the real server (SIGTERM, SIGINT) in the middle of an import, when the stop cannot
 * simply wait: connections terminated by the database, a client still sending, a database that
 * stopped answering. The stop is bounded (SHUTDOWN_TIMEOUT_SECONDS), the import stops at a
 * batch boundary, and a batch is committed whole or not at all.
 */
const N = 800;
const BASE = '/documenten/api/v1/import';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

interface Scenario {
  db: TestDatabase;
  server: RunningServer;
  uuid: string;
}

/** An import of N rows under way in a real server; `via` maps the database URL the server gets. */
async function begin(extraEnv: Record<string, string>, via = (url: string) => url): Promise<Scenario> {
  const db = await createTestDatabase();
  const tree = await makeImportTree(N);
  const sc = { db } as Scenario;
  cleanups.push(async () => {
    sc.server?.child.kill('SIGKILL');
    await db.drop();
    await fs.rm(tree.root, { recursive: true, force: true });
  });
  const env = { databaseUrl: via(db.url), root: tree.root, port: await freePort(), extraEnv };
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

/** The import's row, straight from the database (the server may be gone). */
async function importRow(sc: Scenario) {
  const { rows } = await sc.db.pool.query(
    `select i.status, i.processed, i.processed_successfully, i.lease_owner,
            i.lease_expires_at is null or i.lease_expires_at <= now() as lease_free,
            (select count(*)::int from import_rows r where r.import_id = i.id) as reported,
            (select count(*)::int from documents) as documents
       from imports i where i.uuid = $1`,
    [sc.uuid],
  );
  return rows[0] as {
    status: string;
    processed: number;
    processed_successfully: number;
    lease_owner: string | null;
    lease_free: boolean;
    reported: number;
    documents: number;
  };
}

async function processedAtLeast(sc: Scenario, n: number): Promise<number> {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await importRow(sc);
    if (Number(r.processed) >= n) return Number(r.processed);
    if (Date.now() > until) assert.fail(`no progress: ${JSON.stringify(r)}\n${sc.server.output()}`);
    await new Promise((res) => setTimeout(res, 15));
  }
}

/** Waits for the process to end, at most ms; the exit code, or 'running'. */
async function exitWithin(sc: Scenario, ms: number): Promise<number | null | 'running'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'running'>((r) => {
    timer = setTimeout(() => r('running'), ms);
  });
  const code = await Promise.race([sc.server.exited, late]);
  clearTimeout(timer);
  return code;
}

/** Every committed batch complete: counters, report rows and documents agree. */
function assertWholeBatches(r: Awaited<ReturnType<typeof importRow>>): void {
  assert.equal(r.reported, Number(r.processed), 'a report row for every processed row');
  assert.equal(r.documents, Number(r.processed_successfully), 'a document for every successful row');
  assert.equal(Number(r.processed) % 5, 0, 'whole batches of 5');
}

describe('stopping the server during an import', () => {
  it('SIGTERM after the database terminated its connections: exits 0 at once, lease released', async () => {
    const sc = await begin({ IMPORT_DOCUMENTEN_BATCH_SIZE: '5' });
    await processedAtLeast(sc, 50);
    const admin = new pg.Client({ connectionString: sc.db.url });
    await admin.connect();
    try {
      // Idle connections (the import's batch connection between two batches among them),
      // terminated again and again while the import goes on.
      for (let i = 0; i < 50; i++) {
        await admin.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and pid <> pg_backend_pid() and state = 'idle'`,
        );
        await new Promise((res) => setTimeout(res, 30));
      }
    } finally {
      await admin.end();
    }
    const t0 = Date.now();
    sc.server.child.kill('SIGTERM');
    const code = await exitWithin(sc, 15_000);
    const ms = Date.now() - t0;
    assert.equal(code, 0, `exit ${code} after ${ms} ms\n${sc.server.output()}`);
    assert.ok(ms < 5000, `took ${ms} ms`);
    assert.doesNotMatch(sc.server.output(), /did not close|did not finish|ran out of time/);
    const r = await importRow(sc);
    assert.equal(r.status, 'active');
    assert.ok(Number(r.processed) < N, 'stopped in the middle');
    assert.deepEqual([r.lease_owner, r.lease_free], [null, true], `lease released\n${sc.server.output()}`);
    assertWholeBatches(r);
  });

  it('SIGINT while a client is still sending: the import stops at the next batch boundary', async () => {
    const sc = await begin({ IMPORT_DOCUMENTEN_BATCH_SIZE: '5' });
    await processedAtLeast(sc, 50);
    // A request in flight that never completes (a slow upload).
    const slow = http.request(`${sc.server.url}/documenten/api/v1/enkelvoudiginformatieobjecten`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${sc.server.token}`,
        'content-type': 'application/json',
        'content-length': '100000',
      },
    });
    slow.on('error', () => undefined);
    slow.write('{"titel": "');
    await new Promise((r) => setTimeout(r, 300));
    try {
      const atSignal = Number((await importRow(sc)).processed);
      sc.server.child.kill('SIGINT');
      const code = await exitWithin(sc, 15_000);
      assert.equal(code, 0, `exit ${code}\n${sc.server.output()}`);
      const r = await importRow(sc);
      assert.equal(r.status, 'active', 'not run on to the end');
      assert.ok(Number(r.processed) - atSignal <= 25, `ran on from ${atSignal} to ${r.processed}`);
      assert.deepEqual([r.lease_owner, r.lease_free], [null, true], 'lease released');
      assertWholeBatches(r);
    } finally {
      slow.destroy();
    }
  });

  it('a database that stops answering: exits non-zero after SHUTDOWN_TIMEOUT_SECONDS, no half batch', async () => {
    // The server reaches PostgreSQL through a proxy of this test; the test's own connections go direct.
    const proxy = await startFreezableProxy(new URL(process.env.TEST_ADMIN_URL!));
    cleanups.push(() => proxy.close());
    const sc = await begin({ IMPORT_DOCUMENTEN_BATCH_SIZE: '5', SHUTDOWN_TIMEOUT_SECONDS: '3' }, (url) => {
      const u = new URL(url);
      u.host = `127.0.0.1:${proxy.port}`;
      return u.toString();
    });
    await processedAtLeast(sc, 50);
    proxy.freeze();
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    sc.server.child.kill('SIGTERM');
    const code = await exitWithin(sc, 15_000);
    const ms = Date.now() - t0;
    assert.notEqual(code, 'running', `still running after 15 s\n${sc.server.output()}`);
    assert.notEqual(code, 0, 'a stop that ran out of time exits non-zero');
    assert.ok(ms < 5000, `took ${ms} ms`);
    assert.match(sc.server.output(), /did not finish|ran out of time/, 'logged');
    // The connections close: PostgreSQL rolls back whatever batch was in flight.
    await proxy.close();
    await new Promise((r) => setTimeout(r, 500));
    const r = await importRow(sc);
    assert.equal(r.status, 'active');
    assert.ok(Number(r.processed) >= 50);
    assertWholeBatches(r);
  });
});

/** A TCP proxy to PostgreSQL that can stop forwarding (a frozen server or network path). */
async function startFreezableProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let frozen = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    if (frozen) return;
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    freeze() {
      frozen = true;
      for (const s of sockets) {
        s.unpipe();
        s.pause();
      }
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
