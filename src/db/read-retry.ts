import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { isConnectionLost } from './errors.js';

/**
 * One transparent retry of a read whose pooled connection turned out to be dead (the server
 * restarted, failed over, or ran pg_terminate_backend while the connection sat idle in the
 * pool): the read runs again on a freshly opened connection instead of answering 500. Only
 * work marked with runAsRead is retried (the HTTP layer marks GET and HEAD): for a write the
 * client cannot know whether the statement ran before the connection died, so it gets 503.
 *
 * The marker is an AsyncLocalStorage, so the repositories need not pass a flag down; it holds
 * no state of its own (the one instance is a key, like a logger's context).
 */
const reads = new AsyncLocalStorage<boolean>();

/** Runs fn (and everything it starts) as a read: its pool queries may be repeated once. */
export function runAsRead<T>(fn: () => T): T {
  return reads.run(true, fn);
}

/** Installs the retry on pool.query (the path of every read through a repository or Drizzle). */
export function retryReadsOnLostConnections(pool: pg.Pool): void {
  const opened = new WeakMap<object, number>();
  // Connections opened before the last lost one are suspect: the same event (a restart, a
  // failover) has usually killed them all, but pg only notices when they are used.
  let lostAt = -1;
  pool.on('connect', (client) => opened.set(client, performance.now()));
  const query = pool.query.bind(pool) as (...args: unknown[]) => Promise<pg.QueryResult>;

  const freshClient = async (): Promise<pg.PoolClient> => {
    for (let discarded = 0; ; discarded++) {
      const client = await pool.connect();
      if ((opened.get(client) ?? -1) > lostAt || discarded >= (pool.options.max ?? 10)) return client;
      client.release(true);
    }
  };

  const retried = async (args: unknown[], err: unknown): Promise<pg.QueryResult> => {
    if (!isConnectionLost(err)) throw err;
    lostAt = performance.now();
    const client = await freshClient();
    try {
      const result = await (client.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
      client.release();
      return result;
    } catch (again) {
      client.release(isConnectionLost(again) ? (again as Error) : undefined);
      throw again;
    }
  };

  pool.query = ((...args: unknown[]) => {
    const callback = typeof args[args.length - 1] === 'function';
    const submittable = typeof (args[0] as { submit?: unknown } | undefined)?.submit === 'function';
    if (callback || submittable || !reads.getStore()) return query(...args);
    return query(...args).catch((err: unknown) => retried(args, err));
  }) as unknown as typeof pool.query;
}
