import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCatalogus, createIot, zaaktypeBody } from './fixtures.js';

const C = '/catalogi/api/v1';
type Problem = { invalidParams?: { name: string; code: string }[] };
const codes = (body: Problem) => (body.invalidParams ?? []).map((p) => `${p.name}:${p.code}`);
const path = (url: string) => url.replace('http://testserver', '');

describe('Catalogi API /zaaktypen', () => {
  let t: TestApp;
  let catalogus: string;
  const create = (over: Record<string, unknown> = {}, cat = catalogus) =>
    t.request({ method: 'POST', url: `${C}/zaaktypen`, payload: zaaktypeBody(cat, over) });

  before(async () => {
    t = await createTestApp();
    catalogus = await createCatalogus(t);
  });
  after(async () => t.close());

  it('creates a concept zaaktype with its informatieobjecttypen and publishes it', async () => {
    const iot = await createIot(t, catalogus, { publish: true });
    const res = await create({
      identificatie: 'ZT-1',
      informatieobjecttypen: [iot],
      toelichting: 'uitleg',
      verlengingMogelijk: true,
      verlengingstermijn: 'P2W',
      trefwoorden: ['bouw'],
      referentieproces: { naam: 'proces', link: 'https://example.com/proces' },
      onbekendVeld: 'wordt genegeerd',
    });
    assert.equal(res.statusCode, 201, res.body);
    const zt = res.json();
    assert.equal(res.headers.location, zt.url);
    assert.equal(zt.concept, true);
    assert.equal(zt.identificatie, 'ZT-1');
    assert.equal(zt.vertrouwelijkheidaanduiding, 'zaakvertrouwelijk');
    assert.equal(zt.toelichting, 'uitleg');
    assert.equal(zt.verlengingstermijn, 'P2W');
    assert.equal(zt.doorlooptijd, 'P30D');
    assert.deepEqual(zt.trefwoorden, ['bouw']);
    assert.deepEqual(zt.referentieproces, { naam: 'proces', link: 'https://example.com/proces' });
    assert.deepEqual(zt.productenOfDiensten, ['https://example.com/product/1']);
    assert.deepEqual(zt.informatieobjecttypen, [iot]);
    assert.equal(zt.catalogus, catalogus);
    assert.equal('onbekendVeld' in zt, false);

    const iotNow = (await t.request({ method: 'GET', url: path(iot) })).json();
    assert.deepEqual(iotNow.zaaktypen, [zt.url]);
    const published = await t.request({ method: 'POST', url: `${path(zt.url)}/publish` });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().concept, false);
    assert.deepEqual((await t.request({ method: 'GET', url: path(zt.url) })).json(), published.json());
    const refused = await t.request({ method: 'DELETE', url: path(zt.url) });
    assert.deepEqual(codes(refused.json()), ['nonFieldErrors:non-concept-object']);
  });

  it('will not publish while a related informatieobjecttype is a concept (concept-relation)', async () => {
    const conceptIot = await createIot(t, catalogus);
    const zt = (await create({ identificatie: 'ZT-C', informatieobjecttypen: [conceptIot] })).json();
    const res = await t.request({ method: 'POST', url: `${path(zt.url)}/publish` });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(codes(res.json()), ['informatieobjecttypen:concept-relation']);
    assert.equal((await t.request({ method: 'GET', url: path(zt.url) })).json().concept, true);
  });

  it('checks informatieobjecttypen: local, existing and of the same catalogus', async () => {
    const other = await createCatalogus(t, { domein: 'OTH' });
    const foreign = await createIot(t, other);
    const wrongCatalogus = await create({ informatieobjecttypen: [foreign] });
    assert.deepEqual(codes(wrongCatalogus.json()), ['informatieobjecttypen:relations-incorrect-catalogus']);
    const missing = await create({
      informatieobjecttypen: [
        `http://testserver${C}/informatieobjecttypen/${randomUUID()}`,
        'https://elders.nl/x',
      ],
    });
    assert.deepEqual(codes(missing.json()), [
      'informatieobjecttypen.0:does_not_exist',
      'informatieobjecttypen.1:does_not_exist',
    ]);
    const noCatalogus = await create({}, `http://testserver${C}/catalogussen/${randomUUID()}`);
    assert.deepEqual(codes(noCatalogus.json()), ['catalogus:does_not_exist']);
  });

  it('refuses an end before the start (date-mismatch) and overlapping identificatie (overlap)', async () => {
    const mismatch = await create({ beginGeldigheid: '2024-05-01', eindeGeldigheid: '2024-01-01' });
    assert.deepEqual(codes(mismatch.json()), ['nonFieldErrors:date-mismatch']);
    assert.equal((await create({ identificatie: 'OVERLAP' })).statusCode, 201);
    const again = await create({ identificatie: 'OVERLAP', beginGeldigheid: '2030-01-01' });
    assert.deepEqual(codes(again.json()), ['nonFieldErrors:overlap']);
    const other = await createCatalogus(t, { domein: 'OV2' });
    assert.equal(
      (await create({ identificatie: 'OVERLAP' }, other)).statusCode,
      201,
      'another catalogus is fine',
    );
  });

  it('requires verlengingstermijn when verlengingMogelijk', async () => {
    const res = await create({ verlengingMogelijk: true });
    assert.deepEqual(codes(res.json()), ['verlengingstermijn:required']);
  });

  it('rejects malformed input with invalidParams, never a 500', async () => {
    const res = await create({
      identificatie: 'i'.repeat(51),
      vertrouwelijkheidaanduiding: 'heel-geheim',
      indicatieInternOfExtern: 'beide',
      doorlooptijd: '30 dagen',
      opschortingEnAanhoudingMogelijk: 'nee',
      publicatieIndicatie: null,
      productenOfDiensten: ['geen url'],
      referentieproces: { link: 'geen url' },
      beginGeldigheid: '2024-1-1',
      versiedatum: 20240101,
      informatieobjecttypen: 'http://testserver/x',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(codes(res.json()).sort(), [
      'beginGeldigheid:invalid',
      'doorlooptijd:invalid',
      'identificatie:max_length',
      'indicatieInternOfExtern:invalid_choice',
      'informatieobjecttypen:invalid',
      'opschortingEnAanhoudingMogelijk:invalid',
      'productenOfDiensten.0:invalid',
      'publicatieIndicatie:null',
      'referentieproces.link:invalid',
      'referentieproces.naam:required',
      'versiedatum:invalid',
      'vertrouwelijkheidaanduiding:invalid_choice',
    ]);
    const empty = await t.request({ method: 'POST', url: `${C}/zaaktypen`, payload: {} });
    assert.equal(empty.statusCode, 400);
    assert.ok(codes(empty.json()).includes('handelingBehandelaar:required'));
    assert.ok(codes(empty.json()).includes('catalogus:required'));
  });

  it('lists zaaktypen (definitief by default) with filters catalogus, identificatie and status', async () => {
    const cat = await createCatalogus(t, { domein: 'LIST' });
    const a = (await create({ identificatie: 'LIST-A' }, cat)).json();
    const b = (await create({ identificatie: 'LIST-B' }, cat)).json();
    await t.request({ method: 'POST', url: `${path(b.url)}/publish` });
    const list = async (qs: string) =>
      (await t.request({ method: 'GET', url: `${C}/zaaktypen?${qs}` }))
        .json()
        .results.map((z: { url: string }) => z.url);
    const byCat = `catalogus=${encodeURIComponent(cat)}`;
    assert.deepEqual(await list(byCat), [b.url]);
    assert.deepEqual(await list(`${byCat}&status=concept`), [a.url]);
    assert.deepEqual(await list(`${byCat}&status=alles`), [a.url, b.url]);
    assert.deepEqual(await list('identificatie=LIST-A&status=alles'), [a.url]);
    const unknown = await t.request({ method: 'GET', url: `${C}/zaaktypen?trefwoorden=x` });
    assert.deepEqual(codes(unknown.json()), ['nonFieldErrors:unknown-parameters']);
  });

  it('deletes a concept zaaktype; 404 for unknown ones', async () => {
    const zt = (await create({ identificatie: 'DEL' })).json();
    assert.equal((await t.request({ method: 'DELETE', url: path(zt.url) })).statusCode, 204);
    assert.equal((await t.request({ method: 'GET', url: path(zt.url) })).statusCode, 404);
    assert.equal((await t.request({ method: 'POST', url: `${path(zt.url)}/publish` })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `${C}/zaaktypen/nope` })).statusCode, 404);
  });

  it('needs catalogi.lezen to read and catalogi.schrijven to write', async () => {
    const zt = (await create({ identificatie: 'AUTH' })).json();
    const reader = {
      authorization: `Bearer ${await t.tokenWith([{ component: 'ztc', scopes: ['catalogi.lezen'] }])}`,
    };
    const zrcOnly = {
      authorization: `Bearer ${await t.tokenWith([{ component: 'zrc', scopes: ['zaken.lezen'] }])}`,
    };
    assert.equal((await t.request({ method: 'GET', url: path(zt.url), headers: reader })).statusCode, 200);
    assert.equal(
      (await t.request({ method: 'GET', url: `${C}/zaaktypen`, headers: zrcOnly })).statusCode,
      403,
    );
    assert.equal(
      (
        await t.request({
          method: 'POST',
          url: `${C}/zaaktypen`,
          headers: reader,
          payload: zaaktypeBody(catalogus),
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (await t.request({ method: 'POST', url: `${path(zt.url)}/publish`, headers: reader })).statusCode,
      403,
    );
    assert.equal((await t.request({ method: 'DELETE', url: path(zt.url), headers: reader })).statusCode, 403);
  });
});
