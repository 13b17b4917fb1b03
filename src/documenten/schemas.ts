import { type TSchema, Type } from '@sinclair/typebox';
import { VERTROUWELIJKHEIDAANDUIDINGEN } from '../auth/types.js';
import { INTEGRITEIT_ALGORITMEN, MAX_LENGTHS, ONDERTEKENING_SOORTEN, STATUSSEN } from './validation.js';

/**
 * TypeBox schemas of the Documenten API for the OpenAPI document and query strings.
 * Write bodies are documented here but validated by validateEioFields (validation.ts),
 * the one implementation of the field rules shared with the import.
 */
const enumOf = (values: readonly string[], extra: Record<string, unknown> = {}) =>
  Type.Unsafe<string>({ type: 'string', enum: [...values], ...extra });
const nullable = (s: TSchema) => Type.Unsafe({ ...s, type: [s.type as string, 'null'] });
const Str = (maxLength?: number, minLength?: number) => Type.String({ maxLength, minLength });
const DateStr = Type.String({ format: 'date' });

export const EioBody = Type.Object(
  {
    identificatie: Str(MAX_LENGTHS.identificatie),
    bronorganisatie: Str(9, 9),
    creatiedatum: DateStr,
    titel: Str(MAX_LENGTHS.titel, 1),
    vertrouwelijkheidaanduiding: enumOf(['', ...VERTROUWELIJKHEIDAANDUIDINGEN]),
    auteur: Str(MAX_LENGTHS.auteur, 1),
    status: enumOf(['', ...STATUSSEN]),
    formaat: Str(MAX_LENGTHS.formaat),
    taal: Str(3, 3),
    bestandsnaam: Str(MAX_LENGTHS.bestandsnaam),
    inhoud: nullable(Type.String({ description: 'base64, optionally with a data: prefix' })),
    bestandsomvang: nullable(Type.Integer({ minimum: 0 })),
    link: Str(MAX_LENGTHS.link),
    beschrijving: Str(MAX_LENGTHS.beschrijving),
    ontvangstdatum: nullable(DateStr),
    verzenddatum: nullable(DateStr),
    indicatieGebruiksrecht: nullable(Type.Boolean()),
    verschijningsvorm: Type.String(),
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
    lock: Type.String({ description: 'PUT/PATCH: the lock value' }),
  },
  { required: ['bronorganisatie', 'creatiedatum', 'titel', 'auteur', 'taal', 'informatieobjecttype'] },
);

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

export const OioQuery = Type.Partial(Type.Object({ informatieobject: Type.String(), object: Type.String() }));

export const OioBody = Type.Object({
  informatieobject: Type.String({ format: 'uri' }),
  object: Type.String({ format: 'uri', maxLength: 1000 }),
  objectType: enumOf(['besluit', 'zaak', 'verzoek']),
});
