import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  basicSetup,
  CRS,
  createZaak,
  insertZaaktype,
  RSIN,
  RSIN2,
  zaakBody,
  zakenUrl,
  type Zaaktype,
} from './fixtures.js';

let t: TestApp;
let zaaktype: Zaaktype;
let catalogusId: number;

before(async () => {
  t = await createTestApp();
  ({ zaaktype, catalogusId } = await basicSetup(t));
});
after(() => t.close());

const post = (payload: unknown, headers: Record<string, string> = CRS) =>
  t.request({ method: 'POST', url: '/zaken/api/v1/zaken', headers, payload: payload as object });

function invalid(res: { statusCode: number; json(): unknown }) {
  assert.equal(res.statusCode, 400, JSON.stringify(res.json()));
  return (res.json() as { invalidParams: { name: string; code: string }[] }).invalidParams;
}

describe('POST /zaken', () => {
  it('creates a zaak with server-set fields, Location, API-version and Content-Crs', async () => {
    const res = await post(zaakBody(zaaktype.url, { omschrijving: 'Bouwvergunning' }));
    assert.equal(res.statusCode, 201, res.body);
    const z = res.json();
    assert.match(z.uuid, /^[0-9a-f-]{36}$/);
    assert.equal(z.url, `${zakenUrl}/${z.uuid}`);
    assert.equal(res.headers.location, z.url);
    assert.equal(res.headers['api-version'], '1.5.1');
    assert.equal(res.headers['content-crs'], 'EPSG:4326');
    assert.match(z.identificatie, /^ZAAK-2026-\d{10}$/);
    assert.equal(z.vertrouwelijkheidaanduiding, 'zaakvertrouwelijk');
    assert.equal(z.archiefstatus, 'nog_te_archiveren');
    assert.equal(z.registratiedatum, new Date().toISOString().slice(0, 10));
    assert.equal(z.zaaktype, zaaktype.url);
    assert.equal(z.omschrijving, 'Bouwvergunning');
    assert.equal(z.einddatum, null);
    assert.deepEqual(z.zaakinformatieobjecten, []);
  });

  it('numbers generated identificaties by the year of startdatum, one up each time', async () => {
    const a = await createZaak(t, zaaktype.url, { startdatum: '2019-05-01' });
    const b = await createZaak(t, zaaktype.url, { startdatum: '2019-12-31' });
    assert.equal(a.identificatie, 'ZAAK-2019-0000000001');
    assert.equal(b.identificatie, 'ZAAK-2019-0000000002');
  });

  it('never generates a number a client already used', async () => {
    await createZaak(t, zaaktype.url, { startdatum: '2018-01-01', identificatie: 'ZAAK-2018-0000000007' });
    const next = await createZaak(t, zaaktype.url, { startdatum: '2018-01-01' });
    assert.equal(next.identificatie, 'ZAAK-2018-0000000008');
  });

  it('gives concurrent creates distinct identificaties', async () => {
    const made = await Promise.all(
      Array.from({ length: 20 }, () => createZaak(t, zaaktype.url, { startdatum: '2017-06-01' })),
    );
    const ids = new Set(made.map((z) => z.identificatie));
    assert.equal(ids.size, 20);
  });

  it('keeps a given identificatie and vertrouwelijkheidaanduiding', async () => {
    const z = await createZaak(t, zaaktype.url, {
      identificatie: 'eigen-1',
      vertrouwelijkheidaanduiding: 'geheim',
    });
    assert.equal(z.identificatie, 'eigen-1');
    assert.equal(z.vertrouwelijkheidaanduiding, 'geheim');
  });

  it('rejects a duplicate (bronorganisatie, identificatie) with identificatie-niet-uniek', async () => {
    await createZaak(t, zaaktype.url, { identificatie: 'dubbel' });
    const params = invalid(await post(zaakBody(zaaktype.url, { identificatie: 'dubbel' })));
    assert.deepEqual(
      params.map((p) => [p.name, p.code]),
      [['identificatie', 'identificatie-niet-uniek']],
    );
    const other = await post(zaakBody(zaaktype.url, { identificatie: 'dubbel', bronorganisatie: RSIN2 }));
    assert.equal(other.statusCode, 201);
  });

  it('reports every missing required field', async () => {
    const params = invalid(await post({}));
    assert.deepEqual(params.map((p) => `${p.name}:${p.code}`).sort(), [
      'bronorganisatie:required',
      'startdatum:required',
      'verantwoordelijkeOrganisatie:required',
      'zaaktype:required',
    ]);
  });

  it('checks RSINs with the 11-proef', async () => {
    const params = invalid(
      await post(
        zaakBody(zaaktype.url, { bronorganisatie: '123456789', verantwoordelijkeOrganisatie: '12345' }),
      ),
    );
    assert.deepEqual(params.map((p) => `${p.name}:${p.code}`).sort(), [
      'bronorganisatie:invalid',
      'verantwoordelijkeOrganisatie:min_length',
    ]);
  });

  it('rejects zaaktype URLs that are bad, unknown, foreign or unpublished', async () => {
    const concept = await insertZaaktype(t, catalogusId, { concept: true });
    const cases: [string, string][] = [
      ['geen url', 'bad-url'],
      ['http://testserver/catalogi/api/v1/zaaktypen/00000000-0000-4000-8000-000000000000', 'does_not_exist'],
      ['http://testserver/catalogi/api/v1/informatieobjecttypen/x', 'does_not_exist'],
      ['https://elders.example/catalogi/api/v1/zaaktypen/1', 'unknown-service'],
      [concept.url, 'not-published'],
    ];
    for (const [url, code] of cases) {
      const params = invalid(await post(zaakBody(url)));
      assert.deepEqual(
        params.map((p) => [p.name, p.code]),
        [['zaaktype', code]],
        url,
      );
    }
  });

  it('answers malformed input with 400 invalidParams, never 500', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ startdatum: '2026-02-30' }, 'startdatum', 'invalid'],
      [{ startdatum: '0000-01-01' }, 'startdatum', 'invalid'],
      [{ startdatum: 20260101 }, 'startdatum', 'invalid'],
      [{ omschrijving: 'x'.repeat(81) }, 'omschrijving', 'max_length'],
      [{ identificatie: 'x'.repeat(41) }, 'identificatie', 'max_length'],
      [{ vertrouwelijkheidaanduiding: 'supergeheim' }, 'vertrouwelijkheidaanduiding', 'invalid_choice'],
      [{ archiefstatus: 'weg' }, 'archiefstatus', 'invalid_choice'],
      [{ betalingsindicatie: 'soms' }, 'betalingsindicatie', 'invalid_choice'],
      [{ laatsteBetaaldatum: 'gisteren' }, 'laatsteBetaaldatum', 'invalid'],
      [{ einddatumGepland: 'morgen' }, 'einddatumGepland', 'invalid'],
      [{ productenOfDiensten: 'x' }, 'productenOfDiensten', 'invalid'],
      [{ kenmerken: [{ kenmerk: 'a' }] }, 'kenmerken.0.bron', 'required'],
      [{ opschorting: { indicatie: 'misschien', reden: '' } }, 'opschorting.indicatie', 'invalid'],
      [{ zaaktype: null }, 'zaaktype', 'null'],
      [{ toelichting: { a: 1 } }, 'toelichting', 'invalid'],
    ];
    for (const [extra, name, code] of cases) {
      const params = invalid(await post(zaakBody(zaaktype.url, extra)));
      assert.ok(
        params.some((p) => p.name === name && p.code === code),
        `${JSON.stringify(extra)} → ${JSON.stringify(params)}`,
      );
    }
    const bad = await t.request({
      method: 'POST',
      url: '/zaken/api/v1/zaken',
      headers: { ...CRS, 'content-type': 'application/json' },
      payload: '{"x":',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'parse_error');
  });

  it('applies the object rules betaling-nvt, date-in-future and the archiving rules', async () => {
    let params = invalid(
      await post(
        zaakBody(zaaktype.url, { betalingsindicatie: 'nvt', laatsteBetaaldatum: '2020-01-01T10:00:00Z' }),
      ),
    );
    assert.deepEqual(
      params.map((p) => [p.name, p.code]),
      [['laatsteBetaaldatum', 'betaling-nvt']],
    );
    params = invalid(await post(zaakBody(zaaktype.url, { laatsteBetaaldatum: '2999-01-01T10:00:00Z' })));
    assert.deepEqual(
      params.map((p) => [p.name, p.code]),
      [['laatsteBetaaldatum', 'date-in-future']],
    );
    params = invalid(await post(zaakBody(zaaktype.url, { archiefstatus: 'gearchiveerd' })));
    assert.deepEqual(params.map((p) => p.code).sort(), [
      'archiefactiedatum-not-set',
      'archiefnominatie-not-set',
    ]);
  });

  it('ignores unknown and read-only keys', async () => {
    const z = await createZaak(t, zaaktype.url, { onbekend: 1, einddatum: '2026-04-01', url: 'http://x' });
    assert.equal(z.einddatum, null);
    assert.notEqual(z.url, 'http://x');
  });
});

