import type { Queryable } from '../../db/pool.js';
import type { BestandsdeelRow } from './mapper.js';
import type { PartPlan } from './plan.js';

/** SQL of the bestandsdelen (migration 0005). */
const COLUMNS = 'b.id, b.uuid, b.document_id, b.volgnummer, b.byte_offset, b.omvang, b.voltooid, b.blob_key';

async function insertParts(
  q: Queryable,
  documentId: number,
  blobKey: string,
  parts: PartPlan[],
): Promise<void> {
  await q.query(
    `INSERT INTO bestandsdelen (uuid, document_id, volgnummer, byte_offset, omvang, blob_key)
     SELECT gen_random_uuid(), $1, t.v, t.o, t.s, $2
     FROM unnest($3::int[], $4::bigint[], $5::bigint[]) AS t(v, o, s)`,
    [
      documentId,
      blobKey,
      parts.map((p) => p.volgnummer),
      parts.map((p) => p.offset),
      parts.map((p) => p.omvang),
    ],
  );
}

/** The parts of these documents, for rendering `bestandsdelen` (ordered by volgnummer). */
async function partsOfDocuments(q: Queryable, documentIds: number[]): Promise<BestandsdeelRow[]> {
  if (documentIds.length === 0) return [];
  const res = await q.query<BestandsdeelRow>(
    `SELECT ${COLUMNS} FROM bestandsdelen b WHERE b.document_id = ANY($1::bigint[])
     ORDER BY b.document_id, b.volgnummer`,
    [documentIds],
  );
  return res.rows;
}

/** The parts of one document, row-locked (unlock, update and cleanup decide on them). */
async function lockParts(q: Queryable, documentId: number): Promise<BestandsdeelRow[]> {
  const res = await q.query<BestandsdeelRow>(
    `SELECT ${COLUMNS} FROM bestandsdelen b WHERE b.document_id = $1 ORDER BY b.volgnummer FOR UPDATE`,
    [documentId],
  );
  return res.rows;
}

/** Remove a document's parts; returns the upload files they were written into. */
async function deleteParts(q: Queryable, documentId: number): Promise<string[]> {
  const res = await q.query<{ blob_key: string }>(
    'DELETE FROM bestandsdelen WHERE document_id = $1 RETURNING blob_key',
    [documentId],
  );
  return [...new Set(res.rows.map((r) => r.blob_key))];
}

async function isReferenced(q: Queryable, blobKey: string): Promise<boolean> {
  const res = await q.query('SELECT 1 FROM bestandsdelen WHERE blob_key = $1 LIMIT 1', [blobKey]);
  return (res.rowCount ?? 0) > 0;
}

export interface PartForUpload extends BestandsdeelRow {
  document_uuid: string;
}

async function findPart(q: Queryable, uuid: string): Promise<PartForUpload | undefined> {
  const res = await q.query<PartForUpload>(
    `SELECT ${COLUMNS}, d.uuid AS document_uuid
     FROM bestandsdelen b JOIN documents d ON d.id = b.document_id WHERE b.uuid = $1`,
    [uuid],
  );
  return res.rows[0];
}

export type ClaimResult = 'claimed' | 'gone' | 'incorrect-lock' | 'busy';

/**
 * Claim the part for one writer for `leaseSeconds`: only with the document's current lock
 * and while no other writer's claim is live. The part is not voltooid from here on until
 * the writer completes it (its bytes are being replaced).
 */
async function claimPart(
  q: Queryable,
  partId: number,
  lock: string,
  writer: string,
  leaseSeconds: number,
): Promise<ClaimResult> {
  const res = await q.query(
    `UPDATE bestandsdelen b
     SET writer = $3, writer_until = now() + make_interval(secs => $4), voltooid = false, updated_at = now()
     FROM documents d
     WHERE b.id = $1 AND d.id = b.document_id AND d.lock = $2
       AND (b.writer IS NULL OR b.writer_until < now())`,
    [partId, lock, writer, leaseSeconds],
  );
  if ((res.rowCount ?? 0) > 0) return 'claimed';
  const why = await q.query<{ lock: string; busy: boolean }>(
    `SELECT d.lock, coalesce(b.writer_until >= now(), false) AS busy
     FROM bestandsdelen b JOIN documents d ON d.id = b.document_id WHERE b.id = $1`,
    [partId],
  );
  const row = why.rows[0];
  if (!row) return 'gone';
  if (row.lock !== lock) return 'incorrect-lock';
  return 'busy';
}

