import type { Queryable } from '../db/pool.js';
import type { CsvOptions } from './csv.js';

/** SQL of the import lifecycle (Open Zaak's Import model); the engine has its own queries. */
export interface ImportRecord {
  id: number;
  uuid: string;
  status: 'pending' | 'active' | 'finished' | 'error';
  total: number;
  processed: number;
  processedSuccessfully: number;
  processedInvalid: number;
  comment: string;
  createdOn: Date;
  startedOn: Date | null;
  finishedOn: Date | null;
  csvKey: string | null;
  csvOptions: CsvOptions | null;
  naam: string;
  dryRun: boolean;
  pauseAfterFailures: number;
  paused: boolean;
  pauseKind: PauseKind | null;
  retryAt: Date | null;
  cancelRequested: boolean;
  csvSha256: string | null;
  duplicateOf: string | null;
  bytesCopied: number;
  rowsPerSecond: number | null;
  bytesPerSecond: number | null;
  progressAt: Date | null;
  stageMs: Record<string, number>;
}

/** Why an active import is paused: asked for, a server-side fault, or a storm of failures. */
export type PauseKind = 'user' | 'fault' | 'failures';

export interface ImportOptions {
  naam: string;
  dryRun: boolean;
  pauseAfterFailures: number;
}

export const IMPORT_TYPE = 'documenten';
/** pg_notify channel the engine LISTENs on (contract: queue handshake). */
export const IMPORT_CHANNEL = 'zgw_imports';
/** The partial unique index that allows one pending/active import (README "Bulk import of documents"). */
export const ONE_STARTED_INDEX = 'imports_one_started_uq';

const COLUMNS = `id, uuid, status, total, processed, processed_successfully as "processedSuccessfully",
  processed_invalid as "processedInvalid", comment, created_on as "createdOn", started_on as "startedOn",
  finished_on as "finishedOn", csv_key as "csvKey", csv_options as "csvOptions", naam, dry_run as "dryRun",
  pause_after_failures as "pauseAfterFailures", paused, pause_kind as "pauseKind", retry_at as "retryAt",
  cancel_requested as "cancelRequested", csv_sha256 as "csvSha256", duplicate_of::text as "duplicateOf",
  bytes_copied as "bytesCopied", rows_per_second as "rowsPerSecond", bytes_per_second as "bytesPerSecond",
  progress_at as "progressAt", stage_ms as "stageMs"`;

export function isOneStartedViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === ONE_STARTED_INDEX;
}

async function insertImport(
  q: Queryable,
  uuid: string,
  now: Date,
  opts: ImportOptions,
  /** This API's PUBLIC_URL: the engine resolves local references against it (issue 10 #11). */
  publicUrl: string | null = null,
): Promise<ImportRecord> {
  const { rows } = await q.query<ImportRecord>(
    `insert into imports (uuid, import_type, status, created_on, naam, dry_run, pause_after_failures, public_url)
     values ($1, $2, 'pending', $3, $4, $5, $6, $7)
     returning ${COLUMNS}`,
    [uuid, IMPORT_TYPE, now, opts.naam, opts.dryRun, opts.pauseAfterFailures, publicUrl],
  );
  return rows[0] as ImportRecord;
}

async function findImport(q: Queryable, uuid: string): Promise<ImportRecord | undefined> {
  const { rows } = await q.query<ImportRecord>(
    `select ${COLUMNS} from imports where uuid = $1 and import_type = $2`,
    [uuid, IMPORT_TYPE],
  );
  return rows[0];
}

/** The import (other than `exceptId`) that is pending or active and so holds the slot. */
async function startedImport(
  q: Queryable,
  exceptId = 0,
): Promise<{ uuid: string; status: string; paused: boolean } | undefined> {
  const { rows } = await q.query<{ uuid: string; status: string; paused: boolean }>(
    `select uuid::text as uuid, status, paused from imports
      where import_type = $1 and status in ('pending', 'active') and id <> $2 limit 1`,
    [IMPORT_TYPE, exceptId],
  );
  return rows[0];
}

