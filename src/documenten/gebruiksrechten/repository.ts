import type { Queryable } from '../../db/pool.js';
import { type LinkedDocument, LINKED_COLUMNS, linkedJoin } from '../linked-document-repository.js';
import { type Grants, grantsSql } from '../list-repository.js';

/**
 * SQL of the gebruiksrechten, and of the document indication they keep
 * (`indicatieGebruiksrecht` on the document's latest version). Each row carries its
 * document's latest IOT/VA for autorisatie.
 */
export interface GebruiksrechtRow extends LinkedDocument {
  id: number;
  uuid: string;
  /** UTC text `YYYY-MM-DDTHH:MM:SS.uuuuuuZ` (selected so microseconds survive). */
  startdatum: string;
  einddatum: string | null;
  omschrijving_voorwaarden: string;
}

export interface GebruiksrechtValues {
  startdatum: string;
  einddatum: string | null;
  omschrijvingVoorwaarden: string;
}

export type Comparison = 'lt' | 'lte' | 'gt' | 'gte';
const OPERATORS: Record<Comparison, string> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

export interface GebruiksrechtListFilters {
  documentUuid?: string;
  dates: { column: 'startdatum' | 'einddatum'; op: Comparison; value: string }[];
}

const utc = (column: string) =>
  `to_char(g.${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS ${column}`;

const SELECT = `SELECT g.id, g.uuid, ${utc('startdatum')}, ${utc('einddatum')}, g.omschrijving_voorwaarden,
  ${LINKED_COLUMNS}
  FROM gebruiksrechten g ${linkedJoin('g')}`;

export function createGebruiksrechtenRepository(db: Queryable) {
  return {
    /** Oldest first; only rows of documents the grants cover (null: all). */
    async list(f: GebruiksrechtListFilters, grants: Grants): Promise<GebruiksrechtRow[]> {
      const params: unknown[] = [];
      const p = (v: unknown) => {
        params.push(v);
        return `$${params.length}`;
      };
      const w = ['true'];
      if (f.documentUuid !== undefined) w.push(`d.uuid = ${p(f.documentUuid)}`);
      for (const d of f.dates) w.push(`g.${d.column} ${OPERATORS[d.op]} ${p(d.value)}::timestamptz`);
      if (grants !== null) w.push(grantsSql(grants, p));
      const res = await db.query<GebruiksrechtRow>(
        `${SELECT} WHERE ${w.join(' AND ')} ORDER BY g.id`,
        params,
      );
      return res.rows;
    },

    async find(uuid: string): Promise<GebruiksrechtRow | undefined> {
      return (await db.query<GebruiksrechtRow>(`${SELECT} WHERE g.uuid = $1`, [uuid])).rows[0];
    },

    async insert(row: { uuid: string; documentId: number } & GebruiksrechtValues): Promise<void> {
      await db.query(
        `INSERT INTO gebruiksrechten (uuid, document_id, startdatum, einddatum, omschrijving_voorwaarden)
         VALUES ($1, $2, $3, $4, $5)`,
        [row.uuid, row.documentId, row.startdatum, row.einddatum, row.omschrijvingVoorwaarden],
      );
    },

    async update(id: number, values: GebruiksrechtValues): Promise<void> {
      await db.query(
        `UPDATE gebruiksrechten SET startdatum = $2, einddatum = $3, omschrijving_voorwaarden = $4 WHERE id = $1`,
        [id, values.startdatum, values.einddatum, values.omschrijvingVoorwaarden],
      );
    },

    /** Deletes one; answers whether it existed. */
    async delete(id: number): Promise<boolean> {
      const res = await db.query('DELETE FROM gebruiksrechten WHERE id = $1', [id]);
      return (res.rowCount ?? 0) > 0;
    },

    async existFor(documentId: number): Promise<boolean> {
      const res = await db.query('SELECT 1 FROM gebruiksrechten WHERE document_id = $1 LIMIT 1', [
        documentId,
      ]);
      return (res.rowCount ?? 0) > 0;
    },

    /**
     * The indication on the latest version, in place (no new versie: Open Zaak's EIO versioning).
     * beginRegistratie is left as it is, so `registratieOp` keeps finding this version.
     */
    async setIndicatie(documentId: number, value: true | null): Promise<void> {
      await db.query(
        'UPDATE document_versions SET indicatie_gebruiksrecht = $2 WHERE document_id = $1 AND latest',
        [documentId, value],
      );
    },
  };
}

export type GebruiksrechtenRepository = ReturnType<typeof createGebruiksrechtenRepository>;
