import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Deps } from '../deps.js';
import { isTransientDbError } from '../imports/engine/db-errors.js';
import {
  claimImport,
  type ClaimedImport,
  releaseLease,
  renewLease,
  steering,
} from '../imports/engine/repository.js';
import { runImport } from '../imports/engine/run-import.js';
import { engineCollaborators } from '../imports/engine/wiring.js';
import type { Background, BackgroundTask } from './background.js';

/**
 * The import job runner (architecture.md "Jobs"): claims an `active` import whose lease is
 * free or expired (FOR UPDATE SKIP LOCKED), heartbeats at a third of the lease, wakes on
 * NOTIFY zgw_imports and polls every second. SIGTERM: stop taking work, stop between
 * batches and release the lease so a restart resumes at once.
 */
export const IMPORT_CHANNEL = 'zgw_imports';
const POLL_MS = 1000;
/** How often a running import looks whether it was cancelled or paused (any process may ask). */
const STEERING_MS = 1000;

export const importRunnerTask: BackgroundTask = {
  name: 'import-runner',
  start: (deps, log) => startImportRunner(deps, log),
};

export function startImportRunner(deps: Deps, log: Logger): Background {
  const owner = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const collab = engineCollaborators(deps);
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
  const listener = startListener(deps.pool, log, () => wake?.());

  async function runOne(claim: ClaimedImport): Promise<void> {
    const ilog = log.child({ import: claim.uuid });
    ilog.info({ nextRecord: claim.nextRecord }, 'import claimed');
    const lost = new AbortController();
    const onStop = () => lost.abort('runner stop');
    abort.signal.addEventListener('abort', onStop);
    const beat = setInterval(
      () => {
        renewLease(deps.pool, claim.id, claim.leaseToken, deps.config.importLeaseSeconds)
          .then((held) => {
            if (!held) lost.abort('lease not renewed');
          })
          .catch(() => undefined);
      },
      (deps.config.importLeaseSeconds * 1000) / 3,
    );
    // Cancel and pause are rows in the database (asked by any API process): looked at every
    // second, they stop the run at its next batch boundary.
    const steer = setInterval(() => {
      steering(deps.pool, claim.id, claim.leaseToken)
        .then((s) => {
          if (s?.cancel || s?.pause) lost.abort('steering');
        })
        .catch(() => undefined);
    }, STEERING_MS);
    try {
      const outcome = await runImport({ deps, collab, log: ilog, claim, signal: lost.signal });
      ilog.info({ outcome }, 'import run ended');
      if (outcome === 'stopped' || outcome === 'paused')
        await releaseLease(deps.pool, claim.id, claim.leaseToken).catch(() => undefined);
    } finally {
      clearInterval(steer);
      clearInterval(beat);
      abort.signal.removeEventListener('abort', onStop);
    }
  }

  const loop = (async () => {
    while (!stopping) {
      let claim: ClaimedImport | undefined;
      try {
        claim = await claimImport(deps.pool, owner, deps.config.importLeaseSeconds);
      } catch (err) {
        if (!isTransientDbError(err)) log.error({ err }, 'claiming an import failed');
      }
      if (claim && !stopping) {
        await runOne(claim).catch((err) => log.error({ err }, 'import runner error'));
        continue;
      }
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

/** LISTEN on a dedicated connection, reconnecting after errors; the poll covers the gaps. */
function startListener(pool: pg.Pool, log: Logger, onNotify: () => void): { stop(): Promise<void> } {
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
        if (msg.channel === IMPORT_CHANNEL) onNotify();
      });
      c.on('error', () => {
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
