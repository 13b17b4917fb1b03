import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import type { Deps } from '../../deps.js';
import { type CommitContext, commitBatch, releaseCommitConnection } from './commit.js';
import { isTransientDbError } from './db-errors.js';
import { mapAsync, readAhead } from './flow.js';
import { InflightKeys } from './inflight.js';
import type { EngineCollaborators } from './ports.js';
import { copyDecided, decideBatch, type PrepareContext } from './prepare.js';
import type { PreparedBatch } from './types.js';
import { readBatches } from './read-batches.js';
import { type ClaimedImport, finishImport, LeaseLostError, renewLease } from './repository.js';

/**
 * One claimed import from its resume point to the end (architecture.md "Import engine"):
 * read → prepare (look-ups, file checks, copies) → commit, overlapping with backpressure.
 * Transient database errors restart the pipeline at the first uncommitted batch with
 * backoff; only an outage longer than IMPORT_DB_OUTAGE_SECONDS ends the import as `error`.
 */
export type RunOutcome = 'finished' | 'error' | 'lost' | 'stopped';

export interface RunEnv {
  deps: Deps;
  collab: EngineCollaborators;
  log: Logger;
  claim: ClaimedImport;
  signal: AbortSignal;
  fileConcurrency?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });

export async function runImport(env: RunEnv): Promise<RunOutcome> {
  const { deps, log, signal } = env;
  const scrub = scrubber(deps);
  let claim = env.claim;
  let outageSince: number | undefined;
  let delay = 100;
  for (;;) {
    try {
      const done = await runPipeline(env, claim, scrub, () => {
        outageSince = undefined;
        delay = 100;
      });
      if (!done) return 'stopped';
      const ok = await finishImport(deps.pool, claim.id, claim.leaseToken, { status: 'finished' });
      return ok ? 'finished' : 'lost';
    } catch (err) {
      if (err instanceof LeaseLostError) return 'lost';
      if (!isTransientDbError(err)) {
        log.error({ err }, 'import failed');
        return endWithError(env, scrub((err as Error).message || String(err)));
      }
      outageSince ??= Date.now();
      if (Date.now() - outageSince > deps.config.importDbOutageSeconds * 1000) {
        return endWithError(
          env,
          `Database unavailable for more than ${deps.config.importDbOutageSeconds} seconds: ${scrub((err as Error).message)}`,
        );
      }
      log.warn(
        { err: (err as Error).message },
        'transient database error; resuming at the first uncommitted batch',
      );
      await sleep(delay, signal);
      delay = Math.min(delay * 2, 2000);
      if (signal.aborted) return 'stopped';
      claim = (await reload(env, claim)) ?? claim;
    }
  }
}

/** Resume point after an interruption; transient errors here just go round the loop again. */
async function reload(env: RunEnv, claim: ClaimedImport): Promise<ClaimedImport | undefined> {
  try {
    const { rows } = await env.deps.pool.query(
      'select next_record, copy_horizon, lease_token from imports where id = $1',
      [claim.id],
    );
    const r = rows[0];
    if (!r || Number(r.lease_token) !== claim.leaseToken) throw new LeaseLostError();
    await renewLease(env.deps.pool, claim.id, claim.leaseToken, env.deps.config.importLeaseSeconds);
    return { ...claim, nextRecord: Number(r.next_record), copyHorizon: Number(r.copy_horizon) };
  } catch (err) {
    if (err instanceof LeaseLostError) throw err;
    return undefined;
  }
}

async function runPipeline(
  env: RunEnv,
  claim: ClaimedImport,
  scrub: (s: string) => string,
  onCommitted: () => void,
): Promise<boolean> {
  const { deps, collab } = env;
  const inflight = new InflightKeys();
  const pctx: PrepareContext = {
    pool: deps.pool,
    blobs: deps.blobs,
    collab,
    importId: claim.id,
    importUuid: claim.uuid,
    leaseToken: claim.leaseToken,
    realBase: await fs.realpath(deps.config.importBaseDir),
    sourceStallMs: deps.config.importSourceStallSeconds * 1000,
    copyHorizon: claim.copyHorizon,
    raisedHorizon: claim.copyHorizon,
    inflight,
    fileConcurrency: env.fileConcurrency ?? 16,
    scrub,
    stageMs: { lookup: 0, copy: 0, publish: 0, commit: 0 },
  };
  const started = performance.now();
  const batches = readBatches({
    blobs: deps.blobs,
    collab,
    csvKey: claim.csvKey,
    csvOptions: claim.csvOptions,
    nextRecord: claim.nextRecord,
    batchSize: deps.config.importBatchSize,
  });
  // read → decide (look-ups, checks, copies) → publish → commit, each stage at most one
  // batch ahead of the next.
  const decided = readAhead(
    mapAsync(readAhead(batches, 1), (b) => decideBatch(pctx, b)),
    1,
  );
  const prepared = readAhead(
    mapAsync(decided, (d) => copyDecided(pctx, d)),
    1,
  );
  const cctx: CommitContext = { pool: deps.pool, collab, importId: claim.id, leaseToken: claim.leaseToken };
  try {
    if (!(await commitAll(env, pctx, cctx, prepared, onCommitted))) return false;
  } finally {
    releaseCommitConnection(cctx);
  }
  const stageMs = Object.fromEntries(Object.entries(pctx.stageMs).map(([k, v]) => [k, Math.round(v)]));
  env.log.info({ stageMs, wallMs: Math.round(performance.now() - started) }, 'import stage times');
  return true;
}

async function commitAll(
  env: RunEnv,
  pctx: PrepareContext,
  cctx: CommitContext,
  prepared: AsyncIterable<PreparedBatch>,
  onCommitted: () => void,
): Promise<boolean> {
  const { deps } = env;
  const inflight = pctx.inflight;
  for await (const batch of prepared) {
    // Stop between batches: the prepared-but-uncommitted one is redone (and swept) on resume.
    if (env.signal.aborted) return false;
    const t = performance.now();
    const res = await commitBatch(cctx, batch);
    pctx.stageMs.commit += performance.now() - t;
    inflight.remove(batch.seq);
    if (res.committed) {
      await Promise.all(res.failedKeys.map((k) => deps.blobs.delete(k).catch(() => undefined)));
    }
    onCommitted();
  }
  return true;
}

/** The fatal comment, written once the database answers (retried until then or until stop). */
async function endWithError(env: RunEnv, comment: string): Promise<RunOutcome> {
  let delay = 200;
  for (;;) {
    try {
      const ok = await finishImport(env.deps.pool, env.claim.id, env.claim.leaseToken, {
        status: 'error',
        comment,
      });
      return ok ? 'error' : 'lost';
    } catch (err) {
      if (!isTransientDbError(err) || env.signal.aborted) return 'stopped';
      await sleep(delay, env.signal);
      delay = Math.min(delay * 2, 5000);
    }
  }
}

function scrubber(deps: Deps): (s: string) => string {
  const paths = [deps.config.importBaseDir, deps.config.storageDir, deps.config.dataDir]
    .filter((p) => p.length > 1)
    .sort((a, b) => b.length - a.length);
  return (s: string) => paths.reduce((acc, p) => acc.split(p).join('<dir>'), s);
}
