import { mapLimit } from './flow.js';
import { type BatchKeys, inAny } from './inflight.js';
import type { PrepareContext } from './prepare.js';
import { raiseCopyHorizon } from './repository.js';
import { derivedRowUuid, normaliseUuid } from './row-uuid.js';
import type { ParsedBatch, RowOutcome } from './types.js';

/**
 * Files of a batch (import.md Part 2 #8/#10): the copy horizon is raised first (so a crash
 * leaves a record of which keys may hold uncommitted files), a resumed batch first sweeps
 * what an interrupted attempt may have left under its rows' keys, then every passing row's
 * file is written to its own key (temp name, rename) and all of them are made durable
 * together (one filesystem sync) before the commit.
 */
export async function copyBatchFiles(
  ctx: PrepareContext,
  batch: ParsedBatch,
  outcomes: RowOutcome[],
  l: { uuids: Set<string>; inflight: BatchKeys[] },
): Promise<void> {
  const copying = outcomes.filter((o) => o.doc);
  const dirty = batch.firstIndex <= ctx.copyHorizon;
  if (copying.length === 0 && !dirty) return;
  await raiseCopyHorizon(ctx.pool, ctx.importId, ctx.leaseToken, batch.nextRecord - 1);
  if (dirty) await sweep(ctx, batch, l);
  const results = await ctx.blobs.putFiles(
    copying.map((o) => ({ key: o.doc!.blobKey, sourcePath: o.doc!.sourcePath })),
    { concurrency: ctx.fileConcurrency },
  );
  results.forEach((res, i) => {
    if (!(res instanceof Error)) return;
    const o = copying[i]!;
    o.succeeded = false;
    o.opmerking = `Unable to copy file for row ${o.index}: \n ${ctx.scrub(res.message)}`;
    o.uuid = null;
    o.identificatie = null;
    o.blobKey = null;
    o.doc = undefined;
  });
}

/** Keys this import may own for the batch's rows: derived uuids, or CSV uuids no document has. */
async function sweep(
  ctx: PrepareContext,
  batch: ParsedBatch,
  l: { uuids: Set<string>; inflight: BatchKeys[] },
): Promise<void> {
  const prefixes: string[] = [];
  for (const r of batch.rows) {
    if (!r.values) continue;
    const raw = r.values.uuid ?? '';
    const uuid = raw === '' ? derivedRowUuid(ctx.importUuid, r.index) : normaliseUuid(raw);
    if (!uuid || l.uuids.has(uuid) || inAny(l.inflight as BatchKeys[], 'uuids', uuid)) continue;
    const key = ctx.collab.documentBlobKey(uuid, 1);
    prefixes.push(key.slice(0, key.lastIndexOf('/')));
  }
  await mapLimit(prefixes, ctx.fileConcurrency, (p) => ctx.blobs.deletePrefix(p));
}
