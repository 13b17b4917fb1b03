import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import {
  assertInvalid,
  assertProblem,
  BASE,
  createImport,
  csvRow,
  HEADER,
  status,
  upload,
} from './helpers.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.db.pool.query('delete from imports');
});

describe('POST /import/create', () => {
  it('creates a pending import and returns the three absolute URLs', async () => {
    const res = await t.request({
      method: 'POST',
      url: `${BASE}/create`,
      payload: 'whatever',
      headers: { 'content-type': 'application/xml' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.headers['api-version'], '1.5.0');
    assert.equal(res.headers.location, undefined);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['uploadUrl', 'statusUrl', 'reportUrl']);
    const uuid = /import\/([0-9a-f-]{36})\/upload$/.exec(body.uploadUrl)?.[1];
    assert.ok(uuid);
    assert.equal(body.uploadUrl, `http://testserver/documenten/api/v1/import/${uuid}/upload`);
    assert.equal(body.statusUrl, `http://testserver/documenten/api/v1/import/${uuid}/status`);
    assert.equal(body.reportUrl, `http://testserver/documenten/api/v1/import/${uuid}/report`);
    const s = await t.request({ method: 'GET', url: `${BASE}/${uuid}/status` });
    const text = s.body;
    assert.ok(
      text.startsWith(
        '{"total":0,"processed":0,"processedSuccessfully":0,"processedInvalid":0,"status":"pending"',
      ),
      text,
    );
  });

  it('refuses a second create while one is pending: existing-import-started, naming the blocking import', async () => {
    const blocking = await createImport(t);
    const res = await t.request({ method: 'POST', url: `${BASE}/create` });
    assertInvalid(
      res,
      'existing-import-started',
      `Er is een import process gaande. Probeer het later nogmaals. Import ${blocking} wacht op zijn CSV (status pending): upload de CSV naar die import, of annuleer hem (POST .../import/${blocking}/cancel).`,
    );
  });

  it('lets exactly one of 50 concurrent creates win', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => t.request({ method: 'POST', url: `${BASE}/create` })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    assert.equal(codes.filter((c) => c === 201).length, 1);
    assert.equal(codes.filter((c) => c === 400).length, 49);
    for (const r of results.filter((x) => x.statusCode === 400)) assertInvalid(r, 'existing-import-started');
    const { rows } = await t.db.pool.query('select count(*)::int as n from imports');
    assert.equal(rows[0].n, 1);
  });

  it('allows a new import once the previous one is finished', async () => {
    const uuid = await createImport(t);
    await t.db.pool.query(`update imports set status = 'finished', finished_on = now() where uuid = $1`, [
      uuid,
    ]);
    await createImport(t);
  });
});

