import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { jwtVerify } from 'jose';
import {
  createInformatieobjecttypeResolver,
  localInformatieobjecttypeUuid,
} from '../../src/catalogi/informatieobjecttype-resolver.js';
import { createUrls } from '../../src/shared/urls.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const iotUrl = (publicUrl: string, uuid: string) =>
  createUrls(publicUrl).catalogi('informatieobjecttypen', uuid);

/** A real HTTP server standing in for a remote Catalogi API. */
interface FakeCatalogi {
  root: string;
  hits: Map<string, number>;
  tokens: string[];
  resources: Map<string, { status: number; body: string; delayMs?: number }>;
  close(): Promise<void>;
}

async function startFakeCatalogi(): Promise<FakeCatalogi> {
  const hits = new Map<string, number>();
  const tokens: string[] = [];
  const resources = new Map<string, { status: number; body: string; delayMs?: number }>();
  const server = http.createServer((req, res) => {
    const path = req.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    tokens.push(String(req.headers.authorization ?? ''));
    const r = resources.get(path);
    const send = () => {
      if (!r) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Niet gevonden."}');
        return;
      }
      res.writeHead(r.status, { 'content-type': 'application/json' }).end(r.body);
    };
    if (r?.delayMs) setTimeout(send, r.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    root: `http://127.0.0.1:${port}/catalogi/api/v1/`,
    hits,
    tokens,
    resources,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const SECRET = 'remote-secret';

function remoteIot(root: string, path: string, concept: boolean): string {
  return JSON.stringify({
    url: `${root.replace(/\/catalogi\/api\/v1\/$/, '')}${path}`,
    catalogus: `${root}catalogussen/${randomUUID()}`,
    omschrijving: 'Extern type',
    vertrouwelijkheidaanduiding: 'zaakvertrouwelijk',
    beginGeldigheid: '2024-01-01',
    eindeGeldigheid: null,
    concept,
    informatieobjectcategorie: 'brief',
  });
}

async function insertLocal(
  t: TestApp,
  concept: boolean,
  va = 'openbaar',
): Promise<{ uuid: string; catalogus: string }> {
  const catalogus = randomUUID();
  const { rows } = await t.db.pool.query<{ id: number }>(
    `insert into catalogussen (uuid, domein, rsin, contactpersoon_beheer_naam) values ($1, 'ABC', '159351741', 'x') returning id`,
    [catalogus],
  );
  const uuid = randomUUID();
  await t.db.pool.query(
    `insert into informatieobjecttypen (uuid, catalogus_id, omschrijving, vertrouwelijkheidaanduiding, begin_geldigheid, concept, informatieobjectcategorie)
     values ($1, $2, 'Lokaal', $3, '2024-01-01', $4, 'brief')`,
    [uuid, rows[0]?.id, va, concept],
  );
  return { uuid, catalogus };
}

describe('informatieobjecttype resolver', () => {
  let t: TestApp;
  let remote: FakeCatalogi;

  before(async () => {
    remote = await startFakeCatalogi();
    t = await createTestApp({
      env: {
        CATALOGI_SERVICES: JSON.stringify([{ apiRoot: remote.root, clientId: 'ztc-client', secret: SECRET }]),
      },
    });
  });
  after(async () => {
    await t.close();
    await remote.close();
  });

  it('builds and parses local URLs from PUBLIC_URL', () => {
    const uuid = randomUUID();
    const url = iotUrl('http://testserver', uuid);
    assert.equal(url, `http://testserver/catalogi/api/v1/informatieobjecttypen/${uuid}`);
    assert.equal(localInformatieobjecttypeUuid(createUrls('http://testserver'), url), uuid);
    assert.equal(localInformatieobjecttypeUuid(createUrls('http://testserver'), url.toUpperCase()), null);
    assert.equal(localInformatieobjecttypeUuid(createUrls('http://other'), url), null);
    assert.equal(localInformatieobjecttypeUuid(createUrls('http://testserver'), `${url}x`), null);
  });

  it('rejects values that are not URLs with bad-url and long values with max_length', async () => {
    for (const v of ['', 'not a url', 'ftp://x/y', 'iot-123']) {
      const r = await t.deps.informatieobjecttypen.resolve(v);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.code, 'bad-url', v);
    }
    const long = await t.deps.informatieobjecttypen.resolve(`http://testserver/${'a'.repeat(200)}`);
    assert.equal(!long.ok && long.code, 'max_length');
  });

  it('resolves a published local type and reports unknown and concept ones', async () => {
    const pub = await insertLocal(t, false, 'intern');
    const concept = await insertLocal(t, true);
    const url = iotUrl(t.config.publicUrl, pub.uuid);
    const ok = await t.deps.informatieobjecttypen.resolve(url);
    assert.deepEqual(ok.ok && ok.iot, {
      url,
      localId: ok.ok ? ok.iot.localId : null,
      externalUrl: null,
      vertrouwelijkheidaanduiding: 'intern',
      concept: false,
      catalogusUrl: `http://testserver/catalogi/api/v1/catalogussen/${pub.catalogus}`,
    });
    assert.equal(typeof (ok.ok && ok.iot.localId), 'number');
    const c = await t.deps.informatieobjecttypen.resolve(iotUrl(t.config.publicUrl, concept.uuid));
    assert.deepEqual(c, { ok: false, code: 'not-published', reason: 'The resource is not published.' });
    const missing = await t.deps.informatieobjecttypen.resolve(iotUrl(t.config.publicUrl, randomUUID()));
    assert.equal(!missing.ok && missing.code, 'does_not_exist');
    const wrongPath = await t.deps.informatieobjecttypen.resolve('http://testserver/zaken/api/v1/zaken/123');
    assert.equal(!wrongPath.ok && wrongPath.code, 'does_not_exist');
  });

  it('treats another host as external even when it names the same path (never the request Host)', async () => {
    const pub = await insertLocal(t, false);
    const r = await t.deps.informatieobjecttypen.resolve(
      `http://localhost/catalogi/api/v1/informatieobjecttypen/${pub.uuid}`,
    );
    assert.deepEqual(r, {
      ok: false,
      code: 'unknown-service',
      reason: 'The service for this url is unknown',
    });
  });

  it('resolves many local URLs with one query result each, keyed by the URL given', async () => {
    const a = await insertLocal(t, false);
    const b = await insertLocal(t, false);
    const ua = iotUrl(t.config.publicUrl, a.uuid);
    const ub = iotUrl(t.config.publicUrl, b.uuid.toUpperCase());
    const missing = iotUrl(t.config.publicUrl, randomUUID());
    const out = await t.deps.informatieobjecttypen.resolveMany([ua, ub, ua, missing, 'nope']);
    assert.equal(out.size, 4);
    assert.equal(out.get(ua)?.ok, true);
    const rb = out.get(ub);
    assert.equal(rb?.ok && rb.iot.url, iotUrl(t.config.publicUrl, b.uuid));
    assert.equal(out.get(missing)?.ok, false);
    assert.equal(out.get('nope')?.ok, false);
  });

  it('fetches a published external type with a ZGW JWT for that service and caches it', async () => {
    const path = `/catalogi/api/v1/informatieobjecttypen/${randomUUID()}`;
    remote.resources.set(path, { status: 200, body: remoteIot(remote.root, path, false), delayMs: 30 });
    const url = `${remote.root.replace(/\/catalogi\/api\/v1\/$/, '')}${path}`;
    const before = remote.tokens.length;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.deps.informatieobjecttypen.resolve(url)),
    );
    const many = await t.deps.informatieobjecttypen.resolveMany(Array.from({ length: 1000 }, () => url));
    assert.equal(remote.hits.get(path), 1, 'one fetch for 1,020 lookups');
    for (const r of [...results, many.get(url)]) {
      assert.deepEqual(r?.ok && r.iot, {
        url,
        localId: null,
        externalUrl: url,
        vertrouwelijkheidaanduiding: 'zaakvertrouwelijk',
        concept: false,
        catalogusUrl: (JSON.parse(remote.resources.get(path)?.body ?? '{}') as { catalogus: string })
          .catalogus,
      });
    }
    const header = remote.tokens[before] ?? '';
    assert.match(header, /^Bearer /);
    const { payload, protectedHeader } = await jwtVerify(header.slice(7), new TextEncoder().encode(SECRET));
    assert.equal(protectedHeader.alg, 'HS256');
    assert.equal(payload.client_id, 'ztc-client');
    assert.equal(payload.iss, 'ztc-client');
    assert.equal(typeof payload.iat, 'number');
  });

  it('reports not-published, invalid-resource and bad-url for external problems', async () => {
    const base = remote.root.replace(/\/catalogi\/api\/v1\/$/, '');
    const concept = `/catalogi/api/v1/informatieobjecttypen/${randomUUID()}`;
    const notIot = `/catalogi/api/v1/informatieobjecttypen/${randomUUID()}`;
    const notJson = `/catalogi/api/v1/informatieobjecttypen/${randomUUID()}`;
    const missing = `/catalogi/api/v1/informatieobjecttypen/${randomUUID()}`;
    remote.resources.set(concept, { status: 200, body: remoteIot(remote.root, concept, true) });
    remote.resources.set(notIot, { status: 200, body: '{"url":"x","naam":"een zaak"}' });
    remote.resources.set(notJson, { status: 200, body: '<html>hallo</html>' });
    const out = await t.deps.informatieobjecttypen.resolveMany(
      [concept, notIot, notJson, missing].map((p) => base + p),
    );
    assert.deepEqual(out.get(base + concept), {
      ok: false,
      code: 'not-published',
      reason: 'The resource is not published.',
    });
    assert.deepEqual(out.get(base + notIot), {
      ok: false,
      code: 'invalid-resource',
      reason: `The URL ${base + notIot} resource did not look like a(n) \`InformatieObjectType\`. Please provide a valid URL.`,
    });
    const nj = out.get(base + notJson);
    assert.equal(!nj?.ok && nj?.code, 'invalid-resource');
    assert.deepEqual(out.get(base + missing), {
      ok: false,
      code: 'bad-url',
      reason: `Bad URL "${base + missing}" - object could not be fetched. This *may* be because you have insufficient read permissions.`,
    });
  });

  it('reports bad-url when the service is unreachable', async () => {
    const dead = 'http://127.0.0.1:1/catalogi/api/v1/';
    const resolver = createInformatieobjecttypeResolver({
      pool: t.db.pool,
      config: {
        publicUrl: t.config.publicUrl,
        catalogiServices: [{ apiRoot: dead, clientId: 'c', secret: 's' }],
      },
    });
    const r = await resolver.resolve(`${dead}informatieobjecttypen/${randomUUID()}`);
    assert.equal(!r.ok && r.code, 'bad-url');
  });

  it('reports bad-url, not an error, when the request cannot even be signed (empty secret)', async () => {
    const resolver = createInformatieobjecttypeResolver({
      pool: t.db.pool,
      config: {
        publicUrl: t.config.publicUrl,
        catalogiServices: [{ apiRoot: remote.root, clientId: 'c', secret: '' }],
      },
    });
    const r = await resolver.resolve(`${remote.root}informatieobjecttypen/${randomUUID()}`);
    assert.equal(!r.ok && r.code, 'bad-url');
  });

  it('fetches again once the cached entry is older than the max age, and evicts beyond the size bound', async () => {
    let now = 1_000_000;
    const resolver = createInformatieobjecttypeResolver(
      { pool: t.db.pool, config: t.config },
      { now: () => now, cacheMaxAgeMs: 60_000, cacheEntries: 2 },
    );
    const base = remote.root.replace(/\/catalogi\/api\/v1\/$/, '');
    const paths = [1, 2, 3].map(() => `/catalogi/api/v1/informatieobjecttypen/${randomUUID()}`);
    for (const p of paths) remote.resources.set(p, { status: 200, body: remoteIot(remote.root, p, false) });
    const [p1, p2, p3] = paths as [string, string, string];
    await resolver.resolve(base + p1);
    await resolver.resolve(base + p1);
    assert.equal(remote.hits.get(p1), 1);
    now += 60_001;
    await resolver.resolve(base + p1);
    assert.equal(remote.hits.get(p1), 2, 'expired entry is fetched again');
    await resolver.resolve(base + p2);
    await resolver.resolve(base + p3); // evicts p1, the least recently used
    await resolver.resolve(base + p3);
    await resolver.resolve(base + p1);
    assert.equal(remote.hits.get(p3), 1);
    assert.equal(remote.hits.get(p1), 3, 'evicted entry is fetched again');
  });
});
