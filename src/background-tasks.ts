import type { Deps } from './deps.js';
import { bestandsdelenCleanupTask } from './documenten/bestandsdelen/cleanup.js';
import { importRunnerTask } from './imports/import-runner.js';
import { importRetentionTask } from './imports/retention.js';
import type { BackgroundTask } from './jobs/background.js';
import { notificationDeliveryTask } from './notifications/delivery.js';

/**
 * Every background task a worker process runs; one place, so none is forgotten. Each task is
 * declared by the module that owns it; jobs/ only knows how to start and stop them.
 */
export const backgroundTasks: BackgroundTask<Deps>[] = [
  importRunnerTask,
  importRetentionTask,
  bestandsdelenCleanupTask,
  notificationDeliveryTask,
];
