import type { Queryable } from '../db/pool.js';
import { type Grants, grantsSql } from './list-repository.js';

/**
 * ObjectInformatieObject rows (Documenten API): a local zaak mirror (zaak_id, kept
 * by the Zaken module) or a remote object URL. Each row carries the linked document's
 * latest IOT/VA for autorisatie.
 */
export interface OioRow {
  id: number;
  uuid: string;
  document_uuid: string;
  object_type: string;
  zaak_uuid: string | null;
  zaak_id: number | null;
  object_url: string | null;
  document_id: number;
  informatieobjecttype_id: number | null;
  informatieobjecttype_url: string | null;
  iot_uuid: string | null;
  vertrouwelijkheidaanduiding: string;
}

const SELECT = `SELECT o.id, o.uuid, d.uuid AS document_uuid, o.object_type, z.uuid AS zaak_uuid, o.zaak_id,
  o.object_url, o.document_id, v.informatieobjecttype_id, v.informatieobjecttype_url, t.uuid AS iot_uuid,
  v.vertrouwelijkheidaanduiding
  FROM object_informatieobjecten o
  JOIN documents d ON d.id = o.document_id
  JOIN document_versions v ON v.document_id = d.id AND v.latest
  LEFT JOIN informatieobjecttypen t ON t.id = v.informatieobjecttype_id
  LEFT JOIN zaken z ON z.id = o.zaak_id`;

async function listOio(
  q: Queryable,
  f: { documentUuid?: string; object?: { url: string; zaakId: number | null } },
  grants: Grants,
): Promise<OioRow[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const w = ['true'];
  if (f.documentUuid) w.push(`d.uuid = ${p(f.documentUuid)}`);
  if (f.object) w.push(`(o.object_url = ${p(f.object.url)} OR o.zaak_id = ${p(f.object.zaakId)})`);
  if (grants !== null) w.push(grantsSql(grants, p));
  const res = await q.query<OioRow>(`${SELECT} WHERE ${w.join(' AND ')} ORDER BY o.id`, params);
  return res.rows;
}

async function findOio(q: Queryable, uuid: string): Promise<OioRow | undefined> {
  return (await q.query<OioRow>(`${SELECT} WHERE o.uuid = $1`, [uuid])).rows[0];
}

async function findMirror(q: Queryable, documentId: number, zaakId: number): Promise<OioRow | undefined> {
  return (
    await q.query<OioRow>(`${SELECT} WHERE o.document_id = $1 AND o.zaak_id = $2`, [documentId, zaakId])
  ).rows[0];
}

async function insertRemoteOio(
  q: Queryable,
  row: { uuid: string; documentId: number; objectType: string; objectUrl: string },
): Promise<boolean> {
  const res = await q.query(
    `INSERT INTO object_informatieobjecten (uuid, document_id, object_type, object_url) VALUES ($1, $2, $3, $4)
     ON CONFLICT (document_id, object_url) DO NOTHING`,
    [row.uuid, row.documentId, row.objectType, row.objectUrl],
  );
  return (res.rowCount ?? 0) > 0;
}

async function zioExists(q: Queryable, documentId: number, zaakId: number): Promise<boolean> {
  const res = await q.query('SELECT 1 FROM zaakinformatieobjecten WHERE document_id = $1 AND zaak_id = $2', [
    documentId,
    zaakId,
  ]);
  return (res.rowCount ?? 0) > 0;
}

async function deleteOio(q: Queryable, id: number): Promise<void> {
  await q.query('DELETE FROM object_informatieobjecten WHERE id = $1', [id]);
}

/** SQL of the objectinformatieobjecten; `db` is the pool or the client of a transaction. */
export function createOioRepository(db: Queryable) {
  return {
    listOio: (
      f: { documentUuid?: string; object?: { url: string; zaakId: number | null } },
      grants: Grants,
    ) => listOio(db, f, grants),
    findOio: (uuid: string) => findOio(db, uuid),
    findMirror: (documentId: number, zaakId: number) => findMirror(db, documentId, zaakId),
    insertRemoteOio: (row: { uuid: string; documentId: number; objectType: string; objectUrl: string }) =>
      insertRemoteOio(db, row),
    zioExists: (documentId: number, zaakId: number) => zioExists(db, documentId, zaakId),
    deleteOio: (id: number) => deleteOio(db, id),
  };
}

export type OioRepository = ReturnType<typeof createOioRepository>;
