import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { VERTROUWELIJKHEIDAANDUIDINGEN } from '../auth/types.js';

/**
 * TypeBox schemas of the Catalogi API subset (Catalogi API 1.3.1 field names). Unknown
 * keys are allowed and ignored (ZGW API conventions, as Open Zaak); read-only keys are not in the
 * request schemas, so a client sending them has them ignored.
 */
const NOT_YEAR_ZERO = '^(?!0000)'; // passes `date` but PostgreSQL refuses it
export const DateStr = Type.String({ format: 'date', pattern: NOT_YEAR_ZERO });
const nullable = <T extends TSchema>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });
export const NullableDate = nullable(DateStr);
const enumOf = <T extends string>(values: readonly T[]) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values] });
export const Vertrouwelijkheidaanduiding = enumOf(VERTROUWELIJKHEIDAANDUIDINGEN);
const Url = (maxLength: number) => Type.String({ format: 'uri', minLength: 1, maxLength });
/** A URL or "" (the standard's optional URL fields). */
const UrlOrBlank = (maxLength: number) =>
  Type.String({ maxLength, pattern: '^$|^[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s/]+\\S*$' });
const Str = (maxLength: number, minLength = 0) => Type.String({ maxLength, minLength });
/** ISO-8601 duration as the standard uses for doorlooptijd, servicenorm, verlengingstermijn. */
const Duration = Type.String({
  pattern: '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$',
  minLength: 1,
});

export const UuidParams = Type.Object({ uuid: Type.String({ format: 'uuid' }) });
export const PageQuery = { page: Type.Integer({ minimum: 1 }) };
export const STATUS_FILTERS = ['concept', 'definitief', 'alles'] as const;
export const StatusFilter = enumOf(STATUS_FILTERS);

// Catalogus -------------------------------------------------------------------------
export const CatalogusBody = Type.Object({
  domein: Str(5, 1),
  rsin: Type.String(),
  contactpersoonBeheerNaam: Str(40, 1),
  contactpersoonBeheerTelefoonnummer: Type.Optional(Str(20)),
  contactpersoonBeheerEmailadres: Type.Optional(
    Type.String({ maxLength: 254, pattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' }),
  ),
  naam: Type.Optional(Str(200)),
  versie: Type.Optional(Str(20)),
  begindatumVersie: Type.Optional(NullableDate),
});
export type CatalogusInput = Static<typeof CatalogusBody>;

export const CatalogusQuery = Type.Object({
  domein: Type.Optional(Type.String()),
  rsin: Type.Optional(Type.String()),
  ...Type.Partial(Type.Object(PageQuery)).properties,
});

// InformatieObjectType ----------------------------------------------------------------
export const OmschrijvingGeneriek = Type.Object({
  informatieobjecttypeOmschrijvingGeneriek: Str(80, 1),
  definitieInformatieobjecttypeOmschrijvingGeneriek: Str(255, 1),
  herkomstInformatieobjecttypeOmschrijvingGeneriek: Str(12, 1),
  hierarchieInformatieobjecttypeOmschrijvingGeneriek: Str(80, 1),
  opmerkingInformatieobjecttypeOmschrijvingGeneriek: Type.Optional(Str(255)),
});

const iotFields = {
  catalogus: Url(1000),
  omschrijving: Str(80, 1),
  vertrouwelijkheidaanduiding: Vertrouwelijkheidaanduiding,
  beginGeldigheid: DateStr,
  eindeGeldigheid: Type.Optional(NullableDate),
  informatieobjectcategorie: Str(80, 1),
  trefwoord: Type.Optional(Type.Array(Str(30, 1), { maxItems: 100 })),
  omschrijvingGeneriek: Type.Optional(nullable(OmschrijvingGeneriek)),
};
export const InformatieobjecttypeBody = Type.Object(iotFields);
export const InformatieobjecttypePatch = Type.Partial(Type.Object(iotFields));
export type InformatieobjecttypeInput = Static<typeof InformatieobjecttypeBody>;

export const InformatieobjecttypeQuery = Type.Object({
  catalogus: Type.Optional(Type.String()),
  status: Type.Optional(StatusFilter),
  omschrijving: Type.Optional(Type.String()),
  ...Type.Partial(Type.Object(PageQuery)).properties,
});

// ZaakType (documented subset, see README) ---------------------------------------------
export const ReferentieProces = Type.Object({
  naam: Str(80, 1),
  link: Type.Optional(UrlOrBlank(200)),
});

/** Fields stored in zaaktypen.data (beyond the table's own columns). */
export const ZAAKTYPE_DATA_FIELDS = [
  'omschrijvingGeneriek',
  'doel',
  'aanleiding',
  'toelichting',
  'indicatieInternOfExtern',
  'handelingInitiator',
  'onderwerp',
  'handelingBehandelaar',
  'doorlooptijd',
  'servicenorm',
  'opschortingEnAanhoudingMogelijk',
  'verlengingMogelijk',
  'verlengingstermijn',
  'trefwoorden',
  'publicatieIndicatie',
  'publicatietekst',
  'verantwoordingsrelatie',
  'productenOfDiensten',
  'selectielijstProcestype',
  'referentieproces',
  'verantwoordelijke',
] as const;

export const ZaaktypeBody = Type.Object({
  identificatie: Str(50, 1),
  omschrijving: Str(80, 1),
  omschrijvingGeneriek: Type.Optional(Str(80)),
  vertrouwelijkheidaanduiding: Vertrouwelijkheidaanduiding,
  doel: Type.String({ minLength: 1 }),
  aanleiding: Type.String({ minLength: 1 }),
  toelichting: Type.Optional(Type.String()),
  indicatieInternOfExtern: enumOf(['intern', 'extern'] as const),
  handelingInitiator: Str(20, 1),
  onderwerp: Str(80, 1),
  handelingBehandelaar: Str(20, 1),
  doorlooptijd: Duration,
  servicenorm: Type.Optional(nullable(Duration)),
  opschortingEnAanhoudingMogelijk: Type.Boolean(),
  verlengingMogelijk: Type.Boolean(),
  verlengingstermijn: Type.Optional(nullable(Duration)),
  trefwoorden: Type.Optional(Type.Array(Str(30, 1))),
  publicatieIndicatie: Type.Boolean(),
  publicatietekst: Type.Optional(Type.String()),
  verantwoordingsrelatie: Type.Optional(Type.Array(Str(40, 1))),
  productenOfDiensten: Type.Array(Url(1000)),
  selectielijstProcestype: Type.Optional(UrlOrBlank(200)),
  referentieproces: ReferentieProces,
  verantwoordelijke: Type.Optional(Str(255)),
  catalogus: Url(1000),
  beginGeldigheid: DateStr,
  eindeGeldigheid: Type.Optional(NullableDate),
  versiedatum: DateStr,
  informatieobjecttypen: Type.Optional(Type.Array(Url(1000))),
});
export type ZaaktypeInput = Static<typeof ZaaktypeBody>;

export const ZaaktypeQuery = Type.Object({
  catalogus: Type.Optional(Type.String()),
  identificatie: Type.Optional(Type.String()),
  status: Type.Optional(StatusFilter),
  ...Type.Partial(Type.Object(PageQuery)).properties,
});
