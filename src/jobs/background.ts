import type { Logger } from 'pino';
import type { Deps } from '../deps.js';

/**
 * Background work of a process: the job runner (imports) and the daily retention.
 * Handlers are listed in src/jobs/registry.ts.
 */
export interface Background {
  stop(): Promise<void>;
}

export interface BackgroundTask {
  name: string;
  start(deps: Deps, log: Logger): Background;
}

export function startBackground(tasks: BackgroundTask[], deps: Deps, log: Logger): Background {
  const running = tasks.map((t) => t.start(deps, log.child({ task: t.name })));
  return {
    async stop() {
      await Promise.all(running.map((r) => r.stop()));
    },
  };
}
