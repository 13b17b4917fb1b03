import { type TSchema, Type } from '@sinclair/typebox';
import { VERTROUWELIJKHEIDAANDUIDINGEN } from '../auth/types.js';
import { nullable } from '../http/openapi.js';

/**
 * The fields of an enkelvoudiginformatieobject (Documenten API schema
 * EnkelvoudigInformatieObject), in Open Zaak's key order. A plain field is one value in one
 * column of document_versions: its request and response schema (schemas.ts,
 * resource-schemas.ts), its field rule (validation.ts), its column (repository.ts), the
 * mappings body → row → resource (values.ts, mapper.ts) and its import cell
 * (imports/engine/row-mapping.ts) are all derived from its entry here. A bare name is a
 * special field (file, lock, groups, references, lists): each of those files spells it out.
 */
export { VERTROUWELIJKHEIDAANDUIDINGEN };
/** Documenten API 1.5.0 StatusEnum (concept and vastgesteld are new in 1.5.0). */
export const STATUSSEN = [
  'in_bewerking',
  'concept',
  'definitief',
  'ter_vaststelling',
  'vastgesteld',
  'gearchiveerd',
] as const;
export const ONDERTEKENING_SOORTEN = ['analoog', 'digitaal', 'pki'] as const;
export const INTEGRITEIT_ALGORITMEN = [
  'crc_16',
  'crc_32',
  'crc_64',
  'fletcher_4',
  'fletcher_8',
  'fletcher_16',
  'fletcher_32',
  'hmac',
  'md5',
  'sha_1',
  'sha_256',
  'sha_512',
  'sha_3',
] as const;
/** Lengths of the special fields' values (a plain field has its own in its entry). */
export const MAX_LENGTHS = { informatieobjecttype: 200, trefwoord: 100, integriteitWaarde: 128 } as const;

export interface PlainField {
  /** The key in the API (camelCase). */
  readonly name: string;
  /** The column of document_versions. */
  readonly column: string;
  /** text and date are strings (a date `YYYY-MM-DD`); stored as text, date or bool. */
  readonly kind: 'text' | 'date' | 'boolean';
  /** Required on create and PUT. A text that is not required may be "" (stored when absent). */
  readonly required?: true;
  /** null is a value (stored when absent). */
  readonly nullable?: true;
  readonly maxLength?: number;
  readonly minLength?: number;
  /** text: one of these (or "", unless required). */
  readonly choices?: readonly string[];
  /** text: an absolute http(s) URL (or ""); the request documents `format: uri`. */
  readonly url?: true;
  /** text whose surrounding whitespace is part of the value; the import trims every other cell. */
  readonly freeText?: true;
}

export type SpecialFieldName =
  | 'url'
  | 'versie'
  | 'beginRegistratie'
  | 'inhoud'
  | 'bestandsomvang'
  | 'ondertekening'
  | 'integriteit'
  | 'informatieobjecttype'
  | 'locked'
  | 'bestandsdelen'
  | 'trefwoorden';

export const EIO_FIELDS = [
  'url',
  { name: 'identificatie', column: 'identificatie', kind: 'text', maxLength: 40, freeText: true },
  {
    name: 'bronorganisatie',
    column: 'bronorganisatie',
    kind: 'text',
    required: true,
    maxLength: 9,
    minLength: 9,
  },
  { name: 'creatiedatum', column: 'creatiedatum', kind: 'date', required: true },
  {
    name: 'titel',
    column: 'titel',
    kind: 'text',
    required: true,
    maxLength: 200,
    minLength: 1,
    freeText: true,
  },
  {
    name: 'vertrouwelijkheidaanduiding',
    column: 'vertrouwelijkheidaanduiding',
    kind: 'text',
    choices: VERTROUWELIJKHEIDAANDUIDINGEN,
  },
  {
    name: 'auteur',
    column: 'auteur',
    kind: 'text',
    required: true,
    maxLength: 200,
    minLength: 1,
    freeText: true,
  },
  { name: 'status', column: 'status', kind: 'text', choices: STATUSSEN },
  { name: 'formaat', column: 'formaat', kind: 'text', maxLength: 255 },
  { name: 'taal', column: 'taal', kind: 'text', required: true, maxLength: 3, minLength: 3 },
  'versie',
  'beginRegistratie',
  { name: 'bestandsnaam', column: 'bestandsnaam', kind: 'text', maxLength: 255, freeText: true },
  'inhoud',
  'bestandsomvang',
  { name: 'link', column: 'link', kind: 'text', maxLength: 200, url: true },
  { name: 'beschrijving', column: 'beschrijving', kind: 'text', maxLength: 1000, freeText: true },
  { name: 'ontvangstdatum', column: 'ontvangstdatum', kind: 'date', nullable: true },
  { name: 'verzenddatum', column: 'verzenddatum', kind: 'date', nullable: true },
  {
    name: 'indicatieGebruiksrecht',
    column: 'indicatie_gebruiksrecht',
    kind: 'boolean',
    nullable: true,
  },
  { name: 'verschijningsvorm', column: 'verschijningsvorm', kind: 'text', freeText: true },
  'ondertekening',
  'integriteit',
  'informatieobjecttype',
  'locked',
  'bestandsdelen',
  'trefwoorden',
  /** Documenten API 1.5.0 (migration 0010). */
  { name: 'inhoudIsVervallen', column: 'inhoud_is_vervallen', kind: 'boolean', nullable: true },
] as const satisfies readonly (PlainField | SpecialFieldName)[];

type Entry = (typeof EIO_FIELDS)[number];
type Plain = Exclude<Entry, string>;
export type PlainFieldName = Plain['name'];

export const PLAIN_FIELDS: readonly PlainField[] = EIO_FIELDS.filter(
  (f): f is Plain => typeof f !== 'string',
);

/** The plain fields' columns with the type a row holds (part of VersionValues). */
export type PlainValues = {
  [F in Plain as F['column']]:
    | (F['kind'] extends 'boolean' ? boolean : string)
    | (F extends { nullable: true } ? null : never);
};

/** The PostgreSQL type of a plain field's column (the bulk insert casts its arrays to it). */
export const columnType = (f: PlainField): string =>
  f.kind === 'text' ? 'text' : f.kind === 'date' ? 'date' : 'bool';

/** The fields a create and a PUT must carry: the required plain ones and the informatieobjecttype. */
export const EIO_CREATE_REQUIRED: readonly string[] = [
  ...PLAIN_FIELDS.filter((f) => f.required).map((f) => f.name),
  'informatieobjecttype',
];

/**
 * A plain field's schema: boolean, date, choice (with "" when it may be blank), nullable;
 * a free text or URL is `text(f)`, where a request and a response differ (limits, format).
 */
export function plainFieldSchema(f: PlainField, text: (f: PlainField) => TSchema): TSchema {
  const choices = f.choices && (f.required ? f.choices : ['', ...f.choices]);
  const s =
    f.kind === 'boolean'
      ? Type.Boolean()
      : f.kind === 'date'
        ? Type.String({ format: 'date' })
        : choices
          ? Type.Unsafe<string>({ type: 'string', enum: [...choices] })
          : text(f);
  return f.nullable ? nullable(s) : s;
}

/**
 * Properties in field order: a plain field's from `plain`, a special one's from `special`
 * (one missing there is not part of this schema or object).
 */
export function eioProperties<T>(
  plain: (f: PlainField) => T,
  special: Partial<Record<SpecialFieldName, T>>,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const f of EIO_FIELDS) {
    if (typeof f !== 'string') out[f.name] = plain(f);
    else if (Object.hasOwn(special, f)) out[f] = special[f] as T;
  }
  return out;
}
