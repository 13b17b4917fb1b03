import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import {
  csvOf,
  download,
  type Fixtures,
  counters,
  importCsv,
  insertFixtures,
  startRunner,
  validRow,
  version,
  writeSource,
} from './fixtures.js';

describe('import engine: a multi-batch import with zaak links', () => {
  let t: TestApp;
  let f: Fixtures;
  let runner: ReturnType<typeof startRunner>;
  before(async () => {
    t = await createTestApp({ env: { IMPORT_DOCUMENTEN_BATCH_SIZE: '3' } });
    f = await insertFixtures(t);
    runner = startRunner(t);
  });
  after(async () => {
    await runner.stop();
    await t.close();
  });

  it('imports every row in batches, links zaken, and each download equals its source file', async () => {
    const rows = [];
    const contents: Buffer[] = [];
    for (let i = 0; i < 8; i++) {
      const content = Buffer.from(`file ${i} `.repeat(100 + i * 37));
      contents.push(content);
      // Two files with the same basename in different directories must not share storage.
      await writeSource(t, `dir${i % 2}/scan-${Math.floor(i / 2)}.pdf`, content);
      rows.push(
        validRow(
          f,
          `dir${i % 2}/scan-${Math.floor(i / 2)}.pdf`,
          i % 3 === 0 ? { zaakUuid: f.zaakUuid.toUpperCase() } : {},
        ),
      );
    }
    const { status, report } = await importCsv(t, csvOf(rows));
    assert.deepEqual(counters(status), [8, 8, 8, 0, 'finished']);
    assert.equal(report.length, 8);
    const idents = report.map((r) => r.identificatie);
    assert.ok(
      idents.every((x) => /^DOCUMENT-2024-\d{10}$/.test(x ?? '')),
      idents.join(),
    );
    assert.deepEqual([...idents].sort(), idents, 'identificaties ascend in row order');
    assert.equal(new Set(idents).size, 8);
    for (const [i, r] of report.entries()) {
      assert.equal(r.resultaat, 'Geïmporteerd');
      assert.equal(r.opmerking, '');
      assert.match(r.uuid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.deepEqual(await download(t, r.uuid!), contents[i]);
      const v = await version(t, r.uuid!);
      assert.equal(v.vertrouwelijkheidaanduiding, 'zaakvertrouwelijk', 'taken from the informatieobjecttype');
      assert.equal(v.vertrouwelijkheid_rank, 3);
      assert.equal(v.bestandsomvang, contents[i]!.length);
      assert.equal(v.bestandsnaam, `scan-${Math.floor(i / 2)}.pdf`);
      assert.equal(v.indicatie_gebruiksrecht, null);
      assert.equal(v.blob_key, `documents/${r.uuid!.slice(0, 2)}/${r.uuid}.1`);
    }
    const zios = await t.db.pool.query(
      `select d.uuid::text as uuid, z.aard_relatie from zaakinformatieobjecten z join documents d on d.id = z.document_id where z.zaak_id = $1`,
      [f.zaakId],
    );
    assert.deepEqual(
      zios.rows.map((r) => r.uuid).sort(),
      [report[0]!.uuid, report[3]!.uuid, report[6]!.uuid].sort(),
    );
    assert.ok(zios.rows.every((r) => r.aard_relatie === 'hoort_bij'));
    const oios = await t.db.pool.query(
      `select count(*)::int as n from object_informatieobjecten where zaak_id = $1 and object_type = 'zaak'`,
      [f.zaakId],
    );
    assert.equal(oios.rows[0].n, 3);
  });

  it('keeps a CSV uuid of any version (lower-cased) and verifies md5, sha_256 and crc_32', async () => {
    const content = Buffer.from('checksummed content');
    await writeSource(t, 'sums.txt', content);
    const md5 = createHash('md5').update(content).digest('hex').toUpperCase();
    const sha = createHash('sha256').update(content).digest('hex');
    const crc = crc32(content).toString(16).padStart(8, '0');
    const v1 = 'C232AB00-9414-11EC-B3C8-9E6BDECED846';
    const alg = (a: string, w: string) => ({
      'integriteit.algoritme': a,
      'integriteit.waarde': w,
      'integriteit.datum': '2024-01-01',
    });
    const { report } = await importCsv(
      t,
      csvOf([
        validRow(f, 'sums.txt', { uuid: v1, ...alg('md5', md5) }),
        validRow(f, 'sums.txt', alg('sha_256', sha)),
        validRow(f, 'sums.txt', alg('crc_32', crc)),
        validRow(f, 'sums.txt', { ...alg('sha_1', 'abc'), bestandsomvang: String(content.length) }),
      ]),
    );
    assert.deepEqual(
      report.map((r) => r.resultaat),
      ['Geïmporteerd', 'Geïmporteerd', 'Geïmporteerd', 'Niet geïmporteerd'],
    );
    assert.equal(report[0]!.uuid, v1.toLowerCase());
    assert.equal(
      report[3]!.opmerking,
      'The integriteit.waarde given for row 5 does not match the sha_1 of the file',
    );
    assert.deepEqual(await download(t, v1.toLowerCase()), content);
  });
});
