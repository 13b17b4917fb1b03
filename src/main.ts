import fs from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Background } from './jobs/background.js';
import { startBackgroundThread } from './jobs/background-thread.js';
import { handleShutdown, httpGraceMs, loadConfigOrExit, startRuntime } from './runtime.js';
import { createLogger } from './shared/logger.js';

/**
 * `npm start`: HTTP API + job worker + daily retention in one process (the background
 * tasks on a thread of their own, so an import never slows the API's event loop).
 * `npm run api` (--api-only): HTTP only, for scaling out beside `npm run worker`.
 */
const apiOnly = process.argv.includes('--api-only');
const BACKGROUND_ENTRY = new URL('./background-thread-main.ts', import.meta.url).href;
const config = loadConfigOrExit();
const log = createLogger(config.logLevel);
const shutdown = handleShutdown(log, config.shutdownTimeoutSeconds * 1000);
const { db, deps } = await startRuntime({ role: 'server', config, log }).catch((err: unknown) => {
  log.fatal({ err }, 'start-up failed');
  process.exit(1);
});
shutdown.set({ stop: () => db.closePool(), last: (waitSeconds) => db.stopEmbedded({ waitSeconds }) });

/**
 * Stops HTTP without letting a slow client hold the stop up: requests in flight get until
 * `graceMs`, then their connections are closed.
 */
async function closeHttp(app: FastifyInstance, graceMs: number): Promise<void> {
  const force = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(force);
  }
}

let background: Background | undefined;
try {
  await fs.mkdir(config.importBaseDir, { recursive: true });
  const app = await buildApp(deps, { logger: log });
  // The import is told to stop at once, not after the last HTTP request has finished: an
  // upload or download in flight must not let it run on (it stops at its next batch boundary).
  const graceMs = httpGraceMs(config.shutdownTimeoutSeconds * 1000);
  shutdown.set({
    stop: async () => {
      await Promise.all([closeHttp(app, graceMs), background?.stop()]);
      await db.closePool();
    },
    last: (waitSeconds) => db.stopEmbedded({ waitSeconds }),
  });
  await app.listen({ port: config.port, host: config.host });
  if (!apiOnly) background = startBackgroundThread(config, db.url, log, BACKGROUND_ENTRY);
} catch (err) {
  log.fatal({ err }, 'start-up failed');
  await background?.stop();
  await db.close();
  process.exit(1);
}
shutdown.started();
log.info({ publicUrl: config.publicUrl, apiOnly }, 'zgw-documenten ready');
