import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { freePort } from '../imports/engine/server.js';
import { apiStatus, type Harness, startHarness, uuidIn } from './harness.js';

/**
 * `npm run cli -- import run|validate` against a real server process over HTTP, with real
 * files (issue 11 #1): exit codes, the summary, the reports written beside the CSV or in
 * --out, duplicate refusal, and the plain log lines written without a terminal.
 */
let h: Harness;
before(async () => {
  h = await startHarness({ files: 200, batchSize: 10 });
});
after(() => h?.close());

const readCsv = async (file: string) =>
  parse(await fs.readFile(file, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];

async function documents(): Promise<number> {
  const { rows } = await h.db.pool.query('select count(*)::int as n from documents');
  return rows[0].n;
}

describe('import run', () => {
  it('imports every row: exit 0, the summary, both reports beside the CSV, plain log lines', async () => {
    const csv = await h.writeCsv('alles-goed.csv', 40);
    const r = await h.cli(['import', 'run', csv, '--naam', 'alles goed', '--interval', '0.2']);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const uuid = uuidIn(r.stdout);
    assert.match(r.stdout, /: finished/);
    assert.match(r.stdout, /rows: +40\n/);
    assert.match(r.stdout, /imported: +40\n/);
    assert.match(r.stdout, /failed: +0\n/);
    const report = path.join(path.dirname(csv), `report-${uuid}.csv`);
    const failures = path.join(path.dirname(csv), `failures-${uuid}.csv`);
    assert.match(r.stdout, new RegExp(`Report: +${report}`));
    const rows = await readCsv(report);
    assert.equal(rows.length, 40);
    assert.ok(rows.every((x) => x.resultaat === 'Geïmporteerd' && /^[0-9a-f-]{36}$/.test(x.uuid ?? '')));
    assert.equal((await readCsv(failures)).length, 0);
    // Without a terminal: timestamped lines, never a redrawn bar.
    assert.ok(!r.stderr.includes('\x1b['), 'no escape sequences');
    assert.match(r.stderr, /^\S+Z import [0-9a-f]{8}: (running|finished), \d+\/40 rows \(\d+\.\d%\)/m);
    assert.equal((await apiStatus(h, uuid)).naam, 'alles goed');
  });

  it('some rows failing: exit 1, top reasons with counts and first rows, reports in --out', async () => {
    const csv = await h.writeCsv('deels-fout.csv', 30, { from: 40, badDate: [2, 6, 7], fail: [10] });
    const out = path.join(h.root, 'rapporten');
    await fs.mkdir(out);
    const r = await h.cli(['import', 'run', csv, '--out', out]);
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    const uuid = uuidIn(r.stdout);
    assert.match(r.stdout, /imported: +26\n/);
    assert.match(r.stdout, /failed: +4\n/);
    assert.match(r.stdout, /Most frequent failure reasons/);
    // Rows are numbered as in the file: header 1, so CSV row k is row k + 2.
    assert.match(
      r.stdout,
      / {9}3 {2}A validation error .* on line \{i\}:\n +creatiedatum: invalid: .*\n +first rows: 4, 8, 9\n/,
    );
    assert.match(
      r.stdout,
      / {9}1 {2}The given filepath files\/ontbreekt-50.txt does not exist .*\n +first rows: 12\n/,
    );
    const failures = await readCsv(path.join(out, `failures-${uuid}.csv`));
    assert.deepEqual(
      failures.map((f) => f.titel),
      ['deels-fout.csv 42', 'deels-fout.csv 46', 'deels-fout.csv 47', 'deels-fout.csv 50'],
    );
    assert.equal((await readCsv(path.join(out, `report-${uuid}.csv`))).length, 30);
  });

  it('refuses a CSV that was imported before (the slot stays free) unless --force', async () => {
    const csv = await h.writeCsv('nog-eens.csv', 5, { from: 80 });
    assert.equal((await h.cli(['import', 'run', csv])).code, 0);
    const again = await h.cli(['import', 'run', csv]);
    assert.equal(again.code, 2, again.stderr);
    assert.match(again.stderr, /duplicate-csv: Deze CSV is al geïmporteerd door import [0-9a-f-]{36}/);
    assert.match(again.stderr, /--force/);
    const refused = uuidIn(again.stderr);
    const gone = await fetch(`${h.server.url}/documenten/api/v1/import/${refused}/status`, {
      headers: { authorization: `Bearer ${h.server.token}` },
    });
    assert.equal(gone.status, 404, 'the refused import was removed');
    const forced = await h.cli(['import', 'run', csv, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stdout, /the same CSV was imported before by import [0-9a-f-]{36}/);
  });

  it('validate: a dry run checks every row and stores nothing', async () => {
    const before = await documents();
    const csv = await h.writeCsv('proef.csv', 20, { from: 100, fail: [0] });
    const r = await h.cli(['import', 'validate', csv]);
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^Dry run [0-9a-f-]{36} "proef.csv": finished/m);
    assert.match(r.stdout, /valid: +19\n/);
    const report = await readCsv(path.join(path.dirname(csv), `report-${uuidIn(r.stdout)}.csv`));
    assert.equal(report.filter((x) => x.resultaat === 'Geldig').length, 19);
    assert.equal(await documents(), before, 'no document stored');
    const clean = await h.cli(['import', 'validate', await h.writeCsv('proef-goed.csv', 5, { from: 120 })]);
    assert.equal(clean.code, 0, clean.stderr);
  });

  it('says why, with exit 2, when the server refuses the credentials or cannot be reached', async () => {
    const csv = await h.writeCsv('geen-toegang.csv', 1, { from: 130 });
    const wrong = await h.cli(['import', 'run', csv], { ZGW_SECRET: 'wrong' });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /error: .*(signatuur|signature)/i);
    const closed = await freePort();
    const away = await h.cli(['import', 'list', '--url', `http://127.0.0.1:${closed}`]);
    assert.equal(away.code, 2);
    assert.match(away.stderr, new RegExp(`cannot reach http://127.0.0.1:${closed}: ECONNREFUSED`));
    const usage = await h.cli(['import', 'run']);
    assert.equal(usage.code, 64);
  });
});
