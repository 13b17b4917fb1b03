import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { createPool } from '../../../src/db/pool.js';
import { createDeps } from '../../../src/deps.js';
import { startImportRunner } from '../../../src/jobs/import-runner.js';
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

  it('ends the import as error once the database answers again, consistent with what committed', async () => {
    const f = await insertFixtures(t);
    await writeSource(t, 'a.txt', 'a');
    const proxy = await startProxy(new URL(t.db.url));
    const url = new URL(t.db.url);
    url.host = `127.0.0.1:${proxy.port()}`;
    const pool = createPool(url.toString(), 4);
    const deps = createDeps(t.config, pool);
    const uuid = await createImport(t);
    const rows = Array.from({ length: 600 }, () => validRow(f, 'a.txt'));
    assert.equal((await upload(t, uuid, csvOf(rows))).statusCode, 200);
    const runner = startImportRunner(deps, pino({ level: 'silent' }));
    try {
      for (;;) {
        if (Number((await status(t, uuid)).processed) >= 10) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      await proxy.down();
      await new Promise((r) => setTimeout(r, 2500));
      await proxy.up();
      const s = await waitDone(t, uuid);
      assert.equal(s.status, 'error');
      assert.ok(Number(s.processed) < 600, 'stopped part-way');
      const { rows: r } = await t.db.pool.query(
        `select i.comment, i.processed, i.processed_successfully,
                (select count(*)::int from import_rows where import_id = i.id) as reported,
                (select count(*)::int from documents) as documents
           from imports i where uuid = $1`,
        [uuid],
      );
      assert.match(r[0].comment, /^Database unavailable for more than 1 seconds/);
      assert.equal(r[0].reported, r[0].processed);
      assert.equal(r[0].documents, r[0].processed_successfully);
      assert.equal(Number(s.processed), r[0].processed);
    } finally {
      await runner.stop();
      await pool.end();
      // The proxy's listener would keep this test file's process alive.
      await proxy.down();
    }
  });
});
