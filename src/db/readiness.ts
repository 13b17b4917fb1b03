import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';
import { MIGRATIONS_DIR } from './migrate.js';

/**
 * The readiness check behind /ready: "the database answers and is migrated", on a connection
 * of its own (kept open), so it never queues behind a saturated API pool. A caller waits at
 * most answerMs: a frozen or unreachable server gives "not ready" in time instead of a hanging
 * request. The check itself may take longer (a first connection on a busy machine, SCRAM and
 * all): concurrent and later callers join it rather than start another, and see its result as
 * soon as it is there.
 */
export interface ReadinessProbe {
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export function createReadinessProbe(connectionString: string, answerMs = 1200): ReadinessProbe {
  const pool = new pg.Pool({
    connectionString,
    max: 1,
    connectionTimeoutMillis: 10_000,
    query_timeout: 5000,
    statement_timeout: 5000,
    // Kept open between checks, without keeping the process alive.
    idleTimeoutMillis: 0,
    allowExitOnIdle: true,
    application_name: 'zgw-documenten ready',
  });
  pool.on('error', () => undefined);
  let expected: string[] | undefined;
  let inflight: Promise<boolean> | undefined;

  const check = async (): Promise<boolean> => {
    expected ??= readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }).map((m) => m.hash);
    const { rows } = await pool.query<{ hash: string }>('select hash from drizzle.__drizzle_migrations');
    const applied = new Set(rows.map((r) => r.hash));
    return expected.every((h) => applied.has(h));
  };
  const within = <T>(p: Promise<T>, ms: number, late: T): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(late), ms);
    });
    return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
  };

  return {
    ready() {
      inflight ??= check()
        .catch(() => false)
        .finally(() => {
          inflight = undefined;
        });
      return within(inflight, answerMs, false);
    },
    async close() {
      await within(
        pool.end().catch(() => undefined),
        answerMs,
        undefined,
      );
    },
  };
}
