import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { createPool } from '../../src/db/pool.js';
import { createDeps } from '../../src/deps.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { freePort } from '../helpers/server.js';
import { testComponent } from '../helpers/test-component.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

interface Problem {
  type: string;
  code: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  invalidParams: { name: string; code: string; reason: string }[];
}

function assertProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
  code: string,
): Problem {
  assert.equal(res.statusCode, status);
  assert.equal(res.headers['content-type'], PROBLEM);
  const body = res.json() as Problem;
  assert.deepEqual(Object.keys(body).slice(0, 6), ['type', 'code', 'title', 'status', 'detail', 'instance']);
  assert.equal(body.code, code);
  assert.equal(body.status, status);
  assert.match(body.instance, /^urn:uuid:[0-9a-f-]{36}$/);
  assert.match(body.type, /^http:\/\/testserver\/ref\/fouten\/\w+\/$/);
  return body;
}

describe('problem+json error format (ZGW `Fout`/`ValidatieFout` responses)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { API_MAX_BODY_BYTES: '2048' }, extraComponents: [testComponent] });
  });
  after(() => t.close());

  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    t.request({
      method: 'POST',
      url: '/test/api/v1/things',
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('400: every invalid field at once, with ZGW names and codes', async () => {
    const res = await post({
      titel: '',
      status: 'c',
      aantal: -1,
      creatiedatum: '2020-13-45',
      ondertekening: { soort: 'pki' },
      trefwoorden: ['ok', 'toolong'],
      auteur: null,
    });
    const body = assertProblem(res, 400, 'invalid');
    assert.equal(body.type, 'http://testserver/ref/fouten/ValidationError/');
    const byName = Object.fromEntries(body.invalidParams.map((p) => [p.name, p.code]));
    assert.deepEqual(byName, {
      titel: 'blank',
      status: 'invalid_choice',
      aantal: 'min_value',
      creatiedatum: 'invalid',
      'ondertekening.datum': 'required',
      'ondertekening.soort': 'invalid_choice',
      'trefwoorden.1': 'max_length',
      auteur: 'null',
    });
    for (const p of body.invalidParams) assert.equal(typeof p.reason, 'string');
  });

  it('400 required for a missing field, max_length for a long one', async () => {
    const body = assertProblem(await post({ titel: 'x'.repeat(11) }), 400, 'invalid');
    const byName = Object.fromEntries(body.invalidParams.map((p) => [p.name, p.code]));
    assert.deepEqual(byName, { titel: 'max_length', auteur: 'required' });
  });

  it('accepts snake_case keys on input', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/test/api/v1/things',
      payload: { titel: 'x', auteur: 'y', creatie_datum: 'ignored' },
    });
    assert.equal(res.statusCode, 201);
  });

  it('400 parse_error for malformed JSON, without invalidParams', async () => {
    const body = assertProblem(await post('{"titel": '), 400, 'parse_error');
    assert.equal(body.invalidParams, undefined);
  });

  it('400 unknown-parameters for an undeclared query parameter', async () => {
    const body = assertProblem(
      await t.request({ method: 'GET', url: '/test/api/v1/ping?foo=1' }),
      400,
      'invalid',
    );
    assert.equal(body.invalidParams[0]?.name, 'nonFieldErrors');
    assert.equal(body.invalidParams[0]?.code, 'unknown-parameters');
    assert.equal((await t.request({ method: 'GET', url: '/test/api/v1/ping?q=abc' })).statusCode, 200);
    const qBody = assertProblem(
      await t.request({ method: 'GET', url: '/test/api/v1/ping?q=abcdefg' }),
      400,
      'invalid',
    );
    assert.equal(qBody.invalidParams[0]?.name, 'q');
  });

  it('403 permission_denied in the same format', async () => {
    const body = assertProblem(
      await t.app.inject({ method: 'GET', url: '/test/api/v1/ping' }),
      403,
      'permission_denied',
    );
    assert.equal(body.title, 'Je hebt geen toestemming om deze actie uit te voeren.');
  });

  it('404 not_found for an unknown path and for a trailing slash', async () => {
    assertProblem(await t.request({ method: 'GET', url: '/test/api/v1/nothing' }), 404, 'not_found');
    assertProblem(await t.request({ method: 'GET', url: '/test/api/v1/ping/' }), 404, 'not_found');
  });

  it('405 method_not_allowed before auth, with an Allow header', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/test/api/v1/ping' });
    assertProblem(res, 405, 'method_not_allowed');
    assert.match(String(res.headers.allow), /GET/);
  });

  it('415 unsupported_media_type for a non-JSON body', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/test/api/v1/things',
      payload: 'titel=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assertProblem(res, 415, 'unsupported_media_type');
  });

  it('413 request_entity_too_large beyond API_MAX_BODY_BYTES', async () => {
    assertProblem(await post({ titel: 'x', auteur: 'y'.repeat(4096) }), 413, 'request_entity_too_large');
  });

  it('500 leaks no internals', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/test/api/v1/boom' });
    const body = assertProblem(res, 500, 'error');
    assert.doesNotMatch(res.body, /secret internal|db\.ts|\/srv/);
    assert.equal(body.detail, 'Er is een serverfout opgetreden.');
  });

  it('sends the component API-version header on responses and errors', async () => {
    const ok = await t.request({ method: 'GET', url: '/test/api/v1/ping' });
    assert.equal(ok.headers['api-version'], '9.9.9');
    const err = await t.app.inject({ method: 'GET', url: '/test/api/v1/ping' });
    assert.equal(err.headers['api-version'], '9.9.9');
  });

  it('serves each component OpenAPI document as JSON and YAML, with a UI', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/test/api/v1/schema/openapi.json' });
    assert.equal(json.statusCode, 200);
    const doc = json.json();
    assert.equal(doc.info.title, 'Test API');
    assert.equal(doc.servers[0].url, 'http://testserver/test/api/v1');
    assert.ok(doc.paths['/things'].post);
    assert.equal(doc.paths['/enkelvoudiginformatieobjecten'], undefined);
    const yaml = await t.app.inject({ method: 'GET', url: '/test/api/v1/schema/openapi.yaml' });
    assert.equal(yaml.statusCode, 200);
    assert.match(yaml.body, /openapi: 3/);
    const ui = await t.app.inject({ method: 'GET', url: '/test/api/v1/schema' });
    assert.equal(ui.statusCode, 200);
    const docs = await t.app.inject({ method: 'GET', url: '/documenten/api/v1/schema/openapi.json' });
    assert.equal(docs.json().info.title, 'Documenten API');
  });

  it('answers /health and /ready without a token', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    const ready = await t.app.inject({ method: 'GET', url: '/ready' });
    assert.equal(ready.statusCode, 200, ready.body);
  });

  it('answers /ready with 503 when the database is unreachable', async () => {
    const pool = createPool(`postgres://postgres@127.0.0.1:${await freePort()}/none`, 1);
    const app = await buildApp(createDeps(t.config, pool));
    try {
      assertProblem(await app.inject({ method: 'GET', url: '/ready' }), 503, 'service_unavailable');
      assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    } finally {
      await app.close();
      await pool.end();
    }
  });
});
