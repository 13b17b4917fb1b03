import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

/**
 * The import resource (Open Zaak's Import model) and at the same time the job queue
 * (docs/architecture.md "An import row"): a worker claims a row with FOR UPDATE SKIP LOCKED, holds a
 * lease it renews, and every batch commit checks lease_token (fencing).
 */
export const imports = pgTable(
  'imports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uuid: uuid('uuid').notNull().unique(),
    importType: varchar('import_type', { length: 30 }).notNull().default('documenten'),
    status: varchar('status', { length: 10 }).notNull().default('pending'),
    createdOn: timestamp('created_on', { withTimezone: true, precision: 6 }).notNull().default(sql`now()`),
    startedOn: timestamp('started_on', { withTimezone: true, precision: 6 }),
    finishedOn: timestamp('finished_on', { withTimezone: true, precision: 6 }),
    total: bigint('total', { mode: 'number' }).notNull().default(0),
    processed: bigint('processed', { mode: 'number' }).notNull().default(0),
    processedSuccessfully: bigint('processed_successfully', { mode: 'number' }).notNull().default(0),
    processedInvalid: bigint('processed_invalid', { mode: 'number' }).notNull().default(0),
    comment: text('comment').notNull().default(''),
    /** Storage key of the uploaded CSV, and how to read it. */
    csvKey: text('csv_key'),
    csvOptions: jsonb('csv_options'),
    /** Resume point: the first record (1-based record number, header = 1) not yet committed. */
    nextRecord: bigint('next_record', { mode: 'number' }).notNull().default(2),
    /** Byte offset in the stored CSV where nextRecord starts. */
    nextOffset: bigint('next_offset', { mode: 'number' }).notNull().default(0),
    /**
     * Highest record whose document file may have been written by a batch that has not
     * committed yet; on resume the records up to here have their keys swept first.
     */
    copyHorizon: bigint('copy_horizon', { mode: 'number' }).notNull().default(0),
    leaseOwner: varchar('lease_owner', { length: 100 }),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true, precision: 6 }),
    leaseToken: bigint('lease_token', { mode: 'number' }).notNull().default(0),
    /** Operations (issue 10): a name, a check-only run, and the failure-storm threshold. */
    naam: varchar('naam', { length: 200 }).notNull().default(''),
    dryRun: boolean('dry_run').notNull().default(false),
    pauseAfterFailures: integer('pause_after_failures').notNull().default(0),
    /** Paused imports stay `active` (they hold the slot) but no worker claims them. */
    paused: boolean('paused').notNull().default(false),
    /** Why: `user` (POST pause), `fault` (a server-side fault; retried at retry_at), `failures`. */
    pauseKind: varchar('pause_kind', { length: 10 }),
    retryAt: timestamp('retry_at', { withTimezone: true, precision: 6 }),
    faultRetries: integer('fault_retries').notNull().default(0),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    /** SHA-256 of the uploaded CSV, and an earlier import that had the same CSV and imported rows. */
    csvSha256: varchar('csv_sha256', { length: 64 }),
    duplicateOf: uuid('duplicate_of'),
    /** Live progress, written with each batch's counters. */
    bytesCopied: bigint('bytes_copied', { mode: 'number' }).notNull().default(0),
    rowsPerSecond: doublePrecision('rows_per_second'),
    bytesPerSecond: doublePrecision('bytes_per_second'),
    progressAt: timestamp('progress_at', { withTimezone: true, precision: 6 }),
    /** Busy milliseconds per engine stage, summed over the runs. */
    stageMs: jsonb('stage_ms').notNull().default(sql`'{}'::jsonb`),
    /**
     * PUBLIC_URL of the API that created the import: the engine resolves local
     * informatieobjecttype URLs against it, whatever the worker's own PUBLIC_URL (issue 10 #11).
     * Null for imports created before it was recorded (the worker's own is used).
     */
    publicUrl: text('public_url'),
  },
  (t) => [
    // README "Bulk import of documents": at most one pending or active import of a type, enforced by the database.
    uniqueIndex('imports_one_started_uq').on(t.importType).where(sql`status in ('pending', 'active')`),
    index('imports_status_idx').on(t.status),
    index('imports_csv_sha256_idx').on(t.csvSha256),
  ],
);

/** One row per processed CSV record: the outcome the report is built from (Open Zaak's import report). */
export const importRows = pgTable(
  'import_rows',
  {
    importId: bigint('import_id', { mode: 'number' })
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    rowIndex: bigint('row_index', { mode: 'number' }).notNull(),
    succeeded: boolean('succeeded').notNull(),
    uuid: varchar('uuid', { length: 100 }),
    identificatie: varchar('identificatie', { length: 100 }),
    opmerking: text('opmerking').notNull().default(''),
    /** Storage key written for this row, for orphan clean-up after a crash. */
    blobKey: text('blob_key'),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowIndex] })],
);

/**
 * Keys a dry run would have taken (uuids, bronorganisatie+identificatie), so that later rows
 * of the same file are checked against them as a real run checks against committed documents.
 * Dropped with the import; emptied when the dry run ends.
 */
export const importDryKeys = pgTable(
  'import_dry_keys',
  {
    importId: bigint('import_id', { mode: 'number' })
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    kind: varchar('kind', { length: 1 }).notNull(),
    key: text('key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.kind, t.key] })],
);

/**
 * Monotonic import totals for GET /metrics (issue 10 #12) that the imports table cannot give:
 * the batch commit duration histogram (`commit:count`, `commit:sum`, `commit:le:<bound>`,
 * written by the engine after each batch) and the counters of deleted imports
 * (`deleted:...`, added by the imports_metric_tally trigger), so that the row, byte and stage
 * counters never go down when retention or DELETE removes an import.
 */
export const importMetricTotals = pgTable('import_metric_totals', {
  name: varchar('name', { length: 60 }).primaryKey(),
  value: doublePrecision('value').notNull().default(0),
});
