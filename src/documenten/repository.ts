import { createHash } from 'node:crypto';
import type { Queryable } from '../db/pool.js';
import type { DocumentVersionRow } from './mapper.js';

/**
 * SQL of the enkelvoudiginformatieobjecten (documents + document_versions). Lists read the
 * latest versions through the partial `WHERE latest` indexes (migration 0002).
 */
export const VERSION_COLUMNS = `d.id AS document_id, d.uuid, d.lock, v.versie,
  to_char(v.begin_registratie AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS begin_registratie,
  v.identificatie, v.bronorganisatie, v.creatiedatum, v.titel, v.vertrouwelijkheidaanduiding, v.auteur,
  v.status, v.formaat, v.taal, v.bestandsnaam, v.blob_key, v.bestandsomvang, v.link, v.beschrijving,
  v.ontvangstdatum, v.verzenddatum, v.indicatie_gebruiksrecht, v.verschijningsvorm, v.ondertekening_soort,
  v.ondertekening_datum, v.integriteit_algoritme, v.integriteit_waarde, v.integriteit_datum,
  v.informatieobjecttype_id, v.informatieobjecttype_url, t.uuid AS iot_uuid, v.trefwoorden`;

export const VERSION_FROM = `document_versions v JOIN documents d ON d.id = v.document_id
  LEFT JOIN informatieobjecttypen t ON t.id = v.informatieobjecttype_id`;

/**
 * A named (per-connection prepared) statement: the hot queries are planned once per
 * connection instead of on every request (planning the version join costs more than running it).
 */
export function prepared(text: string, values: unknown[]): { name: string; text: string; values: unknown[] } {
  return { name: `drc-${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text, values };
}

/** Writable columns of a version row, in insert order. */
export const VALUE_COLUMNS = [
  'identificatie',
  'bronorganisatie',
  'creatiedatum',
  'titel',
  'vertrouwelijkheidaanduiding',
  'vertrouwelijkheid_rank',
  'auteur',
  'status',
  'formaat',
  'taal',
  'bestandsnaam',
  'blob_key',
  'bestandsomvang',
  'link',
  'beschrijving',
  'ontvangstdatum',
  'verzenddatum',
  'indicatie_gebruiksrecht',
  'verschijningsvorm',
  'ondertekening_soort',
  'ondertekening_datum',
  'integriteit_algoritme',
  'integriteit_waarde',
  'integriteit_datum',
  'informatieobjecttype_id',
  'informatieobjecttype_url',
  'trefwoorden',
] as const;
export type VersionValues = Record<(typeof VALUE_COLUMNS)[number], unknown>;

export interface DocumentHead {
  id: number;
  uuid: string;
  lock: string;
  latest_versie: number;
}

const PG_INTEGER_MAX = 2_147_483_647;

/** One version: the latest, an exact versie, and/or the newest registered at or before a time. */
export async function findVersion(
  q: Queryable,
  uuid: string,
  opts: { versie?: number; registratieOp?: string } = {},
): Promise<DocumentVersionRow | undefined> {
  // `versie` is an integer column: a larger number is no version (404, as Open Zaak
  // answers for any versie that does not exist), not a query error.
  if (opts.versie !== undefined && !(opts.versie >= 1 && opts.versie <= PG_INTEGER_MAX)) return undefined;
  const params: unknown[] = [uuid];
  let where = 'd.uuid = $1';
  if (opts.versie !== undefined) {
    params.push(opts.versie);
    where += ` AND v.versie = $${params.length}`;
  }
  if (opts.registratieOp !== undefined) {
    params.push(opts.registratieOp);
    where += ` AND v.begin_registratie <= $${params.length}`;
  }
  if (opts.versie === undefined && opts.registratieOp === undefined)
    where += ' AND v.versie = d.latest_versie';
  const res = await q.query<DocumentVersionRow>(
    prepared(
      `SELECT ${VERSION_COLUMNS} FROM ${VERSION_FROM} WHERE ${where} ORDER BY v.versie DESC LIMIT 1`,
      params,
    ),
  );
  return res.rows[0];
}

export async function lockDocumentRow(q: Queryable, uuid: string): Promise<DocumentHead | undefined> {
  const res = await q.query<DocumentHead>(
    'SELECT id, uuid, lock, latest_versie FROM documents WHERE uuid = $1 FOR UPDATE',
    [uuid],
  );
  return res.rows[0];
}

export async function lockDocumentRowById(q: Queryable, id: number): Promise<DocumentHead | undefined> {
  const res = await q.query<DocumentHead>(
    'SELECT id, uuid, lock, latest_versie FROM documents WHERE id = $1 FOR UPDATE',
    [id],
  );
  return res.rows[0];
}

export async function identificatieExists(q: Queryable, bronorganisatie: string, identificatie: string) {
  const res = await q.query('SELECT 1 FROM documents WHERE bronorganisatie = $1 AND identificatie = $2', [
    bronorganisatie,
    identificatie,
  ]);
  return (res.rowCount ?? 0) > 0;
}

export async function insertDocument(
  q: Queryable,
  doc: { uuid: string; bronorganisatie: string; identificatie: string },
): Promise<number> {
  const res = await q.query<{ id: number }>(
    'INSERT INTO documents (uuid, bronorganisatie, identificatie) VALUES ($1, $2, $3) RETURNING id',
    [doc.uuid, doc.bronorganisatie, doc.identificatie],
  );
  return Number(res.rows[0]?.id);
}

/** Insert version `versie` as the latest one (the previous latest is cleared first). */
export async function insertVersion(
  q: Queryable,
  documentId: number,
  versie: number,
  values: VersionValues,
): Promise<void> {
  if (versie > 1) {
    await q.query('UPDATE document_versions SET latest = false WHERE document_id = $1 AND latest', [
      documentId,
    ]);
    await q.query('UPDATE documents SET latest_versie = $2 WHERE id = $1', [documentId, versie]);
  }
  const cols = VALUE_COLUMNS.join(', ');
  const placeholders = VALUE_COLUMNS.map((_c, i) => `$${i + 3}`).join(', ');
  await q.query(
    `INSERT INTO document_versions (document_id, versie, ${cols}, latest) VALUES ($1, $2, ${placeholders}, true)`,
    [documentId, versie, ...VALUE_COLUMNS.map((c) => values[c])],
  );
}

export async function setLock(q: Queryable, documentId: number, lock: string): Promise<void> {
  await q.query('UPDATE documents SET lock = $2 WHERE id = $1', [documentId, lock]);
}

export async function hasZaakRelations(q: Queryable, documentId: number): Promise<boolean> {
  const res = await q.query('SELECT 1 FROM zaakinformatieobjecten WHERE document_id = $1 LIMIT 1', [
    documentId,
  ]);
  return (res.rowCount ?? 0) > 0;
}

export async function deleteDocument(q: Queryable, documentId: number): Promise<void> {
  await q.query('DELETE FROM documents WHERE id = $1', [documentId]);
}
