import type pg from 'pg';
import { pagedQuery } from '../db/paged-query.js';
import { createConceptTypeRepository } from './concept-type-repository.js';
import { withTransaction } from '../db/pool.js';
import type { ZaaktypeInput } from './schemas.js';

/** SQL for zaaktypen; the subset beyond the table's columns lives in `data` (jsonb). */
export interface ZaaktypeRow {
  id: number;
  uuid: string;
  catalogusUuid: string;
  identificatie: string;
  omschrijving: string;
  vertrouwelijkheidaanduiding: string;
  concept: boolean;
  beginGeldigheid: string;
  eindeGeldigheid: string | null;
  versiedatum: string;
  // biome-ignore lint/suspicious/noExplicitAny: jsonb of the validated subset, mapped field by field
  data: Record<string, any>;
  informatieobjecttypen: string[];
}

const COLUMNS = `select z.id, z.uuid, c.uuid as "catalogusUuid", z.identificatie, z.omschrijving,
  z.vertrouwelijkheidaanduiding, z.concept, z.begin_geldigheid as "beginGeldigheid",
  z.einde_geldigheid as "eindeGeldigheid", z.versiedatum, z.data,
  array(select t.uuid::text from zaaktype_informatieobjecttypen l join informatieobjecttypen t on t.id = l.informatieobjecttype_id
        where l.zaaktype_id = z.id order by t.id) as informatieobjecttypen`;
const FROM = `from zaaktypen z join catalogussen c on c.id = z.catalogus_id`;
const SELECT = `${COLUMNS} ${FROM}`;

export function createZaaktypeRepository(pool: pg.Pool) {
  return {
    async insert(
      uuid: string,
      catalogusId: number,
      z: ZaaktypeInput,
      data: Record<string, unknown>,
      informatieobjecttypeIds: number[],
    ): Promise<void> {
      await withTransaction(pool, async (tx) => {
        const { rows } = await tx.query<{ id: number }>(
          `insert into zaaktypen (uuid, catalogus_id, identificatie, omschrijving, vertrouwelijkheidaanduiding, concept,
             begin_geldigheid, einde_geldigheid, versiedatum, data)
           values ($1, $2, $3, $4, $5, true, $6, $7, $8, $9) returning id`,
          [
            uuid,
            catalogusId,
            z.identificatie,
            z.omschrijving,
            z.vertrouwelijkheidaanduiding,
            z.beginGeldigheid,
            z.eindeGeldigheid ?? null,
            z.versiedatum,
            JSON.stringify(data),
          ],
        );
        await tx.query(
          `insert into zaaktype_informatieobjecttypen (zaaktype_id, informatieobjecttype_id)
           select $1, unnest($2::int[]) on conflict do nothing`,
          [rows[0]?.id, informatieobjecttypeIds],
        );
      });
    },

    async get(uuid: string): Promise<ZaaktypeRow | undefined> {
      const { rows } = await pool.query<ZaaktypeRow>(`${SELECT} where z.uuid = $1`, [uuid]);
      return rows[0];
    },

    async list(
      f: { catalogusId?: number; identificatie?: string; concept?: boolean },
      limit: number,
      offset: number,
    ): Promise<{ count: number; rows: ZaaktypeRow[] }> {
      const where = `where ($1::int is null or z.catalogus_id = $1) and ($2::text is null or z.identificatie = $2)
        and ($3::boolean is null or z.concept = $3)`;
      const params = [f.catalogusId ?? null, f.identificatie ?? null, f.concept ?? null];
      return pagedQuery<ZaaktypeRow>(
        pool,
        { select: COLUMNS, from: `${FROM} ${where}`, orderBy: 'z.id', params },
        limit,
        offset,
      );
    },

    /** uuids of the concept informatieobjecttypen a zaaktype relates to (publish check). */
    async conceptInformatieobjecttypen(zaaktypeId: number): Promise<string[]> {
      const { rows } = await pool.query<{ uuid: string }>(
        `select t.uuid from zaaktype_informatieobjecttypen l join informatieobjecttypen t on t.id = l.informatieobjecttype_id
         where l.zaaktype_id = $1 and t.concept order by t.id`,
        [zaaktypeId],
      );
      return rows.map((r) => r.uuid);
    },

    ...createConceptTypeRepository(pool, { table: 'zaaktypen', key: 'identificatie' }),
  };
}

export type ZaaktypeRepository = ReturnType<typeof createZaaktypeRepository>;
