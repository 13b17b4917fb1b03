import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import { isTransientDbError } from '../../db/errors.js';
import type { Deps } from '../../deps.js';
import { CANCELLED } from '../errors.js';
import { createImportMetricsRepository } from '../metrics-repository.js';
import { createReportRepository } from '../report-repository.js';
import { type CommitContext, commitBatch, releaseCommitConnection } from './commit.js';
import { sweep } from './copy-files.js';
import { endImport } from './end-import.js';
import { bounded, faultRetrySeconds, ServerFault } from './faults.js';
import { mapAsync, readAhead } from './flow.js';
import { InflightKeys } from './inflight.js';
import { importIotLookup } from './iot-lookup.js';
import { copyDecided, decideBatch, type PrepareContext } from './prepare.js';
import { readBatches } from './read-batches.js';
import { type ClaimedImport, LeaseLostError } from './repository.js';
import { normaliseUuid } from './row-uuid.js';
import type { PreparedBatch } from './types.js';

/**
 * One claimed import from its resume point to the end (docs/architecture.md "An import row"):
 * read → decide (look-ups, checks, copies) → publish → commit, overlapping with
 * backpressure. Transient database errors restart the pipeline at the first uncommitted
 * batch with backoff. A server-side fault (storage full, import directory gone, the database
 * away longer than IMPORT_DB_OUTAGE_SECONDS) pauses the import without failing a row; the
 * runner retries it with backoff. Cancel and pause take effect at the next batch boundary.
 */
export type RunOutcome = 'finished' | 'error' | 'lost' | 'stopped' | 'paused' | 'cancelled';

