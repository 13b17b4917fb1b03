import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { authenticate, createTokenVerifier } from '../../src/auth/jwt.js';
import { makeToken } from '../helpers/jwt.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { testComponent } from '../helpers/test-component.js';

describe('JWT authentication (ZGW JWT-Claims, as vng-api-common verifies them)', () => {
  let t: TestApp;
  let readerToken: string;
  before(async () => {
    t = await createTestApp({ extraComponents: [testComponent] });
    await t.deps.credentials.upsertApplicatie({ clientId: 'reader', secret: 'reader-secret' });
    await t.db.pool.query(
      `insert into autorisaties (applicatie_id, component, scopes)
       select applicatie_id, 'drc', '{documenten.lezen}' from applicatie_clients where client_id = 'reader'`,
    );
    await t.db.pool.query(`insert into jwt_secrets (client_id, secret) values ('orphan', 'orphan-secret')`);
    await t.db.pool.query(`insert into jwt_secrets (client_id, secret) values ('empty', '')`);
    readerToken = await makeToken('reader', 'reader-secret');
  });
  after(() => t.close());

  const ping = (authorization?: string) =>
    t.app.inject({
      method: 'GET',
      url: '/test/api/v1/ping',
      headers: authorization ? { authorization } : {},
    });

  async function expect403(authorization: string | undefined, code: string) {
    const res = await ping(authorization);
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const body = res.json();
    assert.equal(body.code, code);
    assert.equal(body.status, 403);
    assert.equal(body.type, 'http://testserver/ref/fouten/PermissionDenied/');
  }

  it('accepts a valid token whose applicatie holds the scope', async () => {
    const res = await ping(`Bearer ${readerToken}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().clientId, 'reader');
  });

  it('gives permission_denied without a header, or without the exact "Bearer " prefix', async () => {
    await expect403(undefined, 'permission_denied');
    await expect403(`bearer ${readerToken}`, 'permission_denied');
    await expect403(`Token ${readerToken}`, 'permission_denied');
  });

  it('gives jwt-decode-error for an undecodable token', async () => {
    await expect403('Bearer not.a.jwt', 'jwt-decode-error');
    await expect403('Bearer garbage', 'jwt-decode-error');
  });

  it('gives missing-client-identifier without client_id', async () => {
    await expect403(
      `Bearer ${await makeToken('', 'x', { client_id: undefined })}`,
      'missing-client-identifier',
    );
  });

  it('gives invalid-client-identifier for an unknown client or an empty secret', async () => {
    await expect403(`Bearer ${await makeToken('nobody', 'x')}`, 'invalid-client-identifier');
    await expect403(`Bearer ${await makeToken('empty', 'x')}`, 'invalid-client-identifier');
  });

  it('gives invalid-jwt-signature for a token signed with another secret', async () => {
    await expect403(`Bearer ${await makeToken('reader', 'wrong-secret')}`, 'invalid-jwt-signature');
  });

  it('gives jwt-missing-iat-claim without iat', async () => {
    await expect403(
      `Bearer ${await makeToken('reader', 'reader-secret', {}, { iat: null })}`,
      'jwt-missing-iat-claim',
    );
  });

  it('gives jwt-expired when iat is older than JWT_EXPIRY', async () => {
    const old = Math.floor(Date.now() / 1000) - 3601;
    await expect403(`Bearer ${await makeToken('reader', 'reader-secret', {}, { iat: old })}`, 'jwt-expired');
  });

  it('gives jwt-expiredsignatureerror for an exp in the past', async () => {
    const exp = Math.floor(Date.now() / 1000) - 10;
    await expect403(
      `Bearer ${await makeToken('reader', 'reader-secret', { exp })}`,
      'jwt-expiredsignatureerror',
    );
  });

  it('gives jwt-immaturesignatureerror for an iat in the future (it would never expire)', async () => {
    await expect403(
      `Bearer ${await makeToken('reader', 'reader-secret', {}, { iat: 9999999999 })}`,
      'jwt-immaturesignatureerror',
    );
    // JWT_LEEWAY is 0 here: even a few seconds ahead is refused
    await expect403(
      `Bearer ${await makeToken('reader', 'reader-secret', {}, { iat: Math.floor(Date.now() / 1000) + 5 })}`,
      'jwt-immaturesignatureerror',
    );
  });

  it('gives invalid-client-identifier for a client_id with U+0000 or a lone surrogate, never a 500', async () => {
    await expect403(
      `Bearer ${await makeToken('read\u0000er', 'reader-secret')}`,
      'invalid-client-identifier',
    );
    await expect403(`Bearer ${await makeToken('\u0000', 'x')}`, 'invalid-client-identifier');
    await expect403(
      `Bearer ${await makeToken('reader\ud800', 'reader-secret')}`,
      'invalid-client-identifier',
    );
  });

  it('answers every odd claim value with a 403 (or 200), never a 500', async () => {
    const now = Math.floor(Date.now() / 1000);
    // Raw JSON payloads, signed by hand: jose's SignJWT refuses some of these values.
    const sign = (payload: string) => {
      const enc = (s: string) => Buffer.from(s).toString('base64url');
      const input = `${enc('{"alg":"HS256","typ":"JWT"}')}.${enc(payload)}`;
      return `${input}.${createHmac('sha256', 'reader-secret').update(input).digest('base64url')}`;
    };
    const payloads = [
      `{"client_id":{"a":1},"iat":${now}}`,
      `{"client_id":["reader"],"iat":${now}}`,
      `{"client_id":42,"iat":${now}}`,
      `{"client_id":"${'x'.repeat(5000)}","iat":${now}}`,
      `{"client_id":"reader","iat":1e400}`,
      `{"client_id":"reader","iat":-1e400}`,
      `{"client_id":"reader","iat":"${now}"}`,
      `{"client_id":"reader","iat":${now}.5}`,
      `{"client_id":"reader","iat":${now},"exp":"soon"}`,
      `{"client_id":"reader","iat":${now},"exp":1e400,"nbf":-1e400}`,
      `{"client_id":"reader","iat":${now},"nbf":{}}`,
      `{"client_id":"reader","iat":${now},"user_id":{"x":[1]},"iss":5}`,
      `["reader"]`,
    ];
    for (const payload of payloads) {
      const res = await ping(`Bearer ${sign(payload)}`);
      assert.ok(res.statusCode === 403 || res.statusCode === 200, `${payload.slice(0, 80)}: ${res.body}`);
    }
  });

  it('ignores U+0000 in the claims it does not validate (iss, user_id, user_representation)', async () => {
    const token = await makeToken('reader', 'reader-secret', {
      iss: 'a\u0000b',
      user_id: '\u0000',
      user_representation: 'x\u0000y',
    });
    const res = await ping(`Bearer ${token}`);
    assert.equal(res.statusCode, 200, res.body);
  });

  it('gives permission_denied for a valid token whose client has no applicatie', async () => {
    await expect403(`Bearer ${await makeToken('orphan', 'orphan-secret')}`, 'permission_denied');
  });

  it('gives permission_denied when the applicatie lacks the scope or is not a superuser', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/test/api/v1/things',
      headers: { authorization: `Bearer ${readerToken}` },
      payload: { titel: 'x', auteur: 'y' },
    });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'permission_denied');
    const su = await t.app.inject({
      method: 'GET',
      url: '/test/api/v1/superuser',
      headers: { authorization: `Bearer ${readerToken}` },
    });
    assert.equal(su.statusCode, 403);
    const ok = await t.request({ method: 'GET', url: '/test/api/v1/superuser' });
    assert.equal(ok.statusCode, 200);
  });

  it('sees autorisatie changes on the next request (no cache)', async () => {
    const token = await t.tokenWith([]);
    assert.equal((await ping(`Bearer ${token}`)).statusCode, 403);
    const clientId = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).client_id;
    await t.db.pool.query(
      `insert into autorisaties (applicatie_id, component, scopes)
       select applicatie_id, 'drc', '{documenten.lezen}' from applicatie_clients where client_id = $1`,
      [clientId],
    );
    assert.equal((await ping(`Bearer ${token}`)).statusCode, 200);
  });
});

describe('JWT_EXPIRY and JWT_LEEWAY', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      env: { JWT_EXPIRY: '60', JWT_LEEWAY: '30' },
      extraComponents: [testComponent],
    });
  });
  after(() => t.close());

  it('allows a token up to expiry + leeway old', async () => {
    await t.deps.credentials.upsertApplicatie({ clientId: 'c', secret: 's', heeftAlleAutorisaties: true });
    const now = Math.floor(Date.now() / 1000);
    const fresh = await makeToken('c', 's', {}, { iat: now - 80 });
    const stale = await makeToken('c', 's', {}, { iat: now - 95 });
    const get = (tok: string) =>
      t.app.inject({ method: 'GET', url: '/test/api/v1/ping', headers: { authorization: `Bearer ${tok}` } });
    assert.equal((await get(fresh)).statusCode, 200);
    const res = await get(stale);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().code, 'jwt-expired');
  });

  it('allows an iat ahead of the clock only within the leeway', async () => {
    await t.deps.credentials.upsertApplicatie({ clientId: 'c', secret: 's', heeftAlleAutorisaties: true });
    const now = Math.floor(Date.now() / 1000);
    const get = async (iat: number) =>
      t.app.inject({
        method: 'GET',
        url: '/test/api/v1/ping',
        headers: { authorization: `Bearer ${await makeToken('c', 's', {}, { iat })}` },
      });
    assert.equal((await get(now + 20)).statusCode, 200);
    const ahead = await get(now + 45);
    assert.equal(ahead.statusCode, 403);
    assert.equal(ahead.json().code, 'jwt-immaturesignatureerror');
  });
});

describe('remembered signature checks (createTokenVerifier)', () => {
  let t: TestApp;
  const settings = { jwtExpiry: 3600, jwtLeeway: 0 };
  before(async () => {
    t = await createTestApp({ extraComponents: [testComponent] });
    await t.deps.credentials.upsertApplicatie({ clientId: 'cached', secret: 'first-secret' });
  });
  after(() => t.close());

  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (err: { code?: string }) => err.code ?? String(err),
    );

  it('refuses a remembered token once its applicatie has another secret, at once', async () => {
    const verifier = createTokenVerifier();
    const token = `Bearer ${await makeToken('cached', 'first-secret')}`;
    assert.equal(await code(authenticate(token, t.deps.credentials, settings, verifier)), 'ok');
    assert.equal(await code(authenticate(token, t.deps.credentials, settings, verifier)), 'ok');
    assert.equal(verifier.size(), 1);
    await t.deps.credentials.upsertApplicatie({ clientId: 'cached', secret: 'second-secret' });
    assert.equal(
      await code(authenticate(token, t.deps.credentials, settings, verifier)),
      'invalid-jwt-signature',
    );
    await t.deps.credentials.upsertApplicatie({ clientId: 'cached', secret: 'first-secret' });
  });

  it('checks exp, nbf and the age of iat again on every use of a remembered token', async () => {
    const verifier = createTokenVerifier();
    const t0 = Math.floor(Date.now() / 1000);
    const at = (s: number) => () => (t0 + s) * 1000;
    const withExp = `Bearer ${await makeToken('cached', 'first-secret', { exp: t0 + 60 }, { iat: t0 })}`;
    assert.equal(await code(authenticate(withExp, t.deps.credentials, settings, verifier, at(0))), 'ok');
    assert.equal(await code(authenticate(withExp, t.deps.credentials, settings, verifier, at(59))), 'ok');
    assert.equal(
      await code(authenticate(withExp, t.deps.credentials, settings, verifier, at(60))),
      'jwt-expiredsignatureerror',
    );
    const plain = `Bearer ${await makeToken('cached', 'first-secret', {}, { iat: t0 })}`;
    assert.equal(await code(authenticate(plain, t.deps.credentials, settings, verifier, at(0))), 'ok');
    assert.equal(
      await code(authenticate(plain, t.deps.credentials, settings, verifier, at(3600))),
      'jwt-expired',
    );
    const early = `Bearer ${await makeToken('cached', 'first-secret', { nbf: t0 + 30 }, { iat: t0 })}`;
    assert.equal(
      await code(authenticate(early, t.deps.credentials, settings, verifier, at(0))),
      'jwt-immaturesignatureerror',
    );
    assert.equal(await code(authenticate(early, t.deps.credentials, settings, verifier, at(30))), 'ok');
    // a clock set back after the token was remembered: its nbf holds again
    assert.equal(
      await code(authenticate(early, t.deps.credentials, settings, verifier, at(10))),
      'jwt-immaturesignatureerror',
    );
  });

  it('remembers only tokens that passed, and at most max of them', async () => {
    const verifier = createTokenVerifier(3);
    const bad = `Bearer ${await makeToken('cached', 'wrong-secret')}`;
    assert.equal(
      await code(authenticate(bad, t.deps.credentials, settings, verifier)),
      'invalid-jwt-signature',
    );
    assert.equal(verifier.size(), 0);
    for (let i = 0; i < 5; i++) {
      const token = `Bearer ${await makeToken('cached', 'first-secret', { n: i })}`;
      assert.equal(await code(authenticate(token, t.deps.credentials, settings, verifier)), 'ok');
    }
    assert.equal(verifier.size(), 3);
  });
});
