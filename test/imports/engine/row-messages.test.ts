import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { createEio, eioBody } from '../../documenten/fixtures.js';
import { BASE } from '../api/helpers.js';
import {
  csvOf,
  type Fixtures,
  importCsv,
  insertFixtures,
  type Row,
  startRunner,
  validRow,
  version,
  writeSource,
} from './fixtures.js';

/**
 * Issue 10 "messages a user can act on": every row comment keeps the reference wording
 * (Open Zaak's per-row import steps) as its prefix and names the offending value; code columns are trimmed;
 * a bestandspad that a `\`, spaces or NFC/NFD explain gets a hint. The API's own reasons
 * (the shared validator and resolver) do not change.
 */
const PREFIX = 'A validation error occurred while deserializing a EnkelvoudigInformatieObject on line';
const DATE_REASON = 'Datum heeft het verkeerde formaat, gebruik 1 van de volgende formaten: YYYY-MM-DD.';
const NFC = 'caf\u00e9.txt';
const NFD = 'cafe\u0301.txt';

describe('import row messages name the value (issue 10)', () => {
  let t: TestApp;
  let f: Fixtures;
  let runner: ReturnType<typeof startRunner>;
  before(async () => {
    t = await createTestApp();
    f = await insertFixtures(t);
    runner = startRunner(t);
    await writeSource(t, 'ok.txt', 'twelve bytes');
    await writeSource(t, 'sub/inner.txt', 'inner');
    await writeSource(t, NFD, 'macOS name');
  });
  after(async () => {
    await runner.stop();
    await t.close();
  });

  it('echoes dates, booleans, informatieobjecttype URLs, uuids and zaken after the reference wording', async () => {
    const ok = (extra: Row = {}) => validRow(f, 'ok.txt', extra);
    const unknownIot = `http://testserver/catalogi/api/v1/informatieobjecttypen/${randomUUID()}`;
    const elsewhere = `https://elders.example/catalogi/api/v1/informatieobjecttypen/${randomUUID()}`;
    const unknownZaak = randomUUID();
    const cases: [Row, string | RegExp][] = [
      [
        ok({ creatiedatum: '2024-13-45' }),
        `${PREFIX} 2: \ncreatiedatum: invalid: ${DATE_REASON} (value: "2024-13-45")`,
      ],
      [
        ok({ indicatieGebruiksrecht: 'misschien' }),
        `${PREFIX} 3: \nindicatieGebruiksrecht: invalid: Must be a valid boolean: true/false/True/False/TRUE/FALSE/1/0/ja/nee, or empty for none. (value: "misschien")`,
      ],
      [
        ok({ informatieobjecttype: 'geen url' }),
        `${PREFIX} 4: \ninformatieobjecttype: bad-url: Voer een geldige URL in. (value: "geen url")`,
      ],
      [
        ok({ informatieobjecttype: unknownIot }),
        `${PREFIX} 5: \ninformatieobjecttype: does_not_exist: Ongeldige hyperlink - Object bestaat niet. (informatieobjecttype: "${unknownIot}")`,
      ],
      [
        ok({ informatieobjecttype: elsewhere }),
        `${PREFIX} 6: \ninformatieobjecttype: unknown-service: The service for this url is unknown (informatieobjecttype: "${elsewhere}"). A local informatieobjecttype URL starts with http://testserver/catalogi/api/v1/informatieobjecttypen/ (the PUBLIC_URL of the API that created this import); an external one needs its Catalogi apiRoot in CATALOGI_SERVICES.`,
      ],
      [
        ok({ informatieobjecttype: f.conceptIotUrl }),
        `${PREFIX} 7: \ninformatieobjecttype: not-published: The resource is not published. (informatieobjecttype: "${f.conceptIotUrl}")`,
      ],
      [
        ok({ titel: 'x'.repeat(250) }),
        `${PREFIX} 8: \ntitel: max_length: Zorg ervoor dat dit veld niet meer dan 200 karakters bevat. (value: "${'x'.repeat(100)}…")`,
      ],
      // An inner space is not trimmed; the JSON quotes show it.
      [
        ok({ bronorganisatie: '35260 4918' }),
        new RegExp(`^${PREFIX} 9: \\nbronorganisatie: [\\w-]+: .* \\(value: "35260 4918"\\)`),
      ],
      [
        ok({ uuid: 'not-a-uuid' }),
        'Given UUID for row 10 is not a valid UUID (version 4) (uuid: "not-a-uuid")',
      ],
      [
        ok({ zaakUuid: ` ${unknownZaak} ` }),
        `Zaak ID specified for row 11 is unknown. (zaakUuid: "${unknownZaak}")`,
      ],
      [ok({ zaakUuid: ` ${f.zaakUuid.toUpperCase()}\u00a0` }), ''],
    ];
    const { report } = await importCsv(t, csvOf(cases.map(([r]) => r)));
    assert.equal(report.length, cases.length);
    for (const [i, [, expected]] of cases.entries()) {
      const r = report[i]!;
      if (expected instanceof RegExp) assert.match(r.opmerking ?? '', expected, `row ${i + 2}`);
      else assert.equal(r.opmerking, expected, `row ${i + 2}`);
    }
    const linked = await t.db.pool.query(
      `select count(*)::int as n from zaakinformatieobjecten z join documents d on d.id = z.document_id where d.uuid = $1`,
      [report[cases.length - 1]!.uuid],
    );
    assert.equal(linked.rows[0].n, 1, 'the trimmed zaakUuid linked the document');
  });

  it('trims code columns (the report keeps the CSV as given) and keeps free text as given', async () => {
    const row = validRow(f, 'ok.txt', {
      bronorganisatie: ' 352604918 ',
      creatiedatum: '2024-03-01 ',
      taal: '\tnld',
      vertrouwelijkheidaanduiding: ' openbaar',
      indicatieGebruiksrecht: ' nee ',
      informatieobjecttype: ` ${f.iotUrl} `,
      titel: ' Brief met spaties ',
    });
    const { report } = await importCsv(t, csvOf([row]));
    assert.equal(report[0]!.resultaat, 'Geïmporteerd', report[0]!.opmerking);
    assert.equal(report[0]!.bronorganisatie, ' 352604918 ', 'the report shows the value as given');
    const v = await version(t, report[0]!.uuid!);
    assert.deepEqual(
      [
        v.bronorganisatie,
        v.creatiedatum,
        v.taal,
        v.vertrouwelijkheidaanduiding,
        v.indicatie_gebruiksrecht,
        v.titel,
      ],
      ['352604918', '2024-03-01', 'nld', 'openbaar', false, ' Brief met spaties '],
    );
  });

  it('hints at a "\\" separator, surrounding spaces and NFC/NFD names, keeping the reference prefix', async () => {
    const paths = ['sub\\inner.txt', NFC, ' ok.txt', '..\\ok.txt', 'missing.txt', 'sub\\missing.txt'];
    const { report } = await importCsv(t, csvOf(paths.map((p) => validRow(f, p))));
    const notAFile = (p: string, i: number) =>
      `The given filepath ${p} does not exist or is not a file for row ${i}`;
    assert.deepEqual(
      report.map((r) => r.opmerking),
      [
        `${notAFile('sub\\inner.txt', 2)}. Hint: bestandspad uses "\\" as a separator (use "/"); a file exists at "sub/inner.txt".`,
        `${notAFile(NFC, 3)}. Hint: bestandspad is written in Unicode NFC while the file's name is NFD (macOS writes names as NFD): write bestandspad in the same form, or rename the files (e.g. convmv -f utf8 -t utf8 --nfc); a file exists at "${NFD}".`,
        `${notAFile(' ok.txt', 4)}. Hint: bestandspad has leading or trailing spaces; a file exists at "ok.txt".`,
        // The "/" form would leave the directory: no file is named.
        `${notAFile('..\\ok.txt', 5)}. Hint: bestandspad uses "\\" as a separator (use "/").`,
        notAFile('missing.txt', 6),
        `${notAFile('sub\\missing.txt', 7)}. Hint: bestandspad uses "\\" as a separator (use "/").`,
      ],
    );
  });

  it('groups comments that differ only in the echoed value in the failure summary', async () => {
    const rows = ['2024-13-45', '2024-02-30', 'gisteren'].map((d) =>
      validRow(f, 'ok.txt', { creatiedatum: d }),
    );
    const { uuid } = await importCsv(t, csvOf(rows));
    const summary = (await t.request({ method: 'GET', url: `${BASE}/${uuid}/summary` })).json();
    assert.deepEqual(summary.failures, [
      {
        reason: `${PREFIX} {i}: \ncreatiedatum: invalid: ${DATE_REASON} (value: …)`,
        code: 'creatiedatum: invalid',
        count: 3,
        firstRows: [2, 3, 4],
      },
    ]);
  });

  it('leaves the API reasons of the shared rules unchanged', async () => {
    const date = await createEio(t, eioBody(f.iotUrl, { creatiedatum: '2024-13-45' }));
    assert.equal(date.statusCode, 400, date.body);
    assert.deepEqual(date.json().invalidParams, [
      { name: 'creatiedatum', code: 'invalid', reason: DATE_REASON },
    ]);
    const foreign = await createEio(
      t,
      eioBody(`https://elders.example/catalogi/api/v1/informatieobjecttypen/${randomUUID()}`),
    );
    assert.deepEqual(foreign.json().invalidParams, [
      {
        name: 'informatieobjecttype',
        code: 'unknown-service',
        reason: 'The service for this url is unknown',
      },
    ]);
  });
});
