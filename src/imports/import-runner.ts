import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type pg from 'pg';
import type { Logger } from 'pino';
import { isConnectionLost, isTransientDbError } from '../db/errors.js';
import type { Deps } from '../deps.js';
import { type ClaimedImport, createImportQueueRepository } from './engine/repository.js';
import { runImport } from './engine/run-import.js';
import type { Background, BackgroundTask } from '../jobs/background.js';
import { IMPORT_CHANNEL } from './repository.js';

/**
 * The import job runner (docs/architecture.md "An import row"): claims an `active` import
 * whose lease is free or expired (FOR UPDATE SKIP LOCKED), heartbeats at a third of the
 * lease, wakes on NOTIFY zgw_imports (which also carries cancel and pause) and polls every
 * second. SIGTERM: stop taking work, stop between batches and release the lease so a restart
 * resumes at once.
 */
const POLL_MS = 1000;
/** How often a running import looks whether it was cancelled or paused (any process may ask). */
const STEERING_MS = 1000;

export const importRunnerTask: BackgroundTask<Deps> = {
  name: 'import-runner',
  start: (deps, log) => startImportRunner(deps, log),
};

export function startImportRunner(deps: Deps, log: Logger): Background {
  const owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  let stopping = false;
  let wake: (() => void) | undefined;
  const abort = new AbortController();
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  // A cancel or pause notifies with the import's id: the run it concerns looks at once.
  let steerNow: ((payload: string) => void) | undefined;
  const listener = startListener(deps.pool, log, (payload) => {
    wake?.();
    steerNow?.(payload);
  });

  async function runOne(claim: ClaimedImport): Promise<void> {
    const ilog = log.child({ import: claim.uuid });
    // Local references resolve against the PUBLIC_URL of the API that created the import
    // (issue 10 #11): a worker started with another PUBLIC_URL still finds them.
    const publicUrl = claim.publicUrl ?? deps.config.publicUrl;
    ilog.info({ nextRecord: claim.nextRecord, publicUrl }, 'import claimed');
    if (publicUrl !== deps.config.publicUrl) {
      ilog.warn(
        { importPublicUrl: publicUrl, workerPublicUrl: deps.config.publicUrl },
        "this worker's PUBLIC_URL differs from the API's that created the import; local URLs are resolved against the import's",
      );
    }
    const lost = new AbortController();
    const onStop = () => lost.abort('runner stop');
    abort.signal.addEventListener('abort', onStop);
    const beat = setInterval(
      () => {
        deps.importQueue
          .renewLease(claim.id, claim.leaseToken, deps.config.importLeaseSeconds)
          .then((held) => {
            if (!held) lost.abort('lease not renewed');
          })
          .catch(() => undefined);
      },
      (deps.config.importLeaseSeconds * 1000) / 3,
    );
    // Cancel and pause are rows in the database (asked by any API process): looked at when
    // their NOTIFY arrives and every second besides, they stop the run at its next batch
    // boundary.
    const look = () => {
      deps.importQueue
        .steering(claim.id, claim.leaseToken)
        .then((s) => {
          if (s?.cancel || s?.pause) lost.abort('steering');
        })
        .catch(() => undefined);
    };
    const steer = setInterval(look, STEERING_MS);
    steerNow = (payload) => {
      if (payload === String(claim.id)) look();
    };
    try {
      const outcome = await runImport({ deps, log: ilog, claim, signal: lost.signal });
      ilog.info({ outcome }, 'import run ended');
      if (outcome === 'stopped' || outcome === 'paused') await giveBack(deps.pool, claim);
    } finally {
      steerNow = undefined;
      clearInterval(steer);
      clearInterval(beat);
      abort.signal.removeEventListener('abort', onStop);
    }
  }

  const loop = (async () => {
    while (!stopping) {
      let claim: ClaimedImport | undefined;
      try {
        claim = await deps.importQueue.claimImport(owner, deps.config.importLeaseSeconds);
      } catch (err) {
        if (!isTransientDbError(err)) log.error({ err }, 'claiming an import failed');
      }
      if (claim && !stopping) {
        await runOne(claim).catch((err) => log.error({ err }, 'import runner error'));
        continue;
      }
      // Claimed while stopping: give it back, or a restart waits for the whole lease.
      if (claim) await giveBack(deps.pool, claim);
      if (stopping) break;
      await nap(POLL_MS);
    }
  })();

  return {
    async stop() {
      stopping = true;
      abort.abort();
      wake?.();
      await loop;
      await listener.stop();
    },
  };
}

/**
 * Releases the lease, so a restart (or another worker) resumes at once. The pool may still
 * hold connections the database closed (a restart, pg_terminate_backend) that pg only notices
 * when they are used: the release is repeated while that is why it failed.
 */
async function giveBack(pool: pg.Pool, claim: ClaimedImport): Promise<void> {
  for (let attempt = 0; attempt <= (pool.options.max ?? 10); attempt++) {
    try {
      await createImportQueueRepository(pool).releaseLease(claim.id, claim.leaseToken);
      return;
    } catch (err) {
      if (!isConnectionLost(err)) return;
    }
  }
}

/** LISTEN on a dedicated connection, reconnecting after errors; the poll covers the gaps. */
function startListener(
  pool: pg.Pool,
  log: Logger,
  onNotify: (payload: string) => void,
): { stop(): Promise<void> } {
  let client: pg.PoolClient | undefined;
  let dropClient: (() => void) | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (stopped) return;
    try {
      const c = await pool.connect();
      let released = false;
      const drop = () => {
        if (released) return;
        released = true;
        c.release(true);
        if (client === c) client = undefined;
      };
      c.on('notification', (msg) => {
        if (msg.channel === IMPORT_CHANNEL) onNotify(msg.payload ?? '');
      });
      c.on('error', () => {
        // A dead connection reports more than once (the server's message, then the closed
        // socket): reconnect once, or the extra LISTEN connections leak.
        if (released) return;
        drop();
        if (!stopped) timer = setTimeout(() => void connect(), POLL_MS);
      });
      client = c;
      dropClient = drop;
      await c.query(`LISTEN ${IMPORT_CHANNEL}`).catch((err) => {
        drop();
        throw err;
      });
      if (stopped) drop();
    } catch (err) {
      log.debug({ err }, 'LISTEN failed; polling only until it succeeds');
      timer = setTimeout(() => void connect(), POLL_MS);
    }
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (client) dropClient?.();
    },
  };
}
