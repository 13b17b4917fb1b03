import type { Queryable } from '../db/pool.js';
import type { DocumentVersionRow } from './mapper.js';
import { prepared, VERSION_COLUMNS } from './repository.js';

/**
 * The EIO list (`enkelvoudiginformatieobject_list`, `enkelvoudiginformatieobject__zoek`): latest versions only, every filter,
 * ordering, and the silent autorisatie filter (vng-api-common's list filtering by autorisatie) in SQL so `count` is exact.
 */
export interface ListFilters {
  identificatie?: string;
  bronorganisatie?: string;
  /** A local informatieobjecttype (id) or an external URL. */
  iot?: { localId: number | null; url: string };
  vertrouwelijkheidaanduiding?: string;
  locked?: boolean;
  titel?: string;
  auteur?: string;
  beschrijving?: string;
  creatiedatumGte?: string;
  creatiedatumLte?: string;
  trefwoorden?: string[];
  trefwoordenOverlap?: string[];
  /** objectinformatieobjecten__object: a local zaak id and/or the URL itself. */
  object?: { zaakId: number | null; url: string } | 'none';
  objectType?: string;
  uuidIn?: string[];
}

/** null = no autorisatie filter; else rows of these (local id | external url, max rank) pairs. */
export type Grants = { localId: number | null; url: string; maxRank: number }[] | null;

export const ORDER_FIELDS: Record<string, string> = {
  auteur: 'v.auteur',
  bestandsomvang: 'v.bestandsomvang',
  creatiedatum: 'v.creatiedatum',
  formaat: 'v.formaat',
  status: 'v.status',
  titel: 'v.titel',
  vertrouwelijkheidaanduiding: 'v.vertrouwelijkheidaanduiding',
};

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereClause(f: ListFilters, grants: Grants): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const w: string[] = ['v.latest'];
  if (f.identificatie !== undefined) w.push(`v.identificatie = ${p(f.identificatie)}`);
  if (f.bronorganisatie !== undefined) w.push(`v.bronorganisatie = ${p(f.bronorganisatie)}`);
  if (f.iot) {
    w.push(
      f.iot.localId !== null
        ? `v.informatieobjecttype_id = ${p(f.iot.localId)}`
        : `v.informatieobjecttype_url = ${p(f.iot.url)}`,
    );
  }
  if (f.vertrouwelijkheidaanduiding !== undefined)
    w.push(`v.vertrouwelijkheidaanduiding = ${p(f.vertrouwelijkheidaanduiding)}`);
  if (f.locked !== undefined) w.push(f.locked ? "d.lock <> ''" : "d.lock = ''");
  for (const k of ['titel', 'auteur', 'beschrijving'] as const) {
    const v = f[k];
    if (v !== undefined) w.push(`v.${k} ILIKE ${p(like(v))}`);
  }
  if (f.creatiedatumGte) w.push(`v.creatiedatum >= ${p(f.creatiedatumGte)}`);
  if (f.creatiedatumLte) w.push(`v.creatiedatum <= ${p(f.creatiedatumLte)}`);
  if (f.trefwoorden?.length) w.push(`v.trefwoorden @> ${p(f.trefwoorden)}::text[]`);
  if (f.trefwoordenOverlap?.length) w.push(`v.trefwoorden && ${p(f.trefwoordenOverlap)}::text[]`);
  if (f.object === 'none') w.push('false');
  else if (f.object) {
    w.push(`EXISTS (SELECT 1 FROM object_informatieobjecten o WHERE o.document_id = v.document_id
      AND (o.object_url = ${p(f.object.url)} OR o.zaak_id = ${p(f.object.zaakId)}))`);
  }
  if (f.objectType)
    w.push(`EXISTS (SELECT 1 FROM object_informatieobjecten o WHERE o.document_id = v.document_id
      AND o.object_type = ${p(f.objectType)})`);
  if (f.uuidIn) w.push(`d.uuid = ANY(${p(f.uuidIn)}::uuid[])`);
  if (grants !== null) w.push(grantsSql(grants, p));
  return { sql: w.join(' AND '), params };
}

