import type { Logger } from 'pino';
import type { Background, BackgroundTask } from './background.js';

/**
 * A background task that runs one pass shortly after start and then at a fixed interval
 * (the import retention, the bestandsdelen clean-up). A pass never overlaps the previous
 * one: a tick while it runs is skipped. A failed pass is logged and the next tick tries again;
 * stop() waits for a running pass. The timers do not keep the process alive.
 */
export function scheduledTask<D>(spec: {
  name: string;
  firstRunMs: number;
  intervalMs: number;
  /** One pass; it logs what it did. */
  run(deps: D, log: Logger): Promise<void>;
  /** The log message of a failed pass. */
  failed: string;
}): BackgroundTask<D> {
  return {
    name: spec.name,
    start(deps: D, log: Logger): Background {
      let running: Promise<void> | undefined;
      const run = () => {
        if (running) return;
        running = spec
          .run(deps, log)
          .catch((err: unknown) => log.error({ err }, spec.failed))
          .finally(() => {
            running = undefined;
          });
      };
      const first = setTimeout(run, spec.firstRunMs);
      const repeat = setInterval(run, spec.intervalMs);
      first.unref();
      repeat.unref();
      return {
        async stop() {
          clearTimeout(first);
          clearInterval(repeat);
          await running;
        },
      };
    },
  };
}
