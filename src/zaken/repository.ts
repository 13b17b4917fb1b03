import { VERTROUWELIJKHEIDAANDUIDINGEN } from '../auth/types.js';
import type { Queryable } from '../db/pool.js';

/** SQL of zaken (style.md: repositories hold all SQL, parameterised, explicit columns). */
export interface ZaakData {
  [key: string]: unknown;
}

export interface ZaakRow {
  id: number;
  uuid: string;
  identificatie: string;
  bronorganisatie: string;
  verantwoordelijke_organisatie: string;
  zaaktype_id: number;
  zaaktype_uuid: string;
  omschrijving: string;
  toelichting: string;
  registratiedatum: string;
  startdatum: string;
  einddatum: string | null;
  vertrouwelijkheidaanduiding: string;
  archiefstatus: string;
  data: ZaakData;
  zio_uuids: string[];
}

export interface ZaaktypeRow {
  id: number;
  uuid: string;
  concept: boolean;
  vertrouwelijkheidaanduiding: string;
}

/** The columns a create or update writes; other fields live in `data`. */
export interface ZaakColumns {
  identificatie: string;
  bronorganisatie: string;
  verantwoordelijke_organisatie: string;
  omschrijving: string;
  toelichting: string;
  registratiedatum: string;
  startdatum: string;
  vertrouwelijkheidaanduiding: string;
  archiefstatus: string;
}

/** A row is visible when one grant has its zaaktype and a max rank ≥ its VA rank (§4.4). */
export interface ZaakGrant {
  zaaktypeUuid: string;
  maxRank: number;
}

const VA_ARRAY = `array[${VERTROUWELIJKHEIDAANDUIDINGEN.map((v) => `'${v}'`).join(',')}]::text[]`;
const vaRankSql = (column: string): string => `(array_position(${VA_ARRAY}, ${column}::text) - 1)`;

/** The autorisatie condition on `zt` (zaaktypen) and `z` (zaken); pushes its params. */
export function grantCondition(params: unknown[], grants: ZaakGrant[]): string {
  params.push(
    grants.map((g) => g.zaaktypeUuid),
    grants.map((g) => g.maxRank),
  );
  const [u, r] = [`$${params.length - 1}`, `$${params.length}`];
  return `exists (select 1 from unnest(${u}::uuid[], ${r}::int[]) g(zt, mx)
                  where g.zt = zt.uuid and ${vaRankSql('z.vertrouwelijkheidaanduiding')} <= g.mx)`;
}

const SELECT = `
  select z.id, z.uuid::text, z.identificatie, z.bronorganisatie, z.verantwoordelijke_organisatie,
         z.zaaktype_id, zt.uuid::text as zaaktype_uuid, z.omschrijving, z.toelichting,
         z.registratiedatum, z.startdatum, z.einddatum, z.vertrouwelijkheidaanduiding,
         z.archiefstatus, z.data,
         array(select zio.uuid::text from zaakinformatieobjecten zio
               where zio.zaak_id = z.id order by zio.id) as zio_uuids
  from zaken z join zaaktypen zt on zt.id = z.zaaktype_id`;

export async function findZaaktype(q: Queryable, uuid: string): Promise<ZaaktypeRow | null> {
  const { rows } = await q.query<ZaaktypeRow>(
    `select id, uuid::text, concept, vertrouwelijkheidaanduiding from zaaktypen where uuid = $1`,
    [uuid],
  );
  return rows[0] ?? null;
}

export async function findZaak(q: Queryable, uuid: string): Promise<ZaakRow | null> {
  const { rows } = await q.query<ZaakRow>(`${SELECT} where z.uuid = $1`, [uuid]);
  return rows[0] ?? null;
}

export async function zaakIdentificatieExists(
  q: Queryable,
  bronorganisatie: string,
  identificatie: string,
): Promise<boolean> {
  const { rowCount } = await q.query(
    'select 1 from zaken where bronorganisatie = $1 and identificatie = $2',
    [bronorganisatie, identificatie],
  );
  return (rowCount ?? 0) > 0;
}

