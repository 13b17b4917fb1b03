import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { makeToken } from '../helpers/jwt.js';

const A = '/autorisaties/api/v1';
const IOT = 'http://testserver/catalogi/api/v1/informatieobjecttypen/4f2c7c4e-3d3b-4a4b-9f6e-2d1f4b9c1a11';
const ZT = 'http://testserver/catalogi/api/v1/zaaktypen/5a2c7c4e-3d3b-4a4b-9f6e-2d1f4b9c1a12';

const drc = (over: Record<string, unknown> = {}) => ({
  component: 'drc',
  scopes: ['documenten.lezen'],
  informatieobjecttype: IOT,
  maxVertrouwelijkheidaanduiding: 'openbaar',
  ...over,
});

describe('Autorisaties API /applicaties', () => {
  let t: TestApp;
  const codes = (body: { invalidParams?: { name: string; code: string }[] }) =>
    (body.invalidParams ?? []).map((p) => `${p.name}:${p.code}`);
  const create = (payload: Record<string, unknown>) =>
    t.request({ method: 'POST', url: `${A}/applicaties`, payload });

  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  it('creates an applicatie with autorisaties, retrieves it and finds it by client id', async () => {
    const res = await create({
      clientIds: ['app-a', 'app-a2'],
      label: 'App A',
      autorisaties: [
        drc(),
        { component: 'zrc', scopes: ['zaken.lezen'], zaaktype: ZT, maxVertrouwelijkheidaanduiding: 'geheim' },
      ],
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(res.headers.location, body.url);
    assert.match(body.url, /^http:\/\/testserver\/autorisaties\/api\/v1\/applicaties\/[0-9a-f-]{36}$/);
    assert.deepEqual(body.clientIds, ['app-a', 'app-a2']);
    assert.equal(body.heeftAlleAutorisaties, false);
    assert.deepEqual(body.autorisaties[0], {
      component: 'drc',
      componentWeergave: 'Documentregistratiecomponent',
      scopes: ['documenten.lezen'],
      informatieobjecttype: IOT,
      maxVertrouwelijkheidaanduiding: 'openbaar',
    });
    assert.equal(body.autorisaties[1].zaaktype, ZT);
    const path = body.url.replace('http://testserver', '');
    const got = await t.request({ method: 'GET', url: path });
    assert.deepEqual(got.json(), body);
    assert.equal(got.headers['api-version'], '1.0.0');
    const consumer = await t.request({ method: 'GET', url: `${A}/applicaties/consumer?clientId=app-a2` });
    assert.deepEqual(consumer.json(), body);
    const none = await t.request({ method: 'GET', url: `${A}/applicaties/consumer?clientId=nobody` });
    assert.equal(none.statusCode, 404);
  });

  it('lists applicaties paginated and filters by clientIds', async () => {
    await create({ clientIds: ['list-1'], label: 'L1', heeftAlleAutorisaties: true });
    await create({ clientIds: ['list-2'], label: 'L2', heeftAlleAutorisaties: true });
    const all = await t.request({ method: 'GET', url: `${A}/applicaties` });
    assert.equal(all.statusCode, 200);
    assert.ok(all.json().count >= 3);
    assert.deepEqual(Object.keys(all.json()), ['count', 'next', 'previous', 'results']);
    const filtered = await t.request({ method: 'GET', url: `${A}/applicaties?clientIds=list-1,list-2` });
    assert.deepEqual(
      filtered.json().results.map((a: { label: string }) => a.label),
      ['L1', 'L2'],
    );
    const unknown = await t.request({ method: 'GET', url: `${A}/applicaties?foo=1` });
    assert.equal(unknown.statusCode, 400);
    assert.deepEqual(codes(unknown.json()), ['nonFieldErrors:unknown-parameters']);
  });

  it('rejects a client id that belongs to another applicatie with clientId-exists', async () => {
    await create({ clientIds: ['dup-1'], label: 'D', heeftAlleAutorisaties: true });
    const res = await create({ clientIds: ['dup-1', 'dup-2'], label: 'E', heeftAlleAutorisaties: true });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(codes(res.json()), ['clientIds:clientId-exists']);
  });

  it('requires exactly one of heeftAlleAutorisaties and autorisaties', async () => {
    const both = await create({
      clientIds: ['x1'],
      label: 'X',
      heeftAlleAutorisaties: true,
      autorisaties: [drc()],
    });
    assert.deepEqual(codes(both.json()), ['nonFieldErrors:ambiguous-authorizations-specified']);
    const neither = await create({ clientIds: ['x2'], label: 'X', autorisaties: [] });
    assert.deepEqual(codes(neither.json()), ['nonFieldErrors:missing-authorizations']);
  });

  it('requires the type field and maxVertrouwelijkheidaanduiding per component', async () => {
    const res = await create({
      clientIds: ['y1'],
      label: 'Y',
      autorisaties: [
        { component: 'drc', scopes: ['documenten.lezen'] },
        { component: 'zrc', scopes: ['zaken.lezen'], zaaktype: ZT },
        { component: 'brc', scopes: ['besluiten.lezen'] },
        { component: 'ztc', scopes: ['catalogi.lezen'] },
      ],
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(codes(res.json()), [
      'autorisaties.0.maxVertrouwelijkheidaanduiding:required',
      'autorisaties.0.informatieobjecttype:required',
      'autorisaties.1.maxVertrouwelijkheidaanduiding:required',
      'autorisaties.2.besluittype:required',
    ]);
    const badVa = await create({
      clientIds: ['y2'],
      label: 'Y',
      autorisaties: [drc({ maxVertrouwelijkheidaanduiding: 'topgeheim' })],
    });
    assert.deepEqual(codes(badVa.json()), ['autorisaties.0.maxVertrouwelijkheidaanduiding:invalid_choice']);
  });

  it('rejects malformed input with invalidParams, never a 500', async () => {
    const res = await create({
      clientIds: 'abc',
      label: 'x'.repeat(101),
      heeftAlleAutorisaties: 'ja',
      autorisaties: [{ component: 'xyz', scopes: 'a', informatieobjecttype: 'not a url' }],
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(codes(res.json()).sort(), [
      'autorisaties.0.component:invalid_choice',
      'autorisaties.0.informatieobjecttype:invalid',
      'autorisaties.0.scopes:invalid',
      'clientIds:invalid',
      'heeftAlleAutorisaties:invalid',
      'label:max_length',
    ]);
    const missing = await create({});
    assert.deepEqual(codes(missing.json()).sort(), ['clientIds:required', 'label:required']);
    const longId = await create({ clientIds: ['c'.repeat(51)], label: 'L', heeftAlleAutorisaties: true });
    assert.deepEqual(codes(longId.json()), ['clientIds.0:max_length']);
    const notJson = await t.request({
      method: 'POST',
      url: `${A}/applicaties`,
      payload: '{oops',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(notJson.statusCode, 400);
    assert.equal(notJson.json().code, 'parse_error');
  });

  it('updates with PUT and PATCH, changes take effect on the next request, and deletes', async () => {
    const created = (await create({ clientIds: ['upd-1'], label: 'U', autorisaties: [drc()] })).json();
    const path = created.url.replace('http://testserver', '');
    const put = await t.request({
      method: 'PUT',
      url: path,
      payload: {
        clientIds: ['upd-1', 'upd-2'],
        label: 'U2',
        autorisaties: [drc({ scopes: ['documenten.aanmaken'] })],
      },
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json().clientIds, ['upd-1', 'upd-2']);
    assert.deepEqual(put.json().autorisaties[0].scopes, ['documenten.aanmaken']);
    const patch = await t.request({ method: 'PATCH', url: path, payload: { label: 'U3' } });
    assert.equal(patch.json().label, 'U3');
    assert.equal(patch.json().autorisaties.length, 1);
    const ambiguous = await t.request({
      method: 'PATCH',
      url: path,
      payload: { heeftAlleAutorisaties: true },
    });
    assert.deepEqual(codes(ambiguous.json()), ['nonFieldErrors:ambiguous-authorizations-specified']);
    const toSuper = await t.request({
      method: 'PATCH',
      url: path,
      payload: { heeftAlleAutorisaties: true, autorisaties: [] },
    });
    assert.equal(toSuper.json().heeftAlleAutorisaties, true);
    const lookup = await t.deps.credentials.lookupClient('upd-2');
    assert.equal(
      lookup.applicaties[0]?.heeftAlleAutorisaties,
      true,
      'the auth lookup sees the change at once',
    );
    const del = await t.request({ method: 'DELETE', url: path });
    assert.equal(del.statusCode, 204);
    assert.equal((await t.request({ method: 'GET', url: path })).statusCode, 404);
    assert.equal((await t.request({ method: 'DELETE', url: path })).statusCode, 404);
    assert.equal((await t.request({ method: 'GET', url: `${A}/applicaties/not-a-uuid` })).statusCode, 404);
    assert.equal(
      (await t.request({ method: 'GET', url: `${A}/applicaties/${randomUUID()}` })).statusCode,
      404,
    );
  });

  it('applies a change to the very next request of that client (no cache)', async () => {
    const created = (
      await create({
        clientIds: ['live'],
        label: 'Live',
        autorisaties: [{ component: 'ztc', scopes: ['catalogi.lezen'] }],
      })
    ).json();
    // The secret comes from the CLI path (jwt_secrets), not from the Autorisaties API.
    await t.db.pool.query(`insert into jwt_secrets (client_id, secret) values ('live', 'live-secret')`);
    const headers = { authorization: `Bearer ${await makeToken('live', 'live-secret')}` };
    const read = () => t.request({ method: 'GET', url: '/catalogi/api/v1/catalogussen', headers });
    assert.equal((await read()).statusCode, 200);
    await t.request({
      method: 'PATCH',
      url: created.url.replace('http://testserver', ''),
      payload: { autorisaties: [{ component: 'ztc', scopes: ['catalogi.schrijven'] }] },
    });
    assert.equal((await read()).statusCode, 403);
    await t.request({ method: 'DELETE', url: created.url.replace('http://testserver', '') });
    assert.equal((await read()).json().code, 'permission_denied');
  });

  it('is only for callers with heeftAlleAutorisaties (403 otherwise)', async () => {
    const token = await t.tokenWith([
      { component: 'ac', scopes: ['autorisaties.lezen', 'autorisaties.bijwerken'] },
    ]);
    const headers = { authorization: `Bearer ${token}` };
    for (const [method, url] of [
      ['GET', `${A}/applicaties`],
      ['POST', `${A}/applicaties`],
      ['GET', `${A}/applicaties/consumer?clientId=x`],
      ['GET', `${A}/applicaties/${randomUUID()}`],
      ['DELETE', `${A}/applicaties/${randomUUID()}`],
    ] as const) {
      const res = await t.request({ method, url, headers, payload: method === 'POST' ? {} : undefined });
      assert.equal(res.statusCode, 403, `${method} ${url}`);
      assert.equal(res.json().code, 'permission_denied');
    }
    const anonymous = await t.app.inject({ method: 'GET', url: `${A}/applicaties` });
    assert.equal(anonymous.statusCode, 403);
  });

  it('lists every endpoint in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: `${A}/schema/openapi.json` })).json();
    const paths = Object.keys(doc.paths);
    // paths are relative to the server URL, the API root
    assert.equal(new URL(doc.servers[0].url).pathname, '/autorisaties/api/v1');
    for (const p of ['/applicaties', '/applicaties/consumer', '/applicaties/{uuid}']) {
      assert.ok(paths.includes(p), `${p} in ${paths.join(', ')}`);
    }
    assert.deepEqual(Object.keys(doc.paths['/applicaties/{uuid}']).sort(), ['delete', 'get', 'patch', 'put']);
  });
});
