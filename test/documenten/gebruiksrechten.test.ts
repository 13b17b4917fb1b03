import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { codes, createEio, EIO, eioBody, insertIot, uuidOf } from './fixtures.js';

const GR = '/documenten/api/v1/gebruiksrechten';
const local = (url: string) => url.replace('http://testserver', '');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('/gebruiksrechten', () => {
  let t: TestApp;
  let iot: string;
  before(async () => {
    t = await createTestApp();
    iot = (await insertIot(t)).url;
  });
  after(async () => t.close());

  const newEio = async (extra: Record<string, unknown> = {}) => {
    const res = await createEio(t, eioBody(iot, extra));
    assert.equal(res.statusCode, 201, res.body);
    return res.json().url as string;
  };
  const body = (informatieobject: string, extra: Record<string, unknown> = {}) => ({
    informatieobject,
    startdatum: '2018-12-24T00:00:00Z',
    omschrijvingVoorwaarden: 'Een hele set onredelijke voorwaarden',
    ...extra,
  });
  const create = (payload: unknown, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url: GR, payload: payload as Record<string, unknown>, headers });
  const indicatie = async (eioUrl: string) => {
    const res = await t.request({ method: 'GET', url: local(eioUrl) });
    return { value: res.json().indicatieGebruiksrecht, versie: res.json().versie };
  };

  it('creates the first one and sets indicatieGebruiksrecht to true in place', async () => {
    const eio = await newEio();
    assert.deepEqual(await indicatie(eio), { value: null, versie: 1 });
    const res = await create(body(eio, { einddatum: '2019-01-01T12:30:00.250+01:00' }));
    assert.equal(res.statusCode, 201, res.body);
    const gr = res.json();
    assert.equal(res.headers.location, gr.url);
    assert.match(gr.url, /^http:\/\/testserver\/documenten\/api\/v1\/gebruiksrechten\/[0-9a-f-]{36}$/);
    assert.deepEqual(Object.keys(gr), [
      'url',
      'informatieobject',
      'startdatum',
      'einddatum',
      'omschrijvingVoorwaarden',
    ]);
    assert.equal(gr.informatieobject, eio);
    assert.equal(gr.startdatum, '2018-12-24T00:00:00Z');
    assert.equal(gr.einddatum, '2019-01-01T11:30:00.25Z');
    assert.deepEqual(await indicatie(eio), { value: true, versie: 1 });
    const one = await t.request({ method: 'GET', url: local(gr.url) });
    assert.equal(one.statusCode, 200);
    assert.deepEqual(one.json(), gr);
    const trail = await t.request({ method: 'GET', url: `${local(eio)}/audittrail` });
    const entries = trail.json() as { resource: string; actie: string; resourceUrl: string }[];
    assert.ok(
      entries.some(
        (e) => e.resource === 'gebruiksrechten' && e.actie === 'create' && e.resourceUrl === gr.url,
      ),
      trail.body,
    );
  });

  it('answers ETag, 304 on If-None-Match and HEAD on retrieve', async () => {
    const gr = (await create(body(await newEio()))).json();
    const res = await t.request({ method: 'GET', url: local(gr.url) });
    const etag = String(res.headers.etag);
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    const cached = await t.request({ method: 'GET', url: local(gr.url), headers: { 'if-none-match': etag } });
    assert.equal(cached.statusCode, 304);
    assert.equal(cached.body, '');
    const head = await t.request({ method: 'HEAD', url: local(gr.url) });
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers.etag, etag);
    assert.equal(head.body, '');
  });

  it('lists a plain array, filtered on informatieobject and the date bounds', async () => {
    const a = await newEio();
    const b = await newEio();
    const early = (await create(body(a, { startdatum: '2020-01-01T00:00:00Z', einddatum: null }))).json();
    const late = (
      await create(body(b, { startdatum: '2021-06-01T10:00:00Z', einddatum: '2022-01-01T00:00:00Z' }))
    ).json();
    const list = async (qs: string) => {
      const res = await t.request({ method: 'GET', url: `${GR}?${qs}` });
      assert.equal(res.statusCode, 200, res.body);
      return (res.json() as { url: string }[]).map((g) => g.url);
    };
    const all = await list('');
    assert.ok(all.includes(early.url) && all.includes(late.url));
    assert.deepEqual(await list(`informatieobject=${encodeURIComponent(a)}`), [early.url]);
    assert.deepEqual(
      await list(`informatieobject=${encodeURIComponent(b)}&startdatum__gte=2021-06-01T10:00:00Z`),
      [late.url],
    );
    assert.deepEqual(
      await list(`informatieobject=${encodeURIComponent(b)}&startdatum__gt=2021-06-01T10:00:00Z`),
      [],
    );
    assert.deepEqual(await list(`informatieobject=${encodeURIComponent(a)}&startdatum__lt=2020-01-02`), [
      early.url,
    ]);
    assert.deepEqual(await list(`informatieobject=${encodeURIComponent(a)}&startdatum__lte=2019-12-31`), []);
    // a gebruiksrecht without einddatum matches no einddatum bound
    assert.deepEqual(await list(`informatieobject=${encodeURIComponent(a)}&einddatum__gte=2000-01-01`), []);
    assert.deepEqual(
      await list(`informatieobject=${encodeURIComponent(b)}&einddatum__lte=2022-01-01T00:00:00Z`),
      [late.url],
    );
    assert.deepEqual(
      await list(`informatieobject=${encodeURIComponent(b)}&einddatum__lt=2022-01-01T00:00:00Z`),
      [],
    );
    assert.deepEqual(await list(`informatieobject=${encodeURIComponent(b)}&einddatum__gt=2021-12-31`), [
      late.url,
    ]);
    assert.deepEqual(await list('informatieobject=https%3A%2F%2Felders.nl%2Fdocumenten%2F1'), []);
    for (const bad of ['2021-02-30', 'gisteren', '2021-01-01T25:00:00Z', '0000-01-01']) {
      const res = await t.request({ method: 'GET', url: `${GR}?startdatum__gt=${encodeURIComponent(bad)}` });
      assert.deepEqual(codes(res), ['startdatum__gt:invalid'], bad);
    }
    const unknown = await t.request({ method: 'GET', url: `${GR}?page=1` });
    assert.deepEqual(codes(unknown), ['nonFieldErrors:unknown-parameters']);
    const notUri = await t.request({ method: 'GET', url: `${GR}?informatieobject=geen-url` });
    assert.deepEqual(codes(notUri), ['informatieobject:invalid']);
  });

  it('updates with PUT and PATCH; informatieobject cannot change', async () => {
    const eio = await newEio();
    const gr = (await create(body(eio, { einddatum: '2030-01-01T00:00:00Z' }))).json();
    const put = await t.request({
      method: 'PUT',
      url: local(gr.url),
      payload: body(eio, { startdatum: '2019-01-01T00:00:00Z', omschrijvingVoorwaarden: 'anders' }),
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json(), {
      ...gr,
      startdatum: '2019-01-01T00:00:00Z',
      einddatum: null,
      omschrijvingVoorwaarden: 'anders',
    });
    const patch = await t.request({
      method: 'PATCH',
      url: local(gr.url),
      payload: { einddatum: '2031-05-05T05:05:05Z' },
    });
    assert.equal(patch.statusCode, 200, patch.body);
    assert.equal(patch.json().einddatum, '2031-05-05T05:05:05Z');
    assert.equal(patch.json().omschrijvingVoorwaarden, 'anders');
    const moved = await t.request({
      method: 'PATCH',
      url: local(gr.url),
      payload: { informatieobject: await newEio() },
    });
    assert.deepEqual(codes(moved), ['informatieobject:wijzigen-niet-toegelaten']);
    const putMissing = await t.request({ method: 'PUT', url: local(gr.url), payload: { einddatum: null } });
    assert.deepEqual(codes(putMissing).sort(), [
      'informatieobject:required',
      'omschrijvingVoorwaarden:required',
      'startdatum:required',
    ]);
    assert.equal(
      (await t.request({ method: 'GET', url: local(gr.url) })).json().einddatum,
      '2031-05-05T05:05:05Z',
    );
  });

  it('deleting the last one sets indicatieGebruiksrecht to null', async () => {
    const eio = await newEio();
    const one = (await create(body(eio))).json();
    const two = (await create(body(eio))).json();
    const del1 = await t.request({ method: 'DELETE', url: local(one.url) });
    assert.equal(del1.statusCode, 204);
    assert.equal(del1.body, '');
    assert.deepEqual(await indicatie(eio), { value: true, versie: 1 });
    assert.equal((await t.request({ method: 'GET', url: local(one.url) })).statusCode, 404);
    assert.equal((await t.request({ method: 'DELETE', url: local(one.url) })).statusCode, 404);
    assert.equal((await t.request({ method: 'DELETE', url: local(two.url) })).statusCode, 204);
    assert.deepEqual(await indicatie(eio), { value: null, versie: 1 });
  });

  it('keeps the document’s own indicatieGebruiksrecht in step with its gebruiksrechten', async () => {
    const eio = await newEio();
    const lock = (await t.request({ method: 'POST', url: `${local(eio)}/lock` })).json().lock as string;
    const patch = (payload: Record<string, unknown>) =>
      t.request({ method: 'PATCH', url: local(eio), payload: { lock, ...payload } });
    assert.deepEqual(codes(await patch({ indicatieGebruiksrecht: true })), [
      'indicatieGebruiksrecht:missing-gebruiksrechten',
    ]);
    assert.equal((await patch({ indicatieGebruiksrecht: false })).statusCode, 200);
    await create(body(eio));
    assert.deepEqual(await indicatie(eio), { value: true, versie: 2 });
    for (const value of [false, null]) {
      assert.deepEqual(codes(await patch({ indicatieGebruiksrecht: value })), [
        'indicatieGebruiksrecht:existing-gebruiksrechten',
      ]);
    }
    const titel = await patch({ titel: 'nieuw', indicatieGebruiksrecht: true });
    assert.equal(titel.statusCode, 200, titel.body);
    assert.equal(titel.json().indicatieGebruiksrecht, true);
    const put = await t.request({ method: 'PUT', url: local(eio), payload: eioBody(iot, { lock }) });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().indicatieGebruiksrecht, true, 'a PUT without the key keeps it');
    assert.deepEqual(codes(await createEio(t, eioBody(iot, { indicatieGebruiksrecht: true }))), [
      'indicatieGebruiksrecht:missing-gebruiksrechten',
    ]);
  });

  it('answers 400 with the standard’s codes on bad bodies', async () => {
    const eio = await newEio();
    assert.deepEqual(codes(await create({})).sort(), [
      'informatieobject:required',
      'omschrijvingVoorwaarden:required',
      'startdatum:required',
    ]);
    assert.deepEqual(
      codes(
        await create(body(eio, { omschrijvingVoorwaarden: '', startdatum: '24-12-2018', einddatum: 5 })),
      ).sort(),
      ['einddatum:invalid', 'omschrijvingVoorwaarden:blank', 'startdatum:invalid'],
    );
    assert.deepEqual(codes(await create(body(eio, { startdatum: null }))), ['startdatum:null']);
    assert.deepEqual(codes(await create(body('geen-url'))), ['informatieobject:invalid']);
    assert.deepEqual(
      codes(await create(body('https://elders.nl/documenten/api/v1/enkelvoudiginformatieobjecten/1'))),
      ['informatieobject:no_match'],
    );
    assert.deepEqual(
      codes(await create(body(`http://testserver${EIO}/5d6a4c4e-0000-4000-8000-000000000001`))),
      ['informatieobject:does_not_exist'],
    );
    const nul = await create(body(eio, { omschrijvingVoorwaarden: 'a\u0000b' }));
    assert.deepEqual(codes(nul), ['omschrijvingVoorwaarden:null_characters_not_allowed']);
    const notJson = await t.request({
      method: 'POST',
      url: GR,
      payload: '{"informatieobject":',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(notJson.statusCode, 400);
    assert.equal(notJson.json().code, 'parse_error');
    const list = await t.request({ method: 'GET', url: `${GR}?informatieobject=${encodeURIComponent(eio)}` });
    assert.deepEqual(list.json(), []);
  });

  it('answers 404 for a path that is no gebruiksrecht', async () => {
    for (const path of ['geen-uuid', '5d6a4c4e-0000-4000-8000-000000000001', '%00']) {
      const res = await t.request({ method: 'GET', url: `${GR}/${path}` });
      assert.ok([400, 404].includes(res.statusCode), `${path}: ${res.statusCode}`);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
    }
    const res = await t.request({ method: 'PATCH', url: `${GR}/geen-uuid`, payload: {} });
    assert.equal(res.statusCode, 404);
    assert.equal((await t.request({ method: 'DELETE', url: `${GR}/geen-uuid` })).statusCode, 404);
  });

  it('applies the document’s autorisatie: allowed, 403, and filtered lists', async () => {
    const secret = (await insertIot(t, { vertrouwelijkheidaanduiding: 'geheim' })).url;
    const open = await newEio();
    const hidden = (await createEio(t, eioBody(secret, { vertrouwelijkheidaanduiding: 'geheim' }))).json()
      .url;
    const openGr = (await create(body(open))).json();
    const hiddenGr = (await create(body(hidden))).json();
    const grant = (scopes: string[], max = 'openbaar', type = iot) =>
      t.tokenWith([{ scopes, informatieobjecttype: type, maxVertrouwelijkheidaanduiding: max }]);

    const reader = await grant(['documenten.lezen']);
    const listed = await t.request({ method: 'GET', url: GR, headers: bearer(reader) });
    const urls = (listed.json() as { url: string }[]).map((g) => g.url);
    assert.ok(urls.includes(openGr.url));
    assert.ok(!urls.includes(hiddenGr.url));
    const mine = await t.request({ method: 'GET', url: local(openGr.url), headers: bearer(reader) });
    assert.equal(mine.statusCode, 200);
    const theirs = await t.request({ method: 'GET', url: local(hiddenGr.url), headers: bearer(reader) });
    assert.equal(theirs.statusCode, 403);
    assert.equal(theirs.json().code, 'permission_denied');
    const denied = (res: LightMyRequestResponse) => assert.equal(res.statusCode, 403, res.body);
    denied(await create(body(open), bearer(reader)));
    denied(
      await t.request({ method: 'PATCH', url: local(openGr.url), payload: {}, headers: bearer(reader) }),
    );
    denied(await t.request({ method: 'DELETE', url: local(openGr.url), headers: bearer(reader) }));

    const lowWriter = await grant(['documenten.aanmaken'], 'openbaar', secret);
    denied(await create(body(hidden), bearer(lowWriter)));
    const writer = await grant(
      ['documenten.aanmaken', 'documenten.bijwerken', 'documenten.verwijderen'],
      'geheim',
      secret,
    );
    const made = await create(body(hidden), bearer(writer));
    assert.equal(made.statusCode, 201, made.body);
    const patched = await t.request({
      method: 'PATCH',
      url: local(made.json().url),
      payload: { omschrijvingVoorwaarden: 'mag' },
      headers: bearer(writer),
    });
    assert.equal(patched.statusCode, 200, patched.body);
    denied(await t.request({ method: 'GET', url: local(made.json().url), headers: bearer(writer) }));
    const gone = await t.request({ method: 'DELETE', url: local(made.json().url), headers: bearer(writer) });
    assert.equal(gone.statusCode, 204);
    const nobody = await t.tokenWith([]);
    denied(await t.request({ method: 'GET', url: GR, headers: bearer(nobody) }));
  });

  it('expands the informatieobject only when asked', async () => {
    const eio = await newEio();
    const gr = (await create(body(eio))).json();
    const plain = await t.request({ method: 'GET', url: local(gr.url) });
    assert.equal(plain.json()._expand, undefined);
    const one = await t.request({ method: 'GET', url: `${local(gr.url)}?expand=informatieobject` });
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json()._expand.informatieobject.url, eio);
    assert.equal(one.json()._expand.informatieobject.indicatieGebruiksrecht, true);
    const typed = await t.request({
      method: 'GET',
      url: `${GR}?informatieobject=${encodeURIComponent(eio)}&expand=informatieobject.informatieobjecttype`,
    });
    assert.equal(typed.statusCode, 200, typed.body);
    assert.equal(typed.json()[0]._expand.informatieobject._expand.informatieobjecttype.url, iot);
    const bad = await t.request({ method: 'GET', url: `${local(gr.url)}?expand=zaak` });
    assert.deepEqual(codes(bad), ['expand:invalid_choice']);
    const reader = await t.tokenWith([
      { scopes: ['documenten.lezen'], informatieobjecttype: iot, maxVertrouwelijkheidaanduiding: 'openbaar' },
    ]);
    const noCatalogi = await t.request({
      method: 'GET',
      url: `${local(gr.url)}?expand=informatieobject.informatieobjecttype`,
      headers: bearer(reader),
    });
    assert.equal(noCatalogi.statusCode, 403);
    const mine = await t.request({
      method: 'GET',
      url: `${local(gr.url)}?expand=informatieobject`,
      headers: bearer(reader),
    });
    assert.equal(mine.json()._expand.informatieobject.url, eio);
  });

  it('goes with its document', async () => {
    const eio = await newEio();
    const gr = (await create(body(eio))).json();
    assert.equal((await t.request({ method: 'DELETE', url: local(eio) })).statusCode, 204);
    assert.equal((await t.request({ method: 'GET', url: local(gr.url) })).statusCode, 404);
    assert.equal(uuidOf(gr.url).length, 36);
  });
});