/** An earlier import of the same CSV that imported at least one row (re-run safety). */
async function earlierImportOf(q: Queryable, sha256: string, exceptId: number): Promise<string | undefined> {
  const { rows } = await q.query<{ uuid: string }>(
    `select uuid::text as uuid from imports
      where import_type = $1 and csv_sha256 = $2 and id <> $3 and processed_successfully > 0
        and dry_run = false
      order by created_on desc limit 1`,
    [IMPORT_TYPE, sha256, exceptId],
  );
  return rows[0]?.uuid;
}

/**
 * The upload's commit (contract "queue handshake"): pending → active with the stored CSV,
 * then the notification, which PostgreSQL delivers only when the transaction commits.
 * Returns false when the import is no longer pending (a concurrent upload or delete).
 */
async function activateImport(
  client: Queryable,
  imp: { id: number; uuid: string },
  upload: { total: number; csvKey: string; csvOptions: CsvOptions; sha256: string; duplicateOf?: string },
): Promise<boolean> {
  const { rowCount } = await client.query(
    `update imports set status = 'active', total = $2, csv_key = $3, csv_options = $4,
       next_record = 2, next_offset = 0, csv_sha256 = $5, duplicate_of = $6
     where id = $1 and status = 'pending'`,
    [
      imp.id,
      upload.total,
      upload.csvKey,
      JSON.stringify(upload.csvOptions),
      upload.sha256,
      upload.duplicateOf ?? null,
    ],
  );
  if (rowCount !== 1) return false;
  await client.query('select pg_notify($1, $2)', [IMPORT_CHANNEL, imp.uuid]);
  return true;
}

/**
 * After a steering update: when it changed the row, tell the process running the import at
 * once (delivered on commit; its once-a-second look at the row covers a missed notification);
 * otherwise the status the import has now, or undefined when it is gone.
 */
async function steered(
  q: Queryable,
  id: number,
  changed: boolean,
): Promise<{ status?: string; changed: boolean }> {
  if (changed) {
    await q.query('select pg_notify($1, $2)', [IMPORT_CHANNEL, String(id)]);
    return { status: 'active', changed: true };
  }
  return { status: await currentStatus(q, id), changed: false };
}

async function currentStatus(q: Queryable, id: number): Promise<string | undefined> {
  const cur = await q.query<{ status: string }>('select status from imports where id = $1', [id]);
  return cur.rows[0]?.status;
}

/**
 * Cancel (issue 10 #3): a pending import ends `error` at once; an active one (running or
 * paused) is asked to stop: a worker ends it at the next batch boundary, after removing the
 * files of batches that never committed. Returns the status it had, or undefined when gone.
 */
async function requestCancel(
  q: Queryable,
  id: number,
  comment: string,
): Promise<{ status?: string; ended: boolean }> {
  const ended = await q.query(
    `update imports set status = 'error', comment = $2, finished_on = now()
      where id = $1 and status = 'pending' returning status`,
    [id, comment],
  );
  if (ended.rowCount === 1) return { status: 'error', ended: true };
  const asked = await q.query<{ status: string }>(
    `update imports set cancel_requested = true, paused = false, pause_kind = null, retry_at = null
      where id = $1 and status = 'active' returning status`,
    [id],
  );
  const { status } = await steered(q, id, asked.rowCount === 1);
  return { status, ended: false };
}

/** Pause (issue 10 #4): true when the import was active and is now paused. */
async function requestPause(q: Queryable, id: number): Promise<{ status?: string; changed: boolean }> {
  const r = await q.query<{ status: string }>(
    `update imports set paused = true, pause_kind = 'user', retry_at = null
      where id = $1 and status = 'active' and not cancel_requested returning status`,
    [id],
  );
  // The process running it stops at the next batch boundary.
  return steered(q, id, r.rowCount === 1);
}

/**
 * Resume: a paused import is claimable again at once (a fault's retry too); the failure-storm
 * check has had its say and is switched off for the rest of the run.
 */
