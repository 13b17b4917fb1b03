import type { Queryable } from '../../db/pool.js';

export interface ClaimedImport {
  id: number;
  uuid: string;
  leaseToken: number;
  csvKey: string;
  csvOptions: { encoding: string; delimiter: string; columns: string[] };
  nextRecord: number;
  copyHorizon: number;
  /** Operations (issue 10). */
  dryRun: boolean;
  cancelRequested: boolean;
  pauseAfterFailures: number;
  /** Busy ms per stage of earlier runs (the run adds its own). */
  stageMs: Record<string, number>;
  /** PUBLIC_URL of the API that created the import (null: created before it was recorded). */
  publicUrl: string | null;
}

export class LeaseLostError extends Error {
  constructor() {
    super('the import lease was lost');
    this.name = 'LeaseLostError';
  }
}

/**
 * Claims an active import no worker holds: not paused, or paused by a server fault whose
 * retry is due (that retry un-pauses it). A cancelled one is claimed too (to be ended).
 */
async function claimImport(
  db: Queryable,
  owner: string,
  leaseSeconds: number,
): Promise<ClaimedImport | undefined> {
  const { rows } = await db.query(
    `update imports i set lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2),
            lease_token = i.lease_token + 1, started_on = coalesce(i.started_on, now()),
            paused = false, pause_kind = null, retry_at = null,
            comment = case when i.pause_kind = 'fault' then '' else i.comment end
      where i.id = (select id from imports
                     where status = 'active' and (lease_expires_at is null or lease_expires_at <= now())
                       and (not paused or (pause_kind = 'fault' and retry_at <= now()))
                     order by id limit 1 for update skip locked)
      returning i.id, i.uuid, i.lease_token, i.csv_key, i.csv_options, i.next_record, i.copy_horizon,
                i.dry_run, i.cancel_requested, i.pause_after_failures, i.stage_ms, i.public_url`,
    [owner, leaseSeconds],
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: Number(r.id),
    uuid: r.uuid,
    leaseToken: Number(r.lease_token),
    csvKey: r.csv_key,
    csvOptions: r.csv_options,
    nextRecord: Number(r.next_record),
    copyHorizon: Number(r.copy_horizon),
    dryRun: r.dry_run === true,
    cancelRequested: r.cancel_requested === true,
    pauseAfterFailures: Number(r.pause_after_failures),
    stageMs: r.stage_ms ?? {},
    publicUrl: r.public_url ?? null,
  };
}

/** What the operator asked of a claimed import (polled while it runs). */
async function steering(
  db: Queryable,
  id: number,
  token: number,
): Promise<{ cancel: boolean; pause: boolean } | undefined> {
  const { rows } = await db.query(
    `select cancel_requested, paused from imports where id = $1 and lease_token = $2 and status = 'active'`,
    [id, token],
  );
  const r = rows[0];
  return r ? { cancel: r.cancel_requested === true, pause: r.paused === true } : undefined;
}

/**
 * Pauses a claimed import and releases it: `fault` with a retry after `retrySeconds`, or
 * `failures` (the failure storm). The comment names the cause.
 */
async function pauseImport(
  db: Queryable,
  id: number,
  token: number,
  kind: 'fault' | 'failures',
  comment: string,
  retrySeconds?: number,
): Promise<boolean> {
  const r = await db.query(
    `update imports set paused = true, pause_kind = $3::text, comment = $4,
            retry_at = case when $5::float8 is null then null else now() + make_interval(secs => $5::float8) end,
            fault_retries = fault_retries + case when $3::text = 'fault' then 1 else 0 end,
            lease_owner = null, lease_expires_at = now()
      where id = $1 and lease_token = $2 and status = 'active' and not cancel_requested`,
    [id, token, kind, comment, retrySeconds ?? null],
  );
  return r.rowCount === 1;
}

/** How many fault retries an import had since it last made progress (backoff). */
async function faultRetries(db: Queryable, id: number): Promise<number> {
  const { rows } = await db.query('select fault_retries from imports where id = $1', [id]);
  return Number(rows[0]?.fault_retries ?? 0);
}

/** A dry run's keys are of no use once it has ended. */
async function dropDryKeys(db: Queryable, id: number): Promise<void> {
  await db.query('delete from import_dry_keys where import_id = $1', [id]);
}

