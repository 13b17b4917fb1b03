import { startBackground } from './jobs/background.js';
import { backgroundTasks } from './jobs/registry.js';
import { onShutdown, startRuntime } from './runtime.js';

/** `npm run worker`: the job runner and retention only, no HTTP. */
const { log, db, deps } = await startRuntime({ role: 'server' });
const background = startBackground(backgroundTasks, deps, log);
onShutdown(log, async () => {
  await background.stop();
  await db.close();
});
log.info('zgw-documenten worker ready');
