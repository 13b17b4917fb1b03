import type { AuditActie, AuditTrail } from '../audit/trail.js';
import type { AuthContext } from '../auth/types.js';
import type { Queryable } from '../db/pool.js';
import type { Notifier } from '../notifications/notifier.js';

/**
 * The one hook of every change made through the Documenten API (documents, bestandsdelen
 * completion by unlock, objectinformatieobjecten, gebruiksrechten, verzendingen): its audit
 * trail record and its notification on kanaal `documenten`, both in the transaction `q` of the
 * change, so a rolled-back change leaves neither. hoofdObject is the document (Open Zaak's
 * AUDIT_DRC main resource and KANAAL_DOCUMENTEN main resource); the kenmerken are the
 * document's. Lock and unlock are audited but send no notification (`enkelvoudiginformatieobject_lock`/`_unlock`,
 * as Open Zaak).
 */
export interface DocumentRef {
  uuid: string;
  url: string;
  bronorganisatie: string;
  identificatie: string;
  informatieobjecttype: string;
  vertrouwelijkheidaanduiding: string;
}

export interface DocumentChange {
  auth: AuthContext;
  actie: AuditActie;
  /** The HTTP status the operation answers (201, 200, 204). */
  resultaat: number;
  /** The document the change belongs to (for a destroy: as it was). */
  document: DocumentRef;
  /** enkelvoudiginformatieobject (default), objectinformatieobject, gebruiksrechten, verzending. */
  resource?: string;
  /** Default: the document's URL. */
  resourceUrl?: string;
  /** Default: the document's "bronorganisatie - identificatie" (Open Zaak's unique_representation). */
  resourceWeergave?: string;
  /** The serialised resource before and after (null for create resp. destroy). */
  oud: Record<string, unknown> | null;
  nieuw: Record<string, unknown> | null;
}

const SILENT: ReadonlySet<AuditActie> = new Set(['lock', 'unlock']);

/** A DocumentRef from an EIO resource as the API serialises it. */
export function documentRef(eio: Record<string, unknown>, uuid: string): DocumentRef {
  const text = (k: string) => (typeof eio[k] === 'string' ? (eio[k] as string) : '');
  return {
    uuid,
    url: text('url'),
    bronorganisatie: text('bronorganisatie'),
    identificatie: text('identificatie'),
    informatieobjecttype: text('informatieobjecttype'),
    vertrouwelijkheidaanduiding: text('vertrouwelijkheidaanduiding'),
  };
}

export function createDocumentChanges(deps: { audit: AuditTrail; notifications: Notifier }) {
  return {
    async record(q: Queryable, c: DocumentChange): Promise<void> {
      const d = c.document;
      const resource = c.resource ?? 'enkelvoudiginformatieobject';
      const resourceUrl = c.resourceUrl ?? d.url;
      // Destroying the document removes its audit trail (vng_api_common AuditTrailDestroyMixin,
      // `enkelvoudiginformatieobject_destroy`); the destroy record itself is kept, so who deleted it stays known.
      if (resource === 'enkelvoudiginformatieobject' && c.actie === 'destroy')
        await deps.audit.forget(q, d.uuid);
      await deps.audit.record(q, {
        auth: c.auth,
        actie: c.actie,
        resultaat: c.resultaat,
        hoofdObject: { url: d.url, uuid: d.uuid },
        resource,
        resourceUrl,
        resourceWeergave: c.resourceWeergave ?? `${d.bronorganisatie} - ${d.identificatie}`,
        oud: c.oud,
        nieuw: c.nieuw,
        informatieobjecttype: d.informatieobjecttype,
        vertrouwelijkheidaanduiding: d.vertrouwelijkheidaanduiding,
      });
      if (SILENT.has(c.actie)) return;
      await deps.notifications.publish(q, {
        kanaal: 'documenten',
        hoofdObject: d.url,
        resource,
        resourceUrl,
        actie: c.actie,
        kenmerken: {
          bronorganisatie: d.bronorganisatie,
          informatieobjecttype: d.informatieobjecttype,
          vertrouwelijkheidaanduiding: d.vertrouwelijkheidaanduiding,
        },
      });
    },
  };
}

export type DocumentChanges = ReturnType<typeof createDocumentChanges>;
