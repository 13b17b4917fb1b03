import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Autorisatie } from '../../src/auth/types.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  basicSetup,
  CRS,
  createZaak,
  insertDocument,
  insertZaaktype,
  type Iot,
  zaakBody,
  type Zaaktype,
} from './fixtures.js';

let t: TestApp;
let zaaktype: Zaaktype;
let other: Zaaktype;
let iot: Iot;

before(async () => {
  t = await createTestApp();
  const setup = await basicSetup(t);
  ({ zaaktype, iot } = setup);
  other = await insertZaaktype(t, setup.catalogusId, { iots: [iot] });
});
after(() => t.close());

const zrc = (
  scopes: string[],
  max = 'zaakvertrouwelijk',
  type: Zaaktype = zaaktype,
): Partial<Autorisatie> => ({
  component: 'zrc',
  scopes,
  zaaktype: type.url,
  maxVertrouwelijkheidaanduiding: max,
});
const as = async (autorisaties: Partial<Autorisatie>[]) => {
  const token = await t.tokenWith(autorisaties);
  return (o: { method: string; url: string; payload?: object; headers?: Record<string, string> }) =>
    t.request({ ...o, headers: { ...CRS, ...o.headers, authorization: `Bearer ${token}` } } as never);
};

describe('zaken autorisatie (component zrc, by zaaktype and vertrouwelijkheidaanduiding)', () => {
  it('creates only for the authorised zaaktype and up to the max vertrouwelijkheidaanduiding', async () => {
    const req = await as([zrc(['zaken.aanmaken'])]);
    const post = (body: object) => req({ method: 'POST', url: '/zaken/api/v1/zaken', payload: body });
    assert.equal((await post(zaakBody(zaaktype.url))).statusCode, 201);
    assert.equal(
      (await post(zaakBody(zaaktype.url, { vertrouwelijkheidaanduiding: 'intern' }))).statusCode,
      201,
    );
    assert.equal(
      (await post(zaakBody(zaaktype.url, { vertrouwelijkheidaanduiding: 'geheim' }))).statusCode,
      403,
    );
    assert.equal((await post(zaakBody(other.url))).statusCode, 403);
  });

  it('is 403 without the scope at endpoint level, before validation', async () => {
    const req = await as([zrc(['zaken.lezen'])]);
    const res = await req({ method: 'POST', url: '/zaken/api/v1/zaken', payload: {} });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'permission_denied');
    const drc = await as([
      { component: 'drc', scopes: ['zaken.lezen'], maxVertrouwelijkheidaanduiding: 'geheim' },
    ]);
    assert.equal((await drc({ method: 'GET', url: '/zaken/api/v1/zaken' })).statusCode, 403);
    const none = await t.request({
      method: 'GET',
      url: '/zaken/api/v1/zaken',
      headers: { ...CRS, authorization: '' },
    });
    assert.equal(none.statusCode, 403);
  });

  it('silently filters lists by zaaktype and vertrouwelijkheidaanduiding', async () => {
    const visible = await createZaak(t, zaaktype.url, {
      vertrouwelijkheidaanduiding: 'openbaar',
      bronorganisatie: '111222333',
    });
    await createZaak(t, zaaktype.url, {
      vertrouwelijkheidaanduiding: 'geheim',
      bronorganisatie: '111222333',
    });
    await createZaak(t, other.url, { vertrouwelijkheidaanduiding: 'openbaar', bronorganisatie: '111222333' });
    const req = await as([zrc(['zaken.lezen'], 'intern'), zrc(['zaken.aanmaken'], 'zeer_geheim', other)]);
    const res = await req({ method: 'GET', url: '/zaken/api/v1/zaken?bronorganisatie=111222333' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().count, 1);
    assert.equal(res.json().results[0].url, visible.url);
  });

  it('retrieve, update and delete need their scope on the zaak (403 otherwise)', async () => {
    const zaak = await createZaak(t, zaaktype.url, { vertrouwelijkheidaanduiding: 'openbaar' });
    const secret = await createZaak(t, zaaktype.url, { vertrouwelijkheidaanduiding: 'geheim' });
    const reader = await as([zrc(['zaken.lezen'])]);
    assert.equal((await reader({ method: 'GET', url: `/zaken/api/v1/zaken/${zaak.uuid}` })).statusCode, 200);
    assert.equal(
      (await reader({ method: 'GET', url: `/zaken/api/v1/zaken/${secret.uuid}` })).statusCode,
      403,
    );
    assert.equal(
      (await reader({ method: 'PATCH', url: `/zaken/api/v1/zaken/${zaak.uuid}`, payload: {} })).statusCode,
      403,
    );
    const writer = await as([zrc(['zaken.bijwerken', 'zaken.verwijderen'])]);
    const patch = await writer({
      method: 'PATCH',
      url: `/zaken/api/v1/zaken/${zaak.uuid}`,
      payload: { toelichting: 'x' },
    });
    assert.equal(patch.statusCode, 200);
    assert.equal(
      (await writer({ method: 'DELETE', url: `/zaken/api/v1/zaken/${secret.uuid}` })).statusCode,
      403,
    );
    assert.equal(
      (await writer({ method: 'DELETE', url: `/zaken/api/v1/zaken/${zaak.uuid}` })).statusCode,
      204,
    );
  });

  it('a closed zaak needs zaken.geforceerd-bijwerken to be updated', async () => {
    const zaak = await createZaak(t, zaaktype.url);
    await t.db.pool.query(`update zaken set einddatum = '2026-04-01' where uuid = $1`, [zaak.uuid]);
    const plain = await as([zrc(['zaken.bijwerken'])]);
    const forced = await as([zrc(['zaken.geforceerd-bijwerken'])]);
    const patch = (req: typeof plain) =>
      req({
        method: 'PATCH',
        url: `/zaken/api/v1/zaken/${zaak.uuid}`,
        payload: { toelichting: 'na sluiting' },
      });
    assert.equal((await patch(plain)).statusCode, 403);
    assert.equal((await patch(forced)).statusCode, 200);
  });

  it('zaakinformatieobjecten: create with aanmaken or bijwerken, read with lezen, lists filtered', async () => {
    const zaak = await createZaak(t, zaaktype.url, { vertrouwelijkheidaanduiding: 'openbaar' });
    const hidden = await createZaak(t, other.url, { vertrouwelijkheidaanduiding: 'openbaar' });
    const [d1, d2] = [await insertDocument(t, { iot }), await insertDocument(t, { iot })];
    const bijwerker = await as([zrc(['zaken.bijwerken'])]);
    const ZIO = '/zaken/api/v1/zaakinformatieobjecten';
    const created = await bijwerker({
      method: 'POST',
      url: ZIO,
      payload: { zaak: zaak.url, informatieobject: d1.url },
    });
    assert.equal(created.statusCode, 201, created.body);
    const denied = await bijwerker({
      method: 'POST',
      url: ZIO,
      payload: { zaak: hidden.url, informatieobject: d1.url },
    });
    assert.equal(denied.statusCode, 403);
    const su = await t.request({
      method: 'POST',
      url: ZIO,
      payload: { zaak: hidden.url, informatieobject: d2.url },
    });
    assert.equal(su.statusCode, 201);
    const lezer = await as([zrc(['zaken.lezen'])]);
    const list = await lezer({ method: 'GET', url: `${ZIO}?informatieobject=${encodeURIComponent(d1.url)}` });
    assert.equal(list.json().length, 1);
    const all = (await lezer({ method: 'GET', url: ZIO })).json() as { zaak: string }[];
    assert.ok(all.every((z) => z.zaak !== hidden.url));
    assert.equal((await lezer({ method: 'GET', url: `${ZIO}/${su.json().uuid}` })).statusCode, 403);
    assert.equal((await lezer({ method: 'GET', url: `${ZIO}/${created.json().uuid}` })).statusCode, 200);
    const lezerPost = await lezer({
      method: 'POST',
      url: ZIO,
      payload: { zaak: zaak.url, informatieobject: d2.url },
    });
    assert.equal(lezerPost.statusCode, 403);
  });
});

