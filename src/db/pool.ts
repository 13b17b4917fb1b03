import pg from 'pg';
import { databaseTrouble } from './errors.js';
import { retryReadsOnLostConnections } from './read-retry.js';

// Dates stay 'YYYY-MM-DD' strings (no timezone shifts); int8 counters fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export type Queryable = pg.Pool | pg.PoolClient;

export interface PoolSettings {
  max?: number;
  /** Longest wait for a pooled (or new) connection; pg-pool then fails the query. */
  connectTimeoutMs?: number;
  /** Server-side statement_timeout of every connection; 0 or absent = none. */
  statementTimeoutMs?: number;
  /** Shown in pg_stat_activity, so an operator (or a test) can tell the pools apart. */
  applicationName?: string;
}

/**
 * A server that does not answer at all (frozen, a dead network path) never fires its own
 * statement_timeout; pg's client-side query_timeout gives up this much later.
 */
const CLIENT_TIMEOUT_MARGIN_MS = 2000;

export function createPool(url: string, settings: PoolSettings | number = {}): pg.Pool {
  const s: PoolSettings = typeof settings === 'number' ? { max: settings } : settings;
  const statementMs = s.statementTimeoutMs ?? 0;
  const pool = new pg.Pool({
    connectionString: url,
    max: s.max ?? 10,
    connectionTimeoutMillis: s.connectTimeoutMs ?? 10_000,
    ...(statementMs > 0
      ? { statement_timeout: statementMs, query_timeout: statementMs + CLIENT_TIMEOUT_MARGIN_MS }
      : {}),
    ...(s.applicationName ? { application_name: s.applicationName } : {}),
  });
  // An idle client that loses its connection (server restart, pg_terminate_backend) must
  // not crash the process; the pool discards it and the next query opens a fresh one.
  pool.on('error', () => undefined);
  // Nor may a checked-out one whose connection dies between two of its queries: pg emits
  // 'error' on it, and with nobody listening EventEmitter throws it, killing the process (or
  // the background thread, whose import then waits out its lease). The client's next query
  // fails anyway, and pg-pool drops it when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  retryReadsOnLostConnections(pool);
  return pool;
}

/**
 * pool.end(), given up after timeoutMs: it waits for every checked-out client, so a client
 * that is never released (a bug, or a query on a frozen server) would hold a shutdown for ever.
 */
export async function endPool(pool: pg.Pool, timeoutMs = 5000): Promise<'ended' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const ended = pool.end().then(
    () => 'ended' as const,
    () => 'ended' as const,
  );
  return Promise.race([ended, late]).finally(() => clearTimeout(timer));
}

/** Run fn in one transaction on one client; rolls back on any error. */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A dead or unanswering connection is not asked to roll back (the server does that when
    // the connection closes) and never goes back to the pool.
    broken = databaseTrouble(err) === 'unavailable';
    if (!broken) {
      broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
    }
    throw err;
  } finally {
    client.release(broken ? true : undefined);
  }
}
