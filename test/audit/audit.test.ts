import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { b64, codes, createEio, EIO, eioBody, insertIot, uuidOf } from '../documenten/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeToken } from '../helpers/jwt.js';

/**
 * The audit trail of documents (Documenten API AuditTrail; issue 13 #3): one record per
 * create/update/partial_update/destroy/lock/unlock, written in the transaction of the change.
 */
interface Trail {
  uuid: string;
  bron: string;
  applicatieId: string;
  applicatieWeergave: string;
  gebruikersId: string;
  gebruikersWeergave: string;
  actie: string;
  actieWeergave: string;
  resultaat: number;
  hoofdObject: string;
  resource: string;
  resourceUrl: string;
  resourceWeergave: string;
  toelichting: string;
  aanmaakdatum: string;
  wijzigingen: { oud: Record<string, unknown> | null; nieuw: Record<string, unknown> | null };
}

describe('audit trail of enkelvoudiginformatieobjecten', () => {
  let t: TestApp;
  let iot: string;
  let token: string;
  let applicatieUuid: string;
  before(async () => {
    t = await createTestApp();
    iot = (await insertIot(t)).url;
    const made = await t.deps.credentials.upsertApplicatie({
      clientId: 'zaaksysteem',
      secret: 'geheim-zaaksysteem',
      label: 'Zaaksysteem Gemeente',
      heeftAlleAutorisaties: true,
    });
    applicatieUuid = made.uuid;
    token = await makeToken('zaaksysteem', 'geheim-zaaksysteem', {
      user_id: 'u-123',
      user_representation: 'Jan Jansen',
    });
  });
  after(() => t.close());

  const as = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });
  const trail = async (uuid: string): Promise<Trail[]> => {
    const res = await t.request({ method: 'GET', url: `${EIO}/${uuid}/audittrail` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Trail[];
  };
  async function newDoc(headers: Record<string, string> = {}): Promise<string> {
    const res = await t.request({
      method: 'POST',
      url: EIO,
      payload: eioBody(iot, {
        inhoud: b64('een'),
        bestandsnaam: 'a.txt',
        identificatie: `D-${Date.now()}-${Math.random()}`,
      }),
      headers: as(headers),
    });
    assert.equal(res.statusCode, 201, res.body);
    return uuidOf(res.json().url);
  }

  it('records a create with the caller, the JWT claims, X-Audit-Toelichting and the new resource', async () => {
    const uuid = await newDoc({ 'x-audit-toelichting': 'Aangevraagd door burger' });
    const [rec, ...rest] = await trail(uuid);
    assert.equal(rest.length, 0);
    assert.ok(rec);
    const url = `http://testserver${EIO}/${uuid}`;
    assert.equal(rec.bron, 'drc');
    assert.equal(rec.applicatieId, applicatieUuid);
    assert.equal(rec.applicatieWeergave, 'Zaaksysteem Gemeente');
    assert.equal(rec.gebruikersId, 'u-123');
    assert.equal(rec.gebruikersWeergave, 'Jan Jansen');
    assert.equal(rec.actie, 'create');
    assert.equal(rec.actieWeergave, 'Object aangemaakt');
    assert.equal(rec.resultaat, 201);
    assert.equal(rec.hoofdObject, url);
    assert.equal(rec.resource, 'enkelvoudiginformatieobject');
    assert.equal(rec.resourceUrl, url);
    assert.match(rec.resourceWeergave, /^159351741 - D-/);
    assert.equal(rec.toelichting, 'Aangevraagd door burger');
    assert.match(rec.aanmaakdatum, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.equal(rec.wijzigingen.oud, null);
    assert.equal(rec.wijzigingen.nieuw?.url, url);
    assert.equal(rec.wijzigingen.nieuw?.versie, 1);
    const one = await t.request({ method: 'GET', url: `${EIO}/${uuid}/audittrail/${rec.uuid}` });
    assert.equal(one.statusCode, 200, one.body);
    assert.deepEqual(one.json(), rec);
  });

  it('records lock, partial_update, update and unlock once each, with oud and nieuw', async () => {
    const uuid = await newDoc();
    const lock = (await t.request({ method: 'POST', url: `${EIO}/${uuid}/lock`, headers: as() })).json()
      .lock as string;
    const patch = await t.request({
      method: 'PATCH',
      url: `${EIO}/${uuid}`,
      payload: { titel: 'tweede', lock },
      headers: as(),
    });
    assert.equal(patch.statusCode, 200, patch.body);
    const put = await t.request({
      method: 'PUT',
      url: `${EIO}/${uuid}`,
      payload: eioBody(iot, { titel: 'derde', lock }),
      headers: as(),
    });
    assert.equal(put.statusCode, 200, put.body);
    const unlock = await t.request({
      method: 'POST',
      url: `${EIO}/${uuid}/unlock`,
      payload: { lock },
      headers: as(),
    });
    assert.equal(unlock.statusCode, 204, unlock.body);
    const recs = await trail(uuid);
    assert.deepEqual(
      recs.map((r) => [r.actie, r.resultaat]),
      [
        ['create', 201],
        ['lock', 200],
        ['partial_update', 200],
        ['update', 200],
        ['unlock', 204],
      ],
    );
    const [, locked, patched, updated, unlocked] = recs;
    assert.equal(locked?.wijzigingen.oud?.locked, false);
    assert.equal(locked?.wijzigingen.nieuw?.locked, true);
    assert.equal(patched?.actieWeergave, 'Object deels bijgewerkt');
    assert.equal(patched?.wijzigingen.oud?.titel, 'brief');
    assert.equal(patched?.wijzigingen.nieuw?.titel, 'tweede');
    assert.equal(updated?.wijzigingen.oud?.titel, 'tweede');
    assert.equal(updated?.wijzigingen.nieuw?.titel, 'derde');
    assert.equal(updated?.wijzigingen.nieuw?.versie, 3);
    assert.equal(unlocked?.wijzigingen.nieuw?.locked, false);
    assert.ok(recs.every((r) => r.gebruikersWeergave === 'Jan Jansen'));
  });

  it('writes nothing for a refused change', async () => {
    const uuid = await newDoc();
    const before = (await trail(uuid)).length;
    const res = await t.request({
      method: 'PATCH',
      url: `${EIO}/${uuid}`,
      payload: { titel: 'x' },
      headers: as(),
    });
    assert.deepEqual(codes(res), ['nonFieldErrors:unlocked']);
    const lock = await t.request({ method: 'POST', url: `${EIO}/${uuid}/lock`, headers: as() });
    assert.equal(lock.statusCode, 200, lock.body);
    const again = await t.request({ method: 'POST', url: `${EIO}/${uuid}/lock`, headers: as() });
    assert.deepEqual(codes(again), ['nonFieldErrors:existing-lock']);
    const pending = await t.request({ method: 'DELETE', url: `${EIO}/${uuid}`, headers: as() });
    assert.deepEqual(codes(pending), ['nonFieldErrors:destroy-locked']);
    assert.deepEqual(
      (await trail(uuid)).map((r) => r.actie),
      ['create', 'lock'],
    );
    assert.equal(before, 1);
  });

  it('writes no record and keeps no change when the transaction rolls back after the record', async () => {
    // A fault after the audit insert, inside the same transaction: the change goes with it.
    await t.db.pool.query(`
      create function fail_rollback_audit() returns trigger language plpgsql as $$
      begin
        if new.resource_weergave like '%ROLLBACK%' then raise exception 'forced rollback'; end if;
        return new;
      end $$;
      create trigger fail_rollback_audit after insert on audit_trail
        for each row execute function fail_rollback_audit();`);
    const before = await t.db.pool.query<{ n: number }>('select count(*)::int as n from audit_trail');
    const docs = await t.db.pool.query<{ n: number }>('select count(*)::int as n from documents');
    const res = await createEio(t, eioBody(iot, { identificatie: 'ROLLBACK-1' }), token);
    assert.ok(res.statusCode >= 500, res.body);
    const afterAudit = await t.db.pool.query<{ n: number }>('select count(*)::int as n from audit_trail');
    const afterDocs = await t.db.pool.query<{ n: number }>('select count(*)::int as n from documents');
    assert.equal(afterAudit.rows[0]?.n, before.rows[0]?.n);
    assert.equal(afterDocs.rows[0]?.n, docs.rows[0]?.n);
    await t.db.pool.query('drop trigger fail_rollback_audit on audit_trail');
  });

  it('destroy removes the earlier records and keeps one destroy record, still readable', async () => {
    const uuid = await newDoc();
    const del = await t.request({ method: 'DELETE', url: `${EIO}/${uuid}`, headers: as() });
    assert.equal(del.statusCode, 204, del.body);
    const recs = await trail(uuid);
    assert.deepEqual(
      recs.map((r) => [r.actie, r.resultaat]),
      [['destroy', 204]],
    );
    assert.equal(recs[0]?.wijzigingen.nieuw, null);
    assert.equal(recs[0]?.wijzigingen.oud?.url, `http://testserver${EIO}/${uuid}`);
  });
});

describe('GET /enkelvoudiginformatieobjecten/{uuid}/audittrail', () => {
  let t: TestApp;
  let iot: string;
  let other: string;
  let doc: string;
  let otherDoc: string;
  before(async () => {
    t = await createTestApp();
    iot = (await insertIot(t)).url;
    other = (await insertIot(t)).url;
    const a = await createEio(t, eioBody(iot, { vertrouwelijkheidaanduiding: 'zaakvertrouwelijk' }));
    doc = uuidOf(a.json().url);
    const b = await createEio(t, eioBody(other));
    otherDoc = uuidOf(b.json().url);
  });
  after(() => t.close());

  const get = (url: string, token: string) =>
    t.request({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const grant = (scopes: string[], type: string, max: string) =>
    t.tokenWith([
      { component: 'drc', scopes, informatieobjecttype: type, maxVertrouwelijkheidaanduiding: max },
    ]);

  it('needs audittrails.lezen (403 with documenten.lezen only)', async () => {
    const token = await grant(['documenten.lezen'], iot, 'zeer_geheim');
    const res = await get(`${EIO}/${doc}/audittrail`, token);
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().code, 'permission_denied');
  });

  it('allows audittrails.lezen for the document’s type and vertrouwelijkheid only', async () => {
    const ok = await grant(['audittrails.lezen'], iot, 'zaakvertrouwelijk');
    const list = await get(`${EIO}/${doc}/audittrail`, ok);
    assert.equal(list.statusCode, 200, list.body);
    const recs = list.json() as Trail[];
    assert.equal(recs.length, 1);
    // only this document's records, never another's
    assert.ok(recs.every((r) => r.hoofdObject.endsWith(doc)));
    const one = await get(`${EIO}/${doc}/audittrail/${recs[0]?.uuid}`, ok);
    assert.equal(one.statusCode, 200, one.body);

    const lowVa = await grant(['audittrails.lezen'], iot, 'intern');
    assert.equal((await get(`${EIO}/${doc}/audittrail`, lowVa)).statusCode, 403);
    assert.equal((await get(`${EIO}/${doc}/audittrail/${recs[0]?.uuid}`, lowVa)).statusCode, 403);
    const otherType = await grant(['audittrails.lezen'], other, 'zeer_geheim');
    assert.equal((await get(`${EIO}/${doc}/audittrail`, otherType)).statusCode, 403);
    assert.equal((await get(`${EIO}/${otherDoc}/audittrail`, otherType)).statusCode, 200);
  });

  it('answers 404 for an unknown document, a record of another document, and a non-uuid', async () => {
    const rec = (
      (await t.request({ method: 'GET', url: `${EIO}/${otherDoc}/audittrail` })).json() as Trail[]
    )[0];
    assert.ok(rec);
    const cross = await t.request({ method: 'GET', url: `${EIO}/${doc}/audittrail/${rec.uuid}` });
    assert.equal(cross.statusCode, 404, cross.body);
    const unknown = await t.request({
      method: 'GET',
      url: `${EIO}/5d940d52-ff5e-4b18-a769-977af9130c04/audittrail`,
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `${EIO}/nope/audittrail` })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `${EIO}/${doc}/audittrail/nope` })).statusCode, 404);
  });

  it('answers [] for a document without records (an imported one)', async () => {
    await t.db.pool.query(`delete from audit_trail where hoofd_object_uuid = $1`, [otherDoc]);
    const res = await t.request({ method: 'GET', url: `${EIO}/${otherDoc}/audittrail` });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), []);
  });
});