describe('authorisation and routing', () => {
  it('gives 403 to an applicatie without heeftAlleAutorisaties, even with every documenten scope', async () => {
    const token = await t.tokenWith([
      {
        component: 'drc',
        scopes: ['documenten.lezen', 'documenten.aanmaken', 'documenten.bijwerken', 'documenten.verwijderen'],
        maxVertrouwelijkheidaanduiding: 'zeer_geheim',
      },
    ]);
    const uuid = await createImport(t);
    const calls = [
      { method: 'POST', url: `${BASE}/create` },
      { method: 'POST', url: `${BASE}/${uuid}/upload` },
      { method: 'GET', url: `${BASE}/${uuid}/status` },
      { method: 'GET', url: `${BASE}/${uuid}/report` },
      { method: 'DELETE', url: `${BASE}/${uuid}/delete` },
      { method: 'GET', url: BASE },
    ] as const;
    for (const c of calls) {
      assertProblem(
        await t.request({ ...c, headers: { authorization: `Bearer ${token}` } }),
        403,
        'permission_denied',
      );
      assertProblem(await t.app.inject({ ...c }), 403, 'permission_denied');
    }
  });

  it('gives 405 before auth for a wrong method', async () => {
    const uuid = await createImport(t);
    assertProblem(await t.app.inject({ method: 'GET', url: `${BASE}/create` }), 405, 'method_not_allowed');
    assertProblem(
      await t.app.inject({ method: 'GET', url: `${BASE}/${uuid}/upload` }),
      405,
      'method_not_allowed',
    );
    assertProblem(
      await t.app.inject({ method: 'POST', url: `${BASE}/${uuid}/status` }),
      405,
      'method_not_allowed',
    );
    assertProblem(
      await t.app.inject({ method: 'DELETE', url: `${BASE}/${uuid}/report` }),
      405,
      'method_not_allowed',
    );
    assertProblem(
      await t.app.inject({ method: 'POST', url: `${BASE}/${uuid}/delete` }),
      405,
      'method_not_allowed',
    );
  });

  it('gives 404 for an upper-case or unhyphenated uuid, a trailing slash, or an unknown import', async () => {
    const uuid = await createImport(t);
    for (const url of [
      `${BASE}/${uuid.toUpperCase()}/status`,
      `${BASE}/${uuid.replaceAll('-', '')}/status`,
      `${BASE}/${uuid}/status/`,
      `${BASE}/create/`,
      `${BASE}/00000000-0000-4000-8000-000000000000/status`,
    ]) {
      const res = await t.request({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
    }
    for (const [method, url] of [
      ['POST', `${BASE}/00000000-0000-4000-8000-000000000000/upload`],
      ['GET', `${BASE}/00000000-0000-4000-8000-000000000000/report`],
      ['DELETE', `${BASE}/00000000-0000-4000-8000-000000000000/delete`],
    ] as const) {
      assertProblem(await t.request({ method, url }), 404, 'not_found');
    }
  });
});

describe('GET status', () => {
  it('returns the five reference keys first, then the times and comment', async () => {
    const uuid = await createImport(t);
    await t.db.pool.query(
      `update imports set status = 'active', total = 500000, processed = 250000, processed_successfully = 125000,
         processed_invalid = 125000, started_on = now() where uuid = $1`,
      [uuid],
    );
    const body = await status(t, uuid);
    assert.deepEqual(Object.keys(body), [
      'total',
      'processed',
      'processedSuccessfully',
      'processedInvalid',
      'status',
      'createdOn',
      'startedOn',
      'finishedOn',
      'comment',
      'bytesCopied',
      'rowsPerSecond',
      'bytesPerSecond',
      'estimatedFinish',
      'paused',
      'pauseReason',
      'dryRun',
      'naam',
    ]);
    assert.deepEqual(
      {
        total: body.total,
        processed: body.processed,
        ok: body.processedSuccessfully,
        bad: body.processedInvalid,
        status: body.status,
      },
      { total: 500000, processed: 250000, ok: 125000, bad: 125000, status: 'active' },
    );
    assert.equal(body.finishedOn, null);
    assert.equal(typeof body.startedOn, 'string');
  });

  it('answers HEAD like GET', async () => {
    const uuid = await createImport(t);
    const res = await t.request({ method: 'HEAD', url: `${BASE}/${uuid}/status` });
    assert.equal(res.statusCode, 200);
  });
});

describe('GET /import (list)', () => {
  it('lists imports newest first with their URLs, paginated', async () => {
    const first = await createImport(t);
    await t.db.pool.query(`update imports set status = 'finished', finished_on = now() where uuid = $1`, [
      first,
    ]);
    const second = await createImport(t);
    const res = await t.request({ method: 'GET', url: BASE });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.count, 2);
    assert.equal(body.next, null);
    assert.deepEqual(
      body.results.map((r: { uuid: string; status: string }) => [r.uuid, r.status]),
      [
        [second, 'pending'],
        [first, 'finished'],
      ],
    );
    assert.equal(body.results[0].statusUrl, `http://testserver${BASE}/${second}/status`);
    assertProblem(await t.request({ method: 'GET', url: `${BASE}?page=2` }), 404, 'not_found');
    const unknown = await t.request({ method: 'GET', url: `${BASE}?foo=1` });
    assertProblem(unknown, 400, 'invalid');
    assert.equal(unknown.json().invalidParams[0].code, 'unknown-parameters');
  });
});

describe('DELETE delete', () => {
  it('deletes a pending import with 204', async () => {
    const uuid = await createImport(t);
    const res = await t.request({ method: 'DELETE', url: `${BASE}/${uuid}/delete` });
    assert.equal(res.statusCode, 204);
    assert.equal(res.body, '');
    assert.equal((await t.request({ method: 'GET', url: `${BASE}/${uuid}/status` })).statusCode, 404);
  });

  it('refuses an active import: import-invalid-status', async () => {
    const uuid = await createImport(t);
    assert.equal((await upload(t, uuid, `${HEADER}\n${csvRow({ titel: 'x' })}\n`)).statusCode, 200);
    const res = await t.request({ method: 'DELETE', url: `${BASE}/${uuid}/delete` });
    assertInvalid(res, 'import-invalid-status', 'Import cannot be deleted due to current status: active');
  });

  it('deletes a finished import together with its stored CSV and its rows', async () => {
    const uuid = await createImport(t);
    assert.equal((await upload(t, uuid, `${HEADER}\n${csvRow({ titel: 'x' })}\n`)).statusCode, 200);
    const { rows } = await t.db.pool.query(`select id, csv_key from imports where uuid = $1`, [uuid]);
    const key = rows[0].csv_key as string;
    assert.equal(await t.deps.blobs.exists(key), true);
    await t.db.pool.query(`update imports set status = 'finished', finished_on = now() where uuid = $1`, [
      uuid,
    ]);
    await t.db.pool.query(`insert into import_rows (import_id, row_index, succeeded) values ($1, 2, true)`, [
      rows[0].id,
    ]);
    assert.equal((await t.request({ method: 'DELETE', url: `${BASE}/${uuid}/delete` })).statusCode, 204);
    assert.equal(await t.deps.blobs.exists(key), false);
    const left = await t.db.pool.query('select count(*)::int as n from import_rows');
    assert.equal(left.rows[0].n, 0);
  });
});
