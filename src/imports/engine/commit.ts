import type pg from 'pg';
import { createIdentificatieRepository } from '../../documenten/identificatie-repository.js';
import { createZioRepository } from '../../zaken/zio-repository.js';
import { type BatchProgress, type BatchRepository, createBatchRepository } from './batch-repository.js';
import { validationComment } from './row-mapping.js';
import {
  type AcceptedRow,
  type CommittedRow,
  type ConflictedRow,
  type DecidedRow,
  type DocumentRow,
  type PreparedBatch,
  type ReportRow,
  reportRow,
} from './types.js';

export type { BatchProgress } from './batch-repository.js';

/**
 * The batch transaction (README "Bulk import of documents"): fencing check, identificaties, documents
 * + versions + zaak links in bulk, report rows, counters and next_record, all or nothing.
 * A constraint violation is isolated to its row by retrying the batch with a savepoint per
 * row; a row is `Geïmporteerd` only when its data committed. The SQL is the batch
 * repository's and the documents repository's.
 */
export interface CommitContext {
  pool: pg.Pool;
  importId: number;
  leaseToken: number;
  /** A dry run: report rows, counters and the keys it would take; no documents (issue 10 #2). */
  dryRun: boolean;
  /** Live progress written with the counters: measured rates and busy ms per stage. */
  progress: () => BatchProgress;
  /** The connection kept from batch to batch (released by releaseCommitConnection). */
  conn?: HeldConnection;
}

interface HeldConnection {
  client: pg.PoolClient;
  /** Set when the connection failed: it is dropped, never reused. */
  broken: boolean;
  onError: () => void;
}

async function holdConnection(ctx: CommitContext): Promise<HeldConnection> {
  if (ctx.conn && !ctx.conn.broken) return ctx.conn;
  // One that broke while idle between batches is given back (and dropped) first: a leaked
  // client starves the pool and makes pool.end() at shutdown wait for ever.
  releaseCommitConnection(ctx);
  const client = await ctx.pool.connect();
  // A connection killed between two queries is reported as an event; the next query fails anyway.
  const held: HeldConnection = {
    client,
    broken: false,
    onError: () => {
      held.broken = true;
    },
  };
  client.on('error', held.onError);
  ctx.conn = held;
  return held;
}

/** Gives the batch connection back to the pool (end of a run, or after it broke). */
export function releaseCommitConnection(ctx: CommitContext): void {
  const held = ctx.conn;
  if (!held) return;
  ctx.conn = undefined;
  held.client.off('error', held.onError);
  held.client.release(held.broken ? true : undefined);
}

export type CommitResult =
  | { committed: true; failedKeys: string[]; bytes: number; succeeded: number; invalid: number }
  | { committed: false; alreadyDone: true };

/** Integrity (23) and data (22) errors belong to a row; anything else is the batch's. */
const isConstraint = (err: unknown): boolean => /^2[23]/.test((err as { code?: string }).code ?? '');

export async function commitBatch(ctx: CommitContext, batch: PreparedBatch): Promise<CommitResult> {
  try {
    return await inTransaction(ctx, batch, false);
  } catch (err) {
    if (!isConstraint(err)) throw err;
    return inTransaction(ctx, batch, true);
  }
}

async function inTransaction(
  ctx: CommitContext,
  batch: PreparedBatch,
  isolate: boolean,
): Promise<CommitResult> {
  const held = await holdConnection(ctx);
  const repo = createBatchRepository(held.client);
  try {
    const next = await repo.beginFenced(ctx.importId, ctx.leaseToken);
    if (next > batch.firstIndex) {
      // An earlier attempt committed and only the acknowledgement was lost.
      await repo.rollback();
      return { committed: false, alreadyDone: true };
    }
    // Copies: a retried batch starts again from its decided rows (identificaties unassigned).
    let rows: CommittedRow[] = batch.rows.map(copyRow);
    if (ctx.dryRun) {
      await recordDryRun(ctx, repo, rows);
    } else {
      await assignIdentificaties(held.client, accepted(rows));
      if (isolate) {
        rows = await insertRowByRow(held.client, repo, rows);
        await repo.insertReportRows(
          ctx.importId,
          rows.map((r) => reportRow(r, false)),
        );
      } else {
        const report = { importId: ctx.importId, rows: rows.map((r) => reportRow(r, false)) };
        await insertDocuments(held.client, repo, accepted(rows), report);
      }
    }
    const passed = accepted(rows);
    const bytes = passed.reduce((n, r) => n + (r.doc.values.bestandsomvang ?? 0), 0);
    const totals = await repo.bumpCountersAndCommit(
      ctx.importId,
      { rows: rows.length, succeeded: passed.length, next: batch.nextRecord, bytes },
      ctx.progress(),
    );
    return {
      committed: true,
      failedKeys: rows.flatMap((r) => (r.state === 'conflicted' && r.blobKey ? [r.blobKey] : [])),
      bytes,
      ...totals,
    };
  } catch (err) {
    await repo.rollback().catch(() => {
      held.broken = true;
    });
    if (held.broken) releaseCommitConnection(ctx);
    throw err;
  }
}

