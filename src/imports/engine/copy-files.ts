import { documentKeyPrefix } from '../../documenten/storage-keys.js';
import type { StagedFile } from '../../storage/blob-store.js';
import { ServerFault } from './faults.js';
import { mapLimit } from './flow.js';
import { type BatchKeys, inAny } from './inflight.js';
import type { PrepareContext } from './prepare.js';
import { derivedRowUuid, normaliseUuid } from './row-uuid.js';
import type { DecidedRow, ParsedBatch } from './types.js';

const HORIZON_STRIDE = 8;

/**
 * Before a batch's files are copied (README "Bulk import of documents"): the copy horizon is raised,
 * some batches ahead, so a crash leaves a record of which keys may hold uncommitted files; a
 * resumed batch first sweeps what an interrupted attempt may have left under its rows' keys.
 */
export async function readyKeys(
  ctx: PrepareContext,
  batch: ParsedBatch,
  l: { uuids: Set<string>; inflight: BatchKeys[] },
): Promise<void> {
  if (batch.nextRecord - 1 > ctx.raisedHorizon) {
    // Raised HORIZON_STRIDE batches ahead at once: the update waits for the row lock of the
    // commit in flight, so once per batch would serialise copying with committing.
    const to = batch.nextRecord - 1 + (batch.nextRecord - batch.firstIndex) * HORIZON_STRIDE;
    await ctx.queue.raiseCopyHorizon(ctx.importId, ctx.leaseToken, to);
    ctx.raisedHorizon = to;
  }
  if (batch.firstIndex <= ctx.copyHorizon) await sweep(ctx, batch, l);
}

/**
 * After the decisions: every passing row's staged copy is renamed to its key and all of them
 * are made durable together (one filesystem sync) before the commit. A row whose rename
 * fails, fails.
 */
export async function publishBatchFiles(ctx: PrepareContext, outcomes: DecidedRow[]): Promise<void> {
  const going = outcomes.flatMap((o): StagedFile[] =>
    o.state === 'accepted' && o.doc.staged ? [o.doc.staged] : [],
  );
  if (going.length === 0) return;
  // A rename or sync that fails is the storage's fault, never the row's: the import pauses.
  let results: (Error | undefined)[];
  try {
    results = await ctx.blobs.publishStaged(going);
  } catch (err) {
    throw storageFault(ctx, err as Error);
  }
  const failed = results.find((r) => r !== undefined);
  if (failed) {
    await ctx.blobs.discardStaged(going).catch(() => undefined);
    throw storageFault(ctx, failed);
  }
}

function storageFault(ctx: PrepareContext, err: Error): ServerFault {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new ServerFault(
    `Import gepauzeerd: de opslag weigert te schrijven (${code}): ${ctx.scrub(err.message)}. Maak ruimte vrij of herstel de opslag; de import probeert het zelf opnieuw (of: resume).`,
  );
}

/** Keys this import may own for the batch's rows: derived uuids, or CSV uuids no document has. */
export async function sweep(
  ctx: PrepareContext,
  batch: ParsedBatch,
  l: { uuids: Set<string>; inflight: BatchKeys[] },
): Promise<void> {
  const prefixes: string[] = [];
  for (const r of batch.rows) {
    const raw = r.values.uuid ?? '';
    const uuid = raw === '' ? derivedRowUuid(ctx.importUuid, r.index) : normaliseUuid(raw);
    if (!uuid || l.uuids.has(uuid) || inAny(l.inflight, 'uuids', uuid)) continue;
    prefixes.push(documentKeyPrefix(uuid));
  }
  await mapLimit(prefixes, ctx.fileConcurrency, (p) => ctx.blobs.deletePrefix(p));
}
