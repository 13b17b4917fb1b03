import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/pool.js';
import { grantCondition, type ZaakGrant } from './repository.js';

/**
 * SQL of zaakinformatieobjecten and their ObjectInformatieObject mirror
 * (Documenten API ObjectInformatieObject: the mirror is written and removed with the ZIO).
 */
export interface ZioRow {
  id: number;
  uuid: string;
  zaak_id: number;
  zaak_uuid: string;
  document_id: number;
  document_uuid: string;
  titel: string;
  beschrijving: string;
  registratiedatum: string;
  vernietigingsdatum: string | null;
  status: string | null;
}

/** One row to link: a zaak and a document by their internal ids. */
export interface ZioInsert {
  /** Generated when absent. */
  uuid?: string;
  zaakId: number;
  documentId: number;
  titel?: string;
  beschrijving?: string;
  /** ISO datetime or null. */
  vernietigingsdatum?: string | null;
  status?: string | null;
}

const ISO = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const SELECT = `
  select zio.id, zio.uuid::text, zio.zaak_id, z.uuid::text as zaak_uuid, zio.document_id,
         d.uuid::text as document_uuid, zio.titel, zio.beschrijving,
         ${ISO('zio.registratiedatum')} as registratiedatum,
         ${ISO('zio.vernietigingsdatum')} as vernietigingsdatum, zio.status
  from zaakinformatieobjecten zio
  join zaken z on z.id = zio.zaak_id
  join zaaktypen zt on zt.id = z.zaaktype_id
  join documents d on d.id = zio.document_id`;

/**
 * Inserts many ZIOs and their ObjectInformatieObject mirrors (object_type 'zaak') with
 * one statement, on the caller's client/transaction. The bulk import calls this in its
 * batch transaction; the API calls it with one row. A (zaak, document) pair that is
 * already linked raises the unique violation `zio_zaak_document_uq` (23505).
 */
async function insertZaakInformatieobjecten(
  q: Queryable,
  rows: readonly ZioInsert[],
): Promise<{ id: number; uuid: string }[]> {
  if (rows.length === 0) return [];
  const { rows: out } = await q.query<{ id: number; uuid: string }>(
    `with ins as (
       insert into zaakinformatieobjecten (uuid, zaak_id, document_id, titel, beschrijving, vernietigingsdatum, status)
       select * from unnest($1::uuid[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
       returning id, uuid, zaak_id, document_id
     ), mirror as (
       insert into object_informatieobjecten (uuid, document_id, object_type, zaak_id)
       select gen_random_uuid(), document_id, 'zaak', zaak_id from ins
       on conflict (document_id, zaak_id) do nothing
     )
     select id, uuid::text from ins`,
    [
      rows.map((r) => r.uuid ?? randomUUID()),
      rows.map((r) => r.zaakId),
      rows.map((r) => r.documentId),
      rows.map((r) => r.titel ?? ''),
      rows.map((r) => r.beschrijving ?? ''),
      rows.map((r) => r.vernietigingsdatum ?? null),
      rows.map((r) => r.status ?? null),
    ],
  );
  return out;
}

/** Zaak uuid (lower case) → internal id, for the given uuids that exist; one query. */
async function findZaakIds(q: Queryable, uuids: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await q.query<{ uuid: string; id: number }>(
    'select uuid::text, id from zaken where uuid = any($1::uuid[])',
    [uuids],
  );
  return new Map(rows.map((r) => [r.uuid, r.id]));
}

export interface LinkableDocument {
  id: number;
  uuid: string;
  informatieobjecttype_id: number | null;
}

/** The document and the informatieobjecttype of its latest version. */
async function findDocument(q: Queryable, uuid: string): Promise<LinkableDocument | null> {
  const { rows } = await q.query<LinkableDocument>(
    `select d.id, d.uuid::text, dv.informatieobjecttype_id
     from documents d join document_versions dv on dv.document_id = d.id and dv.versie = d.latest_versie
     where d.uuid = $1`,
    [uuid],
  );
  return rows[0] ?? null;
}

