import { type Static, type TOptional, type TSchema, Type } from '@sinclair/typebox';
import { VERTROUWELIJKHEIDAANDUIDINGEN } from '../auth/types.js';
import { AuditHeaders } from '../http/openapi.js';

/**
 * TypeBox schemas of the Zaken API subset (Zaken API 1.5.1 field names). Unknown keys
 * are allowed and ignored (ZGW API conventions, as Open Zaak); read-only keys are not in the
 * request schemas, so a client sending them has them ignored too.
 */

/** Year 0000 passes the `date` format but PostgreSQL refuses it: reject it as invalid. */
const NOT_YEAR_ZERO = '^(?!0000)';
export const DateStr = Type.String({ format: 'date', pattern: NOT_YEAR_ZERO });
const nullable = <T extends TSchema>(schema: T, extra: Record<string, unknown> = {}) =>
  Type.Unsafe<Static<T> | null>({ ...schema, ...extra, type: [schema.type as string, 'null'] });

export const NullableDate = nullable(DateStr);
export const NullableDateTime = nullable(Type.String({ format: 'date-time', pattern: NOT_YEAR_ZERO }));
const enumOf = <T extends string>(values: readonly T[], extra: Record<string, unknown> = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...extra });

export const VertrouwelijkheidaanduidingSchema = enumOf(VERTROUWELIJKHEIDAANDUIDINGEN);
export const ARCHIEFSTATUSSEN = [
  'nog_te_archiveren',
  'gearchiveerd',
  'gearchiveerd_procestermijn_onbekend',
  'overgedragen',
] as const;
export const ARCHIEFNOMINATIES = ['', 'blijvend_bewaren', 'vernietigen'] as const;
export const BETALINGSINDICATIES = ['', 'nvt', 'nog_niet', 'gedeeltelijk', 'geheel'] as const;

const UrlOrBlank = Type.String({ maxLength: 1000 });

/** Writable zaak fields; required ones are added for create. */
const zaakFields = {
  identificatie: Type.String({ maxLength: 40 }),
  bronorganisatie: Type.String(),
  omschrijving: Type.String({ maxLength: 80 }),
  toelichting: Type.String({ maxLength: 1000 }),
  zaaktype: Type.String({ minLength: 1, maxLength: 1000 }),
  registratiedatum: DateStr,
  verantwoordelijkeOrganisatie: Type.String(),
  startdatum: DateStr,
  einddatumGepland: NullableDate,
  uiterlijkeEinddatumAfdoening: NullableDate,
  publicatiedatum: NullableDate,
  communicatiekanaal: UrlOrBlank,
  communicatiekanaalNaam: Type.String({ maxLength: 250 }),
  productenOfDiensten: Type.Array(Type.String({ maxLength: 1000 })),
  vertrouwelijkheidaanduiding: VertrouwelijkheidaanduidingSchema,
  betalingsindicatie: enumOf(BETALINGSINDICATIES),
  laatsteBetaaldatum: NullableDateTime,
  selectielijstklasse: UrlOrBlank,
  archiefnominatie: Type.Unsafe<(typeof ARCHIEFNOMINATIES)[number] | null>({
    type: ['string', 'null'],
    enum: [...ARCHIEFNOMINATIES, null],
  }),
  archiefstatus: enumOf(ARCHIEFSTATUSSEN),
  archiefactiedatum: NullableDate,
  opdrachtgevendeOrganisatie: Type.String({ maxLength: 9 }),
  processobjectaard: Type.String({ maxLength: 200 }),
  startdatumBewaartermijn: NullableDate,
  opschorting: nullable(
    Type.Object({
      indicatie: Type.Boolean(),
      reden: Type.String({ maxLength: 200 }),
    }),
  ),
  verlenging: nullable(
    Type.Object({
      reden: Type.String({ maxLength: 200 }),
      duur: nullable(Type.String({ maxLength: 50 })),
    }),
  ),
  kenmerken: Type.Array(
    Type.Object({
      kenmerk: Type.String({ minLength: 1, maxLength: 40 }),
      bron: Type.String({ minLength: 1, maxLength: 40 }),
    }),
  ),
};

const optional = <T extends Record<string, TSchema>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof T]: TOptional<T[K]>;
  };

export const ZaakCreateBody = Type.Object({
  ...optional(zaakFields),
  bronorganisatie: zaakFields.bronorganisatie,
  verantwoordelijkeOrganisatie: zaakFields.verantwoordelijkeOrganisatie,
  startdatum: zaakFields.startdatum,
  zaaktype: zaakFields.zaaktype,
});
export type ZaakCreateBody = Static<typeof ZaakCreateBody>;

