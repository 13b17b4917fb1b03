import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { b64, codes, createEio, EIO, eioBody, insertIot, storedFiles, uuidOf } from './fixtures.js';

describe('EIO versions, lock rules and delete', () => {
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

  async function newDoc(extra: Record<string, unknown> = {}) {
    const res = await createEio(
      t,
      eioBody(iot, { inhoud: b64('versie een'), bestandsnaam: 'a.txt', ...extra }),
    );
    assert.equal(res.statusCode, 201, res.body);
    return uuidOf(res.json().url);
  }

  it('refuses updates of an unlocked document and checks the lock value', async () => {
    const uuid = await newDoc();
    const patch = (payload: Record<string, unknown>) =>
      t.request({ method: 'PATCH', url: at(uuid), payload });
    assert.deepEqual(codes(await patch({ titel: 'x' })), ['nonFieldErrors:unlocked']);
    const l = await lock(uuid);
    assert.match(l, /^[0-9a-f]{32}$/);
    const again = await t.request({ method: 'POST', url: at(uuid, '/lock') });
    assert.deepEqual(codes(again), ['nonFieldErrors:existing-lock']);
    assert.deepEqual(codes(await patch({ titel: 'x' })), ['nonFieldErrors:missing-lock-id']);
    assert.deepEqual(codes(await patch({ titel: 'x', lock: 'fout' })), ['nonFieldErrors:incorrect-lock-id']);
    const put = await t.request({ method: 'PUT', url: at(uuid), payload: eioBody(iot) });
    assert.deepEqual(codes(put), ['lock:required']);
    const ok = await patch({ titel: 'nieuw', lock: l });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().locked, true);
  });

  it('lock accepts an empty body with a JSON content type', async () => {
    const uuid = await newDoc();
    const res = await t.request({
      method: 'POST',
      url: at(uuid, '/lock'),
      payload: '',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.json().lock, /^[0-9a-f]{32}$/);
    const broken = await t.request({
      method: 'POST',
      url: at(uuid, '/unlock'),
      payload: '{"lock":',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(broken.json().code, 'parse_error');
  });

  it('PATCH writes a new version that keeps the file; old versions stay readable', async () => {
    const uuid = await newDoc();
    const l = await lock(uuid);
    const v2 = await t.request({ method: 'PATCH', url: at(uuid), payload: { titel: 'twee', lock: l } });
    assert.equal(v2.json().versie, 2);
    assert.equal(v2.json().bestandsomvang, 10);
    assert.equal(v2.json().inhoud, `${v2.json().url}/download?versie=2`);
    assert.equal(
      (await t.request({ method: 'GET', url: at(uuid, '/download?versie=2') })).body,
      'versie een',
    );
    const v3 = await t.request({
      method: 'PATCH',
      url: at(uuid),
      payload: { inhoud: b64('versie drie!'), bestandsomvang: 12, lock: l },
    });
    assert.equal(v3.json().versie, 3);
    assert.equal((await t.request({ method: 'GET', url: at(uuid, '/download') })).body, 'versie drie!');
    assert.equal(
      (await t.request({ method: 'GET', url: at(uuid, '/download?versie=1') })).body,
      'versie een',
    );
    const old = await t.request({ method: 'GET', url: at(uuid, '?versie=1') });
    assert.equal(old.json().titel, 'brief');
    assert.equal(old.json().versie, 1);
    assert.equal((await t.request({ method: 'GET', url: at(uuid, '?versie=9') })).statusCode, 404);
    const reg = await t.request({
      method: 'GET',
      url: at(uuid, `?registratieOp=${encodeURIComponent(old.json().beginRegistratie)}`),
    });
    assert.equal(reg.json().versie, 1);
    const before = await t.request({ method: 'GET', url: at(uuid, '?registratieOp=2000-01-01T00:00:00Z') });
    assert.equal(before.statusCode, 404);
  });

  it('PATCH checks the effective file size (file-size)', async () => {
    const uuid = await newDoc();
    const l = await lock(uuid);
    const res = await t.request({
      method: 'PATCH',
      url: at(uuid),
      payload: { inhoud: b64('ander formaat'), lock: l },
    });
    assert.deepEqual(codes(res), ['nonFieldErrors:file-size']);
    const size = await t.request({ method: 'PATCH', url: at(uuid), payload: { bestandsomvang: 3, lock: l } });
    assert.deepEqual(codes(size), ['nonFieldErrors:file-size']);
  });

  it('PUT resets omitted fields and drops the file unless sent', async () => {
    const uuid = await newDoc({
      beschrijving: 'weg',
      ondertekening: { soort: 'analoog', datum: '2020-01-01' },
    });
    const l = await lock(uuid);
    const res = await t.request({ method: 'PUT', url: at(uuid), payload: { ...eioBody(iot), lock: l } });
    assert.equal(res.statusCode, 200, res.body);
    const eio = res.json();
    assert.equal(eio.versie, 2);
    assert.equal(eio.beschrijving, '');
    assert.equal(eio.inhoud, null);
    assert.deepEqual(eio.ondertekening, { soort: 'analoog', datum: '2020-01-01' });
    assert.equal(eio.lock, undefined);
  });

  it('PATCH needs documenten.bijwerken on the document and on a new informatieobjecttype', async () => {
    const uuid = await newDoc();
    const l = await lock(uuid);
    const other = (await insertIot(t)).url;
    const token = await t.tokenWith([
      {
        scopes: ['documenten.bijwerken'],
        informatieobjecttype: iot,
        maxVertrouwelijkheidaanduiding: 'zeer_geheim',
      },
    ]);
    const as = { authorization: `Bearer ${token}` };
    const ok = await t.request({
      method: 'PATCH',
      url: at(uuid),
      payload: { titel: 'mag', lock: l },
      headers: as,
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const move = await t.request({
      method: 'PATCH',
      url: at(uuid),
      payload: { informatieobjecttype: other, lock: l },
      headers: as,
    });
    assert.equal(move.statusCode, 403);
    const none = await t.tokenWith([
      {
        scopes: ['documenten.lezen'],
        informatieobjecttype: iot,
        maxVertrouwelijkheidaanduiding: 'zeer_geheim',
      },
    ]);
    const denied = await t.request({
      method: 'PATCH',
      url: at(uuid),
      payload: { titel: 'x', lock: l },
      headers: { authorization: `Bearer ${none}` },
    });
    assert.equal(denied.statusCode, 403);
  });

  it('unlock needs the lock value unless forced', async () => {
    const uuid = await newDoc();
    const l = await lock(uuid);
    const locker = await t.tokenWith([
      {
        scopes: ['documenten.lock'],
        informatieobjecttype: iot,
        maxVertrouwelijkheidaanduiding: 'zeer_geheim',
      },
    ]);
    const as = { authorization: `Bearer ${locker}` };
    const wrong = await t.request({
      method: 'POST',
      url: at(uuid, '/unlock'),
      payload: { lock: 'x' },
      headers: as,
    });
    assert.deepEqual(codes(wrong), ['nonFieldErrors:incorrect-lock-id']);
    const missing = await t.request({ method: 'POST', url: at(uuid, '/unlock'), payload: {}, headers: as });
    assert.deepEqual(codes(missing), ['nonFieldErrors:incorrect-lock-id']);
    const ok = await t.request({
      method: 'POST',
      url: at(uuid, '/unlock'),
      payload: { lock: l },
      headers: as,
    });
    assert.equal(ok.statusCode, 204);
    await lock(uuid);
    const forcer = await t.tokenWith([
      {
        scopes: ['documenten.geforceerd-unlock'],
        informatieobjecttype: iot,
        maxVertrouwelijkheidaanduiding: 'zeer_geheim',
      },
    ]);
    const forced = await t.request({
      method: 'POST',
      url: at(uuid, '/unlock'),
      payload: {},
      headers: { authorization: `Bearer ${forcer}` },
    });
    assert.equal(forced.statusCode, 204);
    assert.equal((await t.request({ method: 'GET', url: at(uuid) })).json().locked, false);
  });

  it('DELETE refuses a locked document or one related to a zaak, then removes rows and files', async () => {
    const uuid = await newDoc();
    const l = await lock(uuid);
    await t.request({
      method: 'PATCH',
      url: at(uuid),
      payload: { inhoud: b64('twee'), bestandsomvang: 4, lock: l },
    });
    assert.deepEqual(codes(await t.request({ method: 'DELETE', url: at(uuid) })), [
      'nonFieldErrors:destroy-locked',
    ]);
    await t.request({ method: 'POST', url: at(uuid, '/unlock'), payload: { lock: l } });
    const doc = await t.db.pool.query('select id from documents where uuid = $1', [uuid]);
    const zt = await t.db.pool.query(
      `insert into zaaktypen (uuid, catalogus_id, identificatie, omschrijving, vertrouwelijkheidaanduiding, begin_geldigheid, versiedatum)
       select gen_random_uuid(), id, 'ZT', 'zt', 'openbaar', '2020-01-01', '2020-01-01' from catalogussen limit 1 returning id`,
    );
    const zaak = await t.db.pool.query(
      `insert into zaken (uuid, identificatie, bronorganisatie, verantwoordelijke_organisatie, zaaktype_id, registratiedatum, startdatum, vertrouwelijkheidaanduiding)
       values (gen_random_uuid(), 'Z-1', '159351741', '159351741', $1, '2020-01-01', '2020-01-01', 'openbaar') returning id`,
      [zt.rows[0].id],
    );
    await t.db.pool.query(
      'insert into zaakinformatieobjecten (uuid, zaak_id, document_id) values (gen_random_uuid(), $1, $2)',
      [zaak.rows[0].id, doc.rows[0].id],
    );
    assert.deepEqual(codes(await t.request({ method: 'DELETE', url: at(uuid) })), [
      'nonFieldErrors:pending-relations',
    ]);
    await t.db.pool.query('delete from zaakinformatieobjecten where document_id = $1', [doc.rows[0].id]);
    assert.ok((await storedFiles(t)).some((f) => f.startsWith(uuid)));
    const total = async () => (await t.request({ method: 'GET', url: EIO })).json().count as number;
    const countBefore = await total();
    assert.equal((await t.request({ method: 'DELETE', url: at(uuid) })).statusCode, 204);
    assert.equal(await total(), countBefore - 1);
    assert.equal((await t.request({ method: 'GET', url: at(uuid) })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: at(uuid, '/download') })).statusCode, 404);
    assert.ok(!(await storedFiles(t)).some((f) => f.startsWith(uuid)));
    const versions = await t.db.pool.query(
      'select count(*)::int as n from document_versions where document_id = $1',
      [doc.rows[0].id],
    );
    assert.equal(versions.rows[0].n, 0);
  });
});