describe('CRS negotiation on /zaken', () => {
  const url = '/zaken/api/v1/zaken';
  it('412 when Accept-Crs or Content-Crs is missing', async () => {
    const cases = [
      { method: 'GET', headers: {} },
      { method: 'POST', headers: { 'accept-crs': 'EPSG:4326' } },
      { method: 'POST', headers: { 'content-crs': 'EPSG:4326' } },
    ];
    for (const c of cases) {
      const res = await t.request({
        method: c.method as 'GET',
        url,
        headers: c.headers,
        payload: c.method === 'POST' ? {} : undefined,
      });
      assert.equal(res.statusCode, 412, `${c.method} ${JSON.stringify(c.headers)}`);
      assert.equal(res.json().code, 'precondition_failed');
    }
    const zaak = await createZaak(t, zaaktype.url);
    const patch = await t.request({
      method: 'PATCH',
      url: `${url}/${zaak.uuid}`,
      headers: { 'accept-crs': 'EPSG:4326' },
      payload: {},
    });
    assert.equal(patch.statusCode, 412);
    const get = await t.request({ method: 'GET', url: `${url}/${zaak.uuid}` });
    assert.equal(get.statusCode, 412);
  });

  it('406 for another CRS', async () => {
    const get = await t.request({ method: 'GET', url, headers: { 'accept-crs': 'EPSG:28992' } });
    assert.equal(get.statusCode, 406);
    assert.equal(get.json().code, 'not_acceptable');
    const post = await t.request({
      method: 'POST',
      url,
      headers: { 'accept-crs': 'EPSG:4326', 'content-crs': 'EPSG:28992' },
      payload: zaakBody(zaaktype.url),
    });
    assert.equal(post.statusCode, 406);
  });

  it('zaakinformatieobjecten do not negotiate CRS', async () => {
    const res = await t.request({ method: 'GET', url: '/zaken/api/v1/zaakinformatieobjecten' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-crs'], undefined);
  });

  it('serves the endpoints in the OpenAPI document', async () => {
    const res = await t.request({ method: 'GET', url: '/zaken/api/v1/schema/openapi.json' });
    assert.equal(res.statusCode, 200);
    const paths = Object.keys(res.json().paths); // relative to the server URL, the API root
    for (const p of [
      '/zaken',
      '/zaken/{uuid}',
      '/zaakinformatieobjecten',
      '/zaakinformatieobjecten/{uuid}',
    ]) {
      assert.ok(paths.includes(p), `${p} in ${paths}`);
    }
  });
});
