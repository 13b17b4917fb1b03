import { isAlive, postmasterPid } from './embedded-process.js';

/**
 * Supervision of the embedded PostgreSQL by the server process that owns it (README
 * "Overload and failures"): once a second it checks that the postmaster lives; when it died
 * (a crash, the OOM killer, kill -9) it is started again on the same data directory and port,
 * so every pool reconnects to the same URL and a running import resumes after its retries.
 * When restarting keeps failing, status() says so and /health answers 503, for a process
 * manager to restart the whole server.
 *
 * Ownership moves: when the process recorded as owner is gone (killed, or a zombie), a
 * server that uses the database takes it over, supervises it and stops it when it stops.
 */
export interface EmbeddedStatus {
  state: 'running' | 'restarting' | 'failed';
  detail?: string;
}

export interface SupervisorDeps {
  pgDir: string;
  /** Whether this process owns the database now (taking it over from a dead owner). */
  claimOwnership(): Promise<boolean>;
  /** pg_ctl start on the recorded port. */
  start(): Promise<void>;
  log: (level: 'info' | 'error', msg: string) => void;
  intervalMs?: number;
  /** Consecutive failed restarts after which status() reports 'failed'. */
  failAfter?: number;
}

export interface Supervisor {
  status(): EmbeddedStatus;
  stop(): Promise<void>;
}

export function superviseEmbedded(deps: SupervisorDeps): Supervisor {
  const interval = deps.intervalMs ?? 1000;
  const failAfter = deps.failAfter ?? 3;
  let status: EmbeddedStatus = { state: 'running' };
  let failures = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const restart = async () => {
    deps.log('error', 'the embedded PostgreSQL has stopped unexpectedly; restarting it');
    if (status.state !== 'failed') status = { state: 'restarting' };
    try {
      await deps.start();
      failures = 0;
      status = { state: 'running' };
      deps.log('info', 'embedded PostgreSQL restarted');
    } catch (err) {
      failures++;
      const detail = (err as Error).message.split('\n')[0] ?? String(err);
      if (failures >= failAfter) status = { state: 'failed', detail };
      deps.log('error', `restarting the embedded PostgreSQL failed (attempt ${failures}): ${detail}`);
    }
  };

  const tick = async () => {
    if (!(await deps.claimOwnership()) || stopped) return;
    if (await isAlive(await postmasterPid(deps.pgDir))) {
      if (status.state !== 'running') status = { state: 'running' };
      failures = 0;
      return;
    }
    if (!stopped) await restart();
  };

  const schedule = () => {
    if (stopped) return;
    // Back off while restarts fail: 1 s, 2 s, 4 s ... at most 10 s between attempts.
    const delay = Math.min(interval * 2 ** failures, 10_000);
    timer = setTimeout(() => {
      running = tick()
        .catch((err) => deps.log('error', `embedded PostgreSQL supervision: ${(err as Error).message}`))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, delay);
    timer.unref();
  };
  schedule();

  return {
    status: () => status,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
