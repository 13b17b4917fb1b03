import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool } from '../../src/db/pool.js';

/**
 * A database of its own for one test file, cloned from the migrated template that
 * test/run.ts prepared (real PostgreSQL, never a mock).
 */
export interface TestDatabase {
  url: string;
  name: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests with 'npm test'`);
  return v;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = env('TEST_ADMIN_URL');
  const template = env('TEST_TEMPLATE_DB');
  const name = `${template}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // CREATE DATABASE ... TEMPLATE needs the template to be idle; retry while a
    // concurrent file is cloning it too.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (err) {
        if (attempt > 50 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), 10);
  return {
    url: url.toString(),
    name,
    pool,
    drop: async () => {
      await pool.end().catch(() => undefined);
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await c.end();
    },
  };
}

/**
 * How many statements of this database wait for a lock, right now. Read from pg_locks, which
 * is live: pg_stat_activity is read as a snapshot taken at its first use in a transaction,
 * so a test that polls it while it holds a lock in an open transaction keeps seeing that
 * first moment (and waits in vain for statements that arrived later).
 */
export async function statementsWaitingForLocks(client: pg.Client | pg.Pool): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from pg_locks
      where not granted and database = (select oid from pg_database where datname = current_database())`,
  );
  return rows[0]?.n ?? 0;
}
