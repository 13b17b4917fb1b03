import type { Static } from '@sinclair/typebox';
import type { AuditRow } from './repository.js';
import type { AuditTrail } from './schemas.js';

/** `…000000Z` → `…Z`: microseconds only when the time has them (as every datetime of the API). */
const formatDatetime = (text: string): string => text.replace(/\.0{6}Z$/, 'Z').replace(/(\.\d*?)0+Z$/, '$1Z');

/** Audit row → the `AuditTrail` resource, keys in the standard's order. */
export function toAuditTrail(r: AuditRow): Static<typeof AuditTrail> {
  return {
    uuid: r.uuid,
    bron: r.bron,
    applicatieId: r.applicatieId,
    applicatieWeergave: r.applicatieWeergave,
    gebruikersId: r.gebruikersId,
    gebruikersWeergave: r.gebruikersWeergave,
    actie: r.actie,
    actieWeergave: r.actieWeergave,
    resultaat: r.resultaat,
    hoofdObject: r.hoofdObject,
    resource: r.resource,
    resourceUrl: r.resourceUrl,
    toelichting: r.toelichting,
    resourceWeergave: r.resourceWeergave,
    aanmaakdatum: formatDatetime(r.aanmaakdatum),
    wijzigingen: { oud: r.oud, nieuw: r.nieuw },
  };
}
