import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { databaseUnavailableError } from '../../src/db/errors.js';
import { createPool, withTransaction } from '../../src/db/pool.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';

/**
 * A pooled connection terminated by the server while it is checked out, between two
 * statements of a transaction (pg_terminate_backend; a failover or admin shutdown look the
 * same): the transaction fails with an error the API answers 503, and the process lives on.
 */
describe('the pool when the server terminates a checked-out connection', () => {
  let db: TestDatabase;
  let admin: pg.Client;
  before(async () => {
    db = await createTestDatabase();
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  after(async () => {
    await admin.end();
    await db.drop();
  });

  it('fails the transaction (503 database_unavailable) instead of crashing, and serves the next one', async () => {
    const pool = createPool(db.url, { max: 2, applicationName: 'pool-test' });
    try {
      const failed = await withTransaction(pool, async (client) => {
        const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        // Between two statements: the server's message arrives while nobody is waiting for
        // an answer on this connection.
        await new Promise((r) => setTimeout(r, 300));
        await client.query('select 1');
      }).then(
        () => undefined,
        (err: unknown) => err,
      );
      assert.ok(failed, 'the transaction failed');
      assert.equal(databaseUnavailableError(failed)?.status, 503);
      assert.equal(databaseUnavailableError(failed)?.code, 'database_unavailable');
      const { rows } = await pool.query('select 1 as one');
      assert.equal(rows[0].one, 1);
    } finally {
      await pool.end();
    }
  });
});
