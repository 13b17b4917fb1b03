import { backgroundTasks } from './background-tasks.js';
import { startBackground } from './jobs/background.js';
import { handleShutdown, loadConfigOrExit, startRuntime } from './runtime.js';
import { createLogger } from './shared/logger.js';

/** `npm run worker`: the job runner and retention only, no HTTP. */
const config = loadConfigOrExit();
const log = createLogger(config.logLevel);
const shutdown = handleShutdown(log, config.shutdownTimeoutSeconds * 1000);
const { db, deps } = await startRuntime({ role: 'server', config, log, purpose: 'import' }).catch(
  (err: unknown) => {
    log.fatal({ err }, 'start-up failed');
    process.exit(1);
  },
);
const background = startBackground(backgroundTasks, deps, log);
shutdown.set({
  stop: async () => {
    await background.stop();
    await db.closePool();
  },
  last: (waitSeconds) => db.stopEmbedded({ waitSeconds }),
});
shutdown.started();
// Every process logs its PUBLIC_URL; an import resolves local URLs against the one recorded by
// the API that created it, so a worker with another PUBLIC_URL still imports (issue 10 #11).
log.info({ publicUrl: deps.config.publicUrl }, 'zgw-documenten worker ready');
