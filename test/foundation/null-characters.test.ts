import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { catalogusBody, createCatalogus, iotBody, zaaktypeBody } from '../catalogi/fixtures.js';
import { EIO, eioBody, insertIot, storedFiles } from '../documenten/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { CRS } from '../zaken/fixtures.js';

/**
 * U+0000 (which PostgreSQL text cannot hold) anywhere in a request is a 400 on that field
 * with code null_characters_not_allowed, checked once for every route: never a 500.
 */
const NUL = 'a\u0000b';
const CODE = 'null_characters_not_allowed';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

function assertNullCharacters(res: LightMyRequestResponse, names: string[], label = ''): void {
  assert.equal(res.statusCode, 400, `${label}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json();
  assert.equal(body.code, 'invalid', label);
  assert.deepEqual(
    (body.invalidParams as { name: string; code: string }[]).map((p) => `${p.name}:${p.code}`).sort(),
    names.map((n) => `${n}:${CODE}`).sort(),
    label,
  );
}

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
}

/** Every operation of every component (HEAD aside: no body to check), from its own OpenAPI document. */
async function operations(): Promise<{ method: string; path: string; op: OpenApiOperation }[]> {
  const out: { method: string; path: string; op: OpenApiOperation }[] = [];
  for (const component of ['documenten', 'catalogi', 'zaken', 'autorisaties']) {
    const res = await t.request({ method: 'GET', url: `/${component}/api/v1/schema/openapi.json` });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    // paths are relative to the server URL, the API root
    const root = new URL(doc.servers[0].url).pathname;
    const paths = doc.paths as Record<string, Record<string, OpenApiOperation>>;
    for (const [path, ops] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (method !== 'head') out.push({ method: method.toUpperCase(), path: `${root}${path}`, op });
      }
    }
  }
  return out;
}

const ANY_UUID = '6f0b8e2e-0000-4000-8000-000000000001';
const fill = (path: string, value: string) => path.replace(/\{\w+\}/g, value);

describe('U+0000 in query parameters', () => {
  it('is refused on every query parameter of every GET endpoint', async () => {
    const checked = new Set<string>();
    for (const { method, path, op } of await operations()) {
      if (method !== 'GET') continue;
      for (const p of (op.parameters ?? []).filter((x) => x.in === 'query')) {
        const url = `${fill(path, ANY_UUID)}?${p.name}=a%00b`;
        assertNullCharacters(await t.request({ method: 'GET', url, headers: CRS }), [p.name], url);
        checked.add(`${path}?${p.name}`);
      }
    }
    // The filters that reached PostgreSQL before (a 500 each) are among those checked.
    for (const filter of [
      '/documenten/api/v1/enkelvoudiginformatieobjecten?identificatie',
      '/documenten/api/v1/enkelvoudiginformatieobjecten?trefwoorden__overlap',
      '/documenten/api/v1/objectinformatieobjecten?object',
      '/catalogi/api/v1/catalogussen?domein',
      '/catalogi/api/v1/informatieobjecttypen?omschrijving',
      '/catalogi/api/v1/zaaktypen?identificatie',
      '/zaken/api/v1/zaken?identificatie',
      '/zaken/api/v1/zaakinformatieobjecten?zaak',
      '/autorisaties/api/v1/applicaties?clientIds',
      '/autorisaties/api/v1/applicaties/consumer?clientId',
    ]) {
      assert.ok(checked.has(filter), `${filter} not in the OpenAPI documents`);
    }
  });

  it('names each parameter that holds one, also in repeated values', async () => {
    const res = await t.request({
      method: 'GET',
      url: `${EIO}?titel=%00&auteur=x&trefwoorden=a&trefwoorden=b%00`,
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.deepEqual(
      res
        .json()
        .invalidParams.map((p: { name: string }) => p.name)
        .sort(),
      ['titel', 'trefwoorden.1'],
    );
  });
});

describe('U+0000 in path parameters', () => {
  it('is refused on every path parameter (the import paths only match a uuid: 404)', async () => {
    for (const { method, path, op } of await operations()) {
      const params = (op.parameters ?? []).filter((x) => x.in === 'path');
      if (params.length === 0) continue;
      const url = fill(path, 'a%00b');
      const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
      // A multipart-only operation (PUT /bestandsdelen/{uuid}) gets a multipart body, so the
      // path check is what answers, not the content type.
      const content =
        (op as { requestBody?: { content?: Record<string, unknown> } }).requestBody?.content ?? {};
      const multipart = 'multipart/form-data' in content && !('application/json' in content);
      const res = await t.request({
        method: method as 'GET',
        url,
        headers: multipart ? { ...CRS, 'content-type': 'multipart/form-data; boundary=x' } : CRS,
        payload: multipart
          ? '--x\r\nContent-Disposition: form-data; name="lock"\r\n\r\nabc\r\n--x--\r\n'
          : hasBody
            ? {}
            : undefined,
      });
      if (path.startsWith('/documenten/api/v1/import/')) {
        assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
      } else {
        assertNullCharacters(
          res,
          params.map((p) => p.name),
          `${method} ${url}`,
        );
      }
    }
  });
});

describe('U+0000 in JSON bodies', () => {
  let iotUrl: string;
  before(async () => {
    iotUrl = (await insertIot(t)).url;
  });

  const fullEio = () =>
    eioBody(iotUrl, {
      identificatie: 'DOC-NUL',
      formaat: 'text/plain',
      bestandsnaam: 'brief.txt',
      beschrijving: 'beschrijving',
      link: 'https://example.com/x',
      verschijningsvorm: 'vorm',
      trefwoorden: ['a', 'b'],
      integriteit: { algoritme: 'md5', waarde: 'abc', datum: '2020-01-01' },
    });

  async function documentCount(): Promise<number> {
    const { rows } = await t.db.pool.query<{ n: number }>('select count(*)::int as n from document_versions');
    return rows[0]?.n ?? 0;
  }

  it('is refused on every string field of an EIO create, nested and in arrays; nothing is stored', async () => {
    const before = await documentCount();
    const fields: [string, Record<string, unknown>][] = [
      ['titel', { titel: NUL }],
      ['auteur', { auteur: NUL }],
      ['bestandsnaam', { bestandsnaam: NUL }],
      ['beschrijving', { beschrijving: NUL }],
      ['identificatie', { identificatie: NUL }],
      ['taal', { taal: 'du\u0000' }],
      ['formaat', { formaat: NUL }],
      ['verschijningsvorm', { verschijningsvorm: NUL }],
      ['trefwoorden.1', { trefwoorden: ['a', NUL] }],
      ['integriteit.waarde', { integriteit: { algoritme: 'md5', waarde: NUL, datum: '2020-01-01' } }],
    ];
    for (const [name, override] of fields) {
      const body = { ...fullEio(), ...override, inhoud: Buffer.from('bestand').toString('base64') };
      const res = await t.request({ method: 'POST', url: EIO, payload: body });
      assertNullCharacters(res, [name], name);
    }
    assert.equal(await documentCount(), before);
    assert.deepEqual(await storedFiles(t), []);
    // the same body without U+0000 is accepted
    assert.equal((await t.request({ method: 'POST', url: EIO, payload: fullEio() })).statusCode, 201);
  });

  it('reports every field at once, snake_case input under its camelCase name', async () => {
    const res = await t.request({
      method: 'POST',
      url: EIO,
      payload: {
        ...fullEio(),
        titel: NUL,
        auteur: NUL,
        integriteit: { algoritme: 'md5', waarde: NUL, datum: '2020-01-01' },
      },
    });
    assertNullCharacters(res, ['titel', 'auteur', 'integriteit.waarde']);
    const snake = await t.request({
      method: 'POST',
      url: '/catalogi/api/v1/catalogussen',
      payload: { domein: 'SNAKE', rsin: '159351741', contactpersoon_beheer_naam: NUL },
    });
    assertNullCharacters(snake, ['contactpersoonBeheerNaam']);
  });

  it('is refused on PUT/PATCH, lock/unlock and _zoek bodies', async () => {
    const created = await t.request({ method: 'POST', url: EIO, payload: eioBody(iotUrl) });
    const path = new URL(created.json().url).pathname;
    const lock = (await t.request({ method: 'POST', url: `${path}/lock`, payload: {} })).json().lock;
    const patch = await t.request({ method: 'PATCH', url: path, payload: { lock, titel: NUL } });
    assertNullCharacters(patch, ['titel']);
    const put = await t.request({
      method: 'PUT',
      url: path,
      payload: { ...eioBody(iotUrl), lock, auteur: NUL },
    });
    assertNullCharacters(put, ['auteur']);
    const unlock = await t.request({
      method: 'POST',
      url: `${path}/unlock`,
      payload: { lock: `${lock}\u0000` },
    });
    assertNullCharacters(unlock, ['lock']);
    const zoek = await t.request({
      method: 'POST',
      url: `${EIO}/_zoek`,
      payload: { uuid__in: [created.json().url.split('/').pop()], identificatie: NUL },
    });
    assertNullCharacters(zoek, ['identificatie']);
    const versions = await t.db.pool.query('select titel, auteur from document_versions where titel = $1', [
      'brief',
    ]);
    assert.ok(versions.rows.every((r) => !r.titel.includes('\u0000') && !r.auteur.includes('\u0000')));
  });

  it('is refused in the Catalogi, Zaken and Autorisaties bodies', async () => {
    const catalogus = await createCatalogus(t, { domein: 'NUL', rsin: '159351741' });
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['POST', '/catalogi/api/v1/catalogussen', catalogusBody({ domein: 'NUL2', naam: NUL }), 'naam'],
      [
        'POST',
        '/catalogi/api/v1/informatieobjecttypen',
        iotBody(catalogus, { omschrijving: NUL }),
        'omschrijving',
      ],
      [
        'POST',
        '/catalogi/api/v1/zaaktypen',
        zaaktypeBody(catalogus, { referentieproces: { naam: NUL } }),
        'referentieproces.naam',
      ],
      ['POST', '/zaken/api/v1/zaken', { zaaktype: NUL, bronorganisatie: '517439943' }, 'zaaktype'],
      ['POST', '/autorisaties/api/v1/applicaties', { clientIds: ['ok', NUL], label: 'l' }, 'clientIds.1'],
    ];
    for (const [method, url, payload, name] of cases) {
      const res = await t.request({ method: method as 'POST', url, payload, headers: CRS });
      assertNullCharacters(res, [name], url);
    }
  });
});
