import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTransaction } from '../../src/db/pool.js';
import type { Queryable } from '../../src/db/pool.js';
import { documentBlobKey } from '../../src/documenten/identificatie.js';
import { createIdentificatieRepository } from '../../src/documenten/identificatie-repository.js';

const allocateDocumentIdentificaties = (c: Queryable, years: Map<number, number>) =>
  createIdentificatieRepository(c).allocate(years);
const noteUsedIdentificaties = (c: Queryable, identificaties: string[]) =>
  createIdentificatieRepository(c).noteUsed(identificaties);
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('document identificatie allocator', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => db.drop());

  const allocate = (years: [number, number][]) =>
    withTransaction(db.pool, (c) => allocateDocumentIdentificaties(c, new Map(years)));

  it('starts after the highest existing identificatie of the year and counts up per year', async () => {
    await db.pool.query(
      `insert into documents (uuid, bronorganisatie, identificatie) values
       (gen_random_uuid(), '159351741', 'DOCUMENT-2020-0000000007'),
       (gen_random_uuid(), '159351741', 'DOCUMENT-2020-000000009x')`,
    );
    const ids = await allocate([
      [2020, 2],
      [2021, 1],
    ]);
    assert.deepEqual(ids.get(2020), ['DOCUMENT-2020-0000000008', 'DOCUMENT-2020-0000000009']);
    assert.deepEqual(ids.get(2021), ['DOCUMENT-2021-0000000001']);
    assert.deepEqual((await allocate([[2020, 1]])).get(2020), ['DOCUMENT-2020-0000000010']);
  });

  it('skips past client-supplied identificaties that match the pattern', async () => {
    await withTransaction(db.pool, (c) =>
      noteUsedIdentificaties(c, ['DOCUMENT-2020-0000000050', 'DOCUMENT-2022-0000000003', 'eigen-nummer']),
    );
    assert.deepEqual((await allocate([[2020, 1]])).get(2020), ['DOCUMENT-2020-0000000051']);
    assert.deepEqual((await allocate([[2022, 1]])).get(2022), ['DOCUMENT-2022-0000000004']);
    // a lower supplied value never moves a counter back
    await withTransaction(db.pool, (c) => noteUsedIdentificaties(c, ['DOCUMENT-2020-0000000002']));
    assert.deepEqual((await allocate([[2020, 1]])).get(2020), ['DOCUMENT-2020-0000000052']);
  });

  it('never hands out the same number twice under concurrency', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => allocate([[2030, 5]])));
    const flat = all.flatMap((m) => m.get(2030) ?? []);
    assert.equal(new Set(flat).size, 40);
    assert.equal(flat.sort().at(-1), 'DOCUMENT-2030-0000000040');
  });

  it('keys a version file under the document', () => {
    assert.equal(documentBlobKey('ab12', 3), 'documents/ab/ab12.3');
  });
});
