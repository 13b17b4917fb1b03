import type pg from 'pg';
import type { Config } from '../config.js';
import { type EmbeddedHandle, startEmbedded } from './embedded.js';
import { createPool, endPool, type PoolSettings } from './pool.js';

/** What /health reports about the database layer of this process. */
export interface DatabaseHealth {
  ok: boolean;
  detail?: string;
}

export interface Database {
  pool: pg.Pool;
  url: string;
  /**
   * Not ok when the embedded PostgreSQL died and cannot be restarted (restarting the server may
   * help); detail is for the log, not for clients.
   */
  health(): DatabaseHealth;
  /** Ends the pool; gives up after timeoutMs (a client that is never released would block it for ever). */
  closePool(timeoutMs?: number): Promise<void>;
  /** Stops the embedded PostgreSQL when this process owns it (no-op with DATABASE_URL). */
  stopEmbedded(opts?: { waitSeconds?: number }): Promise<void>;
  /** closePool, then stopEmbedded. */
  close(): Promise<void>;
}

/**
 * The pool of each kind of work. The API's follows DATABASE_POOL_SIZE,
 * DATABASE_CONNECT_TIMEOUT_MS and DATABASE_STATEMENT_TIMEOUT_MS. The import (and retention)
 * has IMPORT_STATEMENT_TIMEOUT_MS (none by default): a legitimate batch of
 * IMPORT_DOCUMENTEN_BATCH_SIZE rows, or a retention delete of a million report rows, must not
 * be cancelled by a limit meant for API requests; and it waits longer for a connection, since
 * for the import that wait is only a (retried) delay. The CLI's operator commands: no limit.
 */
export function poolSettingsFor(
  config: Pick<
    Config,
    | 'databasePoolSize'
    | 'databaseConnectTimeoutMs'
    | 'databaseStatementTimeoutMs'
    | 'importStatementTimeoutMs'
  >,
  purpose: 'api' | 'import' | 'cli',
): PoolSettings {
  if (purpose === 'api') {
    return {
      max: config.databasePoolSize,
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
      applicationName: 'zgw-documenten api',
    };
  }
  if (purpose === 'import') {
    return {
      max: 8,
      connectTimeoutMs: Math.max(10_000, config.databaseConnectTimeoutMs),
      statementTimeoutMs: config.importStatementTimeoutMs,
      applicationName: 'zgw-documenten import',
    };
  }
  return { max: config.databasePoolSize, applicationName: 'zgw-documenten cli' };
}

/** DATABASE_URL when set, otherwise the embedded server under DATA_DIR. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  opts: {
    role: 'server' | 'client';
    log?: (msg: string) => void;
    logError?: (msg: string) => void;
    poolSize?: number;
    pool?: PoolSettings;
    /** Restart the embedded postmaster when it dies (the server processes). */
    supervise?: boolean;
  },
): Promise<Database> {
  let embedded: EmbeddedHandle | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbedded({
      dataDir: config.dataDir,
      role: opts.role,
      log: opts.log,
      logError: opts.logError,
      supervise: opts.supervise,
    });
    url = embedded.url;
  }
  const pool = createPool(url, { max: opts.poolSize, ...opts.pool });
  const closePool = async (timeoutMs = 5000) => {
    await endPool(pool, timeoutMs);
  };
  const stopEmbedded = async (o?: { waitSeconds?: number }) => {
    await embedded?.stop(o);
  };
  return {
    pool,
    url,
    health: () => {
      const s = embedded?.status() ?? { state: 'running' };
      return s.state === 'failed' ? { ok: false, detail: s.detail } : { ok: true };
    },
    closePool,
    stopEmbedded,
    close: async () => {
      await closePool();
      await stopEmbedded();
    },
  };
}
