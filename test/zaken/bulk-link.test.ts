import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Queryable, withTransaction } from '../../src/db/pool.js';
import { createZioRepository, type ZioInsert } from '../../src/zaken/zio-repository.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { basicSetup, createZaak, insertDocument, type Iot, type Zaaktype } from './fixtures.js';

/** The contract the bulk import relies on: many links (with mirrors) in one statement. */
const findZaakIds = (q: Queryable, uuids: string[]) => createZioRepository(q).findZaakIds(uuids);
const insertZaakInformatieobjecten = (q: Queryable, rows: ZioInsert[]) =>
  createZioRepository(q).insertZaakInformatieobjecten(rows);
let t: TestApp;
let zaaktype: Zaaktype;
let iot: Iot;

before(async () => {
  t = await createTestApp();
  ({ zaaktype, iot } = await basicSetup(t));
});
after(() => t.close());

describe('insertZaakInformatieobjecten', () => {
  it('links many documents in one transaction; the API then serves them with their mirrors', async () => {
    const zaak = await createZaak(t, zaaktype.url);
    const ids = await findZaakIds(t.db.pool, [zaak.uuid, randomUUID()]);
    assert.equal(ids.size, 1);
    const zaakId = ids.get(zaak.uuid)!;
    const docs: { id: number }[] = [];
    for (let i = 0; i < 30; i++) docs.push(await insertDocument(t, { iot }));
    const inserted = await withTransaction(t.db.pool, (client) =>
      insertZaakInformatieobjecten(
        client,
        docs.map((d) => ({ uuid: randomUUID(), zaakId, documentId: d.id })),
      ),
    );
    assert.equal(inserted.length, 30);
    const res = await t.request({
      method: 'GET',
      url: `/zaken/api/v1/zaakinformatieobjecten?zaak=${encodeURIComponent(zaak.url)}`,
    });
    assert.equal(res.json().length, 30);
    assert.equal(res.json()[0].titel, '');
    const { rows } = await t.db.pool.query<{ n: number }>(
      `select count(*)::int as n from object_informatieobjecten where zaak_id = $1 and object_type = 'zaak'`,
      [zaakId],
    );
    assert.equal(rows[0]!.n, 30);
  });

  it('fails the whole statement on a duplicate pair, leaving nothing behind', async () => {
    const zaak = await createZaak(t, zaaktype.url);
    const zaakId = (await findZaakIds(t.db.pool, [zaak.uuid])).get(zaak.uuid)!;
    const doc = await insertDocument(t, { iot });
    const other = await insertDocument(t, { iot });
    const rows = [other, doc, doc].map((d) => ({ uuid: randomUUID(), zaakId, documentId: d.id }));
    await assert.rejects(
      withTransaction(t.db.pool, (client) => insertZaakInformatieobjecten(client, rows)),
      (err: { code?: string; constraint?: string }) =>
        err.code === '23505' && err.constraint === 'zio_zaak_document_uq',
    );
    const { rows: left } = await t.db.pool.query(
      'select 1 from object_informatieobjecten where zaak_id = $1',
      [zaakId],
    );
    assert.equal(left.length, 0);
    assert.deepEqual(await insertZaakInformatieobjecten(t.db.pool, []), []);
  });
});
