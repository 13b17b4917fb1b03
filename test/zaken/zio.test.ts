import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import {
  basicSetup,
  createZaak,
  insertDocument,
  insertIot,
  type Iot,
  zioListUrl,
  type Zaaktype,
} from './fixtures.js';

let t: TestApp;
let zaaktype: Zaaktype;
let iot: Iot;
let catalogusId: number;

before(async () => {
  t = await createTestApp();
  ({ zaaktype, iot, catalogusId } = await basicSetup(t));
});
after(() => t.close());

const ZIO = '/zaken/api/v1/zaakinformatieobjecten';
const post = (payload: object) => t.request({ method: 'POST', url: ZIO, payload });

function invalid(res: { statusCode: number; body: string; json(): unknown }) {
  assert.equal(res.statusCode, 400, res.body);
  return (res.json() as { invalidParams: { name: string; code: string }[] }).invalidParams.map(
    (p) => `${p.name}:${p.code}`,
  );
}

async function mirrors(documentId: number) {
  const { rows } = await t.db.pool.query(
    `select object_type, zaak_id from object_informatieobjecten where document_id = $1`,
    [documentId],
  );
  return rows;
}

describe('POST /zaakinformatieobjecten', () => {
  it('links a document to a zaak, with its ObjectInformatieObject mirror; no CRS needed', async () => {
    const zaak = await createZaak(t, zaaktype.url);
    const doc = await insertDocument(t, { iot });
    const res = await post({
      zaak: zaak.url,
      informatieobject: doc.url,
      titel: 'bijlage',
      beschrijving: 'b',
    });
    assert.equal(res.statusCode, 201, res.body);
    const zio = res.json();
    assert.equal(zio.url, `${zioListUrl}/${zio.uuid}`);
    assert.equal(res.headers.location, zio.url);
    assert.equal(res.headers['content-crs'], undefined);
    assert.deepEqual(Object.keys(zio), [
      'url',
      'uuid',
      'informatieobject',
      'zaak',
      'aardRelatieWeergave',
      'titel',
      'beschrijving',
      'registratiedatum',
      'vernietigingsdatum',
      'status',
    ]);
    assert.equal(zio.aardRelatieWeergave, 'Hoort bij, omgekeerd: kent');
    assert.equal(zio.informatieobject, doc.url);
    assert.equal(zio.zaak, zaak.url);
    assert.match(zio.registratiedatum, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.equal(zio.vernietigingsdatum, null);
    assert.deepEqual(await mirrors(doc.id), [{ object_type: 'zaak', zaak_id: await zaakId(zaak.uuid) }]);

    const got = await t.request({ method: 'GET', url: `${ZIO}/${zio.uuid}` });
    assert.deepEqual(got.json(), zio);
    const zaakNow = await t.request({
      method: 'GET',
      url: `/zaken/api/v1/zaken/${zaak.uuid}`,
      headers: { 'accept-crs': 'EPSG:4326' },
    });
    assert.deepEqual(zaakNow.json().zaakinformatieobjecten, [zio.url]);
  });

  it('rejects a second link of the same pair with nonFieldErrors unique', async () => {
    const zaak = await createZaak(t, zaaktype.url);
    const doc = await insertDocument(t, { iot });
    assert.equal((await post({ zaak: zaak.url, informatieobject: doc.url })).statusCode, 201);
    assert.deepEqual(invalid(await post({ zaak: zaak.url, informatieobject: doc.url })), [
      'nonFieldErrors:unique',
    ]);
  });

  it('requires the informatieobjecttype to be one of the zaaktype', async () => {
    const zaak = await createZaak(t, zaaktype.url);
    const otherIot = await insertIot(t, catalogusId);
    for (const doc of [
      await insertDocument(t, { iot: otherIot }),
      await insertDocument(t, {
        externalIot: 'https://elders.example/catalogi/api/v1/informatieobjecttypen/1',
      }),
    ]) {
      assert.deepEqual(invalid(await post({ zaak: zaak.url, informatieobject: doc.url })), [
        'nonFieldErrors:missing-zaaktype-informatieobjecttype-relation',
      ]);
    }
  });

  it('requires the zaak archiefstatus nog_te_archiveren', async () => {
    const zaak = await createZaak(t, zaaktype.url, {
      archiefstatus: 'gearchiveerd',
      archiefnominatie: 'vernietigen',
      archiefactiedatum: '2040-01-01',
    });
    const doc = await insertDocument(t, { iot });
    assert.deepEqual(invalid(await post({ zaak: zaak.url, informatieobject: doc.url })), [
      'nonFieldErrors:zaak-archiefstatus-invalid',
    ]);
  });

  it('validates the references and fields', async () => {
    const zaak = await createZaak(t, zaaktype.url);
    const doc = await insertDocument(t, { iot });
    const missing = 'http://testserver/zaken/api/v1/zaken/00000000-0000-4000-8000-000000000000';
    const noDoc =
      'http://testserver/documenten/api/v1/enkelvoudiginformatieobjecten/00000000-0000-4000-8000-000000000000';
    assert.deepEqual(invalid(await post({ zaak: 'zaak', informatieobject: 'io' })).sort(), [
      'informatieobject:bad-url',
      'zaak:bad-url',
    ]);
    assert.deepEqual(invalid(await post({ zaak: missing, informatieobject: noDoc })).sort(), [
      'informatieobject:does_not_exist',
      'zaak:does_not_exist',
    ]);
    assert.deepEqual(invalid(await post({})).sort(), ['informatieobject:required', 'zaak:required']);
    const cases: [object, string][] = [
      [{ titel: 'x'.repeat(201) }, 'titel:max_length'],
      [{ vernietigingsdatum: '2026-13-01T00:00:00Z' }, 'vernietigingsdatum:invalid'],
      [{ vernietigingsdatum: 'morgen' }, 'vernietigingsdatum:invalid'],
      [{ titel: ['a', 'b'] }, 'titel:invalid'],
      [{ status: 'http://testserver/zaken/api/v1/statussen/1' }, 'status:does_not_exist'],
      [{ zaak: 'x'.repeat(1001) }, 'zaak:max_length'],
    ];
    for (const [extra, expected] of cases) {
      const got = invalid(await post({ zaak: zaak.url, informatieobject: doc.url, ...extra }));
      assert.ok(got.includes(expected), `${JSON.stringify(extra)} → ${got}`);
    }
  });

  it('refuses a closed zaak unless the caller may force updates', async () => {
    const zaak = await createZaak(t, zaaktype.url);
    await t.db.pool.query(`update zaken set einddatum = '2026-04-01' where uuid = $1`, [zaak.uuid]);
    const doc = await insertDocument(t, { iot });
    const base = { component: 'zrc', zaaktype: zaaktype.url, maxVertrouwelijkheidaanduiding: 'zeer_geheim' };
    const plain = await t.tokenWith([{ ...base, scopes: ['zaken.aanmaken', 'zaken.bijwerken'] }]);
    const forced = await t.tokenWith([{ ...base, scopes: ['zaken.geforceerd-bijwerken'] }]);
    const as = (token: string) =>
      t.request({
        method: 'POST',
        url: ZIO,
        headers: { authorization: `Bearer ${token}` },
        payload: { zaak: zaak.url, informatieobject: doc.url },
      });
    assert.equal((await as(plain)).statusCode, 403);
    assert.equal((await as(forced)).statusCode, 201);
  });
});

async function zaakId(uuid: string): Promise<number> {
  const { rows } = await t.db.pool.query<{ id: number }>('select id from zaken where uuid = $1', [uuid]);
  return rows[0]!.id;
}

describe('GET, PATCH, PUT and DELETE /zaakinformatieobjecten', () => {
  it('lists as a plain array, filtered by zaak and informatieobject', async () => {
    const zaak = await createZaak(t, zaaktype.url);
    const [d1, d2] = [await insertDocument(t, { iot }), await insertDocument(t, { iot })];
    for (const d of [d1, d2]) await post({ zaak: zaak.url, informatieobject: d.url });
    const list = async (qs: string) => {
      const res = await t.request({ method: 'GET', url: `${ZIO}?${qs}` });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as { informatieobject: string }[];
    };
    const byZaak = await list(`zaak=${encodeURIComponent(zaak.url)}`);
    assert.ok(Array.isArray(byZaak));
    assert.deepEqual(
      byZaak.map((z) => z.informatieobject),
      [d1.url, d2.url],
    );
    assert.equal((await list(`informatieobject=${encodeURIComponent(d2.url)}`)).length, 1);
    assert.equal((await list('zaak=https://elders.example/zaken/1')).length, 0);
    assert.deepEqual(invalid(await t.request({ method: 'GET', url: `${ZIO}?zaak=nope` })), ['zaak:invalid']);
    assert.deepEqual(invalid(await t.request({ method: 'GET', url: `${ZIO}?x=1` })), [
      'nonFieldErrors:unknown-parameters',
    ]);
  });

  it('updates titel and beschrijving; zaak and informatieobject are immutable', async () => {
    const zaak = await createZaak(t, zaaktype.url);
    const other = await createZaak(t, zaaktype.url);
    const doc = await insertDocument(t, { iot });
    const zio = (await post({ zaak: zaak.url, informatieobject: doc.url })).json();
    const patch = await t.request({
      method: 'PATCH',
      url: `${ZIO}/${zio.uuid}`,
      payload: { titel: 'nieuw', vernietigingsdatum: '2030-01-01T00:00:00Z' },
    });
    assert.equal(patch.statusCode, 200, patch.body);
    assert.equal(patch.json().titel, 'nieuw');
    assert.equal(patch.json().vernietigingsdatum, '2030-01-01T00:00:00Z');
    const put = await t.request({
      method: 'PUT',
      url: `${ZIO}/${zio.uuid}`,
      payload: { zaak: other.url, informatieobject: doc.url, titel: 'x' },
    });
    assert.deepEqual(invalid(put), ['zaak:wijzigen-niet-toegelaten']);
    const putOk = await t.request({
      method: 'PUT',
      url: `${ZIO}/${zio.uuid}`,
      payload: { zaak: zaak.url, informatieobject: doc.url, beschrijving: 'ok' },
    });
    assert.equal(putOk.statusCode, 200, putOk.body);
    assert.equal(putOk.json().beschrijving, 'ok');
  });

  it('deletes the link and its mirror; unknown ones are 404', async () => {
    const zaak = await createZaak(t, zaaktype.url);
    const doc = await insertDocument(t, { iot });
    const zio = (await post({ zaak: zaak.url, informatieobject: doc.url })).json();
    assert.equal((await mirrors(doc.id)).length, 1);
    assert.equal((await t.request({ method: 'DELETE', url: `${ZIO}/${zio.uuid}` })).statusCode, 204);
    assert.equal((await mirrors(doc.id)).length, 0);
    assert.equal((await t.request({ method: 'GET', url: `${ZIO}/${zio.uuid}` })).statusCode, 404);
    assert.equal((await t.request({ method: 'DELETE', url: `${ZIO}/not-a-uuid` })).statusCode, 404);
  });

  it('deleting a zaak removes its links and mirrors, not the documents', async () => {
    const zaak = await createZaak(t, zaaktype.url);
    const doc = await insertDocument(t, { iot });
    await post({ zaak: zaak.url, informatieobject: doc.url });
    assert.equal(
      (await t.request({ method: 'DELETE', url: `/zaken/api/v1/zaken/${zaak.uuid}` })).statusCode,
      204,
    );
    assert.equal((await mirrors(doc.id)).length, 0);
    const { rowCount } = await t.db.pool.query('select 1 from documents where id = $1', [doc.id]);
    assert.equal(rowCount, 1);
  });
});
