import { PLAIN_FIELDS } from '../../documenten/fields.js';
import type { InvalidParam } from '../../shared/errors.js';
import { IMPORT_COLUMNS } from '../csv.js';
import type { ImportValues } from './types.js';

/**
 * CSV values → the camelCase body of POST /enkelvoudiginformatieobjecten
 * (Open Zaak's import row mapping; here: README "Bulk import of documents"). Pure; the caller validates the body with the same
 * function the API uses.
 */
export type MappedRow =
  | { kind: 'conversion-error'; message: string }
  | { kind: 'body'; body: Record<string, unknown>; problems: InvalidParam[] };

const TRUE_VALUES = new Set(['true', 'True', 'TRUE', '1', 'ja']);
const FALSE_VALUES = new Set(['false', 'False', 'FALSE', '0', 'nee']);
export const BOOLEAN_REASON =
  'Must be a valid boolean: true/false/True/False/TRUE/FALSE/1/0/ja/nee, or empty for none.';

/** The plain EIO fields that are import columns (csv.ts), in field order. */
const PLAIN_COLUMNS = PLAIN_FIELDS.filter((f) => (IMPORT_COLUMNS as readonly string[]).includes(f.name));

/**
 * Columns of codes, dates, booleans, numbers, uuids and URLs: leading/trailing whitespace (an
 * Excel or export artefact) never means anything there, so it is trimmed before the row is
 * checked (the reference rejects such a value). Free text (the plain fields marked so in
 * documenten/fields.ts, bestandspad, trefwoorden) is kept as given, as the API keeps it;
 * bestandsomvang is read like Python's int(), which already allows surrounding whitespace.
 */
export const TRIMMED_COLUMNS: ReadonlySet<string> = new Set([
  'uuid',
  ...PLAIN_COLUMNS.filter((f) => !f.freeText).map((f) => f.name),
  'ondertekening.soort',
  'ondertekening.datum',
  'integriteit.algoritme',
  'integriteit.waarde',
  'integriteit.datum',
  'informatieobjecttype',
  'zaakUuid',
]);

/** The row's values with TRIMMED_COLUMNS trimmed (the report still shows the CSV as given). */
export function trimCodes(v: ImportValues): ImportValues {
  const out: ImportValues = { ...v };
  for (const c of TRIMMED_COLUMNS) {
    const val = out[c];
    if (val !== undefined) out[c] = val.trim();
  }
  return out;
}

const ECHO_CHARS = 100;

/**
 * ` ({label}: "{value}")`: the offending value appended to a row comment (issue 10), as JSON
 * so spaces and control characters show, cut at 100 characters. One shape for every echo, so
 * the failure summary can group comments that differ only in the value.
 */
export function echo(label: string, value: string): string {
  const cut = value.length > ECHO_CHARS ? `${value.slice(0, ECHO_CHARS)}…` : value;
  return ` (${label}: ${JSON.stringify(cut)})`;
}

/** Codes that say a value is missing: there is nothing to echo. */
const NO_VALUE = new Set(['required', 'null', 'blank']);

/**
 * The import's copy of the API's field problems with the CSV value appended to each reason
 * (the API's own reasons stay as they are: the validator is shared).
 */
export function withValues(
  problems: InvalidParam[],
  v: ImportValues,
  body: Record<string, unknown>,
): InvalidParam[] {
  return problems.map((p) => {
    if (NO_VALUE.has(p.code)) return p;
    const item = /^trefwoorden\.(\d+)$/.exec(p.name);
    const value = item
      ? (body.trefwoorden as unknown[] | undefined)?.[Number(item[1])]
      : Object.hasOwn(v, p.name)
        ? v[p.name]
        : undefined;
    if (typeof value !== 'string' || value === '') return p;
    return { ...p, reason: `${p.reason}${echo('value', value)}` };
  });
}

/** Python's int(): optional sign, digits with single underscores, surrounding whitespace. */
const PY_INT = /^\s*[+-]?\d+(_\d+)*\s*$/;

const emptyToNull = (v: string): string | null => (v === '' ? null : v);

/** repr() of a Python str, as in `invalid literal for int() with base 10: 'abc'`. */
export function pyRepr(v: string): string {
  const esc = v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  if (v.includes("'") && !v.includes('"')) return `"${esc}"`;
  return `'${esc.replace(/'/g, "\\'")}'`;
}

export function parseBestandsomvang(raw: string): { ok: true; value: number | null } | { ok: false } {
  if (raw === '') return { ok: true, value: null };
  if (!PY_INT.test(raw)) return { ok: false };
  return { ok: true, value: Number(raw.trim().replace(/_/g, '')) };
}

export function parseTrefwoorden(raw: string): string[] {
  const stripped = raw.replace(/"/g, '');
  if (stripped === '') return [];
  return stripped.split(',').map((s) => s.trim());
}

export function mapRow(v: ImportValues, index: number): MappedRow {
  const omvang = parseBestandsomvang(v.bestandsomvang ?? '');
  if (!omvang.ok) {
    return {
      kind: 'conversion-error',
      message: `Unable to import line ${index}: invalid literal for int() with base 10: ${pyRepr(v.bestandsomvang ?? '')}`,
    };
  }
  const problems: InvalidParam[] = [];
  for (const [name, value] of Object.entries(v)) {
    // bestandspad has its own rule (not relative); the rest would reach PostgreSQL text.
    if (name !== 'bestandspad' && value.includes('\0')) {
      problems.push({
        name,
        code: 'null_characters_not_allowed',
        reason: 'Null characters are not allowed.',
      });
    }
  }
  const g = (k: string): string => (v[k] ?? '').replace(/\0/g, '');
  const body: Record<string, unknown> = {};
  for (const f of PLAIN_COLUMNS) {
    const cell = g(f.name);
    if (f.kind === 'boolean') {
      const parsed = TRUE_VALUES.has(cell) ? true : FALSE_VALUES.has(cell) ? false : null;
      if (parsed === null && cell !== '')
        problems.push({ name: f.name, code: 'invalid', reason: BOOLEAN_REASON });
      body[f.name] = parsed;
    } else {
      // A text that may be blank is "" when empty; anything else is then missing (null).
      body[f.name] = f.kind === 'text' && !f.required ? cell : emptyToNull(cell);
    }
  }
  // As given, so an empty one is reported `blank` where the other required fields report `null`
  // (as the import has always reported it).
  body.bronorganisatie = g('bronorganisatie');
  body.bestandsomvang = omvang.value;
  body.ondertekening = group(v, ['soort', 'datum'], 'ondertekening');
  body.integriteit = group(v, ['algoritme', 'waarde', 'datum'], 'integriteit');
  body.informatieobjecttype = g('informatieobjecttype');
  body.trefwoorden = parseTrefwoorden(g('trefwoorden'));
  // README "Bulk import of documents": an empty vertrouwelijkheidaanduiding takes the informatieobjecttype's value,
  // exactly as an absent key on API create.
  if (g('vertrouwelijkheidaanduiding') === '') delete body.vertrouwelijkheidaanduiding;
  return { kind: 'body', body, problems };
}

function group(v: ImportValues, keys: string[], prefix: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  let any = false;
  for (const k of keys) {
    const val = v[`${prefix}.${k}`] ?? '';
    if (val !== '') any = true;
    out[k] = val;
  }
  return any ? out : null;
}

export function validationComment(index: number, problems: InvalidParam[]): string {
  const lines = problems.map((p) => `${p.name}: ${p.code}: ${p.reason}`);
  return `A validation error occurred while deserializing a EnkelvoudigInformatieObject on line ${index}: \n${lines.join('\n')}`;
}