export interface RunEnv {
  deps: Deps;
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

type PipelineEnd = 'done' | 'stopped' | 'storm';

export async function runImport(env: RunEnv): Promise<RunOutcome> {
  const { deps, log, signal } = env;
  const scrub = scrubber(deps);
  let claim = env.claim;
  if (claim.cancelRequested) return cancelRun(env, claim);
  let outageSince: number | undefined;
  let delay = 100;
  // After a transient error the pipeline resumes only from the stored resume point, never from
  // the one held before: the failed attempt may have raised the copy horizon and staged copies
  // up to it, and only the stored horizon says which batches the next attempt must sweep. A
  // failure to read it is one more transient error of the same outage.
  let resumePointStale = false;
  for (;;) {
    try {
      if (resumePointStale) {
        claim = await reload(env, claim);
        resumePointStale = false;
      }
      const end = await runPipeline(env, claim, scrub, () => {
        outageSince = undefined;
        delay = 100;
      });
      if (end === 'storm') return 'paused';
      if (end === 'stopped') return afterStop(env);
      if (claim.dryRun) await deps.importQueue.dropDryKeys(claim.id);
      const ok = await endImport(deps, claim, { status: 'finished' });
      return ok ? 'finished' : 'lost';
    } catch (err) {
      if (err instanceof LeaseLostError) return 'lost';
      if (err instanceof ServerFault) return pauseForFault(env, err.message);
      if (!isTransientDbError(err)) {
        log.error({ err }, 'import failed');
        return endWithError(env, scrub((err as Error).message || String(err)));
      }
      outageSince ??= Date.now();
      if (Date.now() - outageSince > deps.config.importDbOutageSeconds * 1000) {
        return pauseForFault(
          env,
          `Import gepauzeerd: de database was langer dan ${deps.config.importDbOutageSeconds} seconden onbereikbaar (${scrub((err as Error).message)}). De import probeert het zelf opnieuw (of: resume).`,
        );
      }
      log.warn(
        { err: (err as Error).message },
        'transient database error; resuming at the first uncommitted batch',
      );
      await sleep(delay, signal);
      delay = Math.min(delay * 2, 2000);
      if (signal.aborted) return afterStop(env);
      resumePointStale = true;
    }
  }
}

/** Stopped at a batch boundary: because the operator cancelled or paused it, or for a stop. */
async function afterStop(env: RunEnv): Promise<RunOutcome> {
  const asked = await env.deps.importQueue
    .steering(env.claim.id, env.claim.leaseToken)
    .catch(() => undefined);
  if (asked?.cancel) {
    const claim = (await reload(env, env.claim).catch(() => undefined)) ?? env.claim;
    return cancelRun(env, claim);
  }
  if (asked?.pause) return 'paused';
  return 'stopped';
}

/**
 * Cancel (issue 10 #3): files of batches that never committed are removed (the keys of the
 * records from next_record up to the copy horizon, as a resume would sweep them), then the
 * import ends `error` with comment `geannuleerd`. Everything committed stays.
 */
async function cancelRun(env: RunEnv, claim: ClaimedImport): Promise<RunOutcome> {
  const { deps } = env;
  if (!claim.dryRun && claim.copyHorizon >= claim.nextRecord) {
    const ctx = prepareContext(env, claim, scrubber(deps), '');
    for await (const batch of readBatches({
      blobs: deps.blobs,
      csvKey: claim.csvKey,
      csvOptions: claim.csvOptions,
      nextRecord: claim.nextRecord,
      batchSize: deps.config.importBatchSize,
    })) {
      if (batch.firstIndex > claim.copyHorizon) break;
      const csvUuids = batch.rows.flatMap((r) => {
        const u = normaliseUuid(r.values.uuid ?? '');
        return u ? [u] : [];
      });
      const uuids = await ctx.documents.existingUuids(csvUuids);
      await sweep(ctx, batch, { uuids, inflight: [] });
    }
  }
  if (claim.dryRun) await deps.importQueue.dropDryKeys(claim.id);
  const ok = await endImport(deps, claim, { status: 'error', comment: CANCELLED });
  env.log.info('import cancelled');
  return ok ? 'cancelled' : 'lost';
}

/** A server-side fault: paused with the cause, retried by the runner after a backoff. */
async function pauseForFault(env: RunEnv, comment: string): Promise<RunOutcome> {
  let delay = 200;
  for (;;) {
    try {
      const retries = await env.deps.importQueue.faultRetries(env.claim.id);
      const after = faultRetrySeconds(retries);
      const ok = await env.deps.importQueue.pauseImport(
        env.claim.id,
        env.claim.leaseToken,
        'fault',
        comment,
        after,
      );
      env.log.warn({ cause: comment, retryInSeconds: after }, 'import paused by a server-side fault');
      if (ok) return 'paused';
      return (await afterStop(env)) === 'cancelled' ? 'cancelled' : 'lost';
    } catch (err) {
      if (!isTransientDbError(err) || env.signal.aborted) {
        env.log.error({ err, aborted: env.signal.aborted }, 'could not pause the import');
        return 'stopped';
      }
      await sleep(delay, env.signal);
      delay = Math.min(delay * 2, 5000);
    }
  }
}

/** The stored resume point after an interruption (LeaseLostError when the lease is gone). */
async function reload(env: RunEnv, claim: ClaimedImport): Promise<ClaimedImport> {
  const at = await env.deps.importQueue.resumePoint(claim.id, claim.leaseToken);
  if (!at) throw new LeaseLostError();
  await env.deps.importQueue.renewLease(claim.id, claim.leaseToken, env.deps.config.importLeaseSeconds);
  return { ...claim, ...at };
}

function prepareContext(
  env: RunEnv,
  claim: ClaimedImport,
  scrub: (s: string) => string,
  realBase: string,
): PrepareContext {
  const { deps } = env;
  return {
    pool: deps.pool,
    blobs: deps.blobs,
    documents: deps.documents,
    queue: deps.importQueue,
    // Local references resolve against the PUBLIC_URL of the API that created the import
    // (issue 10 #11): a worker started with another PUBLIC_URL still finds them.
    resolveIots: importIotLookup(deps, claim.publicUrl ?? deps.config.publicUrl),
    importId: claim.id,
    importUuid: claim.uuid,
    leaseToken: claim.leaseToken,
    realBase,
    baseDir: deps.config.importBaseDir,
    sourceStallMs: deps.config.importSourceStallSeconds * 1000,
    dryRun: claim.dryRun,
    copyHorizon: claim.copyHorizon,
    raisedHorizon: claim.copyHorizon,
    inflight: new InflightKeys(),
    fileConcurrency: env.fileConcurrency ?? 16,
    scrub,
    stageMs: { lookup: 0, copy: 0, publish: 0, commit: 0 },
  };
}

/** Rows and bytes per second over the batches of the last half minute (measured). */
class RateWindow {
  private readonly samples: { t: number; rows: number; bytes: number }[] = [];
  constructor(start: number) {
    this.samples.push({ t: start, rows: 0, bytes: 0 });
  }
  add(rows: number, bytes: number): void {
    const last = this.samples[this.samples.length - 1]!;
    this.samples.push({ t: performance.now(), rows: last.rows + rows, bytes: last.bytes + bytes });
    while (this.samples.length > 2 && this.samples[1]!.t < performance.now() - 30_000) this.samples.shift();
  }
  rates(): { rowsPerSecond: number | null; bytesPerSecond: number | null } {
    const first = this.samples[0]!;
    const last = this.samples[this.samples.length - 1]!;
    const s = (last.t - first.t) / 1000;
    if (this.samples.length < 2 || s <= 0) return { rowsPerSecond: null, bytesPerSecond: null };
    return { rowsPerSecond: (last.rows - first.rows) / s, bytesPerSecond: (last.bytes - first.bytes) / s };
  }
}

async function runPipeline(
  env: RunEnv,
  claim: ClaimedImport,
  scrub: (s: string) => string,
  onCommitted: () => void,
): Promise<PipelineEnd> {
  const { deps } = env;
  // The real import directory, once per run; every source's descriptor is checked against it.
  const realBase = await bounded(fs.realpath(deps.config.importBaseDir), 10_000, 'realpath').catch(
    (err: NodeJS.ErrnoException) => {
      throw new ServerFault(
        `Import gepauzeerd: de importmap ${deps.config.importBaseDir} is niet bereikbaar (${err.code ?? err.message}). Herstel de map; de import probeert het zelf opnieuw (of: resume).`,
      );
    },
  );
  const pctx = prepareContext(env, claim, scrub, realBase);
  const started = performance.now();
  const window = new RateWindow(started);
  const batches = readBatches({
    blobs: deps.blobs,
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
  const earlier = claim.stageMs;
  const cctx: CommitContext = {
    pool: deps.pool,
    importId: claim.id,
    leaseToken: claim.leaseToken,
    dryRun: claim.dryRun,
    progress: () => ({
      ...window.rates(),
      stageMs: Object.fromEntries(
        Object.entries(pctx.stageMs).map(([k, v]) => [k, (Number(earlier[k]) || 0) + v]),
      ),
    }),
  };
  let end: PipelineEnd;
  try {
    end = await commitAll(env, claim, pctx, cctx, prepared, window, onCommitted);
  } finally {
    releaseCommitConnection(cctx);
  }
  const stageMs = Object.fromEntries(Object.entries(pctx.stageMs).map(([k, v]) => [k, Math.round(v)]));
  env.log.info({ stageMs, wallMs: Math.round(performance.now() - started) }, 'import stage times');
  return end;
}

async function commitAll(
  env: RunEnv,
  claim: ClaimedImport,
  pctx: PrepareContext,
  cctx: CommitContext,
  prepared: AsyncIterable<PreparedBatch>,
  window: RateWindow,
  onCommitted: () => void,
): Promise<PipelineEnd> {
  const { deps, log } = env;
  const inflight = pctx.inflight;
  let loggedAt = performance.now();
  for await (const batch of prepared) {
    // Stop between batches: the prepared-but-uncommitted one is redone (and swept) on resume.
    if (env.signal.aborted) return 'stopped';
    const t = performance.now();
    const res = await commitBatch(cctx, batch);
    const commitMs = performance.now() - t;
    pctx.stageMs.commit += commitMs;
    inflight.remove(batch.seq);
    if (res.committed) {
      // GET /metrics' batch commit histogram (issue 10 #12): one row update, not awaited.
      createImportMetricsRepository(deps.pool).recordBatchCommit(commitMs / 1000);
      await Promise.all(res.failedKeys.map((k) => deps.blobs.delete(k).catch(() => undefined)));
      window.add(batch.rows.length, res.bytes);
      if (performance.now() - loggedAt >= 5000) {
        loggedAt = performance.now();
        const { rowsPerSecond, bytesPerSecond } = window.rates();
        log.info(
          {
            processed: res.succeeded + res.invalid,
            failed: res.invalid,
            rowsPerSecond: rowsPerSecond && Math.round(rowsPerSecond),
            mbPerSecond: bytesPerSecond && Math.round(bytesPerSecond / 10_000) / 100,
          },
          'import progress',
        );
      }
      // Failure storm (issue 10 #6): the first N rows all failed: pause, naming the reason.
      const n = claim.pauseAfterFailures;
      if (n > 0 && res.succeeded === 0 && res.invalid >= n) {
        const [top] = await createReportRepository(deps.pool).failureReasons(claim.id, 1);
        const comment = `Import gepauzeerd: de eerste ${res.invalid} rijen zijn alle mislukt (pauseAfterFailures ${n}). Meest voorkomende reden (${top?.count ?? 0}×): ${top?.reason ?? '?'}. Corrigeer de CSV of de bestanden en annuleer, of hervat (resume) om door te gaan.`;
        if (await deps.importQueue.pauseImport(claim.id, claim.leaseToken, 'failures', comment)) {
          log.warn({ failed: res.invalid }, 'import paused: every row so far failed');
          return 'storm';
        }
      }
    }
    onCommitted();
  }
  return 'done';
}

/** The fatal comment, written once the database answers (retried until then or until stop). */
async function endWithError(env: RunEnv, comment: string): Promise<RunOutcome> {
  let delay = 200;
  for (;;) {
    try {
      if (env.claim.dryRun) await env.deps.importQueue.dropDryKeys(env.claim.id);
      const ok = await endImport(env.deps, env.claim, { status: 'error', comment });
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
