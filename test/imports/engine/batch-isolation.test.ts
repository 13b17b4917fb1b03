import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { runImport } from '../../../src/imports/engine/run-import.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { BASE, createImport, upload } from '../api/helpers.js';
import {
  counters,
  csvOf,
  type Fixtures,
  insertFixtures,
  startRunner,
  validRow,
  waitDone,
  writeSource,
} from './fixtures.js';

describe('import engine: batch transaction', () => {
  let t: TestApp;
  let f: Fixtures;
  before(async () => {
    t = await createTestApp({ env: { IMPORT_DOCUMENTEN_BATCH_SIZE: '4', IMPORT_LEASE_SECONDS: '30' } });
    f = await insertFixtures(t);
    await writeSource(t, 'a.txt', 'aaaa');
  });
  after(() => t.close());

  it('fails only the rows whose uuid or identificatie another transaction inserted before the commit', async () => {
    const racedUuid = randomUUID();
    const other = await t.db.pool.connect();
    const runner = startRunner(t);
    try {
      await other.query('BEGIN');
      await other.query(
        `insert into documents (uuid, bronorganisatie, identificatie) values ($1, '352604918', 'OTHER-1'), ($2, '352604918', 'RACE-2')`,
        [racedUuid, randomUUID()],
      );
      const uuid = await createImport(t);
      const csv = csvOf([
        validRow(f, 'a.txt'),
        validRow(f, 'a.txt', { uuid: racedUuid }),
        validRow(f, 'a.txt', { identificatie: 'RACE-1' }),
        validRow(f, 'a.txt', { identificatie: 'RACE-2' }),
        validRow(f, 'a.txt'),
      ]);
      assert.equal((await upload(t, uuid, csv)).statusCode, 200);
      // The engine validated the batch (the uncommitted rows are invisible) and now waits on them.
      await waitFor(async () => {
        const { rows } = await t.db.pool.query(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        return rows[0].n > 0;
      });
      await other.query('COMMIT');
      const s = await waitDone(t, uuid);
      assert.deepEqual(counters(s), [5, 5, 3, 2, 'finished']);
      const rep = await t.request({ method: 'GET', url: `${BASE}/${uuid}/report` });
      const lines = rep.body.split('\r\n');
      assert.match(
        lines[2] ?? '',
        /UUID given on row 3 was already found! Not overwriting existing EIO\.,Niet geïmporteerd$/,
      );
      assert.match(
        lines[4] ?? '',
        /identificatie: identificatie-niet-uniek: Deze identificatie \(RACE-2\) bestaat al/,
      );
      assert.match(lines[1] ?? '', /,Geïmporteerd$/);
      assert.match(lines[3] ?? '', /,Geïmporteerd$/);
      assert.match(lines[5] ?? '', /,Geïmporteerd$/);
      const rows = await t.db.pool.query(
        'select row_index, succeeded, uuid from import_rows where import_id = (select id from imports where uuid = $1) order by row_index',
        [uuid],
      );
      const failedIdent = rows.rows.find((r) => Number(r.row_index) === 5);
      assert.equal(
        await t.deps.blobs.exists(`documents/${failedIdent.uuid.slice(0, 2)}/${failedIdent.uuid}.1`),
        false,
        'file of the failed row removed',
      );
      const docs = await t.db.pool.query(
        `select count(*)::int as n from documents where identificatie like 'DOCUMENT-%'`,
      );
      assert.equal(docs.rows[0].n, 2);
    } finally {
      await other.query('ROLLBACK').catch(() => undefined);
      other.release();
      await runner.stop();
    }
  });

  it('does not commit a batch after the lease was taken over (fencing)', async () => {
    const uuid = await createImport(t);
    assert.equal(
      (await upload(t, uuid, csvOf([validRow(f, 'a.txt'), validRow(f, 'a.txt')]))).statusCode,
      200,
    );
    const claim = await t.deps.importQueue.claimImport('test-worker', 30);
    assert.ok(claim);
    await t.db.pool.query('update imports set lease_token = lease_token + 1 where id = $1', [claim.id]);
    const outcome = await runImport({
      deps: t.deps,
      log: pino({ level: 'silent' }),
      claim,
      signal: new AbortController().signal,
    });
    assert.equal(outcome, 'lost');
    const { rows } = await t.db.pool.query(
      'select processed, status, (select count(*)::int from import_rows where import_id = $1) as n from imports where id = $1',
      [claim.id],
    );
    assert.deepEqual(rows[0], { processed: 0, status: 'active', n: 0 });
    // Released: the runner resumes it at once and finishes it.
    await t.db.pool.query('update imports set lease_expires_at = now() where id = $1', [claim.id]);
    const runner = startRunner(t);
    try {
      assert.deepEqual(counters(await waitDone(t, uuid)), [2, 2, 2, 0, 'finished']);
    } finally {
      await runner.stop();
    }
  });
});

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) assert.fail('condition not reached');
    await new Promise((r) => setTimeout(r, 25));
  }
}
