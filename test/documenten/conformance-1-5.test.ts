import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { codes, createEio, EIO, eioBody, insertIot, uuidOf } from './fixtures.js';

/**
 * Documenten API 1.5.0 as announced (API-version, OpenAPI info.version): inhoudIsVervallen,
 * the status values concept and vastgesteld, `documenten.geforceerd-bijwerken` on PUT/PATCH,
 * `_expand` only on request, and a DELETE with an empty JSON body.
 */
describe('Documenten API 1.5.0', () => {
  let t: TestApp;
  let iot: string;
  before(async () => {
    t = await createTestApp();
    iot = (await insertIot(t)).url;
  });
  after(async () => t.close());

  const at = (uuid: string, suffix = '') => `${EIO}/${uuid}${suffix}`;
  const lock = async (uuid: string) =>
    (await t.request({ method: 'POST', url: at(uuid, '/lock') })).json().lock as string;
  const newDoc = async (extra: Record<string, unknown> = {}) => {
    const res = await createEio(t, eioBody(iot, extra));
    assert.equal(res.statusCode, 201, res.body);
    return res;
  };

  it('announces 1.5.0 in the API-version header and the OpenAPI document', async () => {
    const res = await t.request({ method: 'GET', url: EIO });
    assert.equal(res.headers['api-version'], '1.5.0');
    const doc = await t.request({ method: 'GET', url: '/documenten/api/v1/schema/openapi.json' });
    assert.equal(doc.json().info.version, '1.5.0');
  });

  it('stores inhoudIsVervallen per version: null by default, kept by PATCH, reset by PUT', async () => {
    const created = await newDoc();
    assert.equal(created.json().inhoudIsVervallen, null);
    const uuid = uuidOf(created.json().url);
    const l = await lock(uuid);
    const v2 = await t.request({
      method: 'PATCH',
      url: at(uuid),
      payload: { inhoudIsVervallen: true, lock: l },
    });
    assert.equal(v2.statusCode, 200, v2.body);
    assert.equal(v2.json().inhoudIsVervallen, true);
    const v3 = await t.request({ method: 'PATCH', url: at(uuid), payload: { titel: 'drie', lock: l } });
    assert.equal(v3.json().inhoudIsVervallen, true);
    const v4 = await t.request({ method: 'PUT', url: at(uuid), payload: { ...eioBody(iot), lock: l } });
    assert.equal(v4.json().inhoudIsVervallen, null);
    const v2again = await t.request({ method: 'GET', url: at(uuid, '?versie=2') });
    assert.equal(v2again.json().inhoudIsVervallen, true);
    const listed = await t.request({ method: 'GET', url: `${EIO}?titel=brief` });
    assert.ok(listed.json().results.every((r: Record<string, unknown>) => 'inhoudIsVervallen' in r));
    const withFalse = await newDoc({ inhoudIsVervallen: false });
    assert.equal(withFalse.json().inhoudIsVervallen, false);
  });

  it('refuses an inhoudIsVervallen that is no boolean', async () => {
    const res = await createEio(t, eioBody(iot, { inhoudIsVervallen: 'ja' }));
    assert.deepEqual(codes(res), ['inhoudIsVervallen:invalid']);
  });

  it('accepts the statuses concept and vastgesteld; in_bewerking stays refused for a received document', async () => {
    assert.equal((await newDoc({ status: 'concept' })).json().status, 'concept');
    assert.equal(
      (await newDoc({ status: 'vastgesteld', ontvangstdatum: '2020-01-01' })).json().status,
      'vastgesteld',
    );
    const bad = await createEio(t, eioBody(iot, { status: 'klaar' }));
    assert.deepEqual(codes(bad), ['status:invalid_choice']);
    const received = await createEio(
      t,
      eioBody(iot, { status: 'in_bewerking', ontvangstdatum: '2020-01-01' }),
    );
    assert.equal(received.statusCode, 400);
  });

  it('lets documenten.geforceerd-bijwerken update a locked document (with the lock), for its type only', async () => {
    const uuid = uuidOf((await newDoc({ status: 'definitief' })).json().url);
    const l = await lock(uuid);
    const forced = await t.tokenWith([
      {
        scopes: ['documenten.geforceerd-bijwerken'],
        informatieobjecttype: iot,
        maxVertrouwelijkheidaanduiding: 'geheim',
      },
    ]);
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const patch = await t.request({
      method: 'PATCH',
      url: at(uuid),
      payload: { titel: 'geforceerd', lock: l },
      headers: as(forced),
    });
    assert.equal(patch.statusCode, 200, patch.body);
    assert.equal(patch.json().titel, 'geforceerd');
    const put = await t.request({
      method: 'PUT',
      url: at(uuid),
      payload: { ...eioBody(iot), lock: l },
      headers: as(forced),
    });
    assert.equal(put.statusCode, 200, put.body);
    // the standard still validates the lock (EnkelvoudigInformatieObjectWithLockRequest)
    const noLock = await t.request({
      method: 'PATCH',
      url: at(uuid),
      payload: { titel: 'x' },
      headers: as(forced),
    });
    assert.deepEqual(codes(noLock), ['nonFieldErrors:missing-lock-id']);
    const otherType = await t.tokenWith([
      {
        scopes: ['documenten.geforceerd-bijwerken'],
        informatieobjecttype: (await insertIot(t)).url,
        maxVertrouwelijkheidaanduiding: 'geheim',
      },
    ]);
    const refused = await t.request({
      method: 'PATCH',
      url: at(uuid),
      payload: { titel: 'x', lock: l },
      headers: as(otherType),
    });
    assert.equal(refused.statusCode, 403);
    const reader = await t.tokenWith([
      { scopes: ['documenten.lezen'], informatieobjecttype: iot, maxVertrouwelijkheidaanduiding: 'geheim' },
    ]);
    const readOnly = await t.request({
      method: 'PATCH',
      url: at(uuid),
      payload: { titel: 'x', lock: l },
      headers: as(reader),
    });
    assert.equal(readOnly.statusCode, 403);
  });

  it('adds _expand only when expand is asked (list, retrieve, _zoek)', async () => {
    const uuid = uuidOf((await newDoc()).json().url);
    const plain = await t.request({ method: 'GET', url: at(uuid) });
    assert.equal('_expand' in plain.json(), false);
    const expanded = await t.request({ method: 'GET', url: at(uuid, '?expand=informatieobjecttype') });
    assert.equal(expanded.json()._expand.informatieobjecttype.url, iot);
    const zoek = await t.request({ method: 'POST', url: `${EIO}/_zoek`, payload: { uuid__in: [uuid] } });
    assert.equal(zoek.statusCode, 200, zoek.body);
    assert.equal('_expand' in zoek.json().results[0], false);
    const zoekExpand = await t.request({
      method: 'POST',
      url: `${EIO}/_zoek`,
      payload: { uuid__in: [uuid], expand: 'informatieobjecttype' },
    });
    assert.equal(zoekExpand.json().results[0]._expand.informatieobjecttype.url, iot);
  });

  it('answers a DELETE with Content-Type application/json and an empty body normally', async () => {
    const uuid = uuidOf((await newDoc()).json().url);
    const del = await t.request({
      method: 'DELETE',
      url: at(uuid),
      payload: '',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(del.statusCode, 204, del.body);
    assert.equal((await t.request({ method: 'GET', url: at(uuid) })).statusCode, 404);
    for (const payload of ['{}', '{"kapot":', 'tekst']) {
      const res = await t.request({
        method: 'DELETE',
        url: at(uuidOf((await newDoc()).json().url)),
        payload,
        headers: { 'content-type': payload === 'tekst' ? 'text/plain' : 'application/json' },
      });
      assert.equal(res.statusCode, 204, `${payload}: ${res.body}`);
    }
    const missing = await t.request({
      method: 'DELETE',
      url: at('00000000-0000-4000-8000-000000000000'),
      payload: '',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(missing.statusCode, 404);
    const unauthorised = await t.request({
      method: 'DELETE',
      url: at(uuidOf((await newDoc()).json().url)),
      payload: '',
      headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
    });
    assert.equal(unauthorised.statusCode, 403);
  });
});
