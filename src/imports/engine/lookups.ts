import type pg from 'pg';
import type { IotResolution } from '../../catalogi/informatieobjecttype-resolver.js';
import type { DocumentRepository } from '../../documenten/repository.js';
import { createZioRepository } from '../../zaken/zio-repository.js';
import { type BatchKeys, type InflightKeys, identKey } from './inflight.js';
import type { ImportQueueRepository } from './repository.js';
import { normaliseUuid } from './row-uuid.js';
import type { ParsedRow } from './types.js';

/**
 * The batched look-ups of a batch (one query each, never one per row): which of its uuids
 * and identificaties documents already have (a dry run: or its earlier rows took), which of
 * its zaken exist, and what its informatieobjecttypen resolve to.
 */
export interface LookupContext {
  pool: pg.Pool;
  /** The documents the rows are checked against (the Documenten module's repository). */
  documents: DocumentRepository;
  /** The import's own row (copy horizon, a dry run's keys). */
  queue: ImportQueueRepository;
  /** The informatieobjecttypen of a batch, resolved as the API resolves them (iot-lookup.ts). */
  resolveIots(urls: string[]): Promise<Map<string, IotResolution>>;
  importId: number;
  /** A dry run: every check, no copies, no documents (issue 10 #2). */
  dryRun: boolean;
  /** Keys of the batches decided but not committed yet. */
  inflight: InflightKeys;
}

export interface Lookups {
  uuids: Set<string>;
  idents: Set<string>;
  zaken: Map<string, number>;
  iots: Map<string, IotResolution>;
  inflight: BatchKeys[];
}

export async function lookUp(ctx: LookupContext, rows: ParsedRow[]): Promise<Lookups> {
  const uuids = new Set<string>();
  const pairs = new Map<string, { bron: string; ident: string }>();
  const zaken = new Set<string>();
  const iotUrls = new Set<string>();
  for (const r of rows) {
    const v = r.values;
    const u = normaliseUuid(v.uuid ?? '');
    if (u) uuids.add(u);
    const z = normaliseUuid(v.zaakUuid ?? '');
    if (z) zaken.add(z);
    const ident = String(r.body.identificatie ?? '');
    if (ident !== '')
      pairs.set(identKey(v.bronorganisatie ?? '', ident), { bron: v.bronorganisatie ?? '', ident });
    const iot = String(r.body.informatieobjecttype ?? '');
    if (iot !== '' && !r.problems.some((p) => p.name === 'informatieobjecttype')) iotUrls.add(iot);
  }
  const inflight = ctx.inflight.snapshot();
  const [u, i, z, t] = await Promise.all([
    existingUuids(ctx, [...uuids]),
    existingIdentificaties(ctx, [...pairs.values()]),
    zaken.size > 0
      ? createZioRepository(ctx.pool).findZaakIds([...zaken])
      : Promise.resolve(new Map<string, number>()),
    iotUrls.size > 0 ? ctx.resolveIots([...iotUrls]) : Promise.resolve(new Map<string, IotResolution>()),
  ]);
  return { uuids: u, idents: i, zaken: z, iots: t, inflight };
}

/** uuids of existing documents and, in a dry run, those its earlier rows took. */
async function existingUuids(ctx: LookupContext, uuids: string[]): Promise<Set<string>> {
  if (!ctx.dryRun) return ctx.documents.existingUuids(uuids);
  const [found, dry] = await Promise.all([
    ctx.documents.existingUuids(uuids),
    ctx.queue.dryKeys(ctx.importId, 'u', uuids),
  ]);
  for (const k of dry) found.add(k);
  return found;
}

/** Existing (bronorganisatie, identificatie) pairs (`bron\u0000ident`), dry-run keys included. */
async function existingIdentificaties(
  ctx: LookupContext,
  pairs: { bron: string; ident: string }[],
): Promise<Set<string>> {
  const found = await ctx.documents.existingIdentificaties(pairs);
  if (!ctx.dryRun || pairs.length === 0) return found;
  const keys = pairs.map((p) => `${p.bron}\u0001${p.ident}`);
  for (const k of await ctx.queue.dryKeys(ctx.importId, 'i', keys)) found.add(k.replace('\u0001', '\u0000'));
  return found;
}
