import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { nullable, objectWithRequired, paginated } from '../../http/openapi.js';
import { ExpandParam, LinkedExpandSchema } from '../linked-expand.js';

/**
 * TypeBox schemas of /verzendingen (Documenten API `Verzending`, `VerzendingRequest`,
 * `PatchedVerzendingRequest` and the three address groups): one schema validates the
 * request, serialises the answer and documents both.
 */
export const AARD_RELATIES = ['afzender', 'geadresseerde'] as const;
export const POSTADRES_TYPES = ['antwoordnummer', 'postbusnummer'] as const;

const enumOf = (values: readonly string[]) => Type.Unsafe<string>({ type: 'string', enum: [...values] });
const Str = (maxLength: number, minLength?: number) => Type.String({ maxLength, minLength });
const Uri = (maxLength?: number, minLength?: number) => Type.String({ format: 'uri', maxLength, minLength });
const DateStr = Type.String({ format: 'date' });
/** A Dutch postcode (1234AB, as Open Zaak's NLPostcodeField), or "" for none. */
const Postcode = Type.String({ maxLength: 6, pattern: '^([1-9][0-9]{3}[A-Z]{2})?$' });

/** The groups' fields; `required` names what a request must give inside a group that is sent. */
const groups = {
  binnenlandsCorrespondentieadres: {
    fields: {
      huisletter: Str(1),
      huisnummer: Type.Integer({ minimum: 1, maximum: 99999 }),
      huisnummerToevoeging: Str(4),
      naamOpenbareRuimte: Str(80, 1),
      postcode: Postcode,
      woonplaatsnaam: Str(80, 1),
    },
    required: ['huisnummer', 'naamOpenbareRuimte', 'woonplaatsnaam'],
  },
  buitenlandsCorrespondentieadres: {
    fields: {
      adresBuitenland1: Str(35, 1),
      adresBuitenland2: Str(35),
      adresBuitenland3: Str(35),
      landPostadres: Uri(200, 1),
    },
    required: ['adresBuitenland1', 'landPostadres'],
  },
  correspondentiePostadres: {
    fields: {
      postBusOfAntwoordnummer: Type.Integer({ minimum: 1, maximum: 9999 }),
      postadresPostcode: Type.String({ maxLength: 6, minLength: 1, pattern: Postcode.pattern }),
      postadresType: enumOf(POSTADRES_TYPES),
      woonplaatsnaam: Str(80, 1),
    },
    required: ['postBusOfAntwoordnummer', 'postadresPostcode', 'postadresType', 'woonplaatsnaam'],
  },
} as const;
export type AddressGroup = keyof typeof groups;
export const ADDRESS_GROUPS = Object.keys(groups) as AddressGroup[];
export const GROUP_FIELDS = Object.fromEntries(
  ADDRESS_GROUPS.map((g) => [g, Object.keys(groups[g].fields)]),
) as Record<AddressGroup, string[]>;

/** Every field of a group, its optional strings "" when not given: how a group is stored and sent. */
export const GROUP_DEFAULTS: Record<AddressGroup, Record<string, string>> = {
  binnenlandsCorrespondentieadres: { huisletter: '', huisnummerToevoeging: '', postcode: '' },
  buitenlandsCorrespondentieadres: { adresBuitenland2: '', adresBuitenland3: '' },
  correspondentiePostadres: {},
};

const requestGroup = (g: AddressGroup) =>
  nullable(objectWithRequired(groups[g].fields as Record<string, TSchema>, groups[g].required));
const responseGroup = (g: AddressGroup) => nullable(Type.Object(groups[g].fields as Record<string, TSchema>));

const bodyFields = {
  betrokkene: Uri(200, 1),
  informatieobject: Uri(),
  aardRelatie: enumOf(AARD_RELATIES),
  toelichting: Str(200),
  ontvangstdatum: nullable(DateStr),
  verzenddatum: nullable(DateStr),
  contactPersoon: Uri(1000, 1),
  contactpersoonnaam: Str(40),
  binnenlandsCorrespondentieadres: requestGroup('binnenlandsCorrespondentieadres'),
  buitenlandsCorrespondentieadres: requestGroup('buitenlandsCorrespondentieadres'),
  correspondentiePostadres: requestGroup('correspondentiePostadres'),
  faxnummer: nullable(Str(15)),
  emailadres: nullable(Str(100)),
  mijnOverheid: Type.Boolean(),
  telefoonnummer: nullable(Str(15)),
};

const REQUIRED = ['aardRelatie', 'betrokkene', 'contactPersoon', 'informatieobject'] as const;
export const VerzendingBody = objectWithRequired(bodyFields, REQUIRED);
export const VerzendingPatchBody = objectWithRequired(bodyFields, []);
export type VerzendingInput = Partial<Static<typeof VerzendingBody>>;

/** The answer: every key always sent, in the standard's order. */
const resourceFields = {
  url: Uri(),
  betrokkene: Uri(),
  informatieobject: Uri(),
  aardRelatie: enumOf(AARD_RELATIES),
  toelichting: Type.String(),
  ontvangstdatum: nullable(DateStr),
  verzenddatum: nullable(DateStr),
  contactPersoon: Uri(),
  contactpersoonnaam: Type.String(),
  binnenlandsCorrespondentieadres: responseGroup('binnenlandsCorrespondentieadres'),
  buitenlandsCorrespondentieadres: responseGroup('buitenlandsCorrespondentieadres'),
  correspondentiePostadres: responseGroup('correspondentiePostadres'),
  faxnummer: nullable(Type.String()),
  emailadres: nullable(Type.String()),
  mijnOverheid: Type.Boolean(),
  telefoonnummer: nullable(Type.String()),
};
export const Verzending = Type.Object(resourceFields);
export type VerzendingResource = Static<typeof Verzending>;
/** List and retrieve: with `_expand` when `expand` is asked. */
export const VerzendingExpanded = Type.Object({
  ...resourceFields,
  _expand: Type.Optional(LinkedExpandSchema),
});
export const VerzendingPage = paginated(VerzendingExpanded);
export const VerzendingRetrieveQuery = Type.Partial(Type.Object({ expand: ExpandParam }));

export const VerzendingenQuery = Type.Partial(
  Type.Object({
    aardRelatie: enumOf(AARD_RELATIES),
    informatieobject: Uri(),
    betrokkene: Uri(),
    expand: ExpandParam,
    page: Type.Integer({ minimum: 1 }),
  }),
);
export type VerzendingenFilters = Static<typeof VerzendingenQuery>;
