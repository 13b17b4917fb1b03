import { VERTROUWELIJKHEIDAANDUIDINGEN } from '../auth/types.js';
import type { Queryable } from '../db/pool.js';

/** SQL of zaken (docs/architecture.md: repositories hold all SQL, parameterised, explicit columns). */
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

/** A row is visible when one grant has its zaaktype and a max rank ≥ its VA rank (ZGW autorisaties, as vng-api-common checks them). */
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

async function findZaaktype(q: Queryable, uuid: string): Promise<ZaaktypeRow | null> {
  const { rows } = await q.query<ZaaktypeRow>(
    `select id, uuid::text, concept, vertrouwelijkheidaanduiding from zaaktypen where uuid = $1`,
    [uuid],
  );
  return rows[0] ?? null;
}

async function findZaak(q: Queryable, uuid: string): Promise<ZaakRow | null> {
  const { rows } = await q.query<ZaakRow>(`${SELECT} where z.uuid = $1`, [uuid]);
  return rows[0] ?? null;
}

async function zaakIdentificatieExists(
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

async function listZaken(
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

async function insertZaak(
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
async function updateZaak(
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

async function deleteZaak(q: Queryable, id: number): Promise<void> {
  await q.query('delete from zaken where id = $1', [id]);
}

/** True when every document linked to the zaak has status `gearchiveerd` (latest version). */
async function allDocumentsArchived(q: Queryable, zaakId: number): Promise<boolean> {
  const { rowCount } = await q.query(
    `select 1 from zaakinformatieobjecten zio
       join documents d on d.id = zio.document_id
       join document_versions dv on dv.document_id = d.id and dv.versie = d.latest_versie
     where zio.zaak_id = $1 and dv.status <> 'gearchiveerd' limit 1`,
    [zaakId],
  );
  return (rowCount ?? 0) === 0;
}

/**
 * Atomic allocator of generated identificaties (`ZAAK-2026-0000000001`), one counter
 * row per prefix in `identificatie_counters`. Each call is one statement that takes
 * the row lock only for its own duration (call it outside long transactions), so
 * concurrent creates get distinct numbers; gaps after a rollback are harmless.
 */
async function allocateNumber(q: Queryable, prefix: string): Promise<number> {
  const { rows } = await q.query<{ last: number }>(
    `insert into identificatie_counters (prefix, last) values ($1, 1)
     on conflict (prefix) do update set last = identificatie_counters.last + 1
     returning last`,
    [prefix],
  );
  return Number(rows[0]?.last);
}

/** Moves the counter past a number a client supplied itself, so it is never generated. */
async function reserveNumber(q: Queryable, prefix: string, n: number): Promise<void> {
  await q.query(
    `insert into identificatie_counters (prefix, last) values ($1, $2)
     on conflict (prefix) do update set last = greatest(identificatie_counters.last, excluded.last)`,
    [prefix, n],
  );
}

/** SQL of the zaken (Zaken API subset); `db` is the pool or the client of a transaction. */
export function createZaakRepository(db: Queryable) {
  return {
    findZaaktype: (uuid: string) => findZaaktype(db, uuid),
    findZaak: (uuid: string) => findZaak(db, uuid),
    zaakIdentificatieExists: (bronorganisatie: string, identificatie: string) =>
      zaakIdentificatieExists(db, bronorganisatie, identificatie),
    listZaken: (f: ZaakFilters, grants: ZaakGrant[] | null, page: { limit: number; offset: number }) =>
      listZaken(db, f, grants, page),
    insertZaak: (v: ZaakColumns & { uuid: string; zaaktype_id: number; data: ZaakData }) => insertZaak(db, v),
    updateZaak: (id: number, columns: Partial<ZaakColumns>, data: ZaakData) =>
      updateZaak(db, id, columns, data),
    deleteZaak: (id: number) => deleteZaak(db, id),
    allDocumentsArchived: (zaakId: number) => allDocumentsArchived(db, zaakId),
    allocateNumber: (prefix: string) => allocateNumber(db, prefix),
    reserveNumber: (prefix: string, n: number) => reserveNumber(db, prefix, n),
  };
}

export type ZaakRepository = ReturnType<typeof createZaakRepository>;
