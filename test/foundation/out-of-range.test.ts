import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { EIO, eioBody, insertIot } from '../documenten/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { CRS } from '../zaken/fixtures.js';

/**
 * Numbers and dates a query accepts by its schema but PostgreSQL cannot take (Infinity,
 * beyond bigint or integer, year 0000, a UTC offset past ±15:59): a 400 or the 404 of a
 * resource that cannot exist, never a 500.
 */
let t: TestApp;
let docPath: string;
before(async () => {
  t = await createTestApp();
  const iot = await insertIot(t);
  const res = await t.request({
    method: 'POST',
    url: EIO,
    payload: eioBody(iot.url, { inhoud: Buffer.from('hallo').toString('base64') }),
  });
  assert.equal(res.statusCode, 201, res.body);
  docPath = new URL(res.json().url).pathname;
});
after(() => t.close());

function assertInvalid(res: LightMyRequestResponse, name: string, label: string): void {
  assert.equal(res.statusCode, 400, `${label}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json();
  assert.equal(body.code, 'invalid', label);
  assert.deepEqual(
    body.invalidParams.map((p: { name: string; code: string }) => `${p.name}:${p.code}`),
    [`${name}:invalid`],
    label,
  );
}

/** The paginated lists: every operation whose OpenAPI declares a `page` query parameter. */
async function paginated(): Promise<{ method: 'GET' | 'POST'; path: string; pageSize: boolean }[]> {
  const out: { method: 'GET' | 'POST'; path: string; pageSize: boolean }[] = [];
  for (const component of ['documenten', 'catalogi', 'zaken', 'autorisaties']) {
    const doc = (await t.request({ method: 'GET', url: `/${component}/api/v1/schema/openapi.json` })).json();
    const root = new URL(doc.servers[0].url).pathname; // paths are relative to the API root
    for (const [path, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { parameters?: { name: string }[] }>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        const names = (op.parameters ?? []).map((p) => p.name);
        if (names.includes('page'))
          out.push({
            method: method.toUpperCase() as 'GET',
            path: `${root}${path}`,
            pageSize: names.includes('pageSize'),
          });
      }
    }
  }
  return out;
}

const zoekBody = () => ({ uuid__in: [docPath.split('/').pop()] });

describe('page and pageSize', () => {
  it('page=1e309 (Infinity) is a 400 on page for every paginated list', async () => {
    const lists = await paginated();
    assert.ok(lists.length >= 7, lists.map((l) => l.path).join(', '));
    for (const { method, path, pageSize } of lists) {
      const payload = method === 'POST' ? zoekBody() : undefined;
      for (const value of ['1e309', '-1e309']) {
        const url = `${path}?page=${value}`;
        assertInvalid(await t.request({ method, url, payload, headers: CRS }), 'page', `${method} ${url}`);
      }
      if (pageSize) {
        const url = `${path}?pageSize=1e309`;
        assertInvalid(
          await t.request({ method, url, payload, headers: CRS }),
          'pageSize',
          `${method} ${url}`,
        );
      }
    }
  });

  it('a page beyond bigint offsets is the 404 of any page past the last one', async () => {
    for (const { method, path } of await paginated()) {
      const payload = method === 'POST' ? zoekBody() : undefined;
      for (const value of ['1e20', '99999999999999999']) {
        const res = await t.request({ method, url: `${path}?page=${value}`, payload, headers: CRS });
        assert.equal(res.statusCode, 404, `${method} ${path}?page=${value}: ${res.body}`);
        assert.equal(res.json().code, 'not_found');
      }
    }
  });

  it('a large page within bigint is the ordinary 404 past the last page; page 1 still answers', async () => {
    const res = await t.request({ method: 'GET', url: `${EIO}?page=2147483648&pageSize=1` });
    assert.equal(res.statusCode, 404, res.body);
    const first = await t.request({ method: 'GET', url: `${EIO}?page=1&pageSize=1` });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().results.length, 1);
  });
});

describe('versie', () => {
  it('a versie beyond the integer column is 404 on retrieve and download (Open Zaak: no such versie)', async () => {
    for (const suffix of ['', '/download']) {
      for (const versie of ['99999999999999', '2147483648', '9007199254740993']) {
        const res = await t.request({ method: 'GET', url: `${docPath}${suffix}?versie=${versie}` });
        assert.equal(res.statusCode, 404, `${suffix} versie=${versie}: ${res.body}`);
        assert.equal(res.json().code, 'not_found');
      }
      assertInvalid(
        await t.request({ method: 'GET', url: `${docPath}${suffix}?versie=1e309` }),
        'versie',
        suffix,
      );
      const ok = await t.request({ method: 'GET', url: `${docPath}${suffix}?versie=1` });
      assert.equal(ok.statusCode, 200, ok.body);
    }
  });
});

describe('dates and datetimes PostgreSQL cannot read', () => {
  it('year 0000 and offsets past ±15:59 are a 400 on the parameter', async () => {
    for (const [url, name] of [
      [`${EIO}?creatiedatum__gte=0000-01-01`, 'creatiedatum__gte'],
      [`${EIO}?creatiedatum__lte=0000-12-31`, 'creatiedatum__lte'],
      [`${docPath}?registratieOp=0000-01-01T00:00:00Z`, 'registratieOp'],
      [`${docPath}?registratieOp=${encodeURIComponent('2020-01-01T00:00:00+23:59')}`, 'registratieOp'],
      [
        `${docPath}/download?registratieOp=${encodeURIComponent('2020-01-01T00:00:00-16:00')}`,
        'registratieOp',
      ],
    ] as const) {
      assertInvalid(await t.request({ method: 'GET', url }), name, url);
    }
  });

  it('the extremes PostgreSQL does read are answered normally', async () => {
    const far = await t.request({
      method: 'GET',
      url: `${EIO}?creatiedatum__gte=0001-01-01&creatiedatum__lte=9999-12-31`,
    });
    assert.equal(far.statusCode, 200, far.body);
    assert.equal(far.json().count, 1);
    const offset = await t.request({
      method: 'GET',
      url: `${docPath}?registratieOp=${encodeURIComponent('9999-12-31T23:59:59-15:59')}`,
    });
    assert.equal(offset.statusCode, 200, offset.body);
  });
});
