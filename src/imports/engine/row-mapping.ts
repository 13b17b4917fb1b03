import type { InvalidParam } from '../../shared/errors.js';
import type { ImportValues } from './ports.js';

/**
 * CSV values → the camelCase body of POST /enkelvoudiginformatieobjecten
 * (import.md §1.8 with Part 2 #4). Pure; the caller validates the body with the same
 * function the API uses.
 */
export type MappedRow =
  | { kind: 'conversion-error'; message: string }
  | { kind: 'body'; body: Record<string, unknown>; problems: InvalidParam[] };

const TRUE_VALUES = new Set(['true', 'True', 'TRUE', '1', 'ja']);
const FALSE_VALUES = new Set(['false', 'False', 'FALSE', '0', 'nee']);

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
  let indicatie: boolean | null = null;
  const rawIndicatie = g('indicatieGebruiksrecht');
  if (TRUE_VALUES.has(rawIndicatie)) indicatie = true;
  else if (FALSE_VALUES.has(rawIndicatie)) indicatie = false;
  else if (rawIndicatie !== '') {
    problems.push({ name: 'indicatieGebruiksrecht', code: 'invalid', reason: 'Must be a valid boolean.' });
  }
  const body: Record<string, unknown> = {
    identificatie: g('identificatie'),
    bronorganisatie: g('bronorganisatie'),
    creatiedatum: emptyToNull(g('creatiedatum')),
    titel: emptyToNull(g('titel')),
    auteur: emptyToNull(g('auteur')),
    status: g('status'),
    formaat: g('formaat'),
    taal: emptyToNull(g('taal')),
    bestandsnaam: g('bestandsnaam'),
    bestandsomvang: omvang.value,
    link: g('link'),
    beschrijving: g('beschrijving'),
    ontvangstdatum: emptyToNull(g('ontvangstdatum')),
    verzenddatum: emptyToNull(g('verzenddatum')),
    indicatieGebruiksrecht: indicatie,
    verschijningsvorm: g('verschijningsvorm'),
    ondertekening: group(v, ['soort', 'datum'], 'ondertekening'),
    integriteit: group(v, ['algoritme', 'waarde', 'datum'], 'integriteit'),
    informatieobjecttype: g('informatieobjecttype'),
    trefwoorden: parseTrefwoorden(g('trefwoorden')),
  };
  // Part 2 #7: an empty vertrouwelijkheidaanduiding takes the informatieobjecttype's value,
  // exactly as an absent key on API create.
  if (g('vertrouwelijkheidaanduiding') !== '') {
    body.vertrouwelijkheidaanduiding = g('vertrouwelijkheidaanduiding');
  }
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
