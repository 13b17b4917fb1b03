import { createHash } from 'node:crypto';
import type { Queryable } from '../db/pool.js';
import { columnType, PLAIN_FIELDS, type PlainValues } from './fields.js';
import type { DocumentVersionRow } from './mapper.js';

export const VERSION_FROM = `document_versions v JOIN documents d ON d.id = v.document_id
  LEFT JOIN informatieobjecttypen t ON t.id = v.informatieobjecttype_id`;

/**
 * A named (per-connection prepared) statement: the hot queries are planned once per
 * connection instead of on every request (planning the version join costs more than running it).
 */
export function prepared(text: string, values: unknown[]): { name: string; text: string; values: unknown[] } {
  return { name: `drc-${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text, values };
}

/**
 * The stored columns of a version (document_versions) that a write sets: what the API's
 * single insert and the import's bulk insert both store (values.ts `inputToValues` builds
 * them); they are also what is read back (VERSION_COLUMNS, DocumentVersionRow). The plain
 * fields' columns come from the field table (fields.ts); these are the special fields'.
 */
interface SpecialValues {
  /** Rank of vertrouwelijkheidaanduiding (VertrouwelijkheidaanduidingEnum order), -1 for blank. */
  vertrouwelijkheid_rank: number;
  blob_key: string | null;
  bestandsomvang: number | null;
  ondertekening_soort: string;
  ondertekening_datum: string | null;
  integriteit_algoritme: string;
  integriteit_waarde: string;
  integriteit_datum: string | null;
  informatieobjecttype_id: number | null;
  informatieobjecttype_url: string | null;
  trefwoorden: string[];
}
export type VersionValues = PlainValues & SpecialValues;

/** Every value column with its PostgreSQL type (the bulk insert casts its arrays), insert order. */
const VALUE_COLUMNS: { readonly [K in keyof VersionValues]: string } = {
  ...(Object.fromEntries(PLAIN_FIELDS.map((f) => [f.column, columnType(f)])) as Record<
    keyof PlainValues,
    string
  >),
  vertrouwelijkheid_rank: 'int2',
  blob_key: 'text',
  bestandsomvang: 'int8',
  ondertekening_soort: 'text',
  ondertekening_datum: 'date',
  integriteit_algoritme: 'text',
  integriteit_waarde: 'text',
  integriteit_datum: 'date',
  informatieobjecttype_id: 'int4',
  informatieobjecttype_url: 'text',
  trefwoorden: 'text[]',
};
const COLUMN_NAMES = Object.keys(VALUE_COLUMNS) as (keyof VersionValues)[];

/**
 * The stored version as read (documents + document_versions): every value column but the
 * rank (DocumentVersionRow in mapper.ts). Lists read the latest versions through the partial
 * `WHERE latest` indexes (migration 0002).
 */
export const VERSION_COLUMNS = `d.id AS document_id, d.uuid, d.lock, v.versie,
  to_char(v.begin_registratie AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS begin_registratie,
  ${COLUMN_NAMES.filter((c) => c !== 'vertrouwelijkheid_rank')
    .map((c) => `v.${c}`)
    .join(', ')}, t.uuid AS iot_uuid`;
const INSERT_VERSION_SQL = `INSERT INTO document_versions (document_id, versie, ${COLUMN_NAMES.join(', ')}, latest)
  VALUES ($1, $2, ${COLUMN_NAMES.map((_c, i) => `$${i + 3}`).join(', ')}, true)`;

/** A new document: its uuid and the values of its first version. */
export interface NewDocument {
  uuid: string;
  values: VersionValues;
}

/**
 * Many new documents with their first version in one statement (unnest of one array per
 * column; the CTE hands the new ids to the versions). Arrays of arrays do not unnest row by
 * row, so trefwoorden travel as one JSON text per document.
 */
const SCALAR_COLUMNS = COLUMN_NAMES.filter((c) => c !== 'trefwoorden');
/** Parameters the bulk statement takes ($1 … $BULK_PARAMS); a caller's own CTE numbers after them. */
export const BULK_PARAMS = SCALAR_COLUMNS.length + 2;

function bulkInsertSql(also: string): string {
  const typed = SCALAR_COLUMNS.map((c, i) => `$${i + 3}::${VALUE_COLUMNS[c]}[]`).join(', ');
  return `
  with t as (
    select * from unnest($1::uuid[], $2::text[], ${typed})
      as t(uuid, trefwoorden, ${SCALAR_COLUMNS.join(', ')})
  ), d as (
    insert into documents (uuid, bronorganisatie, identificatie)
    select uuid, bronorganisatie, identificatie from t returning id, uuid
  ), v as (
    insert into document_versions (document_id, versie, trefwoorden, ${SCALAR_COLUMNS.join(', ')})
    select d.id, 1, array(select jsonb_array_elements_text(t.trefwoorden::jsonb)), ${SCALAR_COLUMNS.map((c) => `t.${c}`).join(', ')}
      from t join d on d.uuid = t.uuid
  )${also}
  select id, uuid::text as uuid from d`;
}

function bulkInsertParams(docs: NewDocument[]): unknown[] {
  const params: unknown[] = [docs.map((d) => d.uuid), docs.map((d) => JSON.stringify(d.values.trefwoorden))];
  for (const c of SCALAR_COLUMNS) params.push(docs.map((d) => d.values[c]));
  return params;
}

/**
 * Another write in the same round trip as a bulk insert (the import's report rows): a CTE
 * `, name as (…)` whose parameters start at $BULK_PARAMS + 1, under its own statement name.
 */
export interface AlsoInBulk {
  name: string;
  cte: string;
  values: unknown[];
}
const bulkStatements = new Map<string, string>();

export interface DocumentHead {
  id: number;
  uuid: string;
  lock: string;
  latest_versie: number;
}

const PG_INTEGER_MAX = 2_147_483_647;
const HEAD = 'SELECT id, uuid, lock, latest_versie FROM documents';

/**
 * SQL of the enkelvoudiginformatieobjecten: every write of a document goes through here
 * (one place for an audit trail or notifications to hook into). `db` is the pool, or the
 * client of the service's transaction.
 */
export function createDocumentRepository(db: Queryable) {
  /** One version: the latest, an exact versie, and/or the newest registered at or before a time. */
  async function findVersion(
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
    const res = await db.query<DocumentVersionRow>(
      prepared(
        `SELECT ${VERSION_COLUMNS} FROM ${VERSION_FROM} WHERE ${where} ORDER BY v.versie DESC LIMIT 1`,
        params,
      ),
    );
    return res.rows[0];
  }

  async function insertDocument(doc: {
    uuid: string;
    bronorganisatie: string;
    identificatie: string;
  }): Promise<number> {
    const res = await db.query<{ id: number }>(
      'INSERT INTO documents (uuid, bronorganisatie, identificatie) VALUES ($1, $2, $3) RETURNING id',
      [doc.uuid, doc.bronorganisatie, doc.identificatie],
    );
    return Number(res.rows[0]?.id);
  }

  /** Insert version `versie` as the latest one (the previous latest is cleared first). */
  async function insertVersion(documentId: number, versie: number, values: VersionValues): Promise<void> {
    if (versie > 1) {
      await db.query('UPDATE document_versions SET latest = false WHERE document_id = $1 AND latest', [
        documentId,
      ]);
      await db.query('UPDATE documents SET latest_versie = $2 WHERE id = $1', [documentId, versie]);
    }
    await db.query(INSERT_VERSION_SQL, [documentId, versie, ...COLUMN_NAMES.map((c) => values[c])]);
  }

  /** Bulk create (the import): the new documents' ids by uuid. Named: planned once per connection. */
  async function insertMany(docs: NewDocument[], also?: AlsoInBulk): Promise<Map<string, number>> {
    const name = also ? `documents-bulk-${also.name}` : 'documents-bulk';
    let text = bulkStatements.get(name);
    if (text === undefined) {
      text = bulkInsertSql(also?.cte ?? '');
      bulkStatements.set(name, text);
    }
    const values = bulkInsertParams(docs);
    if (also) values.push(...also.values);
    const { rows } = await db.query<{ id: string; uuid: string }>({ name, text, values });
    return new Map(rows.map((r) => [r.uuid, Number(r.id)]));
  }

  async function lockHead(uuid: string): Promise<DocumentHead | undefined> {
    return (await db.query<DocumentHead>(`${HEAD} WHERE uuid = $1 FOR UPDATE`, [uuid])).rows[0];
  }

  async function lockHeadById(id: number): Promise<DocumentHead | undefined> {
    return (await db.query<DocumentHead>(`${HEAD} WHERE id = $1 FOR UPDATE`, [id])).rows[0];
  }

  async function identificatieExists(bronorganisatie: string, identificatie: string): Promise<boolean> {
    const res = await db.query('SELECT 1 FROM documents WHERE bronorganisatie = $1 AND identificatie = $2', [
      bronorganisatie,
      identificatie,
    ]);
    return (res.rowCount ?? 0) > 0;
  }

  /** Of these uuids, those a document has (one query for a whole import batch). */
  async function existingUuids(uuids: string[]): Promise<Set<string>> {
    if (uuids.length === 0) return new Set();
    const { rows } = await db.query<{ uuid: string }>(
      'SELECT uuid::text AS uuid FROM documents WHERE uuid = ANY($1::uuid[])',
      [uuids],
    );
    return new Set(rows.map((r) => r.uuid));
  }

  /** Of these (bronorganisatie, identificatie) pairs, those a document has: `bron\u0000ident` keys. */
  async function existingIdentificaties(pairs: { bron: string; ident: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const { rows } = await db.query<{ bronorganisatie: string; identificatie: string }>(
      `SELECT d.bronorganisatie, d.identificatie FROM documents d
         JOIN unnest($1::text[], $2::text[]) AS p(bron, ident)
           ON d.bronorganisatie = p.bron AND d.identificatie = p.ident`,
      [pairs.map((p) => p.bron), pairs.map((p) => p.ident)],
    );
    return new Set(rows.map((r) => `${r.bronorganisatie}\u0000${r.identificatie}`));
  }

  async function setLock(documentId: number, lock: string): Promise<void> {
    await db.query('UPDATE documents SET lock = $2 WHERE id = $1', [documentId, lock]);
  }

  /**
   * The file of the latest version, changed in place (Open Zaak's EIO versioning: merging bestandsdelen and a
   * forced unlock of an incomplete upload change the latest version without a new versie).
   */
  async function setLatestFile(
    documentId: number,
    blobKey: string | null,
    size: number | null,
  ): Promise<void> {
    await db.query(
      `UPDATE document_versions SET blob_key = $2, bestandsomvang = $3, begin_registratie = now()
       WHERE document_id = $1 AND latest`,
      [documentId, blobKey, size],
    );
  }

  async function hasZaakRelations(documentId: number): Promise<boolean> {
    const res = await db.query('SELECT 1 FROM zaakinformatieobjecten WHERE document_id = $1 LIMIT 1', [
      documentId,
    ]);
    return (res.rowCount ?? 0) > 0;
  }

  async function deleteDocument(documentId: number): Promise<void> {
    await db.query('DELETE FROM documents WHERE id = $1', [documentId]);
  }

  return {
    findVersion,
    insertDocument,
    insertVersion,
    insertMany,
    lockHead,
    lockHeadById,
    identificatieExists,
    existingUuids,
    existingIdentificaties,
    setLock,
    setLatestFile,
    hasZaakRelations,
    deleteDocument,
  };
}

export type DocumentRepository = ReturnType<typeof createDocumentRepository>;
