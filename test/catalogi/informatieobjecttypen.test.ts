import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createCatalogus, iotBody } from './fixtures.js';

const C = '/catalogi/api/v1';
type Problem = { invalidParams?: { name: string; code: string }[] };
const codes = (body: Problem) => (body.invalidParams ?? []).map((p) => `${p.name}:${p.code}`);
const path = (url: string) => url.replace('http://testserver', '');

describe('Catalogi API /informatieobjecttypen', () => {
  let t: TestApp;
  let catalogus: string;
  const create = (over: Record<string, unknown> = {}) =>
    t.request({ method: 'POST', url: `${C}/informatieobjecttypen`, payload: iotBody(catalogus, over) });

  before(async () => {
    t = await createTestApp();
    catalogus = await createCatalogus(t);
  });
  after(async () => t.close());

  it('creates a concept type, publishes it, and the resolver then accepts it', async () => {
    const omschrijvingGeneriek = {
      informatieobjecttypeOmschrijvingGeneriek: 'brief',
      definitieInformatieobjecttypeOmschrijvingGeneriek: 'een brief',
      herkomstInformatieobjecttypeOmschrijvingGeneriek: 'RGBZ',
      hierarchieInformatieobjecttypeOmschrijvingGeneriek: 'top',
      opmerkingInformatieobjecttypeOmschrijvingGeneriek: '',
    };
    const res = await create({ trefwoord: ['post'], omschrijvingGeneriek, eindeGeldigheid: '2030-12-31' });
    assert.equal(res.statusCode, 201, res.body);
    const iot = res.json();
    assert.equal(res.headers.location, iot.url);
    assert.equal(iot.concept, true);
    assert.equal(iot.catalogus, catalogus);
    assert.deepEqual(iot.trefwoord, ['post']);
    assert.deepEqual(iot.omschrijvingGeneriek, omschrijvingGeneriek);
    assert.equal(iot.eindeGeldigheid, '2030-12-31');
    assert.deepEqual(iot.zaaktypen, []);
    const before = await t.deps.informatieobjecttypen.resolve(iot.url);
    assert.equal(!before.ok && before.code, 'not-published');

    const published = await t.request({ method: 'POST', url: `${path(iot.url)}/publish` });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().concept, false);
    const resolved = await t.deps.informatieobjecttypen.resolve(iot.url);
    assert.equal(resolved.ok && resolved.iot.vertrouwelijkheidaanduiding, 'openbaar');
    const cat = await t.request({ method: 'GET', url: path(catalogus) });
    assert.ok(cat.json().informatieobjecttypen.includes(iot.url));
  });

  it('publishes whatever body comes with it: none, empty JSON or {}', async () => {
    for (const [headers, payload] of [
      [{ 'content-type': 'application/json' }, ''],
      [{ 'content-type': 'application/json' }, '{}'],
      [{}, undefined],
    ] as const) {
      const iot = (await create()).json();
      const res = await t.request({ method: 'POST', url: `${path(iot.url)}/publish`, headers, payload });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().concept, false);
    }
  });

  it('lists with status definitief by default, and filters status and catalogus', async () => {
    const other = await createCatalogus(t, { domein: 'OTHER' });
    const concept = (await create({ omschrijving: 'concept-type' })).json();
    const definitief = (await create({ omschrijving: 'definitief-type' })).json();
    await t.request({ method: 'POST', url: `${path(definitief.url)}/publish` });
    await t.request({ method: 'POST', url: `${C}/informatieobjecttypen`, payload: iotBody(other) });

    const list = async (qs: string) =>
      (await t.request({ method: 'GET', url: `${C}/informatieobjecttypen?${qs}` }))
        .json()
        .results.map((r: { url: string }) => r.url);
    const byCatalogus = `catalogus=${encodeURIComponent(catalogus)}`;
    const defaults = await list(byCatalogus);
    assert.ok(defaults.includes(definitief.url));
    assert.ok(!defaults.includes(concept.url));
    const concepts = await list(`${byCatalogus}&status=concept`);
    assert.ok(concepts.includes(concept.url));
    assert.ok(!concepts.includes(definitief.url));
    const alles = await list(`${byCatalogus}&status=alles`);
    assert.ok(alles.includes(concept.url) && alles.includes(definitief.url));
    assert.equal((await list(`status=alles&catalogus=${encodeURIComponent(other)}`)).length, 1);
    assert.deepEqual(
      await list(`catalogus=${encodeURIComponent(`http://testserver${C}/catalogussen/${randomUUID()}`)}`),
      [],
    );
    const notUrl = await t.request({ method: 'GET', url: `${C}/informatieobjecttypen?catalogus=abc` });
    assert.deepEqual(codes(notUrl.json()), ['catalogus:invalid']);
    const bad = await t.request({ method: 'GET', url: `${C}/informatieobjecttypen?status=weg` });
    assert.deepEqual(codes(bad.json()), ['status:invalid_choice']);
    const unknown = await t.request({ method: 'GET', url: `${C}/informatieobjecttypen?zaaktype=x` });
    assert.deepEqual(codes(unknown.json()), ['nonFieldErrors:unknown-parameters']);
  });

  it('paginates by 100 with absolute next and previous links', async () => {
    const cat = await createCatalogus(t, { domein: 'PAGE' });
    for (let i = 0; i < 101; i += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, 101 - i) }, (_, j) =>
          t.request({
            method: 'POST',
            url: `${C}/informatieobjecttypen`,
            payload: iotBody(cat, { omschrijving: `p${i + j}` }),
          }),
        ),
      );
    }
    const q = `catalogus=${encodeURIComponent(cat)}&status=alles`;
    const page1 = (await t.request({ method: 'GET', url: `${C}/informatieobjecttypen?${q}` })).json();
    assert.equal(page1.count, 101);
    assert.equal(page1.results.length, 100);
    assert.equal(page1.previous, null);
    assert.equal(page1.next, `http://testserver${C}/informatieobjecttypen?${q}&page=2`);
    const page2 = (await t.request({ method: 'GET', url: path(page1.next) })).json();
    assert.equal(page2.results.length, 1);
    assert.equal(page2.next, null);
    assert.equal(page2.previous, `http://testserver${C}/informatieobjecttypen?${q}`);
    assert.equal(
      (await t.request({ method: 'GET', url: `${C}/informatieobjecttypen?${q}&page=3` })).statusCode,
      404,
    );
    const badPage = await t.request({ method: 'GET', url: `${C}/informatieobjecttypen?page=0` });
    assert.deepEqual(codes(badPage.json()), ['page:min_value']);
  });

  it('updates a concept with PUT and PATCH and refuses once published (non-concept-object)', async () => {
    const iot = (await create({ trefwoord: ['a'] })).json();
    const put = await t.request({
      method: 'PUT',
      url: path(iot.url),
      payload: iotBody(catalogus, { omschrijving: 'Nieuw', vertrouwelijkheidaanduiding: 'geheim' }),
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().omschrijving, 'Nieuw');
    assert.deepEqual(put.json().trefwoord, [], 'PUT resets omitted optional fields');
    const patch = await t.request({ method: 'PATCH', url: path(iot.url), payload: { trefwoord: ['b'] } });
    assert.equal(patch.statusCode, 200);
    assert.equal(patch.json().omschrijving, 'Nieuw');
    assert.equal(patch.json().vertrouwelijkheidaanduiding, 'geheim');
    assert.deepEqual(patch.json().trefwoord, ['b']);

    await t.request({ method: 'POST', url: `${path(iot.url)}/publish` });
    const refused = await t.request({ method: 'PATCH', url: path(iot.url), payload: { omschrijving: 'x' } });
    assert.equal(refused.statusCode, 400);
    assert.deepEqual(codes(refused.json()), ['nonFieldErrors:non-concept-object']);
    const putRefused = await t.request({ method: 'PUT', url: path(iot.url), payload: iotBody(catalogus) });
    assert.deepEqual(codes(putRefused.json()), ['nonFieldErrors:non-concept-object']);
    const delRefused = await t.request({ method: 'DELETE', url: path(iot.url) });
    assert.deepEqual(codes(delRefused.json()), ['nonFieldErrors:non-concept-object']);
  });

  it('deletes a concept type', async () => {
    const iot = (await create()).json();
    assert.equal((await t.request({ method: 'DELETE', url: path(iot.url) })).statusCode, 204);
    assert.equal((await t.request({ method: 'GET', url: path(iot.url) })).statusCode, 404);
    assert.equal((await t.request({ method: 'DELETE', url: path(iot.url) })).statusCode, 404);
    assert.equal((await t.request({ method: 'POST', url: `${path(iot.url)}/publish` })).statusCode, 404);
  });

  it('refuses an end before the start (date-mismatch) and overlapping validity (overlap)', async () => {
    const mismatch = await create({ beginGeldigheid: '2024-05-01', eindeGeldigheid: '2024-04-30' });
    assert.deepEqual(codes(mismatch.json()), ['nonFieldErrors:date-mismatch']);
    const first = (await create({ omschrijving: 'Uniek', eindeGeldigheid: '2024-12-31' })).json();
    const overlapping = await create({ omschrijving: 'Uniek', beginGeldigheid: '2024-06-01' });
    assert.deepEqual(codes(overlapping.json()), ['nonFieldErrors:overlap']);
    const after = await create({ omschrijving: 'Uniek', beginGeldigheid: '2025-01-01' });
    assert.equal(after.statusCode, 201, after.body);
    const self = await t.request({ method: 'PATCH', url: path(first.url), payload: { trefwoord: ['x'] } });
    assert.equal(self.statusCode, 200, 'a type does not overlap itself');
    const extend = await t.request({
      method: 'PATCH',
      url: path(first.url),
      payload: { eindeGeldigheid: null },
    });
    assert.deepEqual(codes(extend.json()), ['nonFieldErrors:overlap']);
  });

  it('requires an existing local catalogus (does_not_exist)', async () => {
    const unknown = await create({ catalogus: `http://testserver${C}/catalogussen/${randomUUID()}` });
    assert.deepEqual(codes(unknown.json()), ['catalogus:does_not_exist']);
    const elsewhere = await create({
      catalogus: 'https://elders.example.com/catalogi/api/v1/catalogussen/1',
    });
    assert.deepEqual(codes(elsewhere.json()), ['catalogus:does_not_exist']);
  });

  it('rejects malformed input with invalidParams, never a 500', async () => {
    const res = await create({
      catalogus: 'geen url',
      omschrijving: 'o'.repeat(81),
      vertrouwelijkheidaanduiding: 'supergeheim',
      beginGeldigheid: '01-01-2024',
      eindeGeldigheid: '0000-01-01',
      informatieobjectcategorie: 42,
      trefwoord: ['x'.repeat(31)],
      omschrijvingGeneriek: 'tekst',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(codes(res.json()).sort(), [
      'beginGeldigheid:invalid',
      'catalogus:invalid',
      'eindeGeldigheid:invalid',
      'informatieobjectcategorie:invalid',
      'omschrijving:max_length',
      'omschrijvingGeneriek:invalid',
      'trefwoord.0:max_length',
      'vertrouwelijkheidaanduiding:invalid_choice',
    ]);
    const missing = await t.request({ method: 'POST', url: `${C}/informatieobjecttypen`, payload: {} });
    assert.deepEqual(codes(missing.json()).sort(), [
      'beginGeldigheid:required',
      'catalogus:required',
      'informatieobjectcategorie:required',
      'omschrijving:required',
      'vertrouwelijkheidaanduiding:required',
    ]);
    const iot = (await create()).json();
    const badPatch = await t.request({
      method: 'PATCH',
      url: path(iot.url),
      payload: { beginGeldigheid: null },
    });
    assert.deepEqual(codes(badPatch.json()), ['beginGeldigheid:null']);
  });

  it('needs catalogi.lezen to read and catalogi.schrijven to write', async () => {
    const iot = (await create()).json();
    const reader = {
      authorization: `Bearer ${await t.tokenWith([{ component: 'ztc', scopes: ['catalogi.lezen'] }])}`,
    };
    const nobody = { authorization: `Bearer ${await t.tokenWith([{ component: 'ztc', scopes: [] }])}` };
    assert.equal((await t.request({ method: 'GET', url: path(iot.url), headers: reader })).statusCode, 200);
    assert.equal((await t.request({ method: 'GET', url: path(iot.url), headers: nobody })).statusCode, 403);
    assert.equal(
      (await t.request({ method: 'GET', url: `${C}/informatieobjecttypen`, headers: nobody })).statusCode,
      403,
    );
    for (const [method, url] of [
      ['POST', `${C}/informatieobjecttypen`],
      ['PUT', path(iot.url)],
      ['PATCH', path(iot.url)],
      ['DELETE', path(iot.url)],
      ['POST', `${path(iot.url)}/publish`],
    ] as const) {
      const res = await t.request({
        method,
        url,
        headers: reader,
        payload: method === 'DELETE' ? undefined : {},
      });
      assert.equal(res.statusCode, 403, `${method} ${url}`);
    }
    assert.equal((await t.request({ method: 'GET', url: path(iot.url) })).json().concept, true);
  });
});
