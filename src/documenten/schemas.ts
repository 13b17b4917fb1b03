import { type TSchema, Type } from '@sinclair/typebox';
import { VERTROUWELIJKHEIDAANDUIDINGEN } from '../auth/types.js';
import { objectWithRequired } from '../http/openapi.js';
import {
  EIO_CREATE_REQUIRED,
  eioProperties,
  INTEGRITEIT_ALGORITMEN,
  MAX_LENGTHS,
  ONDERTEKENING_SOORTEN,
  type PlainField,
  plainFieldSchema,
} from './fields.js';

/**
 * TypeBox schemas of the Documenten API requests: query strings (validated by AJV) and the
 * write bodies. The EIO bodies document the request; they are validated by
 * validateEioFields (validation.ts), the one implementation of the field rules shared with
 * the import, which reports `required` for exactly EIO_CREATE_REQUIRED (a test holds them
 * together). Both come from the field table (fields.ts).
 */
const enumOf = (values: readonly string[], extra: Record<string, unknown> = {}) =>
  Type.Unsafe<string>({ type: 'string', enum: [...values], ...extra });
const nullable = (s: TSchema) => Type.Unsafe({ ...s, type: [s.type as string, 'null'] });
const Str = (maxLength?: number, minLength?: number) => Type.String({ maxLength, minLength });
const DateStr = Type.String({ format: 'date' });

/** A text as a request carries it: with its limits, a URL with its format. */
const bodyText = (f: PlainField) =>
  Type.String({ ...(f.url ? { format: 'uri' } : {}), maxLength: f.maxLength, minLength: f.minLength });

const eioBodyFields = eioProperties<TSchema>((f) => plainFieldSchema(f, bodyText), {
  inhoud: nullable(
    Type.String({ format: 'byte', description: 'base64, optioneel met een data:-prefix; "" = geen bestand' }),
  ),
  bestandsomvang: nullable(
    Type.Integer({ minimum: 0, format: 'int64', description: '> 0 zonder inhoud: upload in bestandsdelen' }),
  ),
  ondertekening: nullable(Type.Object({ soort: enumOf(ONDERTEKENING_SOORTEN), datum: DateStr })),
  integriteit: nullable(
    Type.Object({
      algoritme: enumOf(INTEGRITEIT_ALGORITMEN),
      waarde: Str(MAX_LENGTHS.integriteitWaarde),
      datum: DateStr,
    }),
  ),
  informatieobjecttype: Type.String({ format: 'uri', maxLength: MAX_LENGTHS.informatieobjecttype }),
  trefwoorden: Type.Array(Str(MAX_LENGTHS.trefwoord)),
});
const eioBodyWithLock: Record<string, TSchema> = {
  ...eioBodyFields,
  lock: Type.String({ description: 'De lock-ID van POST .../lock' }),
};

/** The fields a create and a PUT must carry (Documenten API schema EnkelvoudigInformatieObject). */
export { EIO_CREATE_REQUIRED };

export const EioCreateBody = objectWithRequired(eioBodyFields, EIO_CREATE_REQUIRED);
/** PUT: the create fields plus the lock. */
export const EioUpdateBody = objectWithRequired(eioBodyWithLock, [...EIO_CREATE_REQUIRED, 'lock']);
/** PATCH: nothing required (the lock is checked by the service: missing-lock-id). */
export const EioPatchBody = objectWithRequired(eioBodyWithLock, []);

/** POST .../unlock: the lock, unless the caller may force the unlock. */
export const UnlockBody = Type.Object({ lock: Type.Optional(Type.String({ maxLength: 100 })) });

/** POST _zoek (EIOZoekRequest; `uuid__in` arrives camelised as `uuid_In`). Checked by the route. */
export const ZoekBody = Type.Object({
  uuid_In: Type.Array(Type.String({ format: 'uuid' }), { description: 'uuid__in' }),
  expand: Type.Optional(Type.String({ minLength: 1 })),
  identificatie: Type.Optional(Type.String()),
  bronorganisatie: Type.Optional(Type.String()),
});

export const UuidParams = Type.Object({ uuid: Type.String() });

const Page = {
  page: Type.Integer({ minimum: 1 }),
  pageSize: Type.Integer({ minimum: 1, description: 'default 100, maximum 500' }),
};
const Expand = Type.String({ description: 'informatieobjecttype' });

export const ListQuery = Type.Partial(
  Type.Object({
    identificatie: Type.String(),
    bronorganisatie: Type.String(),
    informatieobjecttype: Type.String(),
    vertrouwelijkheidaanduiding: enumOf(VERTROUWELIJKHEIDAANDUIDINGEN),
    locked: Type.Boolean(),
    titel: Type.String(),
    auteur: Type.String(),
    beschrijving: Type.String(),
    creatiedatum__gte: DateStr,
    creatiedatum__lte: DateStr,
    trefwoorden: Type.String({ description: 'comma list; all must be present' }),
    trefwoorden__overlap: Type.String({ description: 'comma list; any' }),
    objectinformatieobjecten__object: Type.String(),
    objectinformatieobjecten__objectType: enumOf(['besluit', 'zaak', 'verzoek']),
    ordering: Type.String(),
    expand: Expand,
    ...Page,
  }),
);

export const VersionQuery = Type.Partial(
  Type.Object({
    versie: Type.Integer({ minimum: 1 }),
    registratieOp: Type.String({ format: 'date-time' }),
  }),
);

export const RetrieveQuery = Type.Partial(
  Type.Object({
    versie: Type.Integer({ minimum: 1 }),
    registratieOp: Type.String({ format: 'date-time' }),
    expand: Expand,
  }),
);

export const ZoekQuery = Type.Partial(Type.Object({ expand: Expand, ...Page }));

const OioExpand = Type.String({
  description: 'informatieobject, informatieobject.informatieobjecttype, object (komma-gescheiden)',
});
export const OioQuery = Type.Partial(
  Type.Object({ informatieobject: Type.String(), object: Type.String(), expand: OioExpand }),
);
export const OioRetrieveQuery = Type.Partial(Type.Object({ expand: OioExpand }));

export const OioBody = Type.Object({
  informatieobject: Type.String({ format: 'uri' }),
  object: Type.String({ format: 'uri', maxLength: 1000 }),
  objectType: enumOf(['besluit', 'zaak', 'verzoek']),
});
