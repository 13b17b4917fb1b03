import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import {
  counters,
  csvOf,
  type Fixtures,
  importCsv,
  insertFixtures,
  startRunner,
  validRow,
  waitDone,
  writeSource,
} from '../engine/fixtures.js';
import { assertInvalid, BASE, status, upload } from './helpers.js';

/** Import operations (issue 10): create body, dry run, steering, re-run safety, reports, progress. */
let t: TestApp;
let f: Fixtures;
let runner: ReturnType<typeof startRunner>;

before(async () => {
  t = await createTestApp({ env: { IMPORT_DOCUMENTEN_BATCH_SIZE: '3' } });
  f = await insertFixtures(t);
  runner = startRunner(t);
  await writeSource(t, 'ok.txt', 'twelve bytes');
  await writeSource(t, 'other.txt', 'other');
});
after(async () => {
  await runner.stop();
  await t.close();
});

async function create(body?: unknown, contentType = 'application/json') {
  return t.request({
    method: 'POST',
    url: `${BASE}/create`,
    ...(body === undefined
      ? {}
      : {
          headers: { 'content-type': contentType },
          payload: typeof body === 'string' ? body : JSON.stringify(body),
        }),
  });
}

const uuidOf = (res: { json(): { uploadUrl: string } }) =>
  /\/import\/([0-9a-f-]{36})\/upload$/.exec(res.json().uploadUrl)![1]!;

const post = (uuid: string, op: string) => t.request({ method: 'POST', url: `${BASE}/${uuid}/${op}` });

async function storedDocuments(): Promise<string[]> {
  const dir = path.join(t.config.storageDir, 'documents');
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (e.isFile()) out.push(path.join(e.parentPath, e.name));
  }
  return out.sort();
}

async function snapshot() {
  const q = async (sql: string) => (await t.db.pool.query(sql)).rows;
  return {
    documents: await q('select uuid, identificatie from documents order by id'),
    versions: await q('select count(*)::int as n from document_versions'),
    links: await q('select count(*)::int as n from zaakinformatieobjecten'),
    counters: await q('select * from identificatie_counters order by 1'),
    files: await storedDocuments(),
  };
}

describe('create body', () => {
  it('names the import, asks for a dry run and a failure-storm pause; shown in status and list', async () => {
    const res = await create({ naam: ' Gemeentearchief batch 1 ', dryRun: true, pauseAfterFailures: 7 });
    assert.equal(res.statusCode, 201, res.body);
    const uuid = uuidOf(res);
    const s = await status(t, uuid);
    assert.equal(s.naam, 'Gemeentearchief batch 1');
    assert.equal(s.dryRun, true);
    const row = await t.db.pool.query('select pause_after_failures from imports where uuid = $1', [uuid]);
    assert.equal(row.rows[0].pause_after_failures, 7);
    const list = (await t.request({ method: 'GET', url: BASE })).json();
    const mine = list.results.find((r: { uuid: string }) => r.uuid === uuid);
    assert.deepEqual([mine.naam, mine.dryRun, mine.paused], ['Gemeentearchief batch 1', true, false]);
    assert.equal((await post(uuid, 'cancel')).statusCode, 200);
  });

  it('an empty body, or one that is not JSON, is the reference create', async () => {
    const bodies: [unknown, string][] = [
      [undefined, 'application/json'],
      ['', 'application/json'],
      ['naam=x', 'text/plain'],
    ];
    for (const [body, type] of bodies) {
      const r = await create(body, type);
      assert.equal(r.statusCode, 201, r.body);
      const s = await status(t, uuidOf(r));
      assert.deepEqual([s.naam, s.dryRun], ['', false]);
      assert.equal((await post(uuidOf(r), 'cancel')).statusCode, 200);
    }
  });

  it('refuses a JSON body that does not parse or has wrong values (never a real import by mistake)', async () => {
    const bad = await create('{"dryRun": true', 'application/json');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'parse_error');
    const wrong = await create({ naam: 'x'.repeat(201), dryRun: 'ja', pauseAfterFailures: -1 });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(
      wrong.json().invalidParams.map((p: { name: string; code: string }) => `${p.name}:${p.code}`),
      ['naam:max_length', 'dryRun:invalid', 'pauseAfterFailures:invalid'],
    );
    const n = await t.db.pool.query(`select count(*)::int as n from imports where status = 'pending'`);
    assert.equal(n.rows[0].n, 0, 'nothing created');
  });
});

