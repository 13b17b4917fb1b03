import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { b64, codes, createEio, EIO, eioBody, insertIot, storedFiles, uuidOf } from './fixtures.js';

describe('POST /enkelvoudiginformatieobjecten', () => {
  let t: TestApp;
  let iot: string;
  before(async () => {
    t = await createTestApp();
    iot = (await insertIot(t, { vertrouwelijkheidaanduiding: 'zaakvertrouwelijk' })).url;
  });
  after(async () => t.close());

  it('creates a document with a base64 file and returns 201, Location and lock ""', async () => {
    const res = await createEio(t, eioBody(iot, { inhoud: b64('hello world'), bestandsnaam: 'hello.txt' }));
    assert.equal(res.statusCode, 201, res.body);
    const eio = res.json();
    assert.equal(res.headers.location, eio.url);
    assert.equal(res.headers['api-version'], '1.5.0');
    assert.equal(eio.lock, '');
    assert.equal(eio.versie, 1);
    assert.equal(eio.bestandsomvang, 11);
    assert.equal(eio.locked, false);
    assert.equal(eio.vertrouwelijkheidaanduiding, 'zaakvertrouwelijk');
    assert.match(eio.identificatie, /^DOCUMENT-2018-\d{10}$/);
    assert.equal(eio.inhoud, `${eio.url}/download?versie=1`);
    assert.deepEqual(Object.keys(eio).slice(0, 4), [
      'url',
      'identificatie',
      'bronorganisatie',
      'creatiedatum',
    ]);
    const dl = await t.request({ method: 'GET', url: `${EIO}/${uuidOf(eio.url)}/download` });
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.body, 'hello world');
    assert.match(String(dl.headers['content-disposition']), /filename="hello.txt"/);
  });

  it('accepts a data: prefix and generates ascending identificaties per year', async () => {
    const a = (await createEio(t, eioBody(iot, { inhoud: `data:text/plain;base64,${b64('x')}` }))).json();
    const b = (await createEio(t, eioBody(iot))).json();
    assert.equal(a.bestandsomvang, 1);
    assert.ok(b.identificatie > a.identificatie);
  });

  it('stores metadata only when there is no inhoud, and an empty file for bestandsomvang 0', async () => {
    const meta = (await createEio(t, eioBody(iot, { inhoud: null }))).json();
    assert.equal(meta.inhoud, null);
    assert.equal(meta.bestandsomvang, null);
    const noFile = await t.request({ method: 'GET', url: `${EIO}/${uuidOf(meta.url)}/download` });
    assert.equal(noFile.statusCode, 204);
    const empty = (await createEio(t, eioBody(iot, { bestandsomvang: 0 }))).json();
    assert.equal(empty.inhoud, `${empty.url}/download?versie=1`);
    const dl = await t.request({ method: 'GET', url: `${EIO}/${uuidOf(empty.url)}/download` });
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.rawPayload.length, 0);
    const blank = (await createEio(t, eioBody(iot, { inhoud: '' }))).json();
    assert.equal(blank.inhoud, null);
  });

  it('treats vertrouwelijkheidaanduiding "" as absent and keeps an explicit value', async () => {
    assert.equal(
      (await createEio(t, eioBody(iot, { vertrouwelijkheidaanduiding: '' }))).json()
        .vertrouwelijkheidaanduiding,
      'zaakvertrouwelijk',
    );
    assert.equal(
      (await createEio(t, eioBody(iot, { vertrouwelijkheidaanduiding: 'geheim' }))).json()
        .vertrouwelijkheidaanduiding,
      'geheim',
    );
  });

  it('refuses a duplicate identificatie for the same bronorganisatie', async () => {
    assert.equal((await createEio(t, eioBody(iot, { identificatie: 'EIGEN-1' }))).statusCode, 201);
    const dup = await createEio(t, eioBody(iot, { identificatie: 'EIGEN-1' }));
    assert.equal(dup.statusCode, 400);
    assert.deepEqual(codes(dup), ['identificatie:identificatie-niet-uniek']);
  });

  it('never generates an identificatie that a client supplied', async () => {
    const supplied = (await createEio(t, eioBody(iot, { identificatie: 'DOCUMENT-2019-0000000041' }))).json();
    assert.equal(supplied.identificatie, 'DOCUMENT-2019-0000000041');
    const gen = (await createEio(t, eioBody(iot, { creatiedatum: '2019-03-01' }))).json();
    assert.equal(gen.identificatie, 'DOCUMENT-2019-0000000042');
  });

  it('checks bestandsomvang against the decoded size (file-size)', async () => {
    const res = await createEio(t, eioBody(iot, { inhoud: b64('abc'), bestandsomvang: 4 }));
    assert.deepEqual(codes(res), ['nonFieldErrors:file-size']);
    const nul = await createEio(t, eioBody(iot, { inhoud: b64('abc'), bestandsomvang: null }));
    assert.deepEqual(codes(nul), ['nonFieldErrors:file-size']);
  });

  it('reports informatieobjecttype problems', async () => {
    const unknown = await createEio(
      t,
      eioBody('http://testserver/catalogi/api/v1/informatieobjecttypen/00000000-0000-4000-8000-000000000000'),
    );
    assert.deepEqual(codes(unknown), ['informatieobjecttype:does_not_exist']);
    const concept = (await insertIot(t, { concept: true })).url;
    assert.deepEqual(codes(await createEio(t, eioBody(concept))), ['informatieobjecttype:not-published']);
    assert.deepEqual(codes(await createEio(t, eioBody('geen-url'))), ['informatieobjecttype:bad-url']);
    assert.deepEqual(
      codes(await createEio(t, eioBody('https://elders.example/catalogi/api/v1/informatieobjecttypen/x'))),
      ['informatieobjecttype:unknown-service'],
    );
  });

  it('reports field errors together with the DRF codes', async () => {
    const res = await createEio(t, {
      ...eioBody(iot),
      bronorganisatie: '123456789',
      titel: 'x'.repeat(5000),
      taal: 'nl',
      creatiedatum: '2020-13-01',
      trefwoorden: ['a', ''],
      ondertekening: { soort: 'analoog' },
      onbekend: 'genegeerd',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(codes(res), [
      'bronorganisatie:invalid',
      'creatiedatum:invalid',
      'titel:max_length',
      'taal:min_length',
      'ondertekening.datum:required',
      'trefwoorden.1:blank',
    ]);
    const status = await createEio(t, eioBody(iot, { status: 'in_bewerking', ontvangstdatum: '2020-01-01' }));
    assert.deepEqual(codes(status), ['status:invalid_for_received']);
    const gebruik = await createEio(t, eioBody(iot, { indicatieGebruiksrecht: true }));
    assert.deepEqual(codes(gebruik), ['indicatieGebruiksrecht:missing-gebruiksrechten']);
  });

  it('ignores unknown and read-only keys', async () => {
    const res = await createEio(t, {
      ...eioBody(iot),
      onbekendVeld: { diep: [1, 2] },
      versie: 99,
      locked: true,
      lock: 'x',
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().versie, 1);
    assert.equal(res.json().locked, false);
    assert.equal(res.json().onbekendVeld, undefined);
  });

  it('accepts snake_case keys', async () => {
    const res = await createEio(t, {
      ...eioBody(iot),
      indicatie_gebruiksrecht: false,
      bestandsnaam: 'a.txt',
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().indicatieGebruiksrecht, false);
  });

  it('rejects bad base64 and leaves no file and no row behind', async () => {
    const before = await storedFiles(t);
    const count = async () => Number((await t.db.pool.query('select count(*) from documents')).rows[0].count);
    const n = await count();
    assert.deepEqual(codes(await createEio(t, eioBody(iot, { inhoud: 'aGVsbG8' }))), [
      'inhoud:incorrect-base64-padding',
    ]);
    assert.deepEqual(codes(await createEio(t, eioBody(iot, { inhoud: 'aGV$bG8=' }))), [
      'inhoud:invalid-base64',
    ]);
    const bad = await createEio(t, eioBody(iot, { inhoud: b64('x'.repeat(5000)), titel: '' }));
    assert.deepEqual(codes(bad), ['titel:blank']);
    assert.deepEqual(await storedFiles(t), before);
    assert.equal(await count(), n);
  });

  it('answers parse_error for broken JSON and 415 for another content type', async () => {
    const broken = await t.request({
      method: 'POST',
      url: EIO,
      payload: `{"titel": "x", "inhoud": "${b64('abc')}"`,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().code, 'parse_error');
    const text = await t.request({
      method: 'POST',
      url: EIO,
      payload: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(text.statusCode, 415);
  });

  it('cuts a path out of bestandsnaam in the download header', async () => {
    const eio = (
      await createEio(t, eioBody(iot, { inhoud: b64('p'), bestandsnaam: '../../etc/passwd' }))
    ).json();
    assert.equal(eio.bestandsnaam, '../../etc/passwd');
    const dl = await t.request({ method: 'GET', url: `${EIO}/${uuidOf(eio.url)}/download` });
    assert.match(String(dl.headers['content-disposition']), /filename="passwd"/);
    assert.equal(dl.body, 'p');
  });
});
