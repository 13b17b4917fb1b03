import fs from 'node:fs/promises';
import { buildApp } from './app.js';
import type { Background } from './jobs/background.js';
import { startBackgroundThread } from './jobs/background-thread.js';
import { onShutdown, startRuntime } from './runtime.js';

/**
 * `npm start`: HTTP API + job worker + daily retention in one process (the background
 * tasks on a thread of their own, so an import never slows the API's event loop).
 * `npm run api` (--api-only): HTTP only, for scaling out beside `npm run worker`.
 */
const apiOnly = process.argv.includes('--api-only');
const { config, log, db, deps } = await startRuntime({ role: 'server' });
await fs.mkdir(config.importBaseDir, { recursive: true });

const app = await buildApp(deps, { logger: log });
let background: Background | undefined;
onShutdown(log, async () => {
  await app.close();
  await background?.stop();
  await db.close();
});
await app.listen({ port: config.port, host: config.host });
if (!apiOnly) background = startBackgroundThread(config, db.url, log);
log.info({ publicUrl: config.publicUrl, apiOnly }, 'zgw-documenten ready');