/** vng-api-common's list filtering by autorisatie, over the version alias `v`: some single grant covers the row's type and VA. */
export function grantsSql(grants: NonNullable<Grants>, p: (v: unknown) => string): string {
  const ors = grants.map((g) =>
    g.localId !== null
      ? `(v.informatieobjecttype_id = ${p(g.localId)} AND v.vertrouwelijkheid_rank <= ${p(g.maxRank)})`
      : `(v.informatieobjecttype_url = ${p(g.url)} AND v.vertrouwelijkheid_rank <= ${p(g.maxRank)})`,
  );
  return ors.length > 0 ? `(${ors.join(' OR ')})` : 'false';
}

export function orderClause(ordering: string[]): string {
  const parts = ordering.map((o) => {
    const desc = o.startsWith('-');
    return `${ORDER_FIELDS[desc ? o.slice(1) : o]} ${desc ? 'DESC' : 'ASC'}`;
  });
  return [...parts, 'v.document_id ASC'].join(', ');
}

/** The list query of the documents (a factory over the pool, as every repository). */
export function createDocumentListRepository(db: Queryable) {
  return { list: (f: ListFilters, grants: Grants, page: ListPage) => listDocuments(db, f, grants, page) };
}

export type DocumentListRepository = ReturnType<typeof createDocumentListRepository>;

export interface ListPage {
  ordering: string[];
  limit: number;
  offset: number;
}

async function listDocuments(
  q: Queryable,
  f: ListFilters,
  grants: Grants,
  page: ListPage,
): Promise<{ count: number; rows: DocumentVersionRow[] }> {
  const { sql, params } = whereClause(f, grants);
  // Filters on the canonical document (locked, uuid__in) need the join; the rest read only
  // the partial `WHERE latest` indexes.
  const from = /\bd\./.test(sql)
    ? 'document_versions v JOIN documents d ON d.id = v.document_id'
    : 'document_versions v';
  // Two steps. The page's ids: OFFSET walks the narrow index. Limit and offset are bound
  // parameters (no number is ever spliced into SQL), and the statement is unnamed, so it is
  // planned with their values each time: a named one gets a generic plan after five runs,
  // which cannot see the LIMIT and walks or sorts every matching row (filtered lists 2.7x
  // slower in `npm run bench:api`). Then only those rows are joined and rendered, by a named
  // statement whose cached plan does not depend on the page (no planning per request).
  const pageSql = `SELECT v.document_id FROM ${from} WHERE ${sql}
    ORDER BY ${orderClause(page.ordering)} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`;
  // Unfiltered: the trigger-kept count (migration 0003) instead of a full index scan.
  const countSql =
    sql === 'v.latest'
      ? 'SELECT coalesce(sum(n), 0)::int AS n FROM document_count_slots'
      : `SELECT count(*)::int AS n FROM ${from} WHERE ${sql}`;
  const pageRows = async (): Promise<DocumentVersionRow[]> => {
    const ids = await q.query<{ document_id: number }>({
      text: pageSql,
      values: [...params, page.limit, page.offset],
    });
    if (ids.rows.length === 0) return [];
    const res = await q.query<DocumentVersionRow>(
      prepared(
        `SELECT ${VERSION_COLUMNS} FROM document_versions v JOIN documents d ON d.id = v.document_id
           LEFT JOIN informatieobjecttypen t ON t.id = v.informatieobjecttype_id
         WHERE v.latest AND v.document_id = ANY($1::bigint[])
         ORDER BY ${orderClause(page.ordering)}`,
        [ids.rows.map((r) => r.document_id)],
      ),
    );
    return res.rows;
  };
  const [count, rows] = await Promise.all([
    q.query<{ n: number }>(prepared(countSql, sql === 'v.latest' ? [] : params)),
    pageRows(),
  ]);
  return { count: count.rows[0]?.n ?? 0, rows };
}
