import type { BackgroundTask } from './background.js';

/** Every background task a worker process runs; one place, so none is forgotten. */
export const backgroundTasks: BackgroundTask[] = [];