describe('GET /zaken and /zaken/{uuid}', () => {
  it('retrieves a zaak; unknown or malformed uuids are 404', async () => {
    const z = await createZaak(t, zaaktype.url, {
      toelichting: 'uitleg',
      kenmerken: [{ kenmerk: 'k', bron: 'b' }],
    });
    const res = await t.request({ method: 'GET', url: `/zaken/api/v1/zaken/${z.uuid}`, headers: CRS });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-crs'], 'EPSG:4326');
    assert.deepEqual(res.json(), z);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'geen-uuid']) {
      const nf = await t.request({ method: 'GET', url: `/zaken/api/v1/zaken/${id}`, headers: CRS });
      assert.equal(nf.statusCode, 404);
    }
  });

  it('filters on identificatie, bronorganisatie and zaaktype, and paginates', async () => {
    const other = await insertZaaktype(t, catalogusId);
    for (let i = 0; i < 3; i++) await createZaak(t, other.url, { bronorganisatie: RSIN2 });
    const list = async (qs: string) => {
      const res = await t.request({ method: 'GET', url: `/zaken/api/v1/zaken?${qs}`, headers: CRS });
      assert.equal(res.statusCode, 200, res.body);
      return res.json();
    };
    const byType = await list(`zaaktype=${encodeURIComponent(other.url)}&pageSize=2`);
    assert.equal(byType.count, 3);
    assert.equal(byType.results.length, 2);
    assert.equal(byType.next, `${zakenUrl}?zaaktype=${encodeURIComponent(other.url)}&pageSize=2&page=2`);
    const page2 = await list(`zaaktype=${encodeURIComponent(other.url)}&pageSize=2&page=2`);
    assert.equal(page2.results.length, 1);
    assert.ok(page2.previous);
    const one = byType.results[0];
    const byIdent = await list(`identificatie=${one.identificatie}&bronorganisatie=${RSIN2}`);
    assert.equal(byIdent.count, 1);
    assert.equal((await list(`identificatie=${one.identificatie}&bronorganisatie=${RSIN}`)).count, 0);
    assert.equal((await list('zaaktype=https://elders.example/zt/1')).count, 0);
    const bad = await t.request({ method: 'GET', url: '/zaken/api/v1/zaken?zaaktype=nope', headers: CRS });
    assert.deepEqual(
      invalid(bad).map((p) => [p.name, p.code]),
      [['zaaktype', 'invalid']],
    );
    const unknown = await t.request({ method: 'GET', url: '/zaken/api/v1/zaken?foo=1', headers: CRS });
    assert.equal(invalid(unknown)[0]?.code, 'unknown-parameters');
    const past = await t.request({ method: 'GET', url: '/zaken/api/v1/zaken?page=999', headers: CRS });
    assert.equal(past.statusCode, 404);
  });
});