async function renewClaim(
  q: Queryable,
  partId: number,
  writer: string,
  leaseSeconds: number,
): Promise<boolean> {
  const res = await q.query(
    `UPDATE bestandsdelen SET writer_until = now() + make_interval(secs => $3)
     WHERE id = $1 AND writer = $2`,
    [partId, writer, leaseSeconds],
  );
  return (res.rowCount ?? 0) > 0;
}

/** The writer's bytes are durable: the part is voltooid. Undefined when the claim was lost. */
async function completePart(
  q: Queryable,
  partId: number,
  writer: string,
): Promise<BestandsdeelRow | undefined> {
  const res = await q.query<BestandsdeelRow>(
    `UPDATE bestandsdelen b SET voltooid = true, writer = NULL, writer_until = NULL, updated_at = now()
     WHERE b.id = $1 AND b.writer = $2 RETURNING ${COLUMNS}`,
    [partId, writer],
  );
  return res.rows[0];
}

async function releaseClaim(q: Queryable, partId: number, writer: string): Promise<void> {
  await q.query('UPDATE bestandsdelen SET writer = NULL, writer_until = NULL WHERE id = $1 AND writer = $2', [
    partId,
    writer,
  ]);
}

/** Documents whose upload saw no part uploaded since `cutoff` and has no writer now. */
async function abandonedUploads(q: Queryable, cutoff: Date, limit: number): Promise<number[]> {
  const res = await q.query<{ document_id: number }>(
    `SELECT document_id FROM bestandsdelen GROUP BY document_id
     HAVING max(updated_at) < $1 AND NOT bool_or(coalesce(writer_until >= now(), false))
     LIMIT $2`,
    [cutoff, limit],
  );
  return res.rows.map((r) => r.document_id);
}

/** Under row locks: every part older than `cutoff` and none being written. */
async function isAbandoned(q: Queryable, documentId: number, cutoff: Date): Promise<boolean> {
  const res = await q.query<{ fresh: boolean }>(
    `SELECT (updated_at >= $2 OR coalesce(writer_until >= now(), false)) AS fresh
     FROM bestandsdelen WHERE document_id = $1 FOR UPDATE`,
    [documentId, cutoff],
  );
  return res.rows.length > 0 && res.rows.every((r) => !r.fresh);
}

/** SQL of the bestandsdelen (the Documenten API bestandsdelen flow); `db` is the pool or the client of a transaction. */
export function createBestandsdeelRepository(db: Queryable) {
  return {
    insertParts: (documentId: number, blobKey: string, parts: PartPlan[]) =>
      insertParts(db, documentId, blobKey, parts),
    partsOfDocuments: (documentIds: number[]) => partsOfDocuments(db, documentIds),
    lockParts: (documentId: number) => lockParts(db, documentId),
    deleteParts: (documentId: number) => deleteParts(db, documentId),
    isReferenced: (blobKey: string) => isReferenced(db, blobKey),
    findPart: (uuid: string) => findPart(db, uuid),
    claimPart: (partId: number, lock: string, writer: string, leaseSeconds: number) =>
      claimPart(db, partId, lock, writer, leaseSeconds),
    renewClaim: (partId: number, writer: string, leaseSeconds: number) =>
      renewClaim(db, partId, writer, leaseSeconds),
    completePart: (partId: number, writer: string) => completePart(db, partId, writer),
    releaseClaim: (partId: number, writer: string) => releaseClaim(db, partId, writer),
    abandonedUploads: (cutoff: Date, limit: number) => abandonedUploads(db, cutoff, limit),
    isAbandoned: (documentId: number, cutoff: Date) => isAbandoned(db, documentId, cutoff),
  };
}

export type BestandsdeelRepository = ReturnType<typeof createBestandsdeelRepository>;