async function zioExists(q: Queryable, zaakId: number, documentId: number): Promise<boolean> {
  const { rowCount } = await q.query(
    'select 1 from zaakinformatieobjecten where zaak_id = $1 and document_id = $2',
    [zaakId, documentId],
  );
  return (rowCount ?? 0) > 0;
}

/** Whether the zaaktype lists this (local) informatieobjecttype. */
async function zaaktypeAllows(q: Queryable, zaaktypeId: number, iotId: number | null): Promise<boolean> {
  if (iotId === null) return false;
  const { rowCount } = await q.query(
    'select 1 from zaaktype_informatieobjecttypen where zaaktype_id = $1 and informatieobjecttype_id = $2',
    [zaaktypeId, iotId],
  );
  return (rowCount ?? 0) > 0;
}

async function findZio(q: Queryable, uuid: string): Promise<ZioRow | null> {
  const { rows } = await q.query<ZioRow>(`${SELECT} where zio.uuid = $1`, [uuid]);
  return rows[0] ?? null;
}

/** Plain (unpaginated) list, filtered by zaak/document uuid and by autorisatie grants. */
async function listZios(
  q: Queryable,
  f: { zaakUuid?: string | null; documentUuid?: string | null },
  grants: ZaakGrant[] | null,
): Promise<ZioRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [value, col] of [
    [f.zaakUuid, 'z.uuid'],
    [f.documentUuid, 'd.uuid'],
  ] as const) {
    if (value === null) where.push('false');
    else if (value !== undefined) {
      params.push(value);
      where.push(`${col} = $${params.length}`);
    }
  }
  if (grants !== null) where.push(grantCondition(params, grants));
  const cond = where.length > 0 ? `where ${where.join(' and ')}` : '';
  const { rows } = await q.query<ZioRow>(`${SELECT} ${cond} order by zio.id`, params);
  return rows;
}

async function updateZio(
  q: Queryable,
  id: number,
  v: { titel?: string; beschrijving?: string; vernietigingsdatum?: string | null },
): Promise<void> {
  await q.query(
    `update zaakinformatieobjecten set titel = coalesce($2, titel), beschrijving = coalesce($3, beschrijving),
       vernietigingsdatum = case when $4::boolean then $5::timestamptz else vernietigingsdatum end
     where id = $1`,
    [
      id,
      v.titel ?? null,
      v.beschrijving ?? null,
      v.vernietigingsdatum !== undefined,
      v.vernietigingsdatum ?? null,
    ],
  );
}

/** Removes the ZIO and its mirror (same transaction, given client). */
async function deleteZio(
  q: Queryable,
  zio: { id: number; zaak_id: number; document_id: number },
): Promise<void> {
  await q.query('delete from object_informatieobjecten where zaak_id = $1 and document_id = $2', [
    zio.zaak_id,
    zio.document_id,
  ]);
  await q.query('delete from zaakinformatieobjecten where id = $1', [zio.id]);
}

/**
 * SQL of the zaakinformatieobjecten and their ObjectInformatieObject mirrors; `db` is the
 * pool or the client of a transaction (the bulk import links in its batch transaction).
 */
export function createZioRepository(db: Queryable) {
  return {
    insertZaakInformatieobjecten: (rows: readonly ZioInsert[]) => insertZaakInformatieobjecten(db, rows),
    findZaakIds: (uuids: readonly string[]) => findZaakIds(db, uuids),
    findDocument: (uuid: string) => findDocument(db, uuid),
    zioExists: (zaakId: number, documentId: number) => zioExists(db, zaakId, documentId),
    zaaktypeAllows: (zaaktypeId: number, iotId: number | null) => zaaktypeAllows(db, zaaktypeId, iotId),
    findZio: (uuid: string) => findZio(db, uuid),
    listZios: (f: { zaakUuid?: string | null; documentUuid?: string | null }, grants: ZaakGrant[] | null) =>
      listZios(db, f, grants),
    updateZio: (
      id: number,
      v: { titel?: string; beschrijving?: string; vernietigingsdatum?: string | null },
    ) => updateZio(db, id, v),
    deleteZio: (zio: { id: number; zaak_id: number; document_id: number }) => deleteZio(db, zio),
  };
}

export type ZioRepository = ReturnType<typeof createZioRepository>;
