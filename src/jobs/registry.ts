import type { BackgroundTask } from './background.js';
import { importRunnerTask } from './import-runner.js';
import { importRetentionTask } from '../imports/retention.js';
import { bestandsdelenCleanupTask } from '../documenten/bestandsdelen/cleanup.js';

/** Every background task a worker process runs; one place, so none is forgotten. */
export const backgroundTasks: BackgroundTask[] = [
  importRunnerTask,
  importRetentionTask,
  bestandsdelenCleanupTask,
];
