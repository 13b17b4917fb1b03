import type pg from 'pg';
import { pagedQuery } from '../db/paged-query.js';
import type { CatalogusInput } from './schemas.js';

/** SQL for catalogussen (Catalogi API 1.3 `catalogussen`). */
export interface CatalogusRow {
  id: number;
  uuid: string;
  domein: string;
  rsin: string;
  contactpersoonBeheerNaam: string;
  contactpersoonBeheerTelefoonnummer: string;
  contactpersoonBeheerEmailadres: string;
  naam: string;
  versie: string;
  begindatumVersie: string | null;
  informatieobjecttypen: string[];
  zaaktypen: string[];
}

const COLUMNS = `select c.id, c.uuid, c.domein, c.rsin,
  c.contactpersoon_beheer_naam as "contactpersoonBeheerNaam",
  c.contactpersoon_beheer_telefoonnummer as "contactpersoonBeheerTelefoonnummer",
  c.contactpersoon_beheer_emailadres as "contactpersoonBeheerEmailadres",
  c.naam, c.versie, c.begindatum_versie as "begindatumVersie",
  array(select t.uuid::text from informatieobjecttypen t where t.catalogus_id = c.id order by t.id) as informatieobjecttypen,
  array(select z.uuid::text from zaaktypen z where z.catalogus_id = c.id order by z.id) as zaaktypen`;
const FROM = `from catalogussen c`;
const SELECT = `${COLUMNS} ${FROM}`;

export function createCatalogusRepository(pool: pg.Pool) {
  return {
    async insert(uuid: string, c: CatalogusInput): Promise<void> {
      await pool.query(
        `insert into catalogussen (uuid, domein, rsin, contactpersoon_beheer_naam, contactpersoon_beheer_telefoonnummer,
           contactpersoon_beheer_emailadres, naam, versie, begindatum_versie)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          uuid,
          c.domein,
          c.rsin,
          c.contactpersoonBeheerNaam,
          c.contactpersoonBeheerTelefoonnummer ?? '',
          c.contactpersoonBeheerEmailadres ?? '',
          c.naam ?? '',
          c.versie ?? '',
          c.begindatumVersie ?? null,
        ],
      );
    },

    async get(uuid: string): Promise<CatalogusRow | undefined> {
      const { rows } = await pool.query<CatalogusRow>(`${SELECT} where c.uuid = $1`, [uuid]);
      return rows[0];
    },

    async idByUuid(uuid: string): Promise<number | undefined> {
      const { rows } = await pool.query<{ id: number }>('select id from catalogussen where uuid = $1', [
        uuid,
      ]);
      return rows[0]?.id;
    },

    async list(
      f: { domein?: string; rsin?: string },
      limit: number,
      offset: number,
    ): Promise<{ count: number; rows: CatalogusRow[] }> {
      const where = `where ($1::text is null or c.domein = $1) and ($2::text is null or c.rsin = $2)`;
      const params = [f.domein ?? null, f.rsin ?? null];
      return pagedQuery<CatalogusRow>(
        pool,
        { select: COLUMNS, from: `${FROM} ${where}`, orderBy: 'c.id', params },
        limit,
        offset,
      );
    },
  };
}

export type CatalogusRepository = ReturnType<typeof createCatalogusRepository>;
