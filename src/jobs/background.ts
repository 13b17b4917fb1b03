import type { Logger } from 'pino';

/**
 * Background work of a process (the import runner, the retention, the bestandsdelen
 * clean-up). Generic: a task is started with whatever dependencies its process gives it;
 * which tasks run is listed by the composition root (src/background-tasks.ts), each task
 * declared by the module that owns it.
 */
export interface Background {
  stop(): Promise<void>;
}

export interface BackgroundTask<D> {
  name: string;
  start(deps: D, log: Logger): Background;
}

export function startBackground<D>(tasks: BackgroundTask<D>[], deps: D, log: Logger): Background {
  const running = tasks.map((t) => t.start(deps, log.child({ task: t.name })));
  return {
    async stop() {
      await Promise.all(running.map((r) => r.stop()));
    },
  };
}
