import { type Static, Type } from '@sinclair/typebox';
import { nullable, objectWithRequired } from '../../http/openapi.js';
import { ExpandParam, LinkedExpandSchema } from '../linked-expand.js';

/**
 * TypeBox schemas of /gebruiksrechten (Documenten API `Gebruiksrechten`,
 * `GebruiksrechtenRequest`, `PatchedGebruiksrechtenRequest`): one schema validates the
 * request, serialises the answer and documents both.
 */
const Uri = Type.String({ format: 'uri' });
/** http/ajv.ts also refuses what PostgreSQL cannot read (year 0000, offsets beyond ±15:59). */
const DateTime = Type.String({ format: 'date-time' });

const bodyFields = {
  informatieobject: Type.String({ format: 'uri', description: 'URL-referentie naar het INFORMATIEOBJECT.' }),
  startdatum: DateTime,
  einddatum: nullable(DateTime),
  omschrijvingVoorwaarden: Type.String({ minLength: 1 }),
};

export const GEBRUIKSRECHT_REQUIRED = ['informatieobject', 'omschrijvingVoorwaarden', 'startdatum'] as const;

export const GebruiksrechtBody = objectWithRequired(bodyFields, GEBRUIKSRECHT_REQUIRED);
export const GebruiksrechtPatchBody = objectWithRequired(bodyFields, []);
export type GebruiksrechtInput = Partial<Static<typeof GebruiksrechtBody>>;

/** The answer: every key always sent (resource-schemas.ts explains why all are required). */
const resourceFields = {
  url: Uri,
  informatieobject: Uri,
  startdatum: DateTime,
  einddatum: nullable(DateTime),
  omschrijvingVoorwaarden: Type.String(),
};
export const Gebruiksrecht = Type.Object(resourceFields);
export type GebruiksrechtResource = Static<typeof Gebruiksrecht>;
/** List and retrieve: with `_expand` when `expand` is asked. */
export const GebruiksrechtExpanded = Type.Object({
  ...resourceFields,
  _expand: Type.Optional(LinkedExpandSchema),
});
export const GebruiksrechtList = Type.Array(GebruiksrechtExpanded);
export const GebruiksrechtRetrieveQuery = Type.Partial(Type.Object({ expand: ExpandParam }));

/** The standard's date filters: plain strings there; a value that is no date(-time) is a 400. */
export const DATE_FILTERS = [
  'startdatum__lt',
  'startdatum__lte',
  'startdatum__gt',
  'startdatum__gte',
  'einddatum__lt',
  'einddatum__lte',
  'einddatum__gt',
  'einddatum__gte',
] as const;
export type DateFilter = (typeof DATE_FILTERS)[number];

export const GebruiksrechtenQuery = Type.Partial(
  Type.Object({
    informatieobject: Type.String({
      format: 'uri',
      description: 'URL-referentie naar het INFORMATIEOBJECT.',
    }),
    ...Object.fromEntries(DATE_FILTERS.map((k) => [k, Type.String()])),
    expand: ExpandParam,
  }),
);
export type GebruiksrechtenFilters = { informatieobject?: string; expand?: string } & Partial<
  Record<DateFilter, string>
>;
