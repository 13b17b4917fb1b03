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

  it('returns the local mirror, lists it as a plain array and protects it while the ZIO exists', async () => {
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
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().object, zaakUrl);
    const list = await t.request({ method: 'GET', url: `${OIO}?object=${encodeURIComponent(zaakUrl)}` });
    assert.ok(Array.isArray(list.json()));
    assert.equal(list.json().length, 1);
    assert.deepEqual(list.json()[0], res.json());
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
    const del = await t.request({ method: 'DELETE', url: `${OIO}/${uuidOf(res.json().url)}` });
    assert.deepEqual(codes(del), ['nonFieldErrors:remote-relation-exists']);
    const one = await t.request({ method: 'GET', url: `${OIO}/${uuidOf(res.json().url)}` });
    assert.equal(one.json().informatieobject, eioUrl);
  });

  it('creates a relation to a remote object once, and deletes it', async () => {
    const body = {
      informatieobject: eioUrl,
      object: 'https://zaken.elders.nl/zaken/api/v1/zaken/5d6a4c4e-0000-4000-8000-000000000001',
      objectType: 'zaak',
    };
    const res = await t.request({ method: 'POST', url: OIO, payload: body });
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(codes(await t.request({ method: 'POST', url: OIO, payload: body })), [
      'nonFieldErrors:unique',
    ]);
    const bad = await t.request({ method: 'POST', url: OIO, payload: { ...body, objectType: 'document' } });
    assert.deepEqual(codes(bad), ['objectType:invalid_choice']);
    const noDoc = await t.request({
      method: 'POST',
      url: OIO,
      payload: { ...body, informatieobject: `${EIO}/x` },
    });
    assert.equal(noDoc.statusCode, 400);
    const del = await t.request({ method: 'DELETE', url: `${OIO}/${uuidOf(res.json().url)}` });
    assert.equal(del.statusCode, 204);
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