/** Extends the lease; false when another worker holds it now (fencing). */
async function renewLease(db: Queryable, id: number, token: number, leaseSeconds: number): Promise<boolean> {
  const r = await db.query(
    `update imports set lease_expires_at = now() + make_interval(secs => $3)
      where id = $1 and lease_token = $2 and status = 'active'`,
    [id, token, leaseSeconds],
  );
  return r.rowCount === 1;
}

/** Lets a restart (or another worker) resume at once. */
async function releaseLease(db: Queryable, id: number, token: number): Promise<void> {
  await db.query(
    `update imports set lease_expires_at = now(), lease_owner = null where id = $1 and lease_token = $2`,
    [id, token],
  );
}

async function raiseCopyHorizon(db: Queryable, id: number, token: number, horizon: number): Promise<void> {
  const r = await db.query(
    `update imports set copy_horizon = greatest(copy_horizon, $3) where id = $1 and lease_token = $2`,
    [id, token, horizon],
  );
  if (r.rowCount !== 1) throw new LeaseLostError();
}

async function finishImport(
  db: Queryable,
  id: number,
  token: number,
  outcome: { status: 'finished' } | { status: 'error'; comment: string },
): Promise<boolean> {
  const r = await db.query(
    `update imports set status = $3, finished_on = now(), lease_owner = null, lease_expires_at = null,
            comment = case when $4::text is null then comment else $4::text end,
            paused = false, pause_kind = null, retry_at = null, cancel_requested = false,
            rows_per_second = null, bytes_per_second = null
      where id = $1 and lease_token = $2 and status = 'active'`,
    [id, token, outcome.status, outcome.status === 'error' ? outcome.comment : null],
  );
  return r.rowCount === 1;
}

/** Of these keys (kind 'u' uuid, 'i' identificatie), those the dry run's earlier rows took. */
async function dryKeys(
  db: Queryable,
  importId: number,
  kind: 'u' | 'i',
  keys: string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const { rows } = await db.query<{ key: string }>(
    'select key from import_dry_keys where import_id = $1 and kind = $2 and key = any($3::text[])',
    [importId, kind, keys],
  );
  return new Set(rows.map((r) => r.key));
}

/** Where a claimed import resumes: its next_record and copy horizon, if the lease is still ours. */
async function resumePoint(
  db: Queryable,
  id: number,
  token: number,
): Promise<{ nextRecord: number; copyHorizon: number } | undefined> {
  const { rows } = await db.query(
    'select next_record, copy_horizon, lease_token from imports where id = $1',
    [id],
  );
  const r = rows[0];
  if (!r || Number(r.lease_token) !== token) return undefined;
  return { nextRecord: Number(r.next_record), copyHorizon: Number(r.copy_horizon) };
}

/**
 * SQL of the imports table as the engine's job queue: claim, lease, steering, pause, resume
 * point and end (the batch transaction itself is batch-repository.ts). `db` is the pool or
 * the client of a transaction.
 */
export function createImportQueueRepository(db: Queryable) {
  return {
    claimImport: (owner: string, leaseSeconds: number) => claimImport(db, owner, leaseSeconds),
    steering: (id: number, token: number) => steering(db, id, token),
    pauseImport: (
      id: number,
      token: number,
      kind: 'fault' | 'failures',
      comment: string,
      retrySeconds?: number,
    ) => pauseImport(db, id, token, kind, comment, retrySeconds),
    faultRetries: (id: number) => faultRetries(db, id),
    dropDryKeys: (id: number) => dropDryKeys(db, id),
    renewLease: (id: number, token: number, leaseSeconds: number) => renewLease(db, id, token, leaseSeconds),
    releaseLease: (id: number, token: number) => releaseLease(db, id, token),
    raiseCopyHorizon: (id: number, token: number, horizon: number) =>
      raiseCopyHorizon(db, id, token, horizon),
    finishImport: (
      id: number,
      token: number,
      outcome: { status: 'finished' } | { status: 'error'; comment: string },
    ) => finishImport(db, id, token, outcome),
    dryKeys: (importId: number, kind: 'u' | 'i', keys: string[]) => dryKeys(db, importId, kind, keys),
    resumePoint: (id: number, token: number) => resumePoint(db, id, token),
  };
}

export type ImportQueueRepository = ReturnType<typeof createImportQueueRepository>;
