import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { createPool } from '../../../src/db/pool.js';
import { createDeps } from '../../../src/deps.js';
import { startImportRunner } from '../../../src/imports/import-runner.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { createImport, status, upload } from '../api/helpers.js';
import { csvOf, insertFixtures, validRow, waitDone, writeSource } from './fixtures.js';

/** A TCP proxy in front of PostgreSQL that can be taken down (an outage) and brought back. */
async function startProxy(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
    port = (server!.address() as net.AddressInfo).port;
  };
  await listen();
  return {
    port: () => port,
    async down() {
      await new Promise((r) => {
        server!.close(r);
        for (const s of sockets) s.destroy();
      });
    },
    up: listen,
  };
}

describe('import engine: a database outage longer than IMPORT_DB_OUTAGE_SECONDS', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { IMPORT_DOCUMENTEN_BATCH_SIZE: '2', IMPORT_DB_OUTAGE_SECONDS: '1' } });
  });
  after(() => t.close());

  it('pauses the import (server fault) without failing a row; resume finishes it with exact counts', async () => {
    const f = await insertFixtures(t);
    await writeSource(t, 'a.txt', 'a');
    const proxy = await startProxy(new URL(t.db.url));
    const url = new URL(t.db.url);
    url.host = `127.0.0.1:${proxy.port()}`;
    const pool = createPool(url.toString(), 4);
    const deps = createDeps(t.config, pool);
    const uuid = await createImport(t);
    const rows = Array.from({ length: 200 }, () => validRow(f, 'a.txt'));
    assert.equal((await upload(t, uuid, csvOf(rows))).statusCode, 200);
    const runner = startImportRunner(deps, pino({ level: process.env.DEBUG_RUNNER ? 'debug' : 'silent' }));
    try {
      for (;;) {
        if (Number((await status(t, uuid)).processed) >= 10) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      await proxy.down();
      await new Promise((r) => setTimeout(r, 2500));
      await proxy.up();
      let s = await status(t, uuid);
      for (const until = Date.now() + 30_000; !s.paused && Date.now() < until; ) {
        await new Promise((r) => setTimeout(r, 50));
        s = await status(t, uuid);
      }
      assert.equal(s.status, 'active');
      assert.equal(s.paused, true, JSON.stringify(s));
      assert.equal(s.pauseReason, 'fault');
      assert.match(String(s.comment), /de database was langer dan 1 seconden onbereikbaar/);
      assert.ok(Number(s.processed) < 200, 'stopped part-way');
      assert.equal(s.processedInvalid, 0, 'no row failed for the server’s fault');
      const { rows: r } = await t.db.pool.query(
        `select i.processed, i.processed_successfully,
                (select count(*)::int from import_rows where import_id = i.id) as reported,
                (select count(*)::int from documents) as documents
           from imports i where uuid = $1`,
        [uuid],
      );
      assert.equal(r[0].reported, r[0].processed);
      assert.equal(r[0].documents, r[0].processed_successfully);
      const resumed = await t.request({ method: 'POST', url: `/documenten/api/v1/import/${uuid}/resume` });
      assert.equal(resumed.statusCode, 200, resumed.body);
      const done = await waitDone(t, uuid, 120_000);
      assert.deepEqual(
        [done.status, done.processed, done.processedSuccessfully, done.processedInvalid, done.comment],
        ['finished', 200, 200, 0, ''],
      );
      const docs = await t.db.pool.query('select count(*)::int as n from documents');
      assert.equal(docs.rows[0].n, 200);
    } finally {
      await runner.stop();
      await pool.end();
      // The proxy's listener would keep this test file's process alive.
      await proxy.down();
    }
  });
});
