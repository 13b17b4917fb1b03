import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import { type Config, ConfigError, loadConfig } from './config.js';
import { type Database, openDatabase, poolSettingsFor } from './db/connect.js';
import { runMigrations } from './db/migrate.js';
import { createPool } from './db/pool.js';
import { createDeps, type Deps } from './deps.js';
import { createLogger } from './shared/logger.js';

/** Start-up shared by the server, the worker and the CLI: config, database, migrations. */
export function loadConfigOrExit(defaults: { logLevel?: string } = {}): Readonly<Config> {
  try {
    return loadConfig(undefined, undefined, defaults);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

export interface Runtime {
  config: Readonly<Config>;
  log: Logger;
  db: Database;
  deps: Deps;
}

export async function startRuntime(opts: {
  role: 'server' | 'client';
  config?: Readonly<Config>;
  log?: Logger;
  /** Whose pool this is (connect.ts poolSettingsFor); a client's is the CLI's. */
  purpose?: 'api' | 'import';
}): Promise<Runtime> {
  const config = opts.config ?? loadConfigOrExit();
  const log = opts.log ?? createLogger(config.logLevel);
  const purpose = opts.role === 'client' ? 'cli' : (opts.purpose ?? 'api');
  const db = await openDatabase(config, {
    role: opts.role,
    log: (msg) => log.info(msg),
    logError: (msg) => log.error(msg),
    pool: poolSettingsFor(config, purpose),
    supervise: opts.role === 'server',
  });
  try {
    // On a connection of their own, without the API's statement timeout: a migration may
    // rewrite a large table.
    const migrator = createPool(db.url, { max: 1, applicationName: 'zgw-documenten migrate' });
    try {
      await runMigrations(migrator);
    } finally {
      await migrator.end().catch(() => undefined);
    }
    await fs.mkdir(config.storageDir, { recursive: true });
    const deps = createDeps(config, db.pool, { databaseHealth: db.health });
    if (config.bootstrapClientId && config.bootstrapSecret) {
      await deps.credentials.upsertApplicatie({
        clientId: config.bootstrapClientId,
        secret: config.bootstrapSecret,
        heeftAlleAutorisaties: true,
      });
    }
    return { config, log, db, deps };
  } catch (err) {
    await db.close();
    throw err;
  }
}

export interface ShutdownSteps {
  /** The graceful part: stop taking work, finish or release the current batch, close the pool. */
  stop?: () => Promise<void>;
  /** Always, also after a graceful part that ran out of time: stop the embedded PostgreSQL. */
  last?: (waitSeconds: number) => Promise<void>;
}

export interface Shutdown {
  /** What a signal runs; replaced as start-up brings more up. */
  set(steps: ShutdownSteps): void;
  /** Start-up is done: a signal that came meanwhile stops now (with what was set). */
  started(): void;
}

/** The last seconds of SHUTDOWN_TIMEOUT_SECONDS are kept for stopping the embedded PostgreSQL. */
const LAST_STEP_MS = 4000;

/** How long HTTP requests in flight may finish during a stop before their connections are closed. */
export const httpGraceMs = (timeoutMs: number): number =>
  Math.max(500, timeoutMs - Math.min(LAST_STEP_MS, timeoutMs / 2) - 1500);

const within = <T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> => {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, ms));
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
};

/** One stop: graceful part (after start-up), then the last step, then exit; never past timeoutMs. */
async function stopWithin(
  log: Logger,
  signal: string,
  timeoutMs: number,
  startup: Promise<void>,
  steps: () => ShutdownSteps,
): Promise<never> {
  const deadline = Date.now() + timeoutMs;
  const reserve = Math.min(LAST_STEP_MS, timeoutMs / 2);
  // Past the deadline nothing is waited for any more (not even the embedded PostgreSQL).
  const hard = setTimeout(() => {
    log.error({ signal, timeoutSeconds: timeoutMs / 1000 }, 'shutdown did not finish in time; exiting');
    process.exit(1);
  }, timeoutMs);
  hard.unref();
  let ok = true;
  try {
    const started = await within(startup, deadline - reserve - Date.now());
    const stopped =
      started === 'timeout'
        ? started
        : await within(steps().stop?.() ?? Promise.resolve(), deadline - reserve - Date.now());
    if (stopped === 'timeout') {
      ok = false;
      log.error(
        { signal, timeoutSeconds: timeoutMs / 1000 },
        'the graceful shutdown ran out of time; abandoning what is still running',
      );
    }
  } catch (err) {
    ok = false;
    log.error({ err }, 'error during shutdown');
  }
  // Whatever happened above: the embedded PostgreSQL this process owns is stopped.
  const left = deadline - Date.now();
  try {
    const last = steps().last?.(Math.max(1, Math.floor(left / 1000) - 1)) ?? Promise.resolve();
    if ((await within(last, left)) === 'timeout') ok = false;
  } catch (err) {
    ok = false;
    log.error({ err }, 'stopping the embedded PostgreSQL failed');
  }
  process.exit(ok ? 0 : 1);
}

/**
 * SIGTERM and SIGINT (README "Processes"), installed before start-up so a signal
 * during start-up is never the default "die at once": both signals do the same, once, however
 * often they arrive (Ctrl-C reaches npm and node, and npm passes it on). The whole stop is
 * bounded by SHUTDOWN_TIMEOUT_SECONDS: the graceful part gets that minus a few seconds kept
 * for stopping the embedded PostgreSQL; whatever has not finished by then is abandoned and the
 * process exits 1 (logged). An import batch in flight is one transaction: abandoned, it rolls
 * back when its connection closes, and the import resumes there when its lease expires.
 */
export function handleShutdown(log: Logger, timeoutMs: number): Shutdown {
  let steps: ShutdownSteps = {};
  let markStarted: () => void = () => undefined;
  const startup = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) {
      log.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    void stopWithin(log, signal, timeoutMs, startup, () => steps);
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
  return {
    set: (s) => {
      steps = s;
    },
    started: () => markStarted(),
  };
}
