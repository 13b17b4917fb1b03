import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * The web page's sessions and request protection (issue 11 #2), through inject() against a
 * real database: who may log in, what the cookie looks like, and which POSTs are refused.
 */
let t: TestApp;
const CLIENT = 'beheer-admin';
const SECRET = 'beheer-secret-0123456789';

before(async () => {
  t = await createTestApp();
  await t.deps.credentials.upsertApplicatie({
    clientId: CLIENT,
    secret: SECRET,
    heeftAlleAutorisaties: true,
  });
  await t.deps.credentials.upsertApplicatie({ clientId: 'gewoon', secret: 'gewoon-secret' });
});
after(() => t.close());

const anon = { authorization: '' };

async function login(clientId = CLIENT, secret = SECRET, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/beheer/api/login',
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify({ clientId, secret }),
  });
}

async function session(): Promise<{ cookie: string; csrf: string }> {
  const res = await login();
  assert.equal(res.statusCode, 200, res.body);
  const set = String(res.headers['set-cookie']);
  return { cookie: set.split(';')[0]!, csrf: res.json().csrfToken };
}

describe('GET /beheer pages', () => {
  it('sends a visitor without a session to the login page, and back afterwards', async () => {
    const res = await t.app.inject({ url: '/beheer/imports/0b9a4d0e-8c1f-4a51-9a7e-2d7c0f1b2a3c' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/beheer/login?terug=imports%2F0b9a4d0e-8c1f-4a51-9a7e-2d7c0f1b2a3c');
    const page = await t.app.inject({ url: '/beheer/login' });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /<base href="\/beheer\/">/);
    assert.doesNotMatch(page.body, /<script>/, 'no inline script');
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
  });

  it('serves the page of imports and its script to a logged-in operator', async () => {
    const { cookie } = await session();
    const res = await t.app.inject({ url: '/beheer/imports', headers: { cookie } });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>Imports<\/h1>/);
    const js = await t.app.inject({ url: '/beheer/static/import.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /^text\/javascript/);
    const missing = await t.app.inject({ url: '/beheer/static/../../package.json' });
    assert.equal(missing.statusCode, 404);
  });
});

describe('POST /beheer/api/login', () => {
  it('sets an HttpOnly SameSite=Strict cookie and keeps only a hash of it', async () => {
    const res = await login();
    assert.equal(res.statusCode, 200);
    const set = String(res.headers['set-cookie']);
    assert.match(set, /^zgw_beheer=[\w-]{43};/);
    assert.match(set, /HttpOnly/);
    assert.match(set, /SameSite=Strict/);
    assert.match(set, /Path=\/beheer/);
    assert.match(set, /Max-Age=28800/);
    const token = set.slice('zgw_beheer='.length, set.indexOf(';'));
    assert.doesNotMatch(res.body, new RegExp(token), 'the token is not in the body');
    assert.doesNotMatch(res.body, /beheer-secret/);
    const { rows } = await t.db.pool.query('select token_hash from beheer_sessions');
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.token_hash !== token && /^[0-9a-f]{64}$/.test(r.token_hash)));
  });

  it('refuses a wrong secret, an unknown client and an applicatie without heeftAlleAutorisaties alike', async () => {
    for (const [id, secret] of [
      [CLIENT, 'wrong'],
      ['onbekend', SECRET],
      ['gewoon', 'gewoon-secret'],
    ] as const) {
      const res = await login(id, secret);
      assert.equal(res.statusCode, 401, id);
      assert.equal(res.json().code, 'login-failed');
      assert.equal(res.headers['set-cookie'], undefined);
    }
  });

  it('refuses a login posted from another site or as a form', async () => {
    const cross = await login(CLIENT, SECRET, { origin: 'https://evil.example' });
    assert.equal(cross.statusCode, 403);
    assert.equal(cross.json().code, 'csrf-failed');
    const site = await login(CLIENT, SECRET, { 'sec-fetch-site': 'cross-site' });
    assert.equal(site.statusCode, 403);
    const form = await t.app.inject({
      method: 'POST',
      url: '/beheer/api/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `clientId=${CLIENT}&secret=${SECRET}`,
    });
    assert.equal(form.statusCode, 415);
  });
});

describe('the session', () => {
  it('refuses POSTs without the session, without the CSRF token or from another origin', async () => {
    const { cookie, csrf } = await session();
    const url = '/beheer/api/imports/0b9a4d0e-8c1f-4a51-9a7e-2d7c0f1b2a3c/pause';
    const cases: [Record<string, string>, number, string][] = [
      [{ 'x-csrf-token': csrf }, 401, 'not_authenticated'],
      [{ cookie }, 403, 'csrf-failed'],
      [{ cookie, 'x-csrf-token': 'x'.repeat(43) }, 403, 'csrf-failed'],
      [{ cookie, 'x-csrf-token': csrf, origin: 'https://evil.example' }, 403, 'csrf-failed'],
      [{ cookie, 'x-csrf-token': csrf, 'sec-fetch-site': 'same-site' }, 403, 'csrf-failed'],
    ];
    for (const [headers, status, code] of cases) {
      const res = await t.app.inject({ method: 'POST', url, headers: { ...anon, ...headers } });
      assert.equal(res.statusCode, status, JSON.stringify(headers));
      assert.equal(res.json().code, code);
    }
    // With all of it the request reaches the import service (no such import).
    const ok = await t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'x-csrf-token': csrf, origin: 'http://localhost:80', host: 'localhost:80' },
    });
    assert.equal(ok.statusCode, 404);
  });

  it('reads the imports with the cookie, never with a JWT', async () => {
    const { cookie } = await session();
    const res = await t.app.inject({ url: '/beheer/api/imports', headers: { cookie } });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { count: 0, next: null, previous: null, results: [] });
    const jwt = await t.app.inject({
      url: '/beheer/api/imports',
      headers: { authorization: `Bearer ${t.superuserToken}` },
    });
    assert.equal(jwt.statusCode, 401);
  });

  it('ends at logout, and when the client gets a new secret', async () => {
    const a = await session();
    const out = await t.app.inject({
      method: 'POST',
      url: '/beheer/api/logout',
      headers: { cookie: a.cookie, 'x-csrf-token': a.csrf },
    });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /zgw_beheer=;/);
    const gone = await t.app.inject({ url: '/beheer/api/session', headers: { cookie: a.cookie } });
    assert.equal(gone.statusCode, 401);

    const b = await session();
    await t.deps.credentials.upsertApplicatie({ clientId: CLIENT, secret: `${SECRET}-nieuw` });
    const replaced = await t.app.inject({ url: '/beheer/api/session', headers: { cookie: b.cookie } });
    assert.equal(replaced.statusCode, 401);
    await t.deps.credentials.upsertApplicatie({ clientId: CLIENT, secret: SECRET });
  });
});
