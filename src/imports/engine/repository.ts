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
}

export class LeaseLostError extends Error {
  constructor() {
    super('the import lease was lost');
    this.name = 'LeaseLostError';
  }
}

export async function claimImport(
  db: Queryable,
  owner: string,
  leaseSeconds: number,
): Promise<ClaimedImport | undefined> {
  const { rows } = await db.query(
    `update imports i set lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2),
            lease_token = i.lease_token + 1, started_on = coalesce(i.started_on, now())
      where i.id = (select id from imports
                     where status = 'active' and (lease_expires_at is null or lease_expires_at <= now())
                     order by id limit 1 for update skip locked)
      returning i.id, i.uuid, i.lease_token, i.csv_key, i.csv_options, i.next_record, i.copy_horizon`,
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
  };
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
            comment = case when $4::text is null then comment else $4::text end
      where id = $1 and lease_token = $2 and status = 'active'`,
    [id, token, outcome.status, outcome.status === 'error' ? outcome.comment : null],
  );
  return r.rowCount === 1;
}

export async function existingDocumentUuids(db: Queryable, uuids: string[]): Promise<Set<string>> {
  if (uuids.length === 0) return new Set();
  const { rows } = await db.query(`select uuid::text as uuid from documents where uuid = any($1::uuid[])`, [
    uuids,
  ]);
  return new Set(rows.map((r) => r.uuid as string));
}

/** Existing (bronorganisatie, identificatie) pairs, as `bron\u0000ident` keys. */
export async function existingIdentificaties(
  db: Queryable,
  pairs: { bron: string; ident: string }[],
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const { rows } = await db.query(
    `select d.bronorganisatie, d.identificatie from documents d
       join unnest($1::text[], $2::text[]) as p(bron, ident)
         on d.bronorganisatie = p.bron and d.identificatie = p.ident`,
    [pairs.map((p) => p.bron), pairs.map((p) => p.ident)],
  );
  return new Set(rows.map((r) => `${r.bronorganisatie}\u0000${r.identificatie}`));
}

export async function zaakIds(db: Queryable, uuids: string[]): Promise<Map<string, number>> {
  if (uuids.length === 0) return new Map();
  const { rows } = await db.query(`select id, uuid::text as uuid from zaken where uuid = any($1::uuid[])`, [
    uuids,
  ]);
  return new Map(rows.map((r) => [r.uuid as string, Number(r.id)]));
}
