import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IMPORT_COLUMNS, MAX_FIELD_CHARS } from '../../../src/imports/csv.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { HEADER } from '../api/helpers.js';
import {
  counters,
  csvOf,
  type Fixtures,
  importCsv,
  insertFixtures,
  type Row,
  startRunner,
  validRow,
  writeSource,
} from './fixtures.js';

const PREFIX = 'A validation error occurred while deserializing a EnkelvoudigInformatieObject on line';

describe('import engine: row failures (Open Zaak’s per-row import steps; README "Bulk import of documents")', () => {
  let t: TestApp;
  let f: Fixtures;
  let outside: string;
  let runner: ReturnType<typeof startRunner>;
  before(async () => {
    t = await createTestApp({ env: { IMPORT_DOCUMENTEN_BATCH_SIZE: '4' } });
    f = await insertFixtures(t);
    runner = startRunner(t);
    await writeSource(t, 'ok.txt', 'twelve bytes');
    await writeSource(t, 'sub/inner.txt', 'inner');
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-outside-'));
    await fs.writeFile(path.join(outside, 'secret.txt'), 'secret');
    await fs.symlink(path.join(outside, 'secret.txt'), path.join(t.config.importBaseDir, 'link-out.txt'));
    await fs.symlink(outside, path.join(t.config.importBaseDir, 'dir-out'));
    await fs.symlink(
      path.join(t.config.importBaseDir, 'sub/inner.txt'),
      path.join(t.config.importBaseDir, 'link-in.txt'),
    );
    execFileSync('mkfifo', [path.join(t.config.importBaseDir, 'pipe')]);
  });
  after(async () => {
    await runner.stop();
    await t.close();
    await fs.rm(outside, { recursive: true, force: true });
  });

  it('fails each bad row with the reference wording and imports the rest', async () => {
    const ok = (extra: Row = {}) => validRow(f, 'ok.txt', extra);
    const cases: [Row | string, string | RegExp][] = [
      [ok(), ''],
      ['short,row', 'Validation failed for line 3: insufficient column count'],
      [
        ok({ bestandsomvang: 'abc' }),
        "Unable to import line 4: invalid literal for int() with base 10: 'abc'",
      ],
      [
        ok({ bestandsomvang: '1.5' }),
        "Unable to import line 5: invalid literal for int() with base 10: '1.5'",
      ],
      [ok({ titel: '' }), new RegExp(`^${PREFIX} 6: \\ntitel: null: `)],
      [
        ok({ indicatieGebruiksrecht: 'misschien' }),
        new RegExp(`^${PREFIX} 7: \\nindicatieGebruiksrecht: invalid: `),
      ],
      [
        ok({ informatieobjecttype: f.conceptIotUrl }),
        new RegExp(`^${PREFIX} 8: \\ninformatieobjecttype: not-published: `),
      ],
      [
        ok({ uuid: 'not-a-uuid' }),
        'Given UUID for row 9 is not a valid UUID (version 4) (uuid: "not-a-uuid")',
      ],
      [
        ok({ zaakUuid: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }),
        'Zaak ID specified for row 10 is unknown. (zaakUuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6")',
      ],
      [
        ok({ bestandspad: 'missing.txt' }),
        'The given filepath missing.txt does not exist or is not a file for row 11',
      ],
      [ok({ bestandspad: 'sub' }), 'The given filepath sub does not exist or is not a file for row 12'],
      [ok({ bestandspad: '' }), 'The given filepath  does not exist or is not a file for row 13'],
      [ok({ bestandspad: 'pipe' }), 'The given filepath pipe does not exist or is not a file for row 14'],
      [
        ok({ bestandspad: '../secret.txt' }),
        'The given filepath ../secret.txt is not relative to the import base directory',
      ],
      [
        ok({ bestandspad: 'sub/../../x' }),
        'The given filepath sub/../../x is not relative to the import base directory',
      ],
      [
        ok({ bestandspad: '/etc/passwd' }),
        'The given filepath /etc/passwd is not relative to the import base directory',
      ],
      [
        ok({ bestandspad: 'link-out.txt' }),
        'The given filepath link-out.txt is not relative to the import base directory',
      ],
      [
        ok({ bestandspad: 'dir-out/secret.txt' }),
        'The given filepath dir-out/secret.txt is not relative to the import base directory',
      ],
      [
        ok({ bestandspad: 'ok.txt\u0000.pdf' }),
        'The given filepath ok.txt\\x00.pdf is not relative to the import base directory',
      ],
      [
        ok({ bestandspad: `${'x'.repeat(5000)}.txt` }),
        /^The given filepath x+\.txt does not exist or is not a file for row 21$/,
      ],
      [
        ok({ bestandsomvang: '13' }),
        'The given bestandsomvang 13 does not match the size of the file (12 bytes) for row 22',
      ],
      [
        ok({ 'integriteit.algoritme': 'md5', 'integriteit.waarde': '00', 'integriteit.datum': '2024-01-01' }),
        'The integriteit.waarde given for row 23 does not match the md5 of the file',
      ],
      [ok({ bestandspad: 'link-in.txt', indicatieGebruiksrecht: 'nee', bestandsomvang: '5' }), ''],
      [ok({ indicatieGebruiksrecht: 'FALSE', trefwoorden: '"a, b",c' }), ''],
      [ok({ titel: 'a\u0000b' }), new RegExp(`^${PREFIX} 26: \\ntitel: null_characters_not_allowed: `)],
    ];
    const lines = cases.map(([r]) =>
      typeof r === 'string' ? r : IMPORT_COLUMNS.map((c) => csvCell(r[c] ?? '')).join(','),
    );
    const { status, report } = await importCsv(t, `${HEADER}\n${lines.join('\n')}\n`);
    assert.deepEqual(
      counters(status),
      [cases.length, cases.length, 3, cases.length - 3, 'finished'],
      JSON.stringify(status),
    );
    assert.equal(report.length, cases.length);
    for (const [i, [, expected]] of cases.entries()) {
      const r = report[i]!;
      if (expected instanceof RegExp) assert.match(r.opmerking ?? '', expected, `row ${i + 2}`);
      else assert.equal(r.opmerking, expected, `row ${i + 2}`);
      assert.equal(r.resultaat, expected === '' ? 'Geïmporteerd' : 'Niet geïmporteerd', `row ${i + 2}`);
      assert.ok(!(r.opmerking ?? '').includes(t.config.importBaseDir), 'no server paths in comments');
    }
    const last = await t.db.pool.query(
      `select v.trefwoorden, v.indicatie_gebruiksrecht from document_versions v join documents d on d.id = v.document_id where d.uuid = $1`,
      [report[cases.length - 2]!.uuid],
    );
    assert.deepEqual(last.rows[0], { trefwoorden: ['a', 'b', 'c'], indicatie_gebruiksrecht: false });
  });

  it('fails a row whose cell is over the 1 MiB cell cap with max_length, once per column', async () => {
    const huge = 'x'.repeat(MAX_FIELD_CHARS + 10);
    const rows = [
      validRow(f, 'ok.txt', { bestandspad: huge }),
      validRow(f, 'ok.txt', { titel: huge }),
      validRow(f, 'ok.txt'),
    ];
    const { status, report } = await importCsv(t, csvOf(rows));
    assert.deepEqual(counters(status), [3, 3, 1, 2, 'finished']);
    assert.match(report[0]!.opmerking ?? '', new RegExp(`^${PREFIX} 2: \\nbestandspad: max_length: `));
    const titel = report[1]!.opmerking ?? '';
    assert.match(titel, new RegExp(`^${PREFIX} 3: \\ntitel: max_length: `));
    assert.equal(titel.match(/max_length/g)?.length, 1, titel);
    assert.equal(report[2]!.resultaat, 'Geïmporteerd');
  });

  it('fails uuid and identificatie duplicates in the file and the database, case-insensitively', async () => {
    const first = await importCsv(
      t,
      csvOf([validRow(f, 'ok.txt', { uuid: 'aaaaaaaa-0000-4000-8000-000000000001', identificatie: 'ID-1' })]),
    );
    assert.equal(first.report[0]!.resultaat, 'Geïmporteerd');
    const rows = [
      validRow(f, 'ok.txt', { uuid: 'AAAAAAAA-0000-4000-8000-000000000001' }),
      validRow(f, 'ok.txt', { identificatie: 'ID-1' }),
      validRow(f, 'ok.txt', { uuid: 'bbbbbbbb-0000-4000-8000-000000000002', identificatie: 'ID-2' }),
      validRow(f, 'ok.txt', { uuid: 'BBBBBBBB-0000-4000-8000-000000000002' }),
      validRow(f, 'ok.txt', { identificatie: 'ID-2' }),
      validRow(f, 'ok.txt', { identificatie: 'ID-2', bronorganisatie: '706284513' }),
      validRow(f, 'ok.txt', { uuid: 'bbbbbbbb-0000-4000-8000-000000000002' }),
    ];
    const { report } = await importCsv(t, csvOf(rows));
    const dup = (i: number) => `UUID given on row ${i} was already found! Not overwriting existing EIO.`;
    const ident = (i: number, x: string) =>
      `${PREFIX} ${i}: \nidentificatie: identificatie-niet-uniek: Deze identificatie (${x}) bestaat al voor deze bronorganisatie`;
    assert.deepEqual(
      report.map((r) => r.opmerking),
      [dup(2), ident(3, 'ID-1'), '', dup(5), ident(6, 'ID-2'), '', dup(8)],
    );
    const n = await t.db.pool.query(`select count(*)::int as n from documents where identificatie = 'ID-2'`);
    assert.equal(n.rows[0].n, 2, 'one per bronorganisatie');
  });
});

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
