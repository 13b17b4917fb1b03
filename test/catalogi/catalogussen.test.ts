import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { catalogusBody } from './fixtures.js';

const C = '/catalogi/api/v1';
type Problem = { invalidParams?: { name: string; code: string }[] };
const codes = (body: Problem) => (body.invalidParams ?? []).map((p) => `${p.name}:${p.code}`);

describe('Catalogi API /catalogussen', () => {
  let t: TestApp;
  const create = (over: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url: `${C}/catalogussen`, payload: catalogusBody(over), headers });

  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('creates a catalogus (201, Location) and retrieves it with its type lists', async () => {
    const res = await create({
      contactpersoonBeheerTelefoonnummer: '0612345678',
      contactpersoonBeheerEmailadres: 'beheer@example.com',
      versie: '1.0',
      begindatumVersie: '2024-01-01',
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(res.headers.location, body.url);
    assert.equal(res.headers['api-version'], '1.3.1');
    assert.match(body.url, /^http:\/\/testserver\/catalogi\/api\/v1\/catalogussen\/[0-9a-f-]{36}$/);
    assert.deepEqual(
      { ...body, url: undefined },
      {
        url: undefined,
        domein: 'TEST',
        rsin: '159351741',
        contactpersoonBeheerNaam: 'Beheerder',
        contactpersoonBeheerTelefoonnummer: '0612345678',
        contactpersoonBeheerEmailadres: 'beheer@example.com',
        zaaktypen: [],
        besluittypen: [],
        informatieobjecttypen: [],
        naam: 'Testcatalogus',
        versie: '1.0',
        begindatumVersie: '2024-01-01',
      },
    );
    const got = await t.request({ method: 'GET', url: body.url.replace('http://testserver', '') });
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.json(), body);
  });

  it('lists catalogussen paginated with filters domein and rsin', async () => {
    await create({ domein: 'LIJST', rsin: '002220647' });
    const res = await t.request({ method: 'GET', url: `${C}/catalogussen?domein=LIJST` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().count, 1);
    assert.equal(res.json().results[0].rsin, '002220647');
    assert.equal(
      (await t.request({ method: 'GET', url: `${C}/catalogussen?rsin=002220647` })).json().count,
      1,
    );
    const all = await t.request({ method: 'GET', url: `${C}/catalogussen` });
    assert.deepEqual(Object.keys(all.json()), ['count', 'next', 'previous', 'results']);
    assert.equal((await t.request({ method: 'GET', url: `${C}/catalogussen?page=99` })).statusCode, 404);
    const unknown = await t.request({ method: 'GET', url: `${C}/catalogussen?naam=x` });
    assert.deepEqual(codes(unknown.json()), ['nonFieldErrors:unknown-parameters']);
  });

  it('checks the rsin with the 11-proef', async () => {
    assert.deepEqual(codes((await create({ rsin: '159351742' })).json()), ['rsin:invalid']);
    assert.deepEqual(codes((await create({ rsin: '12345678' })).json()), ['rsin:min_length']);
    assert.deepEqual(codes((await create({ rsin: '1234567890' })).json()), ['rsin:max_length']);
    assert.deepEqual(codes((await create({ rsin: '12345678a' })).json()), ['rsin:only-digits']);
  });

  it('rejects malformed input with invalidParams', async () => {
    const res = await create({
      domein: 'TOOLONG',
      rsin: 159351741,
      contactpersoonBeheerNaam: '',
      contactpersoonBeheerEmailadres: 'geen-email',
      begindatumVersie: '2024-02-30',
      naam: null,
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(codes(res.json()).sort(), [
      'begindatumVersie:invalid',
      'contactpersoonBeheerEmailadres:invalid',
      'contactpersoonBeheerNaam:blank',
      'domein:max_length',
      'naam:null',
      'rsin:invalid',
    ]);
    const missing = await t.request({ method: 'POST', url: `${C}/catalogussen`, payload: {} });
    assert.deepEqual(codes(missing.json()).sort(), [
      'contactpersoonBeheerNaam:required',
      'domein:required',
      'rsin:required',
    ]);
  });

  it('returns 404 for unknown or malformed uuids', async () => {
    assert.equal(
      (await t.request({ method: 'GET', url: `${C}/catalogussen/${randomUUID()}` })).statusCode,
      404,
    );
    assert.equal((await t.request({ method: 'GET', url: `${C}/catalogussen/abc` })).statusCode, 404);
  });

  it('needs catalogi.lezen to read and catalogi.schrijven to write (component ztc)', async () => {
    const reader = `Bearer ${await t.tokenWith([{ component: 'ztc', scopes: ['catalogi.lezen'] }])}`;
    const wrongComponent = `Bearer ${await t.tokenWith([{ component: 'drc', scopes: ['catalogi.lezen', 'catalogi.schrijven'] }])}`;
    assert.equal(
      (await t.request({ method: 'GET', url: `${C}/catalogussen`, headers: { authorization: reader } }))
        .statusCode,
      200,
    );
    const denied = await create({}, { authorization: reader });
    assert.equal(denied.statusCode, 403);
    assert.equal(denied.json().code, 'permission_denied');
    assert.equal(
      (
        await t.request({
          method: 'GET',
          url: `${C}/catalogussen`,
          headers: { authorization: wrongComponent },
        })
      ).statusCode,
      403,
    );
    const writer = `Bearer ${await t.tokenWith([{ component: 'ztc', scopes: ['catalogi.schrijven'] }])}`;
    assert.equal((await create({ domein: 'W' }, { authorization: writer })).statusCode, 201);
  });

  it('lists every Catalogi endpoint in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: `${C}/schema/openapi.json` })).json();
    // paths are relative to the server URL, the API root; HEAD as in the standard
    assert.equal(new URL(doc.servers[0].url).pathname, C);
    const methods = (p: string) => Object.keys(doc.paths[p] ?? {}).sort();
    assert.deepEqual(methods('/catalogussen'), ['get', 'post']);
    assert.deepEqual(methods('/catalogussen/{uuid}'), ['get', 'head']);
    assert.deepEqual(methods('/informatieobjecttypen'), ['get', 'post']);
    assert.deepEqual(methods('/informatieobjecttypen/{uuid}'), ['delete', 'get', 'head', 'patch', 'put']);
    assert.deepEqual(methods('/informatieobjecttypen/{uuid}/publish'), ['post']);
    assert.deepEqual(methods('/zaaktypen'), ['get', 'post']);
    assert.deepEqual(methods('/zaaktypen/{uuid}'), ['delete', 'get', 'head']);
    assert.deepEqual(methods('/zaaktypen/{uuid}/publish'), ['post']);
  });
});