describe('PATCH /zaken/{uuid}', () => {
  it('updates the given fields only', async () => {
    const z = await createZaak(t, zaaktype.url, { omschrijving: 'oud', toelichting: 'blijft' });
    const res = await t.request({
      method: 'PATCH',
      url: `/zaken/api/v1/zaken/${z.uuid}`,
      headers: CRS,
      payload: { omschrijving: 'nieuw', einddatumGepland: '2026-12-01', betalingsindicatie: 'geheel' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const u = res.json();
    assert.equal(u.omschrijving, 'nieuw');
    assert.equal(u.toelichting, 'blijft');
    assert.equal(u.einddatumGepland, '2026-12-01');
    assert.equal(u.betalingsindicatie, 'geheel');
    assert.equal(u.identificatie, z.identificatie);
    assert.equal(res.headers['content-crs'], 'EPSG:4326');
  });

  it('refuses to change zaaktype or identificatie, and validates like create', async () => {
    const z = await createZaak(t, zaaktype.url);
    const other = await insertZaaktype(t, catalogusId);
    const patch = (payload: object) =>
      t.request({ method: 'PATCH', url: `/zaken/api/v1/zaken/${z.uuid}`, headers: CRS, payload });
    let params = invalid(await patch({ zaaktype: other.url, identificatie: 'anders' }));
    assert.deepEqual(params.map((p) => `${p.name}:${p.code}`).sort(), [
      'identificatie:wijzigen-niet-toegelaten',
      'zaaktype:wijzigen-niet-toegelaten',
    ]);
    assert.equal((await patch({ zaaktype: zaaktype.url, identificatie: z.identificatie })).statusCode, 200);
    params = invalid(await patch({ bronorganisatie: '111111111', startdatum: 'x' }));
    assert.ok(params.some((p) => p.name === 'startdatum'));
    params = invalid(await patch({ bronorganisatie: '111111112' }));
    assert.deepEqual(
      params.map((p) => [p.name, p.code]),
      [['bronorganisatie', 'invalid']],
    );
    params = invalid(await patch({ archiefstatus: 'gearchiveerd', archiefnominatie: 'vernietigen' }));
    assert.deepEqual(
      params.map((p) => p.code),
      ['archiefactiedatum-not-set'],
    );
    const ok = await patch({
      archiefstatus: 'gearchiveerd',
      archiefnominatie: 'vernietigen',
      archiefactiedatum: '2040-01-01',
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().archiefstatus, 'gearchiveerd');
  });

  it('is 404 for an unknown zaak', async () => {
    const res = await t.request({
      method: 'PATCH',
      url: '/zaken/api/v1/zaken/00000000-0000-4000-8000-000000000000',
      headers: CRS,
      payload: {},
    });
    assert.equal(res.statusCode, 404);
  });
});

describe('DELETE /zaken/{uuid}', () => {
  it('deletes a zaak without CRS headers; afterwards it is 404', async () => {
    const z = await createZaak(t, zaaktype.url);
    const res = await t.request({ method: 'DELETE', url: `/zaken/api/v1/zaken/${z.uuid}` });
    assert.equal(res.statusCode, 204);
    const again = await t.request({ method: 'GET', url: `/zaken/api/v1/zaken/${z.uuid}`, headers: CRS });
    assert.equal(again.statusCode, 404);
  });
});

describe('null characters', () => {
  it('are refused with null_characters_not_allowed in bodies and filters, never a 500', async () => {
    const params = invalid(
      await post(
        zaakBody(zaaktype.url, { omschrijving: 'a\u0000b', kenmerken: [{ kenmerk: '\u0000', bron: 'b' }] }),
      ),
    );
    assert.deepEqual(params.map((p) => `${p.name}:${p.code}`).sort(), [
      'kenmerken.0.kenmerk:null_characters_not_allowed',
      'omschrijving:null_characters_not_allowed',
    ]);
    const list = await t.request({
      method: 'GET',
      url: '/zaken/api/v1/zaken?identificatie=a%00b',
      headers: CRS,
    });
    assert.deepEqual(
      invalid(list).map((p) => p.code),
      ['null_characters_not_allowed'],
    );
    const zio = await t.request({ method: 'GET', url: '/zaken/api/v1/zaakinformatieobjecten?zaak=%00' });
    assert.equal(zio.statusCode, 400);
  });
});
