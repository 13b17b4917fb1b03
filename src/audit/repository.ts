import type pg from 'pg';
import type { Queryable } from '../db/pool.js';

/**
 * SQL of the audit trail (table audit_trail, migration 0008). Records are only inserted
 * (in the transaction of the change they describe) and read; the records of a document
 * are removed when the document is destroyed, as vng_api_common's AuditTrailDestroyMixin does.
 */
export interface AuditRow {
  uuid: string;
  bron: string;
  applicatieId: string;
  applicatieWeergave: string;
  gebruikersId: string;
  gebruikersWeergave: string;
  actie: string;
  actieWeergave: string;
  resultaat: number;
  hoofdObject: string;
  hoofdObjectUuid: string;
  resource: string;
  resourceUrl: string;
  resourceWeergave: string;
  toelichting: string;
  /** ISO 8601 UTC text with microseconds. */
  aanmaakdatum: string;
  oud: Record<string, unknown> | null;
  nieuw: Record<string, unknown> | null;
  informatieobjecttype: string;
  vertrouwelijkheidaanduiding: string;
}

export type HoofdObjectKind = 'document' | 'import';

export type NewAuditRow = Omit<AuditRow, 'aanmaakdatum'>;

const COLUMNS = `uuid, bron, applicatie_id as "applicatieId", applicatie_weergave as "applicatieWeergave",
  gebruikers_id as "gebruikersId", gebruikers_weergave as "gebruikersWeergave", actie,
  actie_weergave as "actieWeergave", resultaat, hoofd_object as "hoofdObject",
  hoofd_object_uuid as "hoofdObjectUuid", resource, resource_url as "resourceUrl",
  resource_weergave as "resourceWeergave", toelichting,
  to_char(aanmaakdatum at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as aanmaakdatum, oud, nieuw,
  informatieobjecttype, vertrouwelijkheidaanduiding`;

/** The latest version's type and VA of a document, to authorise reading its audit trail. */
export interface DocumentAccess {
  iotUuid: string | null;
  iotUrl: string | null;
  vertrouwelijkheidaanduiding: string;
}

export function createAuditRepository(pool: pg.Pool) {
  return {
    /** `q` is the client of the transaction that makes the change. */
    async insert(q: Queryable, r: NewAuditRow): Promise<void> {
      await q.query(
        `insert into audit_trail (uuid, bron, applicatie_id, applicatie_weergave, gebruikers_id,
           gebruikers_weergave, actie, actie_weergave, resultaat, hoofd_object, hoofd_object_uuid, resource,
           resource_url, resource_weergave, toelichting, oud, nieuw, informatieobjecttype,
           vertrouwelijkheidaanduiding, aanmaakdatum)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
           clock_timestamp())`,
        [
          r.uuid,
          r.bron,
          r.applicatieId,
          r.applicatieWeergave,
          r.gebruikersId,
          r.gebruikersWeergave,
          r.actie,
          r.actieWeergave,
          r.resultaat,
          r.hoofdObject,
          r.hoofdObjectUuid,
          r.resource,
          r.resourceUrl,
          r.resourceWeergave,
          r.toelichting,
          r.oud === null ? null : JSON.stringify(r.oud),
          r.nieuw === null ? null : JSON.stringify(r.nieuw),
          r.informatieobjecttype,
          r.vertrouwelijkheidaanduiding,
        ],
      );
    },

    async deleteForHoofdObject(q: Queryable, hoofdObjectUuid: string): Promise<void> {
      await q.query('delete from audit_trail where hoofd_object_uuid = $1', [hoofdObjectUuid]);
    },

    /** Oldest first, as vng_api_common orders them (aanmaakdatum). */
    /** `kind`: the records of a document, or of an import (resource `import`). */
    async list(hoofdObjectUuid: string, kind: HoofdObjectKind): Promise<AuditRow[]> {
      const { rows } = await pool.query<AuditRow>(
        `select ${COLUMNS} from audit_trail
          where hoofd_object_uuid = $1 and (resource = 'import') = $2 order by id`,
        [hoofdObjectUuid, kind === 'import'],
      );
      return rows;
    },

    async documentAccess(documentUuid: string): Promise<DocumentAccess | undefined> {
      const { rows } = await pool.query<DocumentAccess>(
        `select t.uuid::text as "iotUuid", v.informatieobjecttype_url as "iotUrl",
                v.vertrouwelijkheidaanduiding
           from documents d
           join document_versions v on v.document_id = d.id and v.versie = d.latest_versie
           left join informatieobjecttypen t on t.id = v.informatieobjecttype_id
          where d.uuid = $1`,
        [documentUuid],
      );
      return rows[0];
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