async function requestResume(q: Queryable, id: number): Promise<{ status?: string; changed: boolean }> {
  const r = await q.query<{ status: string }>(
    `update imports set paused = false, pause_kind = null, retry_at = null, fault_retries = 0,
            pause_after_failures = case when pause_kind = 'failures' then 0 else pause_after_failures end,
            comment = case when pause_kind in ('fault', 'failures') then '' else comment end
      where id = $1 and status = 'active' returning status`,
    [id],
  );
  return steered(q, id, r.rowCount === 1);
}

/** Deletes the import unless it is active; returns the status it had, or undefined if gone. */
async function deleteUnlessActive(q: Queryable, id: number): Promise<{ deleted: boolean; status?: string }> {
  const { rows } = await q.query<{ status: string }>(
    `delete from imports where id = $1 and status <> 'active' returning status`,
    [id],
  );
  if (rows.length > 0) return { deleted: true };
  return { deleted: false, status: await currentStatus(q, id) };
}

async function listImports(
  q: Queryable,
  offset: number,
  limit: number,
): Promise<{ count: number; rows: ImportRecord[] }> {
  const [count, page] = await Promise.all([
    q.query<{ n: number }>('select count(*)::int as n from imports where import_type = $1', [IMPORT_TYPE]),
    q.query<ImportRecord>(
      `select ${COLUMNS} from imports where import_type = $1 order by created_on desc, id desc
       offset $2 limit $3`,
      [IMPORT_TYPE, offset, limit],
    ),
  ]);
  return { count: count.rows[0]?.n ?? 0, rows: page.rows };
}

/** Imports due for retention (README "Bulk import of documents"): finished/error by finished_on, pending by created_on. */
async function expiredImports(q: Queryable, cutoff: Date): Promise<{ id: number; uuid: string }[]> {
  const { rows } = await q.query<{ id: number; uuid: string }>(
    `select id, uuid from imports where import_type = $1 and (
       (status in ('finished', 'error') and finished_on < $2) or (status = 'pending' and created_on < $2))
     order by id`,
    [IMPORT_TYPE, cutoff],
  );
  return rows;
}

/** Deletes one import found by retention, re-checking its state so a just-uploaded one survives. */
async function deleteExpired(q: Queryable, id: number, cutoff: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `delete from imports where id = $1 and (
       (status in ('finished', 'error') and finished_on < $2) or (status = 'pending' and created_on < $2))`,
    [id, cutoff],
  );
  return rowCount === 1;
}

/**
 * SQL of the imports as the API sees them (lifecycle, steering requests, retention); the
 * report's rows are in report-repository.ts. `db` is the pool or the client of a transaction.
 */
export function createImportRepository(db: Queryable) {
  return {
    insertImport: (uuid: string, now: Date, opts: ImportOptions, publicUrl: string | null = null) =>
      insertImport(db, uuid, now, opts, publicUrl),
    findImport: (uuid: string) => findImport(db, uuid),
    startedImport: (exceptId = 0) => startedImport(db, exceptId),
    earlierImportOf: (sha256: string, exceptId: number) => earlierImportOf(db, sha256, exceptId),
    /** On the upload's transaction: its NOTIFY is delivered when that commits. */
    activateImport: (
      imp: { id: number; uuid: string },
      upload: { total: number; csvKey: string; csvOptions: CsvOptions; sha256: string; duplicateOf?: string },
    ) => activateImport(db, imp, upload),
    requestCancel: (id: number, comment: string) => requestCancel(db, id, comment),
    requestPause: (id: number) => requestPause(db, id),
    requestResume: (id: number) => requestResume(db, id),
    deleteUnlessActive: (id: number) => deleteUnlessActive(db, id),
    listImports: (offset: number, limit: number) => listImports(db, offset, limit),
    expiredImports: (cutoff: Date) => expiredImports(db, cutoff),
    deleteExpired: (id: number, cutoff: Date) => deleteExpired(db, id, cutoff),
  };
}

export type ImportRepository = ReturnType<typeof createImportRepository>;
