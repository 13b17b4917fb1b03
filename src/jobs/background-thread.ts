import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { startModuleWorker } from '../shared/module-worker.js';
import type { Background } from './background.js';

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
  /** The thread's module as a file URL: src/background-thread-main.ts (a test gives a failing one). */
  entry: string,
): Background {
  let stopping = false;
  let worker: Worker | undefined;
  /** The running thread has started its tasks (it says 'ready' just before). */
  let booted = false;
  let restart: NodeJS.Timeout | undefined;
  const start = () => {
    const w = startModuleWorker(entry, { config: { ...config }, databaseUrl });
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
