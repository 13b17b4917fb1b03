import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { codes, createEio, EIO, eioBody, insertIot, uuidOf } from './fixtures.js';

const OIO = '/documenten/api/v1/objectinformatieobjecten';

describe('/objectinformatieobjecten', () => {
  let t: TestApp;
  let iot: string;
  let eioUrl: string;
  let zaakUrl: string;
  let docId: number;
  let zaakId: number;
  before(async () => {
    t = await createTestApp();
    iot = (await insertIot(t)).url;
    eioUrl = (await createEio(t, eioBody(iot))).json().url;
    docId = (await t.db.pool.query('select id from documents where uuid = $1', [uuidOf(eioUrl)])).rows[0].id;
    const zt = await t.db.pool.query(
      `insert into zaaktypen (uuid, catalogus_id, identificatie, omschrijving, vertrouwelijkheidaanduiding, begin_geldigheid, versiedatum)
       select gen_random_uuid(), id, 'ZT', 'zt', 'openbaar', '2020-01-01', '2020-01-01' from catalogussen limit 1 returning id`,
    );
    const zaak = await t.db.pool.query(
      `insert into zaken (uuid, identificatie, bronorganisatie, verantwoordelijke_organisatie, zaaktype_id, registratiedatum, startdatum, vertrouwelijkheidaanduiding)
       values (gen_random_uuid(), 'Z-1', '159351741', '159351741', $1, '2020-01-01', '2020-01-01', 'openbaar') returning id, uuid`,
      [zt.rows[0].id],
    );
    zaakId = zaak.rows[0].id;
    zaakUrl = `http://testserver/zaken/api/v1/zaken/${zaak.rows[0].uuid}`;
  });
  after(async () => t.close());

  it('answers inconsistent-relation for a local zaak without a ZaakInformatieObject', async () => {
    const res = await t.request({
      method: 'POST',
      url: OIO,
      payload: { informatieobject: eioUrl, object: zaakUrl, objectType: 'zaak' },
    });
    assert.deepEqual(codes(res), ['nonFieldErrors:inconsistent-relation']);
  });

  it('answers unique for a local zaak whose ZaakInformatieObject (and so its mirror) exists', async () => {
    await t.db.pool.query(
      'insert into zaakinformatieobjecten (uuid, zaak_id, document_id) values (gen_random_uuid(), $1, $2)',
      [zaakId, docId],
    );
    await t.db.pool.query(
      `insert into object_informatieobjecten (uuid, document_id, object_type, zaak_id) values (gen_random_uuid(), $1, 'zaak', $2)`,
      [docId, zaakId],
    );
    const res = await t.request({
      method: 'POST',
      url: OIO,
      payload: { informatieobject: eioUrl, object: zaakUrl, objectType: 'zaak' },
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(codes(res), ['nonFieldErrors:unique']);
  });

  it('lists the local mirror as a plain array and protects it while the ZIO exists', async () => {
    const list = await t.request({ method: 'GET', url: `${OIO}?object=${encodeURIComponent(zaakUrl)}` });
    assert.ok(Array.isArray(list.json()));
    assert.equal(list.json().length, 1);
    const oio = list.json()[0];
    assert.deepEqual(Object.keys(oio), ['url', 'informatieobject', 'object', 'objectType']);
    assert.equal(oio.object, zaakUrl);
    const byDoc = await t.request({
      method: 'GET',
      url: `${OIO}?informatieobject=${encodeURIComponent(eioUrl)}`,
    });
    assert.equal(byDoc.json().length, 1);
    const docs = await t.request({
      method: 'GET',
      url: `${EIO}?objectinformatieobjecten__object=${encodeURIComponent(zaakUrl)}`,
    });
    assert.equal(docs.json().count, 1);
    const del = await t.request({ method: 'DELETE', url: `${OIO}/${uuidOf(oio.url)}` });
    assert.deepEqual(codes(del), ['nonFieldErrors:remote-relation-exists']);
    const one = await t.request({ method: 'GET', url: `${OIO}/${uuidOf(oio.url)}` });
    assert.deepEqual(one.json(), oio);
  });

  it('expands informatieobject (with its informatieobjecttype) and a local zaak on list and retrieve', async () => {
    const list = await t.request({
      method: 'GET',
      url: `${OIO}?object=${encodeURIComponent(zaakUrl)}&expand=informatieobject.informatieobjecttype,object`,
    });
    assert.equal(list.statusCode, 200, list.body);
    const [oio] = list.json();
    assert.equal(oio._expand.informatieobject.url, eioUrl);
    assert.equal(oio._expand.informatieobject._expand.informatieobjecttype.url, iot);
    assert.equal(oio._expand.object.url, zaakUrl);
    assert.equal(oio._expand.object.identificatie, 'Z-1');
    const one = await t.request({ method: 'GET', url: `${OIO}/${uuidOf(oio.url)}?expand=informatieobject` });
    assert.equal(one.statusCode, 200, one.body);
    assert.deepEqual(Object.keys(one.json()._expand), ['informatieobject']);
    assert.equal('_expand' in one.json()._expand.informatieobject, false);
    const plain = await t.request({ method: 'GET', url: `${OIO}/${uuidOf(oio.url)}` });
    assert.equal('_expand' in plain.json(), false);
  });

  it('refuses an unknown expand (400) and an informatieobjecttype expand without catalogi.lezen (403)', async () => {
    const bad = await t.request({ method: 'GET', url: `${OIO}?expand=zaaktype` });
    assert.deepEqual(codes(bad), ['expand:invalid_choice']);
    const reader = await t.tokenWith([
      { scopes: ['documenten.lezen'], informatieobjecttype: iot, maxVertrouwelijkheidaanduiding: 'geheim' },
    ]);
    const headers = { authorization: `Bearer ${reader}` };
    const forbidden = await t.request({
      method: 'GET',
      url: `${OIO}?expand=informatieobject.informatieobjecttype`,
      headers,
    });
    assert.equal(forbidden.statusCode, 403);
    // a zaak the caller may not read (no zaken.lezen) is left out of _expand
    const res = await t.request({ method: 'GET', url: `${OIO}?expand=object,informatieobject`, headers });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().length, 1);
    assert.deepEqual(Object.keys(res.json()[0]._expand), ['informatieobject']);
  });

  it('deletes the mirror once the ZIO is gone, also with an empty JSON body', async () => {
    const [oio] = (
      await t.request({ method: 'GET', url: `${OIO}?object=${encodeURIComponent(zaakUrl)}` })
    ).json();
    await t.db.pool.query('delete from zaakinformatieobjecten where document_id = $1', [docId]);
    const del = await t.request({
      method: 'DELETE',
      url: `${OIO}/${uuidOf(oio.url)}`,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(del.statusCode, 204, del.body);
  });

  it('refuses a remote object of no configured service without fetching it', async () => {
    const body = {
      informatieobject: eioUrl,
      object: 'https://zaken.elders.nl/zaken/api/v1/zaken/5d6a4c4e-0000-4000-8000-000000000001',
      objectType: 'zaak',
    };
    assert.deepEqual(codes(await t.request({ method: 'POST', url: OIO, payload: body })), [
      'object:unknown-service',
    ]);
    const bad = await t.request({ method: 'POST', url: OIO, payload: { ...body, objectType: 'document' } });
    assert.deepEqual(codes(bad), ['objectType:invalid_choice']);
    const noDoc = await t.request({
      method: 'POST',
      url: OIO,
      payload: { ...body, informatieobject: `http://testserver${EIO}/x` },
    });
    assert.deepEqual(codes(noDoc), ['informatieobject:does_not_exist']);
    const localBesluit = await t.request({
      method: 'POST',
      url: OIO,
      payload: { ...body, object: `http://testserver/besluiten/api/v1/besluiten/${uuidOf(zaakUrl)}` },
    });
    assert.deepEqual(codes(localBesluit), ['object:does_not_exist']);
  });

  it('filters the list by autorisatie', async () => {
    const other = (await insertIot(t)).url;
    const token = await t.tokenWith([
      { scopes: ['documenten.lezen'], informatieobjecttype: other, maxVertrouwelijkheidaanduiding: 'geheim' },
    ]);
    const res = await t.request({ method: 'GET', url: OIO, headers: { authorization: `Bearer ${token}` } });
    assert.deepEqual(res.json(), []);
  });
});
