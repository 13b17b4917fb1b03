import { type Static, type TOptional, type TSchema, Type } from '@sinclair/typebox';
import { VERTROUWELIJKHEIDAANDUIDINGEN } from '../auth/types.js';

/**
 * TypeBox schemas of the Zaken API subset (Zaken API 1.5.1 field names). Unknown keys
 * are allowed and ignored (documenten-api.md §0); read-only keys are not in the
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
  vertrouwelijkheidaanduiding: Type.String(),
  betalingsindicatie: Type.String(),
  betalingsindicatieWeergave: Type.String(),
  laatsteBetaaldatum: NullableDateTime,
  zaakgeometrie: Type.Null(),
  verlenging: Type.Unknown(),
  opschorting: Type.Unknown(),
  selectielijstklasse: Type.String(),
  hoofdzaak: NullableUrl,
  deelzaken: Type.Array(Type.String()),
  relevanteAndereZaken: Type.Array(Type.Unknown()),
  eigenschappen: Type.Array(Type.String()),
  rollen: Type.Array(Type.String()),
  status: NullableUrl,
  zaakinformatieobjecten: Type.Array(Type.String()),
  zaakobjecten: Type.Array(Type.String()),
  kenmerken: Type.Array(Type.Unknown()),
  archiefnominatie: Type.Unknown(),
  archiefstatus: Type.String(),
  archiefactiedatum: NullableDate,
  resultaat: NullableUrl,
  opdrachtgevendeOrganisatie: Type.String(),
  processobjectaard: Type.String(),
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

export const CrsHeaders = Type.Object({
  'accept-crs': Type.Optional(
    Type.String({ description: 'Het gewenste EPSG coördinatenstelsel: EPSG:4326' }),
  ),
});
export const CrsBodyHeaders = Type.Object({
  'accept-crs': Type.Optional(
    Type.String({ description: 'Het gewenste EPSG coördinatenstelsel: EPSG:4326' }),
  ),
  'content-crs': Type.Optional(
    Type.String({ description: 'Het EPSG coördinatenstelsel van de body: EPSG:4326' }),
  ),
});
