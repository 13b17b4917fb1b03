import { Worker } from 'node:worker_threads';

/**
 * Worker threads do not inherit the main thread's module hooks, so a thread whose module is
 * TypeScript registers tsx itself before it imports that module. The boot is the one piece of
 * source text; the thread's code is an ordinary module the type checker and linter see.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
const entry = workerData.entry;
const ready = entry.endsWith('.ts') ? import('tsx/esm/api').then((tsx) => tsx.register()) : Promise.resolve();
ready.then(() => import(entry)).catch((err) => {
  console.error(err);
  process.exit(1);
});
`;

/** Starts a thread running the module at `entry` (a file URL); it reads `workerData` as given. */
export function startModuleWorker(entry: string, workerData: Record<string, unknown> = {}): Worker {
  return new Worker(BOOT, { eval: true, workerData: { ...workerData, entry } });
}
