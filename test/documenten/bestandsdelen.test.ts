import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cleanupAbandonedUploads } from '../../src/documenten/bestandsdelen/cleanup.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { Readable } from 'node:stream';
import {
  createUpload,
  fileField,
  form,
  lockField,
  partPath,
  putPart,
  unlock,
} from './bestandsdelen-fixtures.js';
import { b64, codes, createEio, EIO, eioBody, insertIot, storedFiles } from './fixtures.js';

/** Bestandsdelen (the Documenten API bestandsdelen flow) with parts of 10 bytes, over HTTP on real storage. */
describe('bestandsdelen: large-file upload in parts', () => {
  let t: TestApp;
  let iot: string;
  before(async () => {
    t = await createTestApp({ env: { BESTANDSDELEN_PART_BYTES: '10' } });
    iot = (await insertIot(t)).url;
  });
  after(async () => t.close());

  const get = async (uuid: string) => (await t.request({ method: 'GET', url: `${EIO}/${uuid}` })).json();
  const download = (uuid: string) => t.request({ method: 'GET', url: `${EIO}/${uuid}/download` });
  const docFiles = async (uuid: string) => (await storedFiles(t)).filter((f) => f.includes(uuid));

  it('creates the document locked, with its parts and the lock in the answer', async () => {
    const up = await createUpload(t, iot, 25);
    assert.equal(up.res.statusCode, 201, up.res.body);
    const eio = up.res.json();
    assert.equal(eio.locked, true);
    assert.match(up.lock, /^[0-9a-f]{32}$/);
    assert.equal(eio.inhoud, null);
    assert.equal(eio.bestandsomvang, 25);
    assert.deepEqual(
      up.parts.map((p) => [p.volgnummer, p.omvang, p.voltooid, p.lock]),
      [
        [1, 10, false, up.lock],
        [2, 10, false, up.lock],
        [3, 5, false, up.lock],
      ],
    );
    assert.match(
      up.parts[0]?.url ?? '',
      /^http:\/\/testserver\/documenten\/api\/v1\/bestandsdelen\/[0-9a-f-]{36}$/,
    );
    // readers see the parts, not the lock
    const read = await get(up.uuid);
    assert.deepEqual(
      read.bestandsdelen.map((p: { url: string; lock: string }) => [p.url, p.lock]),
      up.parts.map((p) => [p.url, '']),
    );
    const list = await t.request({ method: 'GET', url: `${EIO}?locked=true` });
    const item = list.json().results.find((r: { url: string }) => r.url === eio.url);
    assert.equal(item.bestandsdelen.length, 3);
  });

  it('uploads every part, merges them on unlock and serves the whole file', async () => {
    const up = await createUpload(t, iot, 25);
    const [p1, p2, p3] = up.parts as [(typeof up.parts)[0], (typeof up.parts)[0], (typeof up.parts)[0]];
    const r1 = await putPart(t, p1.url, [lockField(up.lock), fileField('0123456789')]);
    assert.equal(r1.statusCode, 200, r1.body);
    assert.deepEqual(r1.json(), { url: p1.url, volgnummer: 1, omvang: 10, voltooid: true, lock: up.lock });
    // `inhoud` before `lock` is accepted too
    const r2 = await putPart(t, p2.url, [fileField('abcdefghij'), lockField(up.lock)]);
    assert.equal(r2.statusCode, 200, r2.body);
    // a field without a filename is still the file (curl -F 'inhoud=<file')
    const r3 = await putPart(t, p3.url, [lockField(up.lock), { name: 'inhoud', value: 'KLMNO' }]);
    assert.equal(r3.statusCode, 200, r3.body);
    assert.deepEqual(
      (await get(up.uuid)).bestandsdelen.map((p: { voltooid: boolean }) => p.voltooid),
      [true, true, true],
    );
    const res = await unlock(t, up.uuid, up.lock);
    assert.equal(res.statusCode, 204, res.body);
    const eio = await get(up.uuid);
    assert.equal(eio.locked, false);
    assert.deepEqual(eio.bestandsdelen, []);
    assert.equal(eio.versie, 1);
    assert.equal(eio.bestandsomvang, 25);
    assert.equal(eio.inhoud, `${eio.url}/download?versie=1`);
    assert.equal((await download(up.uuid)).body, '0123456789abcdefghijKLMNO');
    // the parts are gone: their urls answer 404, one file is left for the document
    assert.equal((await putPart(t, p1.url, [lockField(up.lock), fileField('0123456789')])).statusCode, 404);
    const rows = await t.db.pool.query(
      'SELECT 1 FROM bestandsdelen b JOIN documents d ON d.id = b.document_id WHERE d.uuid = $1',
      [up.uuid],
    );
    assert.equal(rows.rowCount, 0);
    assert.equal((await docFiles(up.uuid)).length, 1);
  });

  it('refuses a wrong lock, a missing lock or file and a wrong size', async () => {
    const up = await createUpload(t, iot, 25);
    const url = up.parts[0]?.url as string;
    const wrong = await putPart(t, url, [lockField('f'.repeat(32)), fileField('0123456789')]);
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(codes(wrong), ['nonFieldErrors:incorrect-lock-id']);
    assert.deepEqual(codes(await putPart(t, url, [fileField('0123456789')])), ['lock:required']);
    assert.deepEqual(codes(await putPart(t, url, [lockField(up.lock)])), ['inhoud:required']);
    assert.deepEqual(codes(await putPart(t, url, [lockField(''), fileField('0123456789')])), ['lock:blank']);
    assert.deepEqual(codes(await putPart(t, url, [lockField(up.lock), fileField('012345678')])), [
      'nonFieldErrors:file-size',
    ]);
    assert.deepEqual(codes(await putPart(t, url, [lockField(up.lock), fileField('0123456789X')])), [
      'nonFieldErrors:file-size',
    ]);
    assert.deepEqual(codes(await putPart(t, url, [fileField('0123456789X'), lockField(up.lock)])), [
      'nonFieldErrors:file-size',
    ]);
    const json = await t.request({ method: 'PUT', url: partPath(url), payload: { lock: up.lock } });
    assert.equal(json.statusCode, 415);
    const unknown = await putPart(
      t,
      `${EIO.replace('enkelvoudiginformatieobjecten', 'bestandsdelen')}/${up.uuid}`,
      [lockField(up.lock), fileField('0123456789')],
    );
    assert.equal(unknown.statusCode, 404);
    assert.equal((await get(up.uuid)).bestandsdelen[0].voltooid, false);
  });

  it('refuses to unlock with parts missing (incomplete-upload) or none uploaded (file-size)', async () => {
    const up = await createUpload(t, iot, 25);
    assert.deepEqual(codes(await unlock(t, up.uuid, up.lock)), ['nonFieldErrors:file-size']);
    await putPart(t, up.parts[0]?.url as string, [lockField(up.lock), fileField('0123456789')]);
    await putPart(t, up.parts[2]?.url as string, [lockField(up.lock), fileField('01234')]);
    assert.deepEqual(codes(await unlock(t, up.uuid, up.lock)), ['nonFieldErrors:incomplete-upload']);
    const eio = await get(up.uuid);
    assert.equal(eio.locked, true);
    assert.deepEqual(
      eio.bestandsdelen.map((p: { voltooid: boolean }) => p.voltooid),
      [true, false, true],
    );
    assert.equal((await download(up.uuid)).statusCode, 204);
  });

  it('a part uploaded twice replaces the earlier bytes', async () => {
    const up = await createUpload(t, iot, 15);
    const [p1, p2] = up.parts as [(typeof up.parts)[0], (typeof up.parts)[0]];
    await putPart(t, p1.url, [lockField(up.lock), fileField('aaaaaaaaaa')]);
    await putPart(t, p2.url, [lockField(up.lock), fileField('ccccc')]);
    const again = await putPart(t, p1.url, [lockField(up.lock), fileField('bbbbbbbbbb')]);
    assert.equal(again.statusCode, 200, again.body);
    // a failed re-upload leaves the part to be uploaded again, never half old and half new
    await putPart(t, p2.url, [lockField(up.lock), fileField('dd')]);
    assert.deepEqual(codes(await unlock(t, up.uuid, up.lock)), ['nonFieldErrors:incomplete-upload']);
    await putPart(t, p2.url, [lockField(up.lock), fileField('ddddd')]);
    assert.equal((await unlock(t, up.uuid, up.lock)).statusCode, 204);
    assert.equal((await download(up.uuid)).body, 'bbbbbbbbbbddddd');
  });

  it('one writer per part: a second upload of the same part waits for the first', async () => {
    const up = await createUpload(t, iot, 10);
    const url = up.parts[0]?.url as string;
    const slow = form([lockField(up.lock), fileField('1111111111')]);
    const cut = slow.payload.length - 30; // inside the file bytes
    const order: string[] = [];
    const first = t
      .request({
        method: 'PUT',
        url: partPath(url),
        headers: slow.headers,
        payload: Readable.from(
          (async function* () {
            yield slow.payload.subarray(0, cut);
            await new Promise((r) => setTimeout(r, 1500));
            yield slow.payload.subarray(cut);
          })(),
        ),
      })
      .then((r) => {
        order.push('first');
        return r;
      });
    await new Promise((r) => setTimeout(r, 500));
    const second = putPart(t, url, [lockField(up.lock), fileField('2222222222')]).then((r) => {
      order.push('second');
      return r;
    });
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.statusCode, 200, a.body);
    assert.equal(b.statusCode, 200, b.body);
    assert.deepEqual(order, ['first', 'second']);
    assert.equal((await unlock(t, up.uuid, up.lock)).statusCode, 204);
    assert.equal((await download(up.uuid)).body, '2222222222');
  });

  it('a forced unlock (documenten.geforceerd-unlock) drops an incomplete upload', async () => {
    const up = await createUpload(t, iot, 25);
    await putPart(t, up.parts[0]?.url as string, [lockField(up.lock), fileField('0123456789')]);
    assert.ok((await docFiles(up.uuid)).length > 0);
    const force = await t.tokenWith([
      {
        scopes: ['documenten.geforceerd-unlock', 'documenten.lezen'],
        informatieobjecttype: iot,
        maxVertrouwelijkheidaanduiding: 'openbaar',
      },
    ]);
    const res = await unlock(t, up.uuid, undefined, force);
    assert.equal(res.statusCode, 204, res.body);
    const eio = await get(up.uuid);
    assert.equal(eio.locked, false);
    assert.deepEqual(eio.bestandsdelen, []);
    assert.equal(eio.bestandsomvang, null);
    assert.equal(eio.inhoud, null);
    assert.deepEqual(await docFiles(up.uuid), []);
    // with every part uploaded a forced unlock merges them, as Open Zaak does
    const full = await createUpload(t, iot, 5);
    await putPart(t, full.parts[0]?.url as string, [lockField(full.lock), fileField('vijf!')]);
    assert.equal((await unlock(t, full.uuid, undefined, force)).statusCode, 204);
    assert.equal((await download(full.uuid)).body, 'vijf!');
  });

  it('PUT/PATCH with another bestandsomvang re-plan the parts; a metadata PATCH keeps them', async () => {
    const up = await createUpload(t, iot, 25);
    const url = `${EIO}/${up.uuid}`;
    await putPart(t, up.parts[0]?.url as string, [lockField(up.lock), fileField('0123456789')]);
    const meta = await t.request({ method: 'PATCH', url, payload: { titel: 'nieuw', lock: up.lock } });
    assert.equal(meta.statusCode, 200, meta.body);
    assert.equal(meta.json().versie, 2);
    assert.deepEqual(
      meta
        .json()
        .bestandsdelen.map((p: { url: string; voltooid: boolean; lock: string }) => [
          p.url,
          p.voltooid,
          p.lock,
        ]),
      up.parts.map((p, i) => [p.url, i === 0, up.lock]),
    );
    const patch = await t.request({ method: 'PATCH', url, payload: { bestandsomvang: 12, lock: up.lock } });
    assert.equal(patch.statusCode, 200, patch.body);
    const parts = patch.json().bestandsdelen as { url: string; omvang: number; voltooid: boolean }[];
    assert.deepEqual(
      parts.map((p) => [p.omvang, p.voltooid]),
      [
        [10, false],
        [2, false],
      ],
    );
    assert.ok(!parts.some((p) => up.parts.some((o) => o.url === p.url)));
    assert.equal(
      (await putPart(t, up.parts[0]?.url as string, [lockField(up.lock), fileField('0123456789')]))
        .statusCode,
      404,
    );
    const put = await t.request({
      method: 'PUT',
      url,
      payload: { ...eioBody(iot), bestandsomvang: 3, lock: up.lock },
    });
    assert.equal(put.statusCode, 200, put.body);
    const [only] = put.json().bestandsdelen;
    assert.equal(only.omvang, 3);
    await putPart(t, only.url, [lockField(up.lock), fileField('xyz')]);
    assert.equal((await unlock(t, up.uuid, up.lock)).statusCode, 204);
    const eio = await get(up.uuid);
    assert.equal(eio.versie, 4);
    assert.equal((await download(up.uuid)).body, 'xyz');
    assert.equal((await docFiles(up.uuid)).length, 1);
    // base64 inhoud on a locked upload replaces the plan too
    const b = await createUpload(t, iot, 25);
    const withFile = await t.request({
      method: 'PATCH',
      url: `${EIO}/${b.uuid}`,
      payload: { inhoud: b64('klein'), bestandsomvang: 5, lock: b.lock },
    });
    assert.deepEqual(withFile.json().bestandsdelen, []);
    assert.equal((await unlock(t, b.uuid, b.lock)).statusCode, 204);
    assert.equal((await download(b.uuid)).body, 'klein');
  });

  it('keeps bestandsomvang 0 (empty file) and null (no file) as they were: not locked, no parts', async () => {
    const empty = await createEio(t, eioBody(iot, { bestandsomvang: 0, inhoud: null }));
    assert.equal(empty.json().locked, false);
    assert.deepEqual(empty.json().bestandsdelen, []);
    assert.equal(empty.json().lock, '');
    assert.notEqual(empty.json().inhoud, null);
    const none = await createEio(t, eioBody(iot, { bestandsomvang: null, inhoud: null }));
    assert.equal(none.json().locked, false);
    assert.equal(none.json().inhoud, null);
    assert.deepEqual(none.json().bestandsdelen, []);
  });

  it('needs documenten.bijwerken for the document (403 otherwise)', async () => {
    const up = await createUpload(t, iot, 5);
    const url = up.parts[0]?.url as string;
    const fields = [lockField(up.lock), fileField('12345')];
    const reader = await t.tokenWith([
      {
        scopes: ['documenten.lezen', 'documenten.aanmaken'],
        informatieobjecttype: iot,
        maxVertrouwelijkheidaanduiding: 'zeer_geheim',
      },
    ]);
    assert.equal((await putPart(t, url, fields, reader)).statusCode, 403);
    const other = (await insertIot(t)).url;
    const elsewhere = await t.tokenWith([
      {
        scopes: ['documenten.bijwerken'],
        informatieobjecttype: other,
        maxVertrouwelijkheidaanduiding: 'zeer_geheim',
      },
    ]);
    assert.equal((await putPart(t, url, fields, elsewhere)).statusCode, 403);
    const writer = await t.tokenWith([
      {
        scopes: ['documenten.bijwerken'],
        informatieobjecttype: iot,
        maxVertrouwelijkheidaanduiding: 'openbaar',
      },
    ]);
    const ok = await putPart(t, url, fields, writer);
    assert.equal(ok.statusCode, 200, ok.body);
  });

  it('cleans up an abandoned upload after BESTANDSDELEN_RETENTION_HOURS; a recent one stays', async () => {
    const old = await createUpload(t, iot, 25);
    await putPart(t, old.parts[0]?.url as string, [lockField(old.lock), fileField('0123456789')]);
    await t.db.pool.query(
      `UPDATE bestandsdelen SET updated_at = now() - interval '200 hours'
       WHERE document_id = (SELECT id FROM documents WHERE uuid = $1)`,
      [old.uuid],
    );
    const recent = await createUpload(t, iot, 25);
    const cleaned = await cleanupAbandonedUploads(t.deps, new Date());
    assert.ok(cleaned.includes(old.uuid));
    assert.ok(!cleaned.includes(recent.uuid));
    const eio = await get(old.uuid);
    assert.equal(eio.locked, false);
    assert.deepEqual(eio.bestandsdelen, []);
    assert.equal(eio.bestandsomvang, null);
    assert.deepEqual(await docFiles(old.uuid), []);
    assert.equal((await get(recent.uuid)).bestandsdelen.length, 3);
  });
});
