import type { Queryable } from '../../db/pool.js';
import { type LinkedDocument, LINKED_COLUMNS, linkedJoin } from '../linked-document-repository.js';
import { type Grants, grantsSql } from '../list-repository.js';

/** SQL of the verzendingen; each row carries its document's latest IOT/VA for autorisatie. */
export interface VerzendingValues {
  betrokkene: string;
  aard_relatie: string;
  toelichting: string;
  ontvangstdatum: string | null;
  verzenddatum: string | null;
  contact_persoon: string;
  contactpersoonnaam: string;
  binnenlands_correspondentieadres: Record<string, unknown> | null;
  buitenlands_correspondentieadres: Record<string, unknown> | null;
  correspondentie_postadres: Record<string, unknown> | null;
  faxnummer: string | null;
  emailadres: string | null;
  mijn_overheid: boolean;
  telefoonnummer: string | null;
}

export interface VerzendingRow extends LinkedDocument, VerzendingValues {
  id: number;
  uuid: string;
}

/** The value columns, in insert order. */
const COLUMNS: readonly (keyof VerzendingValues)[] = [
  'betrokkene',
  'aard_relatie',
  'toelichting',
  'ontvangstdatum',
  'verzenddatum',
  'contact_persoon',
  'contactpersoonnaam',
  'binnenlands_correspondentieadres',
  'buitenlands_correspondentieadres',
  'correspondentie_postadres',
  'faxnummer',
  'emailadres',
  'mijn_overheid',
  'telefoonnummer',
];

const SELECT = `SELECT z.id, z.uuid, ${COLUMNS.map((c) => `z.${c}`).join(', ')}, ${LINKED_COLUMNS}
  FROM verzendingen z ${linkedJoin('z')}`;

export interface VerzendingListFilters {
  aardRelatie?: string;
  documentUuid?: string;
  betrokkene?: string;
}

export function createVerzendingenRepository(db: Queryable) {
  return {
    /** Newest first, as Open Zaak orders them; only rows of documents the grants cover. */
    async list(
      f: VerzendingListFilters,
      grants: Grants,
      page: { limit: number; offset: number },
    ): Promise<{ count: number; rows: VerzendingRow[] }> {
      const params: unknown[] = [];
      const p = (v: unknown) => {
        params.push(v);
        return `$${params.length}`;
      };
      const w = ['true'];
      if (f.aardRelatie !== undefined) w.push(`z.aard_relatie = ${p(f.aardRelatie)}`);
      if (f.documentUuid !== undefined) w.push(`d.uuid = ${p(f.documentUuid)}`);
      if (f.betrokkene !== undefined) w.push(`z.betrokkene = ${p(f.betrokkene)}`);
      if (grants !== null) w.push(grantsSql(grants, p));
      const where = w.join(' AND ');
      const count = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM verzendingen z ${linkedJoin('z')} WHERE ${where}`,
        params,
      );
      const rows = await db.query<VerzendingRow>(
        `${SELECT} WHERE ${where} ORDER BY z.id DESC LIMIT ${p(page.limit)} OFFSET ${p(page.offset)}`,
        params,
      );
      return { count: count.rows[0]?.n ?? 0, rows: rows.rows };
    },

    async find(uuid: string): Promise<VerzendingRow | undefined> {
      return (await db.query<VerzendingRow>(`${SELECT} WHERE z.uuid = $1`, [uuid])).rows[0];
    },

    async insert(row: { uuid: string; documentId: number; values: VerzendingValues }): Promise<void> {
      const placeholders = COLUMNS.map((_c, i) => `$${i + 3}`).join(', ');
      await db.query(
        `INSERT INTO verzendingen (uuid, document_id, ${COLUMNS.join(', ')}) VALUES ($1, $2, ${placeholders})`,
        [row.uuid, row.documentId, ...COLUMNS.map((c) => row.values[c])],
      );
    },

    async update(id: number, documentId: number, values: VerzendingValues): Promise<void> {
      const sets = COLUMNS.map((c, i) => `${c} = $${i + 3}`).join(', ');
      await db.query(`UPDATE verzendingen SET document_id = $2, ${sets} WHERE id = $1`, [
        id,
        documentId,
        ...COLUMNS.map((c) => values[c]),
      ]);
    },

    async delete(id: number): Promise<boolean> {
      const res = await db.query('DELETE FROM verzendingen WHERE id = $1', [id]);
      return (res.rowCount ?? 0) > 0;
    },
  };
}

export type VerzendingenRepository = ReturnType<typeof createVerzendingenRepository>;
