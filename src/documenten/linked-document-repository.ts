import type { Queryable } from '../db/pool.js';

/**
 * The document a gebruiksrecht or verzending belongs to, as its autorisatie needs it (the
 * latest version's informatieobjecttype and vertrouwelijkheidaanduiding: Open Zaak's
 * `permission_main_object = "informatieobject"`) and as its audit
 * record and notification name it (bronorganisatie, identificatie).
 */
export interface LinkedDocument {
  document_id: number;
  document_uuid: string;
  bronorganisatie: string;
  identificatie: string;
  informatieobjecttype_url: string | null;
  /** uuid of the local informatieobjecttype, null for an external one. */
  iot_uuid: string | null;
  vertrouwelijkheidaanduiding: string;
}

export const LINKED_COLUMNS = `d.id AS document_id, d.uuid AS document_uuid, v.bronorganisatie, v.identificatie,
  v.informatieobjecttype_url, t.uuid AS iot_uuid, v.vertrouwelijkheidaanduiding`;

/** Joins of a table aliased `alias` with a `document_id` column to its document (aliases d, v, t). */
export const linkedJoin = (alias: string) => `JOIN documents d ON d.id = ${alias}.document_id
  JOIN document_versions v ON v.document_id = d.id AND v.latest
  LEFT JOIN informatieobjecttypen t ON t.id = v.informatieobjecttype_id`;

export function createLinkedDocumentRepository(db: Queryable) {
  return {
    async findByUuid(uuid: string): Promise<LinkedDocument | undefined> {
      const res = await db.query<LinkedDocument>(
        `SELECT ${LINKED_COLUMNS} FROM documents d
         JOIN document_versions v ON v.document_id = d.id AND v.latest
         LEFT JOIN informatieobjecttypen t ON t.id = v.informatieobjecttype_id
         WHERE d.uuid = $1`,
        [uuid],
      );
      return res.rows[0];
    },

    /** Holds the document row for the transaction (serialises with its updates and delete). */
    async lock(documentId: number): Promise<boolean> {
      const res = await db.query('SELECT id FROM documents WHERE id = $1 FOR UPDATE', [documentId]);
      return (res.rowCount ?? 0) > 0;
    },
  };
}