export interface ZaakFilters {
  identificatie?: string;
  bronorganisatie?: string;
  /** Local zaaktype uuid; null means "a zaaktype that is not ours": no results. */
  zaaktypeUuid?: string | null;
}

export async function listZaken(
  q: Queryable,
  f: ZaakFilters,
  grants: ZaakGrant[] | null,
  page: { limit: number; offset: number },
): Promise<{ count: number; rows: ZaakRow[] }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (f.identificatie !== undefined) add((p) => `z.identificatie = ${p}`, f.identificatie);
  if (f.bronorganisatie !== undefined) add((p) => `z.bronorganisatie = ${p}`, f.bronorganisatie);
  if (f.zaaktypeUuid === null) where.push('false');
  else if (f.zaaktypeUuid !== undefined) add((p) => `zt.uuid = ${p}`, f.zaaktypeUuid);
  if (grants !== null) where.push(grantCondition(params, grants));
  const cond = where.length > 0 ? `where ${where.join(' and ')}` : '';
  const from = 'from zaken z join zaaktypen zt on zt.id = z.zaaktype_id';
  const { rows: c } = await q.query<{ n: number }>(`select count(*)::int as n ${from} ${cond}`, params);
  const { rows } = await q.query<ZaakRow>(
    `${SELECT} ${cond} order by z.id limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, page.limit, page.offset],
  );
  return { count: c[0]?.n ?? 0, rows };
}

export async function insertZaak(
  q: Queryable,
  v: ZaakColumns & { uuid: string; zaaktype_id: number; data: ZaakData },
): Promise<void> {
  await q.query(
    `insert into zaken (uuid, identificatie, bronorganisatie, verantwoordelijke_organisatie, zaaktype_id,
       omschrijving, toelichting, registratiedatum, startdatum, vertrouwelijkheidaanduiding, archiefstatus, data)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      v.uuid,
      v.identificatie,
      v.bronorganisatie,
      v.verantwoordelijke_organisatie,
      v.zaaktype_id,
      v.omschrijving,
      v.toelichting,
      v.registratiedatum,
      v.startdatum,
      v.vertrouwelijkheidaanduiding,
      v.archiefstatus,
      JSON.stringify(v.data),
    ],
  );
}

const UPDATABLE: readonly (keyof ZaakColumns)[] = [
  'bronorganisatie',
  'verantwoordelijke_organisatie',
  'omschrijving',
  'toelichting',
  'registratiedatum',
  'startdatum',
  'vertrouwelijkheidaanduiding',
  'archiefstatus',
];

/** Partial update: the given columns, and `data` merged key by key. */
export async function updateZaak(
  q: Queryable,
  id: number,
  columns: Partial<ZaakColumns>,
  data: ZaakData,
): Promise<void> {
  const params: unknown[] = [id, JSON.stringify(data)];
  const sets = ['data = data || $2::jsonb'];
  for (const col of UPDATABLE) {
    if (columns[col] === undefined) continue;
    params.push(columns[col]);
    sets.push(`${col} = $${params.length}`);
  }
  await q.query(`update zaken set ${sets.join(', ')} where id = $1`, params);
}

export async function deleteZaak(q: Queryable, id: number): Promise<void> {
  await q.query('delete from zaken where id = $1', [id]);
}

/** True when every document linked to the zaak has status `gearchiveerd` (latest version). */
export async function allDocumentsArchived(q: Queryable, zaakId: number): Promise<boolean> {
  const { rowCount } = await q.query(
    `select 1 from zaakinformatieobjecten zio
       join documents d on d.id = zio.document_id
       join document_versions dv on dv.document_id = d.id and dv.versie = d.latest_versie
     where zio.zaak_id = $1 and dv.status <> 'gearchiveerd' limit 1`,
    [zaakId],
  );
  return (rowCount ?? 0) === 0;
}
