import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { codes, createEio, EIO, eioBody, insertIot } from './fixtures.js';

const VZ = '/documenten/api/v1/verzendingen';
const local = (url: string) => url.replace('http://testserver', '');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const BETROKKENE = 'https://klanten.example.nl/api/v1/klanten/1';
const binnenland = { huisnummer: 12, naamOpenbareRuimte: 'Kerkstraat', woonplaatsnaam: 'Utrecht' };

describe('/verzendingen', () => {
  let t: TestApp;
  let iot: string;
  before(async () => {
    t = await createTestApp();
    iot = (await insertIot(t)).url;
  });
  after(async () => t.close());

  const newEio = async () => (await createEio(t, eioBody(iot))).json().url as string;
  const body = (informatieobject: string, extra: Record<string, unknown> = {}) => ({
    betrokkene: BETROKKENE,
    informatieobject,
    aardRelatie: 'geadresseerde',
    contactPersoon: 'https://medewerkers.example.nl/api/v1/medewerkers/7',
    binnenlandsCorrespondentieadres: binnenland,
    ...extra,
  });
  const create = (payload: unknown, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url: VZ, payload: payload as Record<string, unknown>, headers });

  it('creates one and answers it at its url, every key in the standard’s order', async () => {
    const eio = await newEio();
    const res = await create(body(eio, { verzenddatum: '2024-02-01', toelichting: 'per post' }));
    assert.equal(res.statusCode, 201, res.body);
    const vz = res.json();
    assert.equal(res.headers.location, vz.url);
    assert.match(vz.url, /^http:\/\/testserver\/documenten\/api\/v1\/verzendingen\/[0-9a-f-]{36}$/);
    assert.deepEqual(vz, {
      url: vz.url,
      betrokkene: BETROKKENE,
      informatieobject: eio,
      aardRelatie: 'geadresseerde',
      toelichting: 'per post',
      ontvangstdatum: null,
      verzenddatum: '2024-02-01',
      contactPersoon: 'https://medewerkers.example.nl/api/v1/medewerkers/7',
      contactpersoonnaam: '',
      binnenlandsCorrespondentieadres: {
        huisletter: '',
        huisnummer: 12,
        huisnummerToevoeging: '',
        naamOpenbareRuimte: 'Kerkstraat',
        postcode: '',
        woonplaatsnaam: 'Utrecht',
      },
      buitenlandsCorrespondentieadres: null,
      correspondentiePostadres: null,
      faxnummer: null,
      emailadres: null,
      mijnOverheid: false,
      telefoonnummer: null,
    });
    assert.deepEqual(Object.keys(vz).slice(0, 4), ['url', 'betrokkene', 'informatieobject', 'aardRelatie']);
    const one = await t.request({ method: 'GET', url: local(vz.url) });
    assert.equal(one.statusCode, 200);
    assert.deepEqual(one.json(), vz);
    const etag = String(one.headers.etag);
    const cached = await t.request({ method: 'GET', url: local(vz.url), headers: { 'if-none-match': etag } });
    assert.equal(cached.statusCode, 304);
    const head = await t.request({ method: 'HEAD', url: local(vz.url) });
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers.etag, etag);
    const trail = await t.request({ method: 'GET', url: `${local(eio)}/audittrail` });
    const entries = trail.json() as { resource: string; actie: string }[];
    assert.ok(
      entries.some((e) => e.resource === 'verzending' && e.actie === 'create'),
      trail.body,
    );
  });

  it('requires exactly one contact channel (invalid-address)', async () => {
    const eio = await newEio();
    const none = await create(body(eio, { binnenlandsCorrespondentieadres: null }));
    assert.deepEqual(codes(none), ['nonFieldErrors:invalid-address']);
    const two = await create(body(eio, { emailadres: 'a@example.nl' }));
    assert.deepEqual(codes(two), ['nonFieldErrors:invalid-address']);
    const channels: Record<string, unknown>[] = [
      {
        buitenlandsCorrespondentieadres: {
          adresBuitenland1: 'Rue 1',
          landPostadres: 'https://landen.example/fr',
        },
      },
      {
        correspondentiePostadres: {
          postBusOfAntwoordnummer: 100,
          postadresPostcode: '1000AA',
          postadresType: 'postbusnummer',
          woonplaatsnaam: 'Amsterdam',
        },
      },
      { telefoonnummer: '0301234567' },
      { emailadres: 'iemand@example.nl' },
      { faxnummer: '0301234568' },
      { mijnOverheid: true },
    ];
    for (const channel of channels) {
      const res = await create(body(eio, { binnenlandsCorrespondentieadres: null, ...channel }));
      assert.equal(res.statusCode, 201, `${JSON.stringify(channel)}: ${res.body}`);
    }
    const blankPhone = await create(body(eio, { telefoonnummer: '' }));
    assert.equal(blankPhone.statusCode, 201, 'an empty string is no channel');
  });

  it('checks the fields and the address groups', async () => {
    const eio = await newEio();
    assert.deepEqual(codes(await create({})).sort(), [
      'aardRelatie:required',
      'betrokkene:required',
      'contactPersoon:required',
      'informatieobject:required',
    ]);
    const bad = await create(
      body(eio, {
        aardRelatie: 'ontvanger',
        betrokkene: 'geen-url',
        toelichting: 'x'.repeat(201),
        contactpersoonnaam: 'x'.repeat(41),
        verzenddatum: '2024-13-01',
        mijnOverheid: 'ja',
      }),
    );
    assert.deepEqual(codes(bad).sort(), [
      'aardRelatie:invalid_choice',
      'betrokkene:invalid',
      'contactpersoonnaam:max_length',
      'mijnOverheid:invalid',
      'toelichting:max_length',
      'verzenddatum:invalid',
    ]);
    const group = await create(
      body(eio, {
        binnenlandsCorrespondentieadres: { huisnummer: 0, postcode: '1234 AB', huisletter: 'ab' },
      }),
    );
    assert.deepEqual(codes(group).sort(), [
      'binnenlandsCorrespondentieadres.huisletter:max_length',
      'binnenlandsCorrespondentieadres.huisnummer:min_value',
      'binnenlandsCorrespondentieadres.naamOpenbareRuimte:required',
      'binnenlandsCorrespondentieadres.postcode:max_length',
      'binnenlandsCorrespondentieadres.woonplaatsnaam:required',
    ]);
    const postcode = await create(
      body(eio, { binnenlandsCorrespondentieadres: { ...binnenland, postcode: '0123AB' } }),
    );
    assert.deepEqual(codes(postcode), ['binnenlandsCorrespondentieadres.postcode:invalid']);
    const postadres = await create(
      body(eio, {
        binnenlandsCorrespondentieadres: null,
        correspondentiePostadres: {
          postBusOfAntwoordnummer: 10000,
          postadresType: 'la',
          woonplaatsnaam: 'A',
        },
      }),
    );
    assert.deepEqual(codes(postadres).sort(), [
      'correspondentiePostadres.postBusOfAntwoordnummer:max_value',
      'correspondentiePostadres.postadresPostcode:required',
      'correspondentiePostadres.postadresType:invalid_choice',
    ]);
    const email = await create(
      body(eio, { binnenlandsCorrespondentieadres: null, emailadres: 'geen-adres' }),
    );
    assert.deepEqual(codes(email), ['emailadres:invalid']);
    assert.deepEqual(
      codes(await create(body(`http://testserver${EIO}/5d6a4c4e-0000-4000-8000-000000000001`))),
      ['informatieobject:does_not_exist'],
    );
    assert.deepEqual(codes(await create(body('https://elders.nl/x'))), ['informatieobject:no_match']);
    const nul = await create(body(eio, { toelichting: '\u0000' }));
    assert.deepEqual(codes(nul), ['toelichting:null_characters_not_allowed']);
  });

  it('updates with PUT and PATCH, the address rule over the merged verzending', async () => {
    const eio = await newEio();
    const vz = (await create(body(eio))).json();
    const other = await newEio();
    const put = await t.request({
      method: 'PUT',
      url: local(vz.url),
      payload: body(other, {
        aardRelatie: 'afzender',
        binnenlandsCorrespondentieadres: null,
        mijnOverheid: true,
      }),
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().informatieobject, other);
    assert.equal(put.json().aardRelatie, 'afzender');
    assert.equal(put.json().binnenlandsCorrespondentieadres, null);
    assert.equal(put.json().mijnOverheid, true);
    const second = await t.request({
      method: 'PATCH',
      url: local(vz.url),
      payload: { telefoonnummer: '0612345678' },
    });
    assert.deepEqual(codes(second), ['nonFieldErrors:invalid-address']);
    const swap = await t.request({
      method: 'PATCH',
      url: local(vz.url),
      payload: { mijnOverheid: false, telefoonnummer: '0612345678', contactpersoonnaam: 'Jan' },
    });
    assert.equal(swap.statusCode, 200, swap.body);
    assert.equal(swap.json().telefoonnummer, '0612345678');
    assert.equal(swap.json().contactpersoonnaam, 'Jan');
    assert.equal(swap.json().aardRelatie, 'afzender');
    const putMissing = await t.request({
      method: 'PUT',
      url: local(vz.url),
      payload: { mijnOverheid: true },
    });
    assert.deepEqual(codes(putMissing).sort(), [
      'aardRelatie:required',
      'betrokkene:required',
      'contactPersoon:required',
      'informatieobject:required',
    ]);
  });

  it('lists newest first in pages, filtered on aardRelatie, informatieobject and betrokkene', async () => {
    const eio = await newEio();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const extra = i === 2 ? { aardRelatie: 'afzender', betrokkene: `${BETROKKENE}0` } : {};
      made.push((await create(body(eio, extra))).json().url);
    }
    const list = async (qs: string) => {
      const res = await t.request({ method: 'GET', url: `${VZ}?${qs}` });
      assert.equal(res.statusCode, 200, res.body);
      return res.json() as {
        count: number;
        next: string | null;
        previous: string | null;
        results: { url: string }[];
      };
    };
    const io = `informatieobject=${encodeURIComponent(eio)}`;
    const all = await list(io);
    assert.equal(all.count, 3);
    assert.deepEqual(
      all.results.map((r) => r.url),
      [...made].reverse(),
    );
    assert.equal(all.next, null);
    assert.equal(all.previous, null);
    assert.deepEqual(
      (await list(`${io}&aardRelatie=afzender`)).results.map((r) => r.url),
      [made[2]],
    );
    assert.equal((await list(`${io}&aardRelatie=geadresseerde`)).count, 2);
    assert.equal((await list(`betrokkene=${encodeURIComponent(`${BETROKKENE}0`)}`)).count, 1);
    assert.equal((await list('informatieobject=https%3A%2F%2Felders.nl%2Fx')).count, 0);
    const bad = await t.request({ method: 'GET', url: `${VZ}?aardRelatie=ontvanger` });
    assert.deepEqual(codes(bad), ['aardRelatie:invalid_choice']);
    const beyond = await t.request({ method: 'GET', url: `${VZ}?${io}&page=2` });
    assert.equal(beyond.statusCode, 404);
    const zero = await t.request({ method: 'GET', url: `${VZ}?page=0` });
    assert.deepEqual(codes(zero), ['page:min_value']);
    const unknown = await t.request({ method: 'GET', url: `${VZ}?pageSize=5` });
    assert.deepEqual(codes(unknown), ['nonFieldErrors:unknown-parameters']);
  });

  it('pages by 100', async () => {
    const eio = await newEio();
    await t.db.pool.query(
      `insert into verzendingen (uuid, document_id, betrokkene, aard_relatie, contact_persoon, mijn_overheid)
       select gen_random_uuid(), d.id, 'https://x.example/b', 'afzender', 'https://x.example/c', true
       from documents d, generate_series(1, 101) where d.uuid = $1`,
      [eio.split('/').pop()],
    );
    const first = await t.request({
      method: 'GET',
      url: `${VZ}?informatieobject=${encodeURIComponent(eio)}`,
    });
    assert.equal(first.json().count, 101);
    assert.equal(first.json().results.length, 100);
    assert.ok(String(first.json().next).endsWith('page=2'));
    const second = await t.request({ method: 'GET', url: local(String(first.json().next)) });
    assert.equal(second.json().results.length, 1);
    assert.ok(second.json().previous);
  });

  it('deletes, and answers 404 for a path that is no verzending', async () => {
    const vz = (await create(body(await newEio()))).json();
    const del = await t.request({ method: 'DELETE', url: local(vz.url) });
    assert.equal(del.statusCode, 204);
    assert.equal(del.body, '');
    for (const method of ['GET', 'DELETE', 'PATCH'] as const) {
      const res = await t.request({
        method,
        url: local(vz.url),
        ...(method === 'PATCH' ? { payload: {} } : {}),
      });
      assert.equal(res.statusCode, 404, method);
      assert.equal(res.json().code, 'not_found');
    }
    assert.equal((await t.request({ method: 'GET', url: `${VZ}/geen-uuid` })).statusCode, 404);
  });

  it('expands the informatieobject only when asked', async () => {
    const eio = await newEio();
    const vz = (await create(body(eio))).json();
    const plain = await t.request({
      method: 'GET',
      url: `${VZ}?informatieobject=${encodeURIComponent(eio)}`,
    });
    assert.equal(plain.json().results[0]._expand, undefined);
    const listed = await t.request({
      method: 'GET',
      url: `${VZ}?informatieobject=${encodeURIComponent(eio)}&expand=informatieobject`,
    });
    assert.equal(listed.json().results[0]._expand.informatieobject.url, eio);
    const one = await t.request({
      method: 'GET',
      url: `${local(vz.url)}?expand=informatieobject,informatieobject.informatieobjecttype`,
    });
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json()._expand.informatieobject._expand.informatieobjecttype.url, iot);
    assert.deepEqual(codes(await t.request({ method: 'GET', url: `${VZ}?expand=betrokkene` })), [
      'expand:invalid_choice',
    ]);
  });

  it('applies the document’s autorisatie: allowed, 403, and filtered lists', async () => {
    const secret = (await insertIot(t, { vertrouwelijkheidaanduiding: 'geheim' })).url;
    const open = await newEio();
    const hidden = (await createEio(t, eioBody(secret, { vertrouwelijkheidaanduiding: 'geheim' }))).json()
      .url;
    const openVz = (await create(body(open))).json();
    const hiddenVz = (await create(body(hidden))).json();
    const grant = (scopes: string[], max = 'openbaar', type = iot) =>
      t.tokenWith([{ scopes, informatieobjecttype: type, maxVertrouwelijkheidaanduiding: max }]);
    const denied = (res: LightMyRequestResponse) => assert.equal(res.statusCode, 403, res.body);

    const reader = await grant(['documenten.lezen']);
    const listOf = async (doc: string) =>
      (
        await t.request({
          method: 'GET',
          url: `${VZ}?informatieobject=${encodeURIComponent(doc)}`,
          headers: bearer(reader),
        })
      ).json();
    assert.deepEqual(
      (await listOf(open)).results.map((v: { url: string }) => v.url),
      [openVz.url],
    );
    assert.deepEqual(await listOf(hidden), { count: 0, next: null, previous: null, results: [] });
    const all = await t.request({ method: 'GET', url: VZ, headers: bearer(reader) });
    assert.ok(all.json().count >= 1);
    assert.ok(!(all.json().results as { url: string }[]).some((v) => v.url === hiddenVz.url));
    assert.equal(
      (await t.request({ method: 'GET', url: local(openVz.url), headers: bearer(reader) })).statusCode,
      200,
    );
    denied(await t.request({ method: 'GET', url: local(hiddenVz.url), headers: bearer(reader) }));
    denied(await create(body(open), bearer(reader)));
    denied(await t.request({ method: 'DELETE', url: local(openVz.url), headers: bearer(reader) }));

    const writer = await grant(['documenten.aanmaken', 'documenten.bijwerken', 'documenten.verwijderen']);
    const made = await create(body(open), bearer(writer));
    assert.equal(made.statusCode, 201, made.body);
    denied(await create(body(hidden), bearer(writer)));
    // moving it to a document the caller may not change
    denied(
      await t.request({
        method: 'PATCH',
        url: local(made.json().url),
        payload: { informatieobject: hidden },
        headers: bearer(writer),
      }),
    );
    const del = await t.request({ method: 'DELETE', url: local(made.json().url), headers: bearer(writer) });
    assert.equal(del.statusCode, 204);
    denied(await t.request({ method: 'GET', url: VZ, headers: bearer(await t.tokenWith([])) }));
  });
});
