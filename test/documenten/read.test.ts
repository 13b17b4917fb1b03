import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { b64, codes, createEio, EIO, eioBody, insertIot, uuidOf } from './fixtures.js';

describe('GET /enkelvoudiginformatieobjecten (list, retrieve, autorisatie)', () => {
  let t: TestApp;
  let iotA: string;
  let iotB: string;
  const uuids: string[] = [];
  before(async () => {
    t = await createTestApp();
    iotA = (await insertIot(t, { vertrouwelijkheidaanduiding: 'openbaar' })).url;
    iotB = (await insertIot(t, { vertrouwelijkheidaanduiding: 'geheim' })).url;
    const docs = [
      eioBody(iotA, {
        titel: 'Brief aan burger',
        auteur: 'Jansen',
        trefwoorden: ['a', 'b'],
        creatiedatum: '2020-01-01',
      }),
      eioBody(iotA, {
        titel: 'Notitie',
        vertrouwelijkheidaanduiding: 'vertrouwelijk',
        trefwoorden: ['b'],
        creatiedatum: '2021-01-01',
      }),
      eioBody(iotB, {
        titel: 'Geheim BRIEFJE',
        identificatie: 'ID-3',
        creatiedatum: '2022-01-01',
        inhoud: b64('abc'),
      }),
    ];
    for (const d of docs) uuids.push(uuidOf((await createEio(t, d)).json().url));
  });
  after(async () => t.close());

  const list = async (qs = '', token?: string) => {
    const res = await t.request({
      method: 'GET',
      url: `${EIO}${qs}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return res;
  };
  const titles = (res: { json(): unknown }) =>
    (res.json() as { results: { titel: string }[] }).results.map((r) => r.titel);

  it('lists latest versions in creation order, without _expand unless expand is asked', async () => {
    const res = await list();
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.count, 3);
    assert.equal(body.next, null);
    assert.deepEqual(titles(res), ['Brief aan burger', 'Notitie', 'Geheim BRIEFJE']);
    assert.equal('_expand' in body.results[0], false);
  });

  it('filters, orders and pages', async () => {
    assert.deepEqual(titles(await list('?titel=brief')), ['Brief aan burger', 'Geheim BRIEFJE']);
    assert.deepEqual(titles(await list('?auteur=JANS')), ['Brief aan burger']);
    assert.deepEqual(titles(await list(`?informatieobjecttype=${encodeURIComponent(iotB)}`)), [
      'Geheim BRIEFJE',
    ]);
    assert.deepEqual(titles(await list('?identificatie=ID-3&bronorganisatie=159351741')), ['Geheim BRIEFJE']);
    assert.deepEqual(titles(await list('?vertrouwelijkheidaanduiding=vertrouwelijk')), ['Notitie']);
    assert.deepEqual(titles(await list('?creatiedatum__gte=2021-01-01&creatiedatum__lte=2021-12-31')), [
      'Notitie',
    ]);
    assert.deepEqual(titles(await list('?trefwoorden=a,b')), ['Brief aan burger']);
    assert.deepEqual(titles(await list('?trefwoorden__overlap=b,z')), ['Brief aan burger', 'Notitie']);
    assert.deepEqual(titles(await list('?locked=false&ordering=-titel')), [
      'Notitie',
      'Geheim BRIEFJE',
      'Brief aan burger',
    ]);
    assert.deepEqual(titles(await list('?locked=true')), []);
    assert.deepEqual(titles(await list('?objectinformatieobjecten__object=https://x.nl/geen-zaak')), []);
    const p1 = (await list('?pageSize=2')).json();
    assert.equal(p1.count, 3);
    assert.equal(
      p1.next,
      'http://testserver/documenten/api/v1/enkelvoudiginformatieobjecten?pageSize=2&page=2',
    );
    const p2 = (await list('?pageSize=2&page=2')).json();
    assert.equal(p2.results.length, 1);
    assert.equal((await list('?page=3&pageSize=2')).statusCode, 404);
  });

  it('rejects unknown parameters and bad filter values', async () => {
    assert.deepEqual(codes(await list('?foo=1')), ['nonFieldErrors:unknown-parameters']);
    assert.deepEqual(codes(await list('?creatiedatum__gte=gisteren')), ['creatiedatum__gte:invalid']);
    assert.deepEqual(codes(await list('?ordering=uuid')), ['ordering:invalid_choice']);
  });

  it('filters silently by autorisatie and answers 403 without documenten.lezen', async () => {
    const token = await t.tokenWith([
      {
        scopes: ['documenten.lezen'],
        informatieobjecttype: iotA,
        maxVertrouwelijkheidaanduiding: 'zaakvertrouwelijk',
      },
    ]);
    const res = await list('', token);
    assert.equal(res.json().count, 1);
    assert.deepEqual(titles(res), ['Brief aan burger']);
    const none = await t.tokenWith([
      {
        scopes: ['documenten.aanmaken'],
        informatieobjecttype: iotA,
        maxVertrouwelijkheidaanduiding: 'geheim',
      },
    ]);
    assert.equal((await list('', none)).statusCode, 403);
    const get = (uuid: string) =>
      t.request({ method: 'GET', url: `${EIO}/${uuid}`, headers: { authorization: `Bearer ${token}` } });
    assert.equal((await get(uuids[0] as string)).statusCode, 200);
    assert.equal((await get(uuids[1] as string)).statusCode, 403);
    assert.equal((await get(uuids[2] as string)).statusCode, 403);
    const dl = await t.request({
      method: 'GET',
      url: `${EIO}/${uuids[2]}/download`,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(dl.statusCode, 403);
    const create = await createEio(
      t,
      eioBody(iotB),
      await t.tokenWith([
        {
          scopes: ['documenten.aanmaken'],
          informatieobjecttype: iotA,
          maxVertrouwelijkheidaanduiding: 'geheim',
        },
      ]),
    );
    assert.equal(create.statusCode, 403);
  });

  it('expand=informatieobjecttype needs catalogi.lezen and embeds the type', async () => {
    const res = await list(`?expand=informatieobjecttype&informatieobjecttype=${encodeURIComponent(iotB)}`);
    assert.equal(res.json().results[0]._expand.informatieobjecttype.url, iotB);
    const token = await t.tokenWith([
      { scopes: ['documenten.lezen'], informatieobjecttype: iotA, maxVertrouwelijkheidaanduiding: 'geheim' },
    ]);
    assert.equal((await list('?expand=informatieobjecttype', token)).statusCode, 403);
  });

  it('retrieve gives an ETag; HEAD and If-None-Match answer 304', async () => {
    const url = `${EIO}/${uuids[0]}`;
    const res = await t.request({ method: 'GET', url });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['api-version'], '1.5.0');
    const etag = String(res.headers.etag);
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    assert.equal('_expand' in res.json(), false);
    const head = await t.request({ method: 'HEAD', url });
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers.etag, etag);
    assert.equal(
      (await t.request({ method: 'GET', url, headers: { 'if-none-match': etag } })).statusCode,
      304,
    );
    assert.equal(
      (await t.request({ method: 'HEAD', url, headers: { 'if-none-match': etag } })).statusCode,
      304,
    );
    assert.equal((await t.request({ method: 'GET', url: `${EIO}/not-a-uuid` })).statusCode, 404);
    assert.equal(
      (await t.request({ method: 'GET', url: `${EIO}/00000000-0000-4000-8000-000000000000` })).statusCode,
      404,
    );
  });

  it('download has no API-version header and streams the bytes', async () => {
    const dl = await t.request({ method: 'GET', url: `${EIO}/${uuids[2]}/download` });
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.body, 'abc');
    assert.equal(dl.headers['content-type'], 'application/octet-stream');
    assert.equal(dl.headers['api-version'], undefined);
  });

  it('POST _zoek filters by uuid__in and refuses an empty body', async () => {
    const res = await t.request({
      method: 'POST',
      url: `${EIO}/_zoek`,
      payload: { uuid__in: [uuids[0], uuids[2]], identificatie: 'ID-3' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(titles(res), ['Geheim BRIEFJE']);
    const empty = await t.request({ method: 'POST', url: `${EIO}/_zoek`, payload: {} });
    assert.deepEqual(codes(empty), ['nonFieldErrors:empty_search_body']);
  });

  it('lists every endpoint in the OpenAPI document', async () => {
    const doc = (await t.request({ method: 'GET', url: '/documenten/api/v1/schema/openapi.json' })).json();
    // paths are relative to the server URL, the API root (as in the standard)
    assert.equal(doc.servers[0].url, 'http://testserver/documenten/api/v1');
    for (const p of [
      '/enkelvoudiginformatieobjecten',
      '/enkelvoudiginformatieobjecten/{uuid}',
      '/enkelvoudiginformatieobjecten/{uuid}/download',
      '/enkelvoudiginformatieobjecten/{uuid}/lock',
      '/enkelvoudiginformatieobjecten/{uuid}/unlock',
      '/enkelvoudiginformatieobjecten/_zoek',
      '/objectinformatieobjecten',
      '/objectinformatieobjecten/{uuid}',
    ]) {
      assert.ok(doc.paths[p], p);
    }
  });
});
