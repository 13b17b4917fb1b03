import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { IMPORT_COLUMNS, REPORT_COLUMNS } from '../../../src/imports/csv.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { assertProblem, BASE, createImport, csvRow, HEADER, upload } from './helpers.js';

/** The report is built from import_rows, inserted here by SQL (independent of the engine). */
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.db.pool.query('delete from imports');
});

interface Outcome {
  row: number;
  ok: boolean;
  uuid?: string;
  identificatie?: string;
  opmerking?: string;
}

async function uploaded(body: string | Buffer, type = 'text/csv'): Promise<string> {
  const uuid = await createImport(t);
  const res = await upload(t, uuid, body, type);
  assert.equal(res.statusCode, 200, res.body);
  return uuid;
}

async function finish(uuid: string, outcomes: Outcome[], st = 'finished'): Promise<void> {
  const { rows } = await t.db.pool.query(
    `update imports set status = $2, finished_on = now() where uuid = $1 returning id`,
    [uuid, st],
  );
  for (const o of outcomes) {
    await t.db.pool.query(
      `insert into import_rows (import_id, row_index, succeeded, uuid, identificatie, opmerking)
       values ($1, $2, $3, $4, $5, $6)`,
      [rows[0].id, o.row, o.ok, o.uuid ?? null, o.identificatie ?? null, o.opmerking ?? ''],
    );
  }
}

const report = (uuid: string) => t.request({ method: 'GET', url: `${BASE}/${uuid}/report` });
const REPORT_HEADER = `${REPORT_COLUMNS.join(',')}\r\n`;

describe('GET report', () => {
  it('is 404 while pending or active', async () => {
    const uuid = await createImport(t);
    assertProblem(await report(uuid), 404, 'not_found');
    assert.equal((await upload(t, uuid, `${HEADER}\n`)).statusCode, 200);
    assertProblem(await report(uuid), 404, 'not_found');
  });

  it('gives just the header for a header-only import, with the exact headers', async () => {
    const uuid = await uploaded(`${HEADER}\r\n`);
    await finish(uuid, []);
    const res = await report(uuid);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'text/csv');
    assert.equal(res.headers['content-disposition'], `attachment; filename="report-${uuid}.csv"`);
    assert.equal(res.headers['api-version'], undefined);
    assert.equal(res.body, REPORT_HEADER);
    assert.equal(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), false);
    const head = await t.request({ method: 'HEAD', url: `${BASE}/${uuid}/report` });
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers['content-type'], 'text/csv');
    assert.equal(head.body, '');
  });

  it('merges the stored CSV with the outcomes: order, assigned uuid/identificatie, quoting, CRLF', async () => {
    const csv = [
      HEADER,
      csvRow({ titel: 'eerste', bronorganisatie: '352604918' }),
      csvRow({ uuid: 'not-a-uuid', titel: '"met ""quotes"", en komma"', beschrijving: '"regel 1\nregel 2"' }),
      '',
      csvRow({ identificatie: 'EIGEN-1', titel: 'Geïmporteerd ✓' }),
      'kort,rijtje',
    ].join('\n');
    const uuid = await uploaded(`${csv}\n`);
    const newUuid = 'b7d4a2c6-1f5e-4c0e-9e8a-0a1b2c3d4e5f';
    await finish(uuid, [
      { row: 2, ok: true, uuid: newUuid, identificatie: 'DOCUMENT-2026-0000000001' },
      { row: 3, ok: false, opmerking: 'Given UUID for row 3 is not a valid UUID (version 4)' },
      {
        row: 5,
        ok: false,
        opmerking:
          'A validation error occurred while deserializing a EnkelvoudigInformatieObject on line 5: \ntitel: max_length: te lang',
      },
      { row: 6, ok: false, opmerking: 'Validation failed for line 6: insufficient column count' },
    ]);
    const res = await report(uuid);
    assert.equal(res.statusCode, 200);
    const empty = (n: number) => ','.repeat(n);
    const expected =
      REPORT_HEADER +
      `${newUuid},DOCUMENT-2026-0000000001,352604918,,eerste${empty(22)},,Geïmporteerd\r\n` +
      `not-a-uuid,,,,"met ""quotes"", en komma",,,,,,,,,,"regel 1\nregel 2"${empty(12)},Given UUID for row 3 is not a valid UUID (version 4),Niet geïmporteerd\r\n` +
      `,EIGEN-1,,,Geïmporteerd ✓${empty(22)},"A validation error occurred while deserializing a EnkelvoudigInformatieObject on line 5: \ntitel: max_length: te lang",Niet geïmporteerd\r\n` +
      `kort,rijtje${empty(25)},Validation failed for line 6: insufficient column count,Niet geïmporteerd\r\n`;
    assert.equal(res.body, expected);
  });

  it('writes the values by header name in canonical order for a reordered file', async () => {
    const reversed = [...IMPORT_COLUMNS].reverse();
    const values = reversed.map((c) => `v-${c}`);
    const uuid = await uploaded(`extra,${reversed.join(',')}\nweg,${values.join(',')}\n`);
    await finish(uuid, [{ row: 2, ok: true }]);
    const lines = (await report(uuid)).body.split('\r\n');
    assert.equal(lines[1], `${IMPORT_COLUMNS.map((c) => `v-${c}`).join(',')},,Geïmporteerd`);
  });

  it('reads a windows-1252 or ; upload back and reports in UTF-8 with commas', async () => {
    const body = iconv.encode(
      `${IMPORT_COLUMNS.join(';')}\r\n${csvRow({ titel: '“Prijs” €, korting' }, ';')}\r\n`,
      'win1252',
    );
    const uuid = await uploaded(body, 'text/csv; charset=windows-1252');
    await finish(uuid, [{ row: 2, ok: true }], 'error');
    const res = await report(uuid);
    assert.equal(res.statusCode, 200);
    assert.equal(res.body.split('\r\n')[1], `,,,,"“Prijs” €, korting"${','.repeat(22)},,Geïmporteerd`);
  });

  it('streams thousands of rows in row order, only those with an outcome', async () => {
    const n = 2500;
    const rows = Array.from({ length: n }, (_, i) => csvRow({ titel: `titel ${i + 2}` }));
    const uuid = await uploaded(`${HEADER}\n${rows.join('\n')}\n`);
    const { rows: ids } = await t.db.pool.query(
      `update imports set status = 'finished', finished_on = now() where uuid = $1 returning id`,
      [uuid],
    );
    // Every row but row 100 has an outcome (e.g. processing stopped with an error there).
    await t.db.pool.query(
      `insert into import_rows (import_id, row_index, succeeded, opmerking)
       select $1, g, g % 2 = 0, '' from generate_series($2::int, 2, -1) g where g <> 100`,
      [ids[0].id, n + 1],
    );
    const res = await report(uuid);
    const lines = res.body.split('\r\n');
    assert.equal(lines.length, 1 + (n - 1) + 1);
    assert.equal(lines.at(-1), '');
    assert.match(lines[1] ?? '', /^,,,,titel 2,.*,Geïmporteerd$/);
    assert.match(lines[98] ?? '', /^,,,,titel 99,.*,Niet geïmporteerd$/);
    assert.match(lines[99] ?? '', /^,,,,titel 101,.*,Niet geïmporteerd$/);
    assert.match(lines.at(-2) ?? '', new RegExp(`^,,,,titel ${n + 1},`));
  });
});