describe('dry run', () => {
  it('checks every row like a real run, writes nothing, copies nothing, allocates nothing', async () => {
    const before = await snapshot();
    const uuid = uuidOf(await create({ dryRun: true }));
    const dup = 'dddddddd-0000-4000-8000-00000000000d';
    const md5 = createHash('md5').update('twelve bytes').digest('hex');
    const rows = [
      validRow(f, 'ok.txt'),
      validRow(f, 'ok.txt', { uuid: dup, zaakUuid: f.zaakUuid, identificatie: 'DRY-1' }),
      validRow(f, 'ok.txt', { uuid: dup }),
      validRow(f, 'ok.txt', { identificatie: 'DRY-1' }),
      validRow(f, 'missing.txt'),
      validRow(f, 'ok.txt', {
        'integriteit.algoritme': 'md5',
        'integriteit.waarde': md5,
        'integriteit.datum': '2024-01-01',
      }),
      validRow(f, 'ok.txt', {
        'integriteit.algoritme': 'md5',
        'integriteit.waarde': '00',
        'integriteit.datum': '2024-01-01',
      }),
      validRow(f, 'ok.txt', { titel: '' }),
    ];
    assert.equal((await upload(t, uuid, csvOf(rows))).statusCode, 200);
    const s = await waitDone(t, uuid);
    assert.deepEqual(counters(s), [8, 8, 3, 5, 'finished']);
    const rep = await t.request({ method: 'GET', url: `${BASE}/${uuid}/report` });
    const report = parse(rep.body, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      report.map((r) => r.resultaat),
      [
        'Geldig',
        'Geldig',
        'Niet geïmporteerd',
        'Niet geïmporteerd',
        'Niet geïmporteerd',
        'Geldig',
        'Niet geïmporteerd',
        'Niet geïmporteerd',
      ],
    );
    assert.equal(report[0]!.uuid, '', 'no uuid was assigned');
    assert.equal(report[1]!.uuid, dup);
    assert.match(report[2]!.opmerking!, /UUID given on row 4 was already found/);
    assert.match(report[3]!.opmerking!, /identificatie-niet-uniek/);
    assert.match(report[4]!.opmerking!, /does not exist or is not a file for row 6/);
    assert.match(report[6]!.opmerking!, /does not match the md5 of the file/);
    assert.deepEqual(await snapshot(), before, 'database and storage unchanged');
    const keys = await t.db.pool.query('select count(*)::int as n from import_dry_keys');
    assert.equal(keys.rows[0].n, 0, 'the dry run’s keys are gone when it ends');
    // The same CSV for real imports what the dry run said would import.
    const real = await importCsv(t, csvOf(rows));
    assert.deepEqual(counters(real.status), [8, 8, 3, 5, 'finished']);
    assert.equal(real.status.duplicateOf, undefined, 'a dry run is never the earlier import of a CSV');
  });
});

describe('steering', () => {
  it('cancel: a pending import ends at once (error, geannuleerd) and frees the slot; an ended one is refused', async () => {
    const uuid = uuidOf(await create());
    const res = await post(uuid, 'cancel');
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual([res.json().status, res.json().comment], ['error', 'geannuleerd']);
    assert.equal((await create()).statusCode, 201, 'the slot is free');
    const again = await post(uuid, 'cancel');
    assertInvalid(again, 'import-invalid-status');
    assertInvalid(await post(uuid, 'pause'), 'import-invalid-status');
    assertInvalid(await post(uuid, 'resume'), 'import-invalid-status');
    await t.db.pool.query(`update imports set status = 'error' where status = 'pending'`);
  });

  it('existing-import-started names the blocking import and what to do', async () => {
    const blocking = uuidOf(await create());
    const res = await create();
    assert.equal(res.statusCode, 400);
    assert.match(
      res.json().invalidParams[0].reason,
      new RegExp(
        `^Er is een import process gaande\\. Probeer het later nogmaals\\. Import ${blocking} wacht op zijn CSV`,
      ),
    );
    await post(blocking, 'cancel');
  });

  it('GET report before the end says why there is none yet', async () => {
    const uuid = uuidOf(await create());
    const res = await t.request({ method: 'GET', url: `${BASE}/${uuid}/report` });
    assert.equal(res.statusCode, 404);
    assert.match(res.json().detail, /wacht op zijn CSV \(status pending\)/);
    await post(uuid, 'cancel');
  });

  it('failure storm: the first N rows all fail → paused with the commonest reason; resume runs to the end', async () => {
    const uuid = uuidOf(await create({ pauseAfterFailures: 6 }));
    const rows = Array.from({ length: 12 }, (_, i) =>
      validRow(f, i % 4 === 3 ? 'elders.txt' : 'wrong/prefix.txt'),
    );
    assert.equal((await upload(t, uuid, csvOf(rows))).statusCode, 200);
    let s = await status(t, uuid);
    for (const until = Date.now() + 30_000; !s.paused && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 50));
      s = await status(t, uuid);
    }
    assert.equal(s.paused, true, JSON.stringify(s));
    assert.equal(s.pauseReason, 'failures');
    assert.equal(s.status, 'active');
    assert.ok(Number(s.processed) >= 6 && Number(s.processed) < 12, String(s.processed));
    assert.match(
      String(s.comment),
      /de eerste \d+ rijen zijn alle mislukt \(pauseAfterFailures 6\)\. Meest voorkomende reden \(\d+×\): The given filepath wrong\/prefix\.txt does not exist or is not a file for row \{i\}/,
    );
    const resumed = await post(uuid, 'resume');
    assert.equal(resumed.statusCode, 200);
    assert.equal(resumed.json().paused, false);
    const done = await waitDone(t, uuid);
    assert.deepEqual(counters(done), [12, 12, 0, 12, 'finished']);
    assert.equal(done.comment, '');
  });
});

