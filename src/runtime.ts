import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import { type Config, ConfigError, loadConfig } from './config.js';
import { type Database, openDatabase } from './db/connect.js';
import { runMigrations } from './db/migrate.js';
import { createDeps, type Deps } from './deps.js';
import { createLogger } from './shared/logger.js';

/** Start-up shared by the server, the worker and the CLI: config, database, migrations. */
export function loadConfigOrExit(): Readonly<Config> {
  try {
    return loadConfig();
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
}): Promise<Runtime> {
  const config = opts.config ?? loadConfigOrExit();
  const log = opts.log ?? createLogger(config.logLevel);
  const db = await openDatabase(config, { role: opts.role, log: (msg) => log.info(msg) });
  try {
    await runMigrations(db.pool);
    await fs.mkdir(config.storageDir, { recursive: true });
    const deps = createDeps(config, db.pool);
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

/** SIGTERM / SIGINT: run stop once, then exit 0 (architecture.md "Processes"). */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop()
      .then(() => process.exit(0))
      .catch((err) => {
        log.error({ err }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
}
