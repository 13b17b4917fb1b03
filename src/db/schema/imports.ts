import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
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
 * The import resource (import.md §1.3) and at the same time the job queue
 * (architecture.md "Jobs"): a worker claims a row with FOR UPDATE SKIP LOCKED, holds a
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
  },
  (t) => [
    // Part 2 #12: at most one pending or active import of a type, enforced by the database.
    uniqueIndex('imports_one_started_uq').on(t.importType).where(sql`status in ('pending', 'active')`),
    index('imports_status_idx').on(t.status),
  ],
);

/** One row per processed CSV record: the outcome the report is built from (import.md §1.10). */
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