const copyRow = (r: DecidedRow): DecidedRow =>
  r.state === 'accepted' ? { ...r, doc: { ...r.doc, values: { ...r.doc.values } } } : r;

const accepted = (rows: CommittedRow[]): AcceptedRow[] =>
  rows.filter((r): r is AcceptedRow => r.state === 'accepted');

/** Generated identificaties for the rows without one (one allocation per batch, per year). */
async function assignIdentificaties(client: pg.PoolClient, rows: AcceptedRow[]): Promise<void> {
  const perYear = new Map<number, number>();
  const given: string[] = [];
  for (const { doc } of rows) {
    if (doc.values.identificatie === '') {
      const y = Number(doc.values.creatiedatum.slice(0, 4));
      perYear.set(y, (perYear.get(y) ?? 0) + 1);
    } else given.push(doc.values.identificatie);
  }
  const identificaties = createIdentificatieRepository(client);
  if (given.length > 0) await identificaties.noteUsed(given);
  if (perYear.size === 0) return;
  const allocated = await identificaties.allocate(perYear);
  const cursor = new Map<number, number>();
  for (const { doc } of rows) {
    if (doc.values.identificatie !== '') continue;
    const y = Number(doc.values.creatiedatum.slice(0, 4));
    const at = cursor.get(y) ?? 0;
    cursor.set(y, at + 1);
    doc.values.identificatie = allocated.get(y)?.[at] ?? '';
  }
}

/** The isolating retry: each accepted row under its own savepoint; a refused one is conflicted. */
async function insertRowByRow(
  client: pg.PoolClient,
  repo: BatchRepository,
  rows: CommittedRow[],
): Promise<CommittedRow[]> {
  const out: CommittedRow[] = [];
  for (const r of rows) {
    if (r.state !== 'accepted') {
      out.push(r);
      continue;
    }
    try {
      await repo.underSavepoint(() => insertDocuments(client, repo, [r]));
      out.push(r);
    } catch (err) {
      if (!isConstraint(err)) throw err;
      out.push(conflicted(r, err as pg.DatabaseError));
    }
  }
  return out;
}

function conflicted(r: AcceptedRow, err: pg.DatabaseError): ConflictedRow {
  const d = r.doc;
  return {
    state: 'conflicted',
    index: r.index,
    opmerking: constraintComment(r.index, d, err),
    uuid: d.uuid,
    identificatie: d.values.identificatie,
    // The key of a uuid that another writer now owns is theirs: never delete it.
    blobKey: err.constraint === 'documents_uuid_unique' ? null : d.values.blob_key,
  };
}

function constraintComment(index: number, d: DocumentRow, err: pg.DatabaseError): string {
  if (err.constraint === 'documents_bron_ident_uq') {
    return validationComment(index, [
      {
        name: 'identificatie',
        code: 'identificatie-niet-uniek',
        reason: `Deze identificatie (${d.values.identificatie}) bestaat al voor deze bronorganisatie`,
      },
    ]);
  }
  if (err.constraint === 'documents_uuid_unique') {
    return `UUID given on row ${index} was already found! Not overwriting existing EIO.`;
  }
  if (
    d.zaakId !== null &&
    /zaakinformatieobjecten|object_informatieobjecten|zio_|oio_/.test(err.constraint ?? '')
  ) {
    return `Unable to couple row ${index} to ZAAK ${d.zaakUuid}:\n ${err.message}`;
  }
  return `Unable to load row due to batch error: ${err.message}`;
}

/**
 * The documents (with, given `report`, the batch's report rows in the same statement), then
 * their zaak links through the Zaken repository.
 */
async function insertDocuments(
  client: pg.PoolClient,
  repo: BatchRepository,
  rows: AcceptedRow[],
  report?: { importId: number; rows: ReportRow[] },
): Promise<void> {
  const docs = rows.map((r) => r.doc);
  const ids = await repo.insertDocuments(docs, report);
  const links = docs.flatMap((d) =>
    d.zaakId === null ? [] : [{ zaakId: d.zaakId, documentId: ids.get(d.uuid) as number }],
  );
  if (links.length > 0) await createZioRepository(client).insertZaakInformatieobjecten(links);
}

/**
 * A dry run's batch: its report rows (reportRow shows a passing row as its CSV gave it) and
 * the keys its passing rows would take, so that later rows of the file are checked against
 * them as a real run checks against committed documents.
 */
async function recordDryRun(ctx: CommitContext, repo: BatchRepository, rows: CommittedRow[]): Promise<void> {
  const keys: { kind: string; key: string }[] = [];
  for (const { doc } of accepted(rows)) {
    keys.push({ kind: 'u', key: doc.uuid });
    if (doc.values.identificatie !== '')
      keys.push({ kind: 'i', key: `${doc.values.bronorganisatie}\u0001${doc.values.identificatie}` });
  }
  await repo.insertReportRows(
    ctx.importId,
    rows.map((r) => reportRow(r, true)),
  );
  await repo.insertDryKeys(ctx.importId, keys);
}