describe('re-run safety, reports and progress', () => {
  it('the same CSV again: refused with refuseDuplicate=true (naming the earlier import), marked without', async () => {
    const csv = csvOf([validRow(f, 'other.txt'), validRow(f, 'missing.txt')]);
    const first = await importCsv(t, csv);
    assert.deepEqual(counters(first.status), [2, 2, 1, 1, 'finished']);
    const second = uuidOf(await create());
    const refused = await t.request({
      method: 'POST',
      url: `${BASE}/${second}/upload?refuseDuplicate=true`,
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    assertInvalid(refused, 'duplicate-csv');
    assert.match(refused.json().invalidParams[0].reason, new RegExp(first.uuid));
    assert.equal((await status(t, second)).status, 'pending', 'still pending, nothing stored');
    assert.equal((await upload(t, second, csv)).statusCode, 200);
    const s = await waitDone(t, second);
    assert.equal(s.duplicateOf, first.uuid);
    const summary = (await t.request({ method: 'GET', url: `${BASE}/${second}/summary` })).json();
    assert.equal(summary.duplicateOf, first.uuid);
  });

  it('failures-only and Excel reports, the summary and the live progress fields', async () => {
    const rows = [
      validRow(f, 'ok.txt', { titel: 'a;b' }),
      validRow(f, 'gone-1.txt'),
      validRow(f, 'ok.txt'),
      validRow(f, 'ok.txt', { creatiedatum: 'gisteren' }),
      validRow(f, 'gone-1.txt'),
    ];
    const { uuid, status: s } = await importCsv(t, csvOf(rows));
    assert.deepEqual(counters(s), [5, 5, 2, 3, 'finished']);
    assert.equal(s.bytesCopied, 24);
    assert.equal(s.estimatedFinish, null);
    assert.equal(s.paused, false);
    const failed = await t.request({ method: 'GET', url: `${BASE}/${uuid}/report?alleen=mislukt` });
    assert.equal(failed.statusCode, 200);
    assert.match(String(failed.headers['content-disposition']), /failures-/);
    const only = parse(failed.body, { columns: true }) as Record<string, string>[];
    assert.deepEqual(
      only.map((r) => r.bestandspad),
      ['gone-1.txt', 'ok.txt', 'gone-1.txt'],
    );
    // That CSV can be uploaded again as is: the extra columns are ignored.
    const again = uuidOf(await create());
    assert.equal((await upload(t, again, failed.body)).statusCode, 200);
    assert.equal((await waitDone(t, again)).total, 3);
    const excel = await t.request({ method: 'GET', url: `${BASE}/${uuid}/report?format=excel` });
    assert.equal(excel.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 BOM');
    const lines = excel.body.replace(/^\uFEFF/, '').split('\r\n');
    assert.match(lines[0]!, /^uuid;identificatie;bronorganisatie;/);
    assert.match(lines[1]!, /;"a;b";/);
    const summary = (await t.request({ method: 'GET', url: `${BASE}/${uuid}/summary` })).json();
    assert.equal(summary.processedInvalid, 3);
    assert.deepEqual(summary.failures[0], {
      reason: 'The given filepath gone-1.txt does not exist or is not a file for row {i}',
      code: null,
      count: 2,
      firstRows: [3, 6],
    });
    assert.equal(summary.failures[1].code, 'creatiedatum: invalid');
    assert.equal(summary.bytesCopied, 24);
    assert.ok(summary.wallSeconds > 0);
    assert.ok(summary.documentsPerSecond > 0);
    assert.ok(
      ['lookup', 'copy', 'publish', 'commit'].every((k) => k in summary.stageSeconds),
      JSON.stringify(summary),
    );
  });
});
