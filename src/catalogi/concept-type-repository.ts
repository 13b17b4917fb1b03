import type pg from 'pg';
import type { GeldigheidKey } from './geldigheid.js';

/** The two type tables and the column that, per catalogus, may not be valid twice at once. */
export type ConceptTypeTable =
  | { table: 'informatieobjecttypen'; key: 'omschrijving' }
  | { table: 'zaaktypen'; key: 'identificatie' };

/**
 * SQL informatieobjecttypen and zaaktypen share (Catalogi API 1.3): a type is created as
 * concept, published once (`POST …/{uuid}/publish`) and deleted only while it is a concept;
 * its key is unique within its catalogus and geldigheid (geldigheid.ts).
 */
export function createConceptTypeRepository(pool: pg.Pool, { table, key }: ConceptTypeTable) {
  return {
    /** false when no type has this uuid. */
    async publish(uuid: string): Promise<boolean> {
      const { rowCount } = await pool.query(`update ${table} set concept = false where uuid = $1`, [uuid]);
      return (rowCount ?? 0) > 0;
    },

    /**
     * Another type of the catalogus with the same key whose geldigheid overlaps
     * [begin, einde] (an empty end is an open interval); `exceptUuid` is the type itself.
     */
    async overlapsGeldigheid(v: GeldigheidKey): Promise<boolean> {
      const { rows } = await pool.query(
        `select 1 from ${table}
         where catalogus_id = $1 and ${key} = $2 and ($5::uuid is null or uuid <> $5)
           and (einde_geldigheid is null or einde_geldigheid >= $3)
           and ($4::date is null or begin_geldigheid <= $4)
         limit 1`,
        [v.catalogusId, v.key, v.begin, v.einde ?? null, v.exceptUuid ?? null],
      );
      return rows.length > 0;
    },

    /** false when the type does not exist or is no longer a concept. */
    async deleteConcept(uuid: string): Promise<boolean> {
      const { rowCount } = await pool.query(`delete from ${table} where uuid = $1 and concept`, [uuid]);
      return (rowCount ?? 0) > 0;
    },
  };
}
