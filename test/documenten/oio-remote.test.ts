import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createZgwClient } from '../../src/shared/zgw-services.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { codes, createEio, EIO, eioBody, insertIot, uuidOf } from './fixtures.js';
import {
  CLIENT_ID,
  type RemoteApi,
  remoteBesluit,
  remoteZaak,
  SECRET,
  startRemote,
} from './remote-zgw-api.js';

const OIO = '/documenten/api/v1/objectinformatieobjecten';

describe('POST /objectinformatieobjecten for a remote zaak or besluit', () => {
  let remote: RemoteApi;
  let other: RemoteApi;
  let t: TestApp;
  let iot: string;
  let eioUrl: string;
  const link = (object: string, objectType = 'zaak', token?: string) =>
    t.request({
      method: 'POST',
      url: OIO,
      payload: { informatieobject: eioUrl, object, objectType },
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const relate = (object: string, objectType = 'zaak') =>
    remote.relations.add(`${objectType}|${eioUrl}|${object}`);

  before(async () => {
    remote = await startRemote({ secret: SECRET });
    other = await startRemote({ secret: SECRET });
    t = await createTestApp({
      env: {
        ZGW_SERVICES: JSON.stringify([
          { apiRoot: remote.zakenRoot, clientId: CLIENT_ID, secret: SECRET },
          { apiRoot: remote.besluitenRoot, clientId: CLIENT_ID, secret: SECRET },
        ]),
      },
    });
    iot = (await insertIot(t)).url;
  });
  beforeEach(async () => {
    eioUrl = (await createEio(t, eioBody(iot))).json().url;
  });
  after(async () => {
    await t.close();
    await remote.close();
    await other.close();
  });

  it('links a remote zaak whose Zaken API holds the ZaakInformatieObject, asking with the service JWT', async () => {
    const zaak = remoteZaak(remote);
    relate(zaak);
    const res = await link(zaak);
    assert.equal(res.statusCode, 201, res.body);
    assert.deepEqual(
      {
        object: res.json().object,
        objectType: res.json().objectType,
        informatieobject: res.json().informatieobject,
      },
      { object: zaak, objectType: 'zaak', informatieobject: eioUrl },
    );
    assert.equal(res.headers.location, res.json().url);
    assert.ok(remote.requests.length >= 2 && remote.requests.every((r) => r.authorised));
    const got = await t.request({ method: 'GET', url: `${OIO}/${uuidOf(res.json().url)}` });
    assert.deepEqual(got.json(), res.json());
  });

  it('links a remote besluit the same way', async () => {
    const besluit = remoteBesluit(remote);
    relate(besluit, 'besluit');
    const res = await link(besluit, 'besluit');
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().objectType, 'besluit');
  });

  it('answers nonFieldErrors/unique for a link that already exists', async () => {
    const zaak = remoteZaak(remote);
    relate(zaak);
    assert.equal((await link(zaak)).statusCode, 201);
    const again = await link(zaak);
    assert.equal(again.statusCode, 400);
    assert.deepEqual(codes(again), ['nonFieldErrors:unique']);
  });

  it('answers inconsistent-relation when the remote API has no such ZaakInformatieObject', async () => {
    const res = await link(remoteZaak(remote));
    assert.deepEqual(codes(res), ['nonFieldErrors:inconsistent-relation']);
    const list = await t.request({
      method: 'GET',
      url: `${OIO}?informatieobject=${encodeURIComponent(eioUrl)}`,
    });
    assert.deepEqual(list.json(), []);
  });

  it('answers object/bad-url when the object does not answer 200', async () => {
    const missing = `${remote.zakenRoot}zaken/${randomUUID()}`;
    assert.deepEqual(codes(await link(missing)), ['object:bad-url']);
    const path = `/zaken/api/v1/zaken/${randomUUID()}`;
    remote.resources.set(path, { status: 500, body: '{}' });
    assert.deepEqual(codes(await link(`${remote.origin}${path}`)), ['object:bad-url']);
  });

  it('answers object/bad-url for a redirect, without following it', async () => {
    const target = remoteZaak(other);
    const path = `/zaken/api/v1/zaken/${randomUUID()}`;
    remote.resources.set(path, { status: 302, body: '', headers: { location: target } });
    const before = other.requests.length;
    assert.deepEqual(codes(await link(`${remote.origin}${path}`)), ['object:bad-url']);
    assert.equal(other.requests.length, before, 'the redirect target was not requested');
  });

  it('answers object/invalid-resource when the body is no zaak, or a zaak given as besluit', async () => {
    const path = `/zaken/api/v1/zaken/${randomUUID()}`;
    remote.resources.set(path, { status: 200, body: JSON.stringify({ url: `${remote.origin}${path}` }) });
    assert.deepEqual(codes(await link(`${remote.origin}${path}`)), ['object:invalid-resource']);
    const notJson = `/zaken/api/v1/zaken/${randomUUID()}`;
    remote.resources.set(notJson, { status: 200, body: '<html>' });
    assert.deepEqual(codes(await link(`${remote.origin}${notJson}`)), ['object:invalid-resource']);
    const zaak = remoteZaak(remote);
    relate(zaak, 'besluit');
    assert.deepEqual(codes(await link(zaak, 'besluit')), ['object:invalid-resource']);
  });

  it('refuses a URL outside every configured service without requesting it (unknown-service)', async () => {
    const zaak = remoteZaak(other);
    const before = other.requests.length;
    assert.deepEqual(codes(await link(zaak)), ['object:unknown-service']);
    // userinfo does not make a URL look like it is under a configured root
    const sneaky = `${remote.origin}@${other.origin.replace('http://', '')}/zaken/api/v1/zaken/${randomUUID()}`;
    assert.deepEqual(codes(await link(sneaky)), ['object:unknown-service']);
    assert.equal(other.requests.length, before);
  });

  it('answers bad-url when the remote refuses the credentials', async () => {
    const wrong = await startRemote({ secret: 'another-secret' });
    const t2 = await createTestApp({
      env: {
        ZGW_SERVICES: JSON.stringify([{ apiRoot: wrong.zakenRoot, clientId: CLIENT_ID, secret: SECRET }]),
      },
    });
    try {
      const doc = (await createEio(t2, eioBody((await insertIot(t2)).url))).json().url;
      const zaak = remoteZaak(wrong);
      const res = await t2.request({
        method: 'POST',
        url: OIO,
        payload: { informatieobject: doc, object: zaak, objectType: 'zaak' },
      });
      assert.deepEqual(codes(res), ['object:bad-url']);
      assert.equal(wrong.requests[0]?.authorised, false);
    } finally {
      await t2.close();
      await wrong.close();
    }
  });

  it('needs documenten.aanmaken for the document’s informatieobjecttype (403), and validates the body', async () => {
    const zaak = remoteZaak(remote);
    relate(zaak);
    const before = remote.requests.length;
    const reader = await t.tokenWith([
      { scopes: ['documenten.lezen'], informatieobjecttype: iot, maxVertrouwelijkheidaanduiding: 'geheim' },
    ]);
    assert.equal((await link(zaak, 'zaak', reader)).statusCode, 403);
    const otherType = await t.tokenWith([
      {
        scopes: ['documenten.aanmaken'],
        informatieobjecttype: (await insertIot(t)).url,
        maxVertrouwelijkheidaanduiding: 'geheim',
      },
    ]);
    assert.equal((await link(zaak, 'zaak', otherType)).statusCode, 403);
    assert.equal(remote.requests.length, before, 'nothing is fetched for a refused request');
    assert.deepEqual(codes(await link(zaak, 'document')), ['objectType:invalid_choice']);
    assert.equal((await link('geen url')).statusCode, 400);
    const allowed = await t.tokenWith([
      {
        scopes: ['documenten.aanmaken'],
        informatieobjecttype: iot,
        maxVertrouwelijkheidaanduiding: 'geheim',
      },
    ]);
    assert.equal((await link(zaak, 'zaak', allowed)).statusCode, 201);
  });

  it('deletes a remote link only once the remote relation is gone', async () => {
    const zaak = remoteZaak(remote);
    relate(zaak);
    const created = await link(zaak);
    const url = `${OIO}/${uuidOf(created.json().url)}`;
    const refused = await t.request({ method: 'DELETE', url });
    assert.deepEqual(codes(refused), ['nonFieldErrors:remote-relation-exists']);
    remote.relations.delete(`zaak|${eioUrl}|${zaak}`);
    const del = await t.request({
      method: 'DELETE',
      url,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(del.statusCode, 204, del.body);
    assert.equal((await t.request({ method: 'GET', url })).statusCode, 404);
  });

  it('answers relation-lookup-error when the remote relation cannot be looked up', async () => {
    const zaak = remoteZaak(remote);
    relate(zaak);
    const created = await link(zaak);
    // the remote API goes away: the row stays until its relation can be checked
    await t.db.pool.query('update object_informatieobjecten set object_url = $1 where uuid = $2', [
      `${other.zakenRoot}zaken/${randomUUID()}`,
      uuidOf(created.json().url),
    ]);
    const res = await t.request({ method: 'DELETE', url: `${OIO}/${uuidOf(created.json().url)}` });
    assert.deepEqual(codes(res), ['nonFieldErrors:relation-lookup-error']);
  });

  it('documents stay listed by their remote object', async () => {
    const zaak = remoteZaak(remote);
    relate(zaak);
    assert.equal((await link(zaak)).statusCode, 201);
    const docs = await t.request({
      method: 'GET',
      url: `${EIO}?objectinformatieobjecten__object=${encodeURIComponent(zaak)}`,
    });
    assert.equal(docs.json().count, 1);
  });
});

describe('the ZGW service client', () => {
  let remote: RemoteApi;
  before(async () => {
    remote = await startRemote({ secret: SECRET });
  });
  after(async () => remote.close());

  const client = (timeoutMs = 5000, maxBodyBytes = 1024 * 1024) =>
    createZgwClient({
      services: [{ apiRoot: remote.zakenRoot, clientId: CLIENT_ID, secret: SECRET }],
      timeoutMs,
      maxBodyBytes,
    });

  it('gives up on a body larger than the limit', async () => {
    const path = `/zaken/api/v1/zaken/${randomUUID()}`;
    remote.resources.set(path, { status: 200, body: JSON.stringify({ pad: 'x'.repeat(5000) }) });
    assert.equal((await client(5000, 1000).getJson(`${remote.origin}${path}`)).kind, 'not-json');
    assert.equal((await client(5000, 10_000).getJson(`${remote.origin}${path}`)).kind, 'json');
  });

  it('gives up on a service that does not answer in time', async () => {
    const slow = http.createServer(() => undefined);
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const root = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/zaken/api/v1/`;
    const c = createZgwClient({
      services: [{ apiRoot: root, clientId: CLIENT_ID, secret: SECRET }],
      timeoutMs: 200,
    });
    const started = Date.now();
    const got = await c.getJson(`${root}zaken/${randomUUID()}`);
    assert.equal(got.kind, 'unfetchable');
    assert.ok(Date.now() - started < 3000);
    slow.closeAllConnections();
    await new Promise<void>((resolve) => slow.close(() => resolve()));
  });

  it('requests nothing outside its services, also not through dot segments', async () => {
    const c = client();
    assert.equal((await c.getJson('http://127.0.0.1:1/zaken/api/v1/zaken/x')).kind, 'unknown-service');
    assert.equal(c.apiRootOf(`${remote.zakenRoot}../../besluiten/api/v1/besluiten/x`), undefined);
    assert.equal(c.apiRootOf(`${remote.zakenRoot}zaken/x`), remote.zakenRoot);
  });
});
