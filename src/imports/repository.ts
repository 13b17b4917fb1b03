import type pg from 'pg';
import type { Queryable } from '../db/pool.js';
import type { CsvOptions } from './csv.js';

/** SQL of the import lifecycle (import.md §1.3); the engine has its own queries. */
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
}

export interface ReportRow {
  rowIndex: number;
  succeeded: boolean;
  uuid: string | null;
  identificatie: string | null;
  opmerking: string;
}

export const IMPORT_TYPE = 'documenten';
/** pg_notify channel the engine LISTENs on (contract: queue handshake). */
export const IMPORT_CHANNEL = 'zgw_imports';
/** The partial unique index that allows one pending/active import (Part 2 #12). */
export const ONE_STARTED_INDEX = 'imports_one_started_uq';

const COLUMNS = `id, uuid, status, total, processed, processed_successfully as "processedSuccessfully",
  processed_invalid as "processedInvalid", comment, created_on as "createdOn", started_on as "startedOn",
  finished_on as "finishedOn", csv_key as "csvKey", csv_options as "csvOptions"`;

export function isOneStartedViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string };
  return e?.code === '23505' && e.constraint === ONE_STARTED_INDEX;
}

export async function insertImport(q: Queryable, uuid: string, now: Date): Promise<ImportRecord> {
  const { rows } = await q.query<ImportRecord>(
    `insert into imports (uuid, import_type, status, created_on) values ($1, $2, 'pending', $3)
     returning ${COLUMNS}`,
    [uuid, IMPORT_TYPE, now],
  );
  return rows[0] as ImportRecord;
}

export async function findImport(q: Queryable, uuid: string): Promise<ImportRecord | undefined> {
  const { rows } = await q.query<ImportRecord>(
    `select ${COLUMNS} from imports where uuid = $1 and import_type = $2`,
    [uuid, IMPORT_TYPE],
  );
  return rows[0];
}

/** Whether an import other than `exceptId` is pending or active (upload check 3). */
export async function otherStarted(q: Queryable, exceptId: number): Promise<boolean> {
  const { rows } = await q.query<{ found: boolean }>(
    `select exists (select 1 from imports where import_type = $1 and status in ('pending', 'active')
       and id <> $2) as found`,
    [IMPORT_TYPE, exceptId],
  );
  return rows[0]?.found === true;
}

/**
 * The upload's commit (contract "queue handshake"): pending → active with the stored CSV,
 * then the notification, which PostgreSQL delivers only when the transaction commits.
 * Returns false when the import is no longer pending (a concurrent upload or delete).
 */
export async function activateImport(
  client: pg.PoolClient,
  imp: { id: number; uuid: string },
  upload: { total: number; csvKey: string; csvOptions: CsvOptions },
): Promise<boolean> {
  const { rowCount } = await client.query(
    `update imports set status = 'active', total = $2, csv_key = $3, csv_options = $4,
       next_record = 2, next_offset = 0
     where id = $1 and status = 'pending'`,
    [imp.id, upload.total, upload.csvKey, JSON.stringify(upload.csvOptions)],
  );
  if (rowCount !== 1) return false;
  await client.query('select pg_notify($1, $2)', [IMPORT_CHANNEL, imp.uuid]);
  return true;
}

/** Deletes the import unless it is active; returns the status it had, or undefined if gone. */
export async function deleteUnlessActive(
  q: Queryable,
  id: number,
): Promise<{ deleted: boolean; status?: string }> {
  const { rows } = await q.query<{ status: string }>(
    `delete from imports where id = $1 and status <> 'active' returning status`,
    [id],
  );
  if (rows.length > 0) return { deleted: true };
  const cur = await q.query<{ status: string }>('select status from imports where id = $1', [id]);
  return { deleted: false, status: cur.rows[0]?.status };
}

export async function listImports(
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

/** One page of report rows after `afterIndex`, in row order (keyset, so memory stays flat). */
export async function reportRowsAfter(
  q: Queryable,
  importId: number,
  afterIndex: number,
  limit: number,
): Promise<ReportRow[]> {
  const { rows } = await q.query<ReportRow>(
    `select row_index as "rowIndex", succeeded, uuid, identificatie, opmerking from import_rows
     where import_id = $1 and row_index > $2 order by row_index limit $3`,
    [importId, afterIndex, limit],
  );
  return rows;
}

/** Imports due for retention (Part 2 #13): finished/error by finished_on, pending by created_on. */
export async function expiredImports(q: Queryable, cutoff: Date): Promise<{ id: number; uuid: string }[]> {
  const { rows } = await q.query<{ id: number; uuid: string }>(
    `select id, uuid from imports where import_type = $1 and (
       (status in ('finished', 'error') and finished_on < $2) or (status = 'pending' and created_on < $2))
     order by id`,
    [IMPORT_TYPE, cutoff],
  );
  return rows;
}

/** Deletes one import found by retention, re-checking its state so a just-uploaded one survives. */
export async function deleteExpired(q: Queryable, id: number, cutoff: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `delete from imports where id = $1 and (
       (status in ('finished', 'error') and finished_on < $2) or (status = 'pending' and created_on < $2))`,
    [id, cutoff],
  );
  return rowCount === 1;
}
