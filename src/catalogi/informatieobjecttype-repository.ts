import type pg from 'pg';
import { pagedQuery } from '../db/paged-query.js';
import { createConceptTypeRepository } from './concept-type-repository.js';
import type { Queryable } from '../db/pool.js';
import type { InformatieobjecttypeInput } from './schemas.js';

/** SQL for informatieobjecttypen (Catalogi API 1.3). */
export interface InformatieobjecttypeRow {
  id: number;
  uuid: string;
  catalogusUuid: string;
  omschrijving: string;
  vertrouwelijkheidaanduiding: string;
  beginGeldigheid: string;
  eindeGeldigheid: string | null;
  concept: boolean;
  informatieobjectcategorie: string;
  trefwoord: string[];
  omschrijvingGeneriek: Record<string, string> | null;
  zaaktypen: string[];
}

export interface InformatieobjecttypeFilters {
  catalogusId?: number;
  concept?: boolean;
  omschrijving?: string;
}

const COLUMNS = `select t.id, t.uuid, c.uuid as "catalogusUuid", t.omschrijving, t.vertrouwelijkheidaanduiding,
  t.begin_geldigheid as "beginGeldigheid", t.einde_geldigheid as "eindeGeldigheid", t.concept,
  t.informatieobjectcategorie, t.trefwoord, t.omschrijving_generiek as "omschrijvingGeneriek",
  array(select z.uuid::text from zaaktype_informatieobjecttypen l join zaaktypen z on z.id = l.zaaktype_id
        where l.informatieobjecttype_id = t.id order by z.id) as zaaktypen`;
const FROM = `from informatieobjecttypen t join catalogussen c on c.id = t.catalogus_id`;
const SELECT = `${COLUMNS} ${FROM}`;

const values = (catalogusId: number, t: InformatieobjecttypeInput) => [
  catalogusId,
  t.omschrijving,
  t.vertrouwelijkheidaanduiding,
  t.beginGeldigheid,
  t.eindeGeldigheid ?? null,
  t.informatieobjectcategorie,
  t.trefwoord ?? [],
  t.omschrijvingGeneriek ? JSON.stringify(t.omschrijvingGeneriek) : null,
];

/** A local informatieobjecttype as a reference to it resolves (informatieobjecttype-resolver.ts). */
export interface IotForResolution {
  id: number;
  uuid: string;
  vertrouwelijkheidaanduiding: string;
  concept: boolean;
  catalogus_uuid: string;
}

export function createInformatieobjecttypeRepository(pool: pg.Pool) {
  return {
    async insert(uuid: string, catalogusId: number, t: InformatieobjecttypeInput): Promise<void> {
      await pool.query(
        `insert into informatieobjecttypen (catalogus_id, omschrijving, vertrouwelijkheidaanduiding, begin_geldigheid,
           einde_geldigheid, informatieobjectcategorie, trefwoord, omschrijving_generiek, uuid, concept)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, true)`,
        [...values(catalogusId, t), uuid],
      );
    },

    /** Replaces every writable field, only while the row is still a concept; false if it was not. */
    async updateConcept(uuid: string, catalogusId: number, t: InformatieobjecttypeInput): Promise<boolean> {
      const { rowCount } = await pool.query(
        `update informatieobjecttypen set catalogus_id = $1, omschrijving = $2, vertrouwelijkheidaanduiding = $3,
           begin_geldigheid = $4, einde_geldigheid = $5, informatieobjectcategorie = $6, trefwoord = $7,
           omschrijving_generiek = $8
         where uuid = $9 and concept`,
        [...values(catalogusId, t), uuid],
      );
      return (rowCount ?? 0) > 0;
    },

    async get(uuid: string, q: Queryable = pool): Promise<InformatieobjecttypeRow | undefined> {
      const { rows } = await q.query<InformatieobjecttypeRow>(`${SELECT} where t.uuid = $1`, [uuid]);
      return rows[0];
    },

    /** id, catalogus and concept of many types at once (zaaktype relations). */
    async byUuids(
      uuids: string[],
    ): Promise<{ id: number; uuid: string; catalogusId: number; concept: boolean }[]> {
      const { rows } = await pool.query(
        `select id, uuid, catalogus_id as "catalogusId", concept from informatieobjecttypen where uuid = any($1::uuid[])`,
        [uuids],
      );
      return rows;
    },

    /** What a reference to these types resolves to (the resolver's local look-up): one query. */
    async forResolution(uuids: string[]): Promise<IotForResolution[]> {
      const { rows } = await pool.query(
        `select t.id, t.uuid, t.vertrouwelijkheidaanduiding, t.concept, c.uuid as catalogus_uuid
         from informatieobjecttypen t join catalogussen c on c.id = t.catalogus_id
         where t.uuid = any($1::uuid[])`,
        [uuids],
      );
      return rows;
    },

    async list(
      f: InformatieobjecttypeFilters,
      limit: number,
      offset: number,
    ): Promise<{ count: number; rows: InformatieobjecttypeRow[] }> {
      const where = `where ($1::int is null or t.catalogus_id = $1) and ($2::boolean is null or t.concept = $2)
        and ($3::text is null or t.omschrijving = $3)`;
      const params = [f.catalogusId ?? null, f.concept ?? null, f.omschrijving ?? null];
      return pagedQuery<InformatieobjecttypeRow>(
        pool,
        { select: COLUMNS, from: `${FROM} ${where}`, orderBy: 't.id', params },
        limit,
        offset,
      );
    },

    ...createConceptTypeRepository(pool, { table: 'informatieobjecttypen', key: 'omschrijving' }),
  };
}

export type InformatieobjecttypeRepository = ReturnType<typeof createInformatieobjecttypeRepository>;
