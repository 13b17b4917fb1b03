import { Type } from '@sinclair/typebox';
import { nullable } from '../http/openapi.js';

/** The Documenten API `AuditTrail` schema (with `Wijzigingen`), serialising every answer. */
const BRONNEN = ['ac', 'nrc', 'zrc', 'ztc', 'drc', 'brc', 'cmc', 'kc', 'vrc'];
/** The serialised resource, any keys (`type: object, additionalProperties: {}` in the standard). */
const Json = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: {} });

export const AuditTrail = Type.Object({
  uuid: Type.String({ format: 'uuid', description: 'Unieke identificatie van de audit regel.' }),
  bron: Type.Unsafe<string>({ type: 'string', enum: BRONNEN }),
  applicatieId: Type.String({ maxLength: 100 }),
  applicatieWeergave: Type.String({ maxLength: 200 }),
  gebruikersId: Type.String({ maxLength: 255 }),
  gebruikersWeergave: Type.String({ maxLength: 255 }),
  actie: Type.String({ maxLength: 50 }),
  actieWeergave: Type.String({ maxLength: 200 }),
  resultaat: Type.Integer({ minimum: 100, maximum: 599 }),
  hoofdObject: Type.String({ format: 'uri', maxLength: 1000 }),
  resource: Type.String({ maxLength: 50 }),
  resourceUrl: Type.String({ format: 'uri', maxLength: 1000 }),
  toelichting: Type.String(),
  resourceWeergave: Type.String({ maxLength: 200 }),
  aanmaakdatum: Type.String({ format: 'date-time' }),
  wijzigingen: Type.Object({ oud: nullable(Json), nieuw: nullable(Json) }),
});

export const AuditTrailList = Type.Array(AuditTrail);

export const DocumentAuditParams = Type.Object({ enkelvoudiginformatieobject_uuid: Type.String() });
export const AuditRecordParams = Type.Object({
  enkelvoudiginformatieobject_uuid: Type.String(),
  uuid: Type.String(),
});

export const ImportAuditParams = Type.Object({ uuid: Type.String() });
