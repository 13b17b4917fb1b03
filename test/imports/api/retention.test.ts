import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it, mock } from 'node:test';
import pino from 'pino';
import { importRetentionTask, RETENTION_FIRST_RUN_MS, runRetention } from '../../../src/imports/retention.js';
import { backgroundTasks } from '../../../src/background-tasks.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { BASE, createImport, HEADER, upload } from './helpers.js';

let t: TestApp;
before(async () => {
  t = await createTestApp({ env: { IMPORT_RETENTION_DAYS: '7' } });
});
after(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.db.pool.query('delete from imports');
});

const DAY = 24 * 60 * 60 * 1000;

/** An import in the given state, its times set `ageDays` before now; returns its uuid and CSV key. */
async function importAged(
  st: string,
  ageDays: number,
  now: Date,
): Promise<{ uuid: string; key: string | null }> {
  const uuid = await createImport(t);
  if (st !== 'pending') assert.equal((await upload(t, uuid, `${HEADER}\n`)).statusCode, 200);
  const at = new Date(now.getTime() - ageDays * DAY);
  const { rows } = await t.db.pool.query(
    `update imports set status = $2::varchar, created_on = $3,
       finished_on = case when $2::varchar in ('finished', 'error') then $3::timestamptz end
     where uuid = $1 returning csv_key`,
    [uuid, st, at],
  );
  return { uuid, key: rows[0].csv_key };
}

const exists = async (uuid: string) =>
  (await t.request({ method: 'GET', url: `${BASE}/${uuid}/status` })).statusCode === 200;

describe('import retention', () => {
  it('is a registered background task', () => {
    assert.ok(backgroundTasks.includes(importRetentionTask));
  });

  it('deletes finished/error imports by finished_on and pending ones by created_on, with their files', async () => {
    const now = new Date();
    const oldFinished = await importAged('finished', 8, now);
    const oldError = await importAged('error', 7.5, now);
    const recentFinished = await importAged('finished', 6, now);
    const oldActive = await importAged('active', 30, now);
    // Only one pending/active import may exist, so the pending one is checked separately below.
    const deleted = await runRetention(t.deps, now);
    assert.deepEqual(deleted.sort(), [oldFinished.uuid, oldError.uuid].sort());
    assert.equal(await exists(oldFinished.uuid), false);
    assert.equal(await exists(oldError.uuid), false);
    assert.equal(await exists(recentFinished.uuid), true);
    assert.equal(await exists(oldActive.uuid), true);
    assert.equal(await t.deps.blobs.exists(oldFinished.key ?? ''), false);
    assert.equal(await t.deps.blobs.exists(oldError.key ?? ''), false);
    assert.equal(await t.deps.blobs.exists(recentFinished.key ?? ''), true);

    await t.db.pool.query('delete from imports where uuid = $1', [oldActive.uuid]);
    const stalePending = await importAged('pending', 8, now);
    assert.deepEqual(await runRetention(t.deps, now), [stalePending.uuid]);
    const freshPending = await importAged('pending', 1, now);
    assert.deepEqual(await runRetention(t.deps, now), []);
    assert.equal(await exists(freshPending.uuid), true);
    // Moving the clock on makes it (and the finished one of 6 days) due.
    const later = await runRetention(t.deps, new Date(now.getTime() + 7 * DAY));
    assert.deepEqual(later.sort(), [recentFinished.uuid, freshPending.uuid].sort());
  });

  it('runs shortly after start and then once a day, not every minute', async () => {
    mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
    const running = importRetentionTask.start(t.deps, pino({ level: 'silent' }));
    try {
      const first = await importAged('finished', 10, new Date());
      mock.timers.tick(RETENTION_FIRST_RUN_MS);
      await waitUntil(async () => !(await exists(first.uuid)));

      const second = await importAged('finished', 10, new Date());
      for (let minute = 0; minute < 120; minute++) mock.timers.tick(60_000);
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      assert.equal(await exists(second.uuid), true, 'ran again within two hours');
      mock.timers.tick(DAY - 120 * 60_000);
      await waitUntil(async () => !(await exists(second.uuid)));
    } finally {
      mock.timers.reset();
      await running.stop();
    }
  });
});

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail('condition not reached');
}
