import type pg from 'pg';
import type { Queryable } from '../../db/pool.js';

/** SQL of the import engine: claim/lease/fencing and the batched look-ups (one query per batch). */
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
export async function claimImport(
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
export async function steering(
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
export async function pauseImport(
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
export async function faultRetries(db: Queryable, id: number): Promise<number> {
  const { rows } = await db.query('select fault_retries from imports where id = $1', [id]);
  return Number(rows[0]?.fault_retries ?? 0);
}

/** A dry run's keys are of no use once it has ended. */
export async function dropDryKeys(db: Queryable, id: number): Promise<void> {
  await db.query('delete from import_dry_keys where import_id = $1', [id]);
}

/** Extends the lease; false when another worker holds it now (fencing). */
export async function renewLease(
  db: Queryable,
  id: number,
  token: number,
  leaseSeconds: number,
): Promise<boolean> {
  const r = await db.query(
    `update imports set lease_expires_at = now() + make_interval(secs => $3)
      where id = $1 and lease_token = $2 and status = 'active'`,
    [id, token, leaseSeconds],
  );
  return r.rowCount === 1;
}

/** Lets a restart (or another worker) resume at once. */
export async function releaseLease(db: Queryable, id: number, token: number): Promise<void> {
  await db.query(
    `update imports set lease_expires_at = now(), lease_owner = null where id = $1 and lease_token = $2`,
    [id, token],
  );
}

/**
 * Opens the batch transaction: BEGIN plus the fencing check (locks the import row, checks
 * the lease token) in one round trip — a simple query, the import id is an integer of our own
 * and inlined. Returns the import's next_record.
 */
export async function beginFenced(client: pg.PoolClient, id: number, token: number): Promise<number> {
  if (!Number.isSafeInteger(id)) throw new Error(`bad import id ${id}`);
  const results = (await client.query(
    `begin; select lease_token, next_record, status from imports where id = ${id} for update`,
  )) as unknown as pg.QueryResult[];
  const r = results[1]?.rows[0];
  if (!r || Number(r.lease_token) !== token || r.status !== 'active') throw new LeaseLostError();
  return Number(r.next_record);
}

export async function raiseCopyHorizon(
  db: Queryable,
  id: number,
  token: number,
  horizon: number,
): Promise<void> {
  const r = await db.query(
    `update imports set copy_horizon = greatest(copy_horizon, $3) where id = $1 and lease_token = $2`,
    [id, token, horizon],
  );
  if (r.rowCount !== 1) throw new LeaseLostError();
}

export async function finishImport(
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

/** uuids of existing documents, and (dry run `dryOf`) those the dry run's earlier rows took. */
export async function existingDocumentUuids(
  db: Queryable,
  uuids: string[],
  dryOf?: number,
): Promise<Set<string>> {
  if (uuids.length === 0) return new Set();
  const { rows } =
    dryOf === undefined
      ? await db.query(`select uuid::text as uuid from documents where uuid = any($1::uuid[])`, [uuids])
      : await db.query(
          `select uuid::text as uuid from documents where uuid = any($1::uuid[])
           union select key from import_dry_keys where import_id = $2 and kind = 'u' and key = any($1::text[])`,
          [uuids, dryOf],
        );
  return new Set(rows.map((r) => r.uuid as string));
}

/** Existing (bronorganisatie, identificatie) pairs, as `bron\u0000ident` keys. */
export async function existingIdentificaties(
  db: Queryable,
  pairs: { bron: string; ident: string }[],
  dryOf?: number,
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const { rows } = await db.query(
    `select d.bronorganisatie, d.identificatie from documents d
       join unnest($1::text[], $2::text[]) as p(bron, ident)
         on d.bronorganisatie = p.bron and d.identificatie = p.ident`,
    [pairs.map((p) => p.bron), pairs.map((p) => p.ident)],
  );
  const out = new Set(rows.map((r) => `${r.bronorganisatie}\u0000${r.identificatie}`));
  if (dryOf !== undefined) {
    const keys = pairs.map((p) => `${p.bron}\u0000${p.ident}`);
    const dry = await db.query(
      `select key from import_dry_keys where import_id = $1 and kind = 'i' and key = any($2::text[])`,
      [dryOf, keys.map((k) => k.replace('\u0000', '\u0001'))],
    );
    for (const r of dry.rows) out.add((r.key as string).replace('\u0001', '\u0000'));
  }
  return out;
}

export async function zaakIds(db: Queryable, uuids: string[]): Promise<Map<string, number>> {
  if (uuids.length === 0) return new Map();
  const { rows } = await db.query(`select id, uuid::text as uuid from zaken where uuid = any($1::uuid[])`, [
    uuids,
  ]);
  return new Map(rows.map((r) => [r.uuid as string, Number(r.id)]));
}