export const ZaakPatchBody = Type.Object(optional(zaakFields));
export type ZaakPatchBody = Static<typeof ZaakPatchBody>;

const NullableUrl = nullable(Type.String({ format: 'uri', maxLength: 1000 }));
/**
 * The zaak as this server answers with it (mapper.ts): serialises every response and
 * documents it. Every key is always sent, so every key is required (the serializer writes
 * required keys first; this keeps Open Zaak's key order). URL fields that are "" when
 * unset carry no `format`; this subset has no geometry (zaakgeometrie is always null).
 */
export const Zaak = Type.Object({
  url: Type.String({ format: 'uri' }),
  uuid: Type.String({ format: 'uuid' }),
  identificatie: Type.String(),
  bronorganisatie: Type.String(),
  omschrijving: Type.String(),
  toelichting: Type.String(),
  zaaktype: Type.String({ format: 'uri' }),
  registratiedatum: Type.String({ format: 'date' }),
  verantwoordelijkeOrganisatie: Type.String(),
  startdatum: Type.String({ format: 'date' }),
  einddatum: NullableDate,
  einddatumGepland: NullableDate,
  uiterlijkeEinddatumAfdoening: NullableDate,
  publicatiedatum: NullableDate,
  communicatiekanaal: Type.String(),
  communicatiekanaalNaam: Type.String(),
  productenOfDiensten: Type.Array(Type.String()),
  vertrouwelijkheidaanduiding: VertrouwelijkheidaanduidingSchema,
  betalingsindicatie: enumOf(BETALINGSINDICATIES),
  betalingsindicatieWeergave: Type.String(),
  laatsteBetaaldatum: NullableDateTime,
  zaakgeometrie: Type.Null(),
  verlenging: nullable(Type.Object({ reden: Type.String(), duur: nullable(Type.String()) })),
  opschorting: nullable(Type.Object({ indicatie: Type.Boolean(), reden: Type.String() })),
  selectielijstklasse: Type.String(),
  hoofdzaak: NullableUrl,
  deelzaken: Type.Array(Type.String({ format: 'uri' })),
  relevanteAndereZaken: Type.Array(
    Type.Object({
      url: Type.String({ format: 'uri' }),
      aardRelatie: enumOf(['vervolg', 'onderwerp', 'bijdrage']),
    }),
  ),
  eigenschappen: Type.Array(Type.String({ format: 'uri' })),
  rollen: Type.Array(Type.String({ format: 'uri' })),
  status: NullableUrl,
  zaakinformatieobjecten: Type.Array(Type.String({ format: 'uri' })),
  zaakobjecten: Type.Array(Type.String({ format: 'uri' })),
  kenmerken: Type.Array(Type.Object({ kenmerk: Type.String(), bron: Type.String() })),
  archiefnominatie: Type.Unsafe<(typeof ARCHIEFNOMINATIES)[number] | null>({
    type: ['string', 'null'],
    enum: [...ARCHIEFNOMINATIES, null],
  }),
  archiefstatus: enumOf(ARCHIEFSTATUSSEN),
  archiefactiedatum: NullableDate,
  resultaat: NullableUrl,
  opdrachtgevendeOrganisatie: Type.String(),
  processobjectaard: nullable(Type.String()),
  startdatumBewaartermijn: NullableDate,
  processobject: Type.Null(),
});
export type Zaak = Static<typeof Zaak>;

export const ZaakList = Type.Object({
  count: Type.Integer(),
  next: nullable(Type.String({ format: 'uri' })),
  previous: nullable(Type.String({ format: 'uri' })),
  results: Type.Array(Zaak),
});

export const ZaakListQuery = Type.Object({
  identificatie: Type.Optional(Type.String()),
  bronorganisatie: Type.Optional(Type.String()),
  zaaktype: Type.Optional(Type.String()),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type ZaakListQuery = Static<typeof ZaakListQuery>;

/** A path uuid that is not a uuid is a 404 (no such resource), checked by the service. */
export const UuidParams = Type.Object({ uuid: Type.String() });

/**
 * Required as crs.ts demands them (412 when missing, 406 for another CRS: crs.ts runs
 * before validation, so these never give a 400). Write headers of the standard included.
 */
const AcceptCrs = Type.String({ enum: ['EPSG:4326'], description: 'Het gewenste EPSG coördinatenstelsel.' });
const ContentCrs = Type.String({
  enum: ['EPSG:4326'],
  description: 'Het EPSG coördinatenstelsel van de body.',
});
export const CrsHeaders = Type.Object({ 'accept-crs': AcceptCrs });
export const CrsBodyHeaders = Type.Object({
  'accept-crs': AcceptCrs,
  'content-crs': ContentCrs,
  ...AuditHeaders,
});
