import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Background } from './background.js';

/**
 * Worker threads do not inherit the main thread's module hooks, so the thread registers tsx
 * itself before it imports its (TypeScript) entry module.
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
const ENTRY = new URL('./background-thread-main.ts', import.meta.url).href;

/**
 * `npm start`: the background tasks (import runner, retention) on a worker thread of their
 * own, so an import's CSV parsing, validation and SQL never wait behind HTTP requests and
 * HTTP requests never wait behind them (the API stays responsive while an import runs). The
 * thread has its own pool to the same database; one that dies is restarted after a second
 * (the import lease makes a restart safe, exactly as after a crash).
 */
export function startBackgroundThread(
  config: Readonly<Config>,
  databaseUrl: string,
  log: Logger,
  /** The thread's module (tests give one that fails on purpose). */
  entry: string = ENTRY,
): Background {
  let stopping = false;
  let worker: Worker | undefined;
  /** The running thread has started its tasks (it says 'ready' just before). */
  let booted = false;
  let restart: NodeJS.Timeout | undefined;
  const start = () => {
    const w = new Worker(BOOT, {
      eval: true,
      workerData: { entry, config: { ...config }, databaseUrl },
    });
    worker = w;
    booted = false;
    w.on('message', (msg) => {
      if (msg === 'ready' && worker === w) booted = true;
    });
    w.on('error', (err) => log.error({ err }, 'background thread failed'));
    w.on('exit', (code) => {
      if (worker === w) worker = undefined;
      if (stopping) return;
      log.error({ code }, 'background thread ended; restarting it in 1 s');
      restart = setTimeout(start, 1000);
    });
  };
  start();
  return {
    async stop() {
      stopping = true;
      clearTimeout(restart);
      const w = worker;
      if (!w) return;
      const exited = new Promise((resolve) => w.once('exit', resolve));
      w.postMessage('stop');
      // A thread still starting (tsx and module loading take seconds on a busy machine) has
      // claimed nothing yet: it is ended rather than waited for.
      const end = booted ? undefined : setTimeout(() => void w.terminate(), 500);
      await exited;
      clearTimeout(end);
    },
  };
}
