import type pg from 'pg';
import {
  type AlsoInBulk,
  BULK_PARAMS,
  createDocumentRepository,
  type NewDocument,
} from '../../documenten/repository.js';
import { LeaseLostError } from './repository.js';
import type { ReportRow } from './types.js';

/**
 * SQL of the import's batch transaction (README "Bulk import of documents"), on the one connection
 * the engine keeps from batch to batch: BEGIN with the fencing check, the documents with the
 * report rows in one statement, savepoints for isolating a failing row, a dry run's keys,
 * and counters + next_record + COMMIT in one round trip.
 */
export interface BatchProgress {
  rowsPerSecond: number | null;
  bytesPerSecond: number | null;
  stageMs: Record<string, number>;
}

const REPORT_COLUMNS = 'import_id, row_index, succeeded, uuid, identificatie, opmerking, blob_key';
const REPORT_TYPES = ['int8', 'bool', 'text', 'text', 'text', 'text'];
const reportUnnest = (first: number) =>
  `select $${first}, * from unnest(${REPORT_TYPES.map((t, i) => `$${first + 1 + i}::${t}[]`).join(', ')})`;
/** The report rows as a CTE of the documents' bulk insert: one round trip less per batch. */
const REPORT_CTE = `, r as (
    insert into import_rows (${REPORT_COLUMNS})
    ${reportUnnest(BULK_PARAMS + 1)}
  )`;

/** PostgreSQL text cannot hold NUL; a comment quoting a value shows it the way Python would. */
const storable = (s: string | null): string | null => (s === null ? null : s.replace(/\0/g, '\\x00'));

/** Report rows as unnest parameters (import id first). */
function reportParams(importId: number, rows: ReportRow[]): unknown[] {
  return [
    importId,
    rows.map((r) => r.index),
    rows.map((r) => r.succeeded),
    rows.map((r) => storable(r.uuid)),
    rows.map((r) => storable(r.identificatie)),
    rows.map((r) => storable(r.opmerking)),
    rows.map((r) => (r.succeeded ? r.blobKey : null)),
  ];
}

const num = (v: number | null): string =>
  v === null || !Number.isFinite(v) ? 'null' : String(Math.round(v * 100) / 100);

export function createBatchRepository(client: pg.PoolClient) {
  const documents = createDocumentRepository(client);

  /**
   * BEGIN plus the fencing check (locks the import row, checks the lease token) in one round
   * trip — a simple query, the import id is an integer of our own and inlined. Returns the
   * import's next_record.
   */
  async function beginFenced(id: number, token: number): Promise<number> {
    if (!Number.isSafeInteger(id)) throw new Error(`bad import id ${id}`);
    const results = (await client.query(
      `begin; select lease_token, next_record, status from imports where id = ${id} for update`,
    )) as unknown as pg.QueryResult[];
    const r = results[1]?.rows[0];
    if (!r || Number(r.lease_token) !== token || r.status !== 'active') throw new LeaseLostError();
    return Number(r.next_record);
  }

  async function rollback(): Promise<void> {
    await client.query('ROLLBACK');
  }

  /** fn under a savepoint: undone on its own when it throws (the batch goes on). */
  async function underSavepoint(fn: () => Promise<void>): Promise<void> {
    await client.query('SAVEPOINT row');
    try {
      await fn();
      await client.query('RELEASE SAVEPOINT row');
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT row');
      throw err;
    }
  }

  /** The documents (documents repository's bulk insert) and, with `report`, the batch's report rows. */
  async function insertDocuments(
    docs: NewDocument[],
    report?: { importId: number; rows: ReportRow[] },
  ): Promise<Map<string, number>> {
    if (docs.length === 0) {
      if (report) await insertReportRows(report.importId, report.rows);
      return new Map();
    }
    const also: AlsoInBulk | undefined = report
      ? { name: 'import-report', cte: REPORT_CTE, values: reportParams(report.importId, report.rows) }
      : undefined;
    return documents.insertMany(docs, also);
  }

  async function insertReportRows(importId: number, rows: ReportRow[]): Promise<void> {
    await client.query({
      name: 'import-insert-report-rows',
      text: `insert into import_rows (${REPORT_COLUMNS}) ${reportUnnest(1)}`,
      values: reportParams(importId, rows),
    });
  }

  /** A dry run's keys (kind 'u' uuid, 'i' identificatie): later rows are checked against them. */
  async function insertDryKeys(importId: number, keys: { kind: string; key: string }[]): Promise<void> {
    if (keys.length === 0) return;
    await client.query(
      `insert into import_dry_keys (import_id, kind, key) select $1, * from unnest($2::text[], $3::text[])
       on conflict do nothing`,
      [importId, keys.map((k) => k.kind), keys.map((k) => k.key)],
    );
  }

  /**
   * Counters, next_record, live progress and COMMIT in one round trip. Every value is a
   * number of the engine's own (checked, inlined); the stage keys are its own constants.
   */
  async function bumpCountersAndCommit(
    importId: number,
    counts: { rows: number; succeeded: number; next: number; bytes: number },
    progress: BatchProgress,
  ): Promise<{ succeeded: number; invalid: number }> {
    const n = [
      importId,
      counts.rows,
      counts.succeeded,
      counts.rows - counts.succeeded,
      counts.next,
      counts.bytes,
    ];
    if (!n.every(Number.isSafeInteger)) throw new Error(`bad counters ${n.join(',')}`);
    const stages = JSON.stringify(
      Object.fromEntries(
        Object.entries(progress.stageMs)
          .filter(([k]) => /^[a-z]+$/.test(k))
          .map(([k, v]) => [k, Number.isFinite(v) ? Math.round(v) : 0]),
      ),
    );
    const results = (await client.query(
      `update imports set processed = processed + ${n[1]}, processed_successfully = processed_successfully + ${n[2]},
              processed_invalid = processed_invalid + ${n[3]}, next_record = ${n[4]},
              bytes_copied = bytes_copied + ${n[5]}, rows_per_second = ${num(progress.rowsPerSecond)},
              bytes_per_second = ${num(progress.bytesPerSecond)}, progress_at = now(),
              stage_ms = '${stages}'::jsonb, fault_retries = 0
        where id = ${n[0]} returning processed_successfully, processed_invalid; commit`,
    )) as unknown as pg.QueryResult[];
    const r = results[0]?.rows[0];
    return { succeeded: Number(r?.processed_successfully ?? 0), invalid: Number(r?.processed_invalid ?? 0) };
  }

  return {
    beginFenced,
    rollback,
    underSavepoint,
    insertDocuments,
    insertReportRows,
    insertDryKeys,
    bumpCountersAndCommit,
  };
}

export type BatchRepository = ReturnType<typeof createBatchRepository>;
