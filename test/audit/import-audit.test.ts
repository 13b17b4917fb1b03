import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BASE, createImport } from '../imports/api/helpers.js';
import {
  csvOf,
  insertFixtures,
  importCsv,
  startRunner,
  validRow,
  writeSource,
} from '../imports/engine/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * The import writes no audit record per row, but one per lifecycle event of the import
 * (issue 13 #3), read at GET /import/{uuid}/audittrail (superusers) and kept after the import.
 */
interface Trail {
  actie: string;
  resultaat: number;
  applicatieId: string;
  applicatieWeergave: string;
  resource: string;
  hoofdObject: string;
  resourceUrl: string;
  wijzigingen: { oud: Record<string, unknown> | null; nieuw: Record<string, unknown> | null };
}

describe('GET /import/{uuid}/audittrail', () => {
  let t: TestApp;
  let runner: ReturnType<typeof startRunner>;
  before(async () => {
    t = await createTestApp();
    runner = startRunner(t);
  });
  after(async () => {
    await runner.stop();
    await t.close();
  });
  const trail = async (uuid: string): Promise<Trail[]> => {
    const res = await t.request({ method: 'GET', url: `${BASE}/${uuid}/audittrail` });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as Trail[];
  };

  it('records the creation by the client and the end by the worker, and nothing per row', async () => {
    const f = await insertFixtures(t);
    await writeSource(t, 'a.txt', 'a');
    await writeSource(t, 'b.txt', 'b');
    const { uuid, status } = await importCsv(t, csvOf([validRow(f, 'a.txt'), validRow(f, 'b.txt')]));
    assert.equal(status.status, 'finished');
    const recs = await trail(uuid);
    assert.deepEqual(
      recs.map((r) => [r.actie, r.resource]),
      [
        ['create', 'import'],
        ['finish', 'import'],
      ],
    );
    const [created, finished] = recs;
    assert.match(created?.applicatieId ?? '', /^[0-9a-f-]{36}$/);
    assert.match(created?.applicatieWeergave ?? '', /^client-/);
    assert.equal(created?.hoofdObject, `http://testserver${BASE}/${uuid}`);
    assert.equal(created?.resourceUrl, `http://testserver${BASE}/${uuid}/status`);
    assert.equal(created?.wijzigingen.nieuw?.status, 'pending');
    assert.equal(finished?.applicatieWeergave, 'import-worker');
    assert.equal(finished?.wijzigingen.nieuw?.status, 'finished');
    assert.equal(finished?.wijzigingen.nieuw?.processedSuccessfully, 2);
    const perRow = await t.db.pool.query<{ n: number }>(
      `select count(*)::int as n from audit_trail where resource <> 'import'`,
    );
    assert.equal(perRow.rows[0]?.n, 0);
  });

  it('records cancel and delete, and keeps the records after the import is gone', async () => {
    const uuid = await createImport(t);
    const cancel = await t.request({ method: 'POST', url: `${BASE}/${uuid}/cancel` });
    assert.equal(cancel.statusCode, 200, cancel.body);
    const del = await t.request({ method: 'DELETE', url: `${BASE}/${uuid}/delete` });
    assert.equal(del.statusCode, 204, del.body);
    assert.equal((await t.request({ method: 'GET', url: `${BASE}/${uuid}/status` })).statusCode, 404);
    const recs = await trail(uuid);
    assert.deepEqual(
      recs.map((r) => [r.actie, r.resultaat]),
      [
        ['create', 201],
        ['cancel', 200],
        ['destroy', 204],
      ],
    );
    assert.equal(recs[1]?.wijzigingen.oud?.status, 'pending');
    assert.equal(recs[1]?.wijzigingen.nieuw?.status, 'error');
    assert.equal(recs[2]?.wijzigingen.nieuw, null);
  });

  it("names the operator's applicatie for a cancel from the beheer page, not the worker", async () => {
    await t.deps.credentials.upsertApplicatie({
      clientId: 'operator',
      secret: 'operator-secret-0123456789',
      heeftAlleAutorisaties: true,
    });
    const login = await t.app.inject({
      method: 'POST',
      url: '/beheer/api/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ clientId: 'operator', secret: 'operator-secret-0123456789' }),
    });
    assert.equal(login.statusCode, 200, login.body);
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const uuid = await createImport(t);
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/beheer/api/imports/${uuid}/cancel`,
      headers: { authorization: '', cookie, 'x-csrf-token': login.json().csrfToken },
    });
    assert.equal(cancel.statusCode, 200, cancel.body);
    const cancelled = (await trail(uuid)).find((r) => r.actie === 'cancel');
    const { rows } = await t.db.pool.query<{ uuid: string }>(
      `select a.uuid from applicaties a join applicatie_clients c on c.applicatie_id = a.id where c.client_id = 'operator'`,
    );
    assert.equal(cancelled?.applicatieId, rows[0]?.uuid);
    assert.notEqual(cancelled?.applicatieWeergave, 'import-worker');
  });

  it('is for superusers only, and 404 for an import without records', async () => {
    const uuid = await createImport(t);
    const token = await t.tokenWith([{ component: 'drc', scopes: ['audittrails.lezen'] }]);
    const res = await t.request({
      method: 'GET',
      url: `${BASE}/${uuid}/audittrail`,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.statusCode, 403, res.body);
    const unknown = await t.request({
      method: 'GET',
      url: `${BASE}/6c6f3f8e-2b1c-4a8e-9d7b-0e4c1f2a3b4c/audittrail`,
    });
    assert.equal(unknown.statusCode, 404, unknown.body);
    // an import's records are not a document's
    const asDocument = await t.request({
      method: 'GET',
      url: `/documenten/api/v1/enkelvoudiginformatieobjecten/${uuid}/audittrail`,
    });
    assert.equal(asDocument.statusCode, 404, asDocument.body);
    await t.request({ method: 'POST', url: `${BASE}/${uuid}/cancel` });
  });
});
