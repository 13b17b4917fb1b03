import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Actor, AuthContext } from '../auth/types.js';
import type { Queryable } from '../db/pool.js';
import { type AuditRepository, createAuditRepository } from './repository.js';

/**
 * Writes audit trail records (Documenten API `AuditTrail`), always with the transaction client
 * of the change, so a change that rolls back leaves no record. The fields follow
 * vng_api_common's AuditTrailMixin.create_audittrail: the applicatie of the caller's client id,
 * the JWT claims user_id/user_representation, the X-Audit-Toelichting header.
 */
export type AuditActie =
  | 'create'
  | 'update'
  | 'partial_update'
  | 'destroy'
  | 'lock'
  | 'unlock'
  | 'cancel'
  | 'finish'
  | 'error';

/** vng_api_common CommonResourceAction labels; lock/unlock and the import's own words. */
const ACTIE_WEERGAVE: Record<AuditActie, string> = {
  create: 'Object aangemaakt',
  update: 'Object bijgewerkt',
  partial_update: 'Object deels bijgewerkt',
  destroy: 'Object verwijderd',
  lock: 'Object vergrendeld',
  unlock: 'Object ontgrendeld',
  cancel: 'Import geannuleerd',
  finish: 'Import voltooid',
  error: 'Import beëindigd met een fout',
};

export interface AuditEntry {
  /** The caller; undefined for work the server does on its own (the import worker). */
  auth?: AuthContext;
  /** Who did it when there is no caller (e.g. "import-worker"). */
  systemActor?: string;
  actie: AuditActie;
  /** The HTTP status the operation answers. */
  resultaat: number;
  hoofdObject: { url: string; uuid: string };
  /** vng_api_common's basename: enkelvoudiginformatieobject, objectinformatieobject, gebruiksrechten, ... */
  resource: string;
  resourceUrl: string;
  resourceWeergave: string;
  oud: Record<string, unknown> | null;
  nieuw: Record<string, unknown> | null;
  /** The document's type URL and VA at the time (authorises reading after a destroy). */
  informatieobjecttype?: string;
  vertrouwelijkheidaanduiding?: string;
}

const NO_ACTOR: Actor = {
  applicatieId: '',
  applicatieWeergave: '',
  gebruikersId: '',
  gebruikersWeergave: '',
  toelichting: '',
};

export function createAuditTrail(pool: pg.Pool, repo: AuditRepository = createAuditRepository(pool)) {
  return {
    repo,
    async record(q: Queryable, e: AuditEntry): Promise<void> {
      const actor = e.auth?.actor ?? { ...NO_ACTOR, applicatieWeergave: e.systemActor ?? '' };
      await repo.insert(q, {
        uuid: randomUUID(),
        bron: 'drc',
        ...actor,
        applicatieId: actor.applicatieId || (e.auth?.clientId ?? ''),
        actie: e.actie,
        actieWeergave: ACTIE_WEERGAVE[e.actie],
        resultaat: e.resultaat,
        hoofdObject: e.hoofdObject.url,
        hoofdObjectUuid: e.hoofdObject.uuid,
        resource: e.resource,
        resourceUrl: e.resourceUrl,
        resourceWeergave: e.resourceWeergave.slice(0, 200),
        oud: e.oud,
        nieuw: e.nieuw,
        informatieobjecttype: e.informatieobjecttype ?? '',
        vertrouwelijkheidaanduiding: e.vertrouwelijkheidaanduiding ?? '',
      });
    },
    /** vng_api_common: destroying the main resource removes its audit trail. */
    forget: (q: Queryable, hoofdObjectUuid: string) => repo.deleteForHoofdObject(q, hoofdObjectUuid),
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;
