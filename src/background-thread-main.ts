import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from './config.js';
import { poolSettingsFor } from './db/connect.js';
import { createPool, endPool } from './db/pool.js';
import { createDeps } from './deps.js';
import { createLogger } from './shared/logger.js';
import { startBackground } from './jobs/background.js';
import { backgroundTasks } from './background-tasks.js';

/** The background thread of `npm start` (see jobs/background-thread.ts). */
// The import's garbage is short-lived: let the old generation grow by half of what
// survives a collection instead of V8's default of up to 4×, so the process stays flat and
// under its memory target (issue 6) at the price of more frequent, small collections.
v8.setFlagsFromString('--heap-growing-percent=50');
const { config, databaseUrl } = workerData as { config: Config; databaseUrl: string };
const log = createLogger(config.logLevel).child({ thread: 'background' });
const pool = createPool(databaseUrl, poolSettingsFor(config, 'import'));
parentPort?.postMessage('ready');
const background = startBackground(backgroundTasks, createDeps(config, pool), log);

parentPort?.on('message', (msg) => {
  if (msg !== 'stop') return;
  background
    .stop()
    .then(async () => {
      // The runner has stopped; a client still checked out now is a leak and must not keep
      // the thread (and so the process) from ending.
      if ((await endPool(pool, 2000)) === 'timeout')
        log.error('the database pool did not close; ending anyway');
    })
    .catch((err) => log.error({ err }, 'error while stopping the background thread'))
    // Ends this thread only; nothing it started may keep it alive.
    .finally(() => process.exit(0));
});
