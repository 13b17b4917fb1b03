import type { InvalidParam } from '../shared/errors.js';
import { MESSAGES } from '../shared/messages.js';
import { rsinProblem } from '../shared/rsin.js';
import { base64Problem } from './base64.js';
import { invalidForReceived } from './errors.js';
import {
  EIO_FIELDS,
  INTEGRITEIT_ALGORITMEN,
  MAX_LENGTHS,
  ONDERTEKENING_SOORTEN,
  type PlainField,
  type PlainFieldName,
  type SpecialFieldName,
} from './fields.js';

/**
 * The EIO field rules (Documenten API schema EnkelvoudigInformatieObject, Open Zaak's
 * validators), as ONE function shared by POST/PUT/PATCH /enkelvoudiginformatieobjecten and
 * the bulk import. Input keys are camelCase as in the API body.
 * Field-level errors are all reported together; object-level rules (status vs
 * ontvangstdatum) run only once every field is valid, as DRF does. A plain field's rule
 * comes from its entry in the field table (fields.ts).
 */
const R = MESSAGES;
export const maxReason = (n: number): string => MESSAGES.maxLength(n);
const minReason = (n: number) => MESSAGES.minLength(n);

interface StrRule {
  required?: boolean;
  blank?: boolean;
  nullable?: boolean;
  max?: number;
  min?: number;
}

type Out = InvalidParam[];
const push = (out: Out, name: string, code: string, reason: string) => out.push({ name, code, reason });

/** A string field; returns the string when valid (undefined when absent/null/invalid). */
function str(out: Out, obj: Record<string, unknown>, key: string, name: string, rule: StrRule) {
  const v = obj[key];
  if (v === undefined) {
    if (rule.required) push(out, name, 'required', R.required);
    return undefined;
  }
  if (v === null) {
    if (!rule.nullable) push(out, name, 'null', R.null);
    return undefined;
  }
  if (typeof v !== 'string') return void push(out, name, 'invalid', R.notAString);
  if (v === '' && !rule.blank) return void push(out, name, 'blank', R.blank);
  if (rule.max !== undefined && v.length > rule.max)
    return void push(out, name, 'max_length', maxReason(rule.max));
  if (rule.min !== undefined && v.length < rule.min && v !== '')
    return void push(out, name, 'min_length', minReason(rule.min));
  return v;
}

function choice(
  out: Out,
  obj: Record<string, unknown>,
  key: string,
  name: string,
  choices: readonly string[],
  rule: StrRule,
) {
  const v = str(out, obj, key, name, rule);
  if (v === undefined || v === '') return v;
  if (!choices.includes(v)) return void push(out, name, 'invalid_choice', R.invalidChoice(v));
  return v;
}

/** YYYY-MM-DD that is a real calendar date. */
export function isValidDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

function date(out: Out, obj: Record<string, unknown>, key: string, name: string, rule: StrRule) {
  const v = obj[key];
  if (v === undefined) return void (rule.required ? push(out, name, 'required', R.required) : undefined);
  if (v === null) return void (rule.nullable ? undefined : push(out, name, 'null', R.null));
  if (typeof v !== 'string' || !isValidDate(v)) return void push(out, name, 'invalid', R.date);
  return v;
}

/** An absolute http(s) URL, as Django's URLValidator accepts in practice. */
export function isValidUrl(v: string): boolean {
  if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(v)) return false;
  try {
    return Boolean(new URL(v).hostname);
  } catch {
    return false;
  }
}

function group(
  out: Out,
  obj: Record<string, unknown>,
  key: string,
  fn: (g: Record<string, unknown>) => void,
) {
  const v = obj[key];
  if (v === undefined || v === null) return;
  if (typeof v !== 'object' || Array.isArray(v)) return void push(out, key, 'invalid', R.invalid);
  fn(v as Record<string, unknown>);
}

function trefwoorden(out: Out, obj: Record<string, unknown>) {
  const v = obj.trefwoorden;
  if (v === undefined) return;
  if (v === null) return void push(out, 'trefwoorden', 'null', R.null);
  if (!Array.isArray(v)) return void push(out, 'trefwoorden', 'not_a_list', R.notAList(typeof v));
  v.forEach((_item, i) => {
    str(out, v as unknown as Record<string, unknown>, String(i), `trefwoorden.${i}`, {
      required: true,
      max: MAX_LENGTHS.trefwoord,
    });
  });
}

function bestandsomvang(out: Out, obj: Record<string, unknown>) {
  const v = obj.bestandsomvang;
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || !Number.isSafeInteger(v))
    return void push(out, 'bestandsomvang', 'invalid', R.integer);
  if (v < 0) push(out, 'bestandsomvang', 'min_value', R.minValue(0));
}

function bool(out: Out, obj: Record<string, unknown>, key: string, rule: StrRule) {
  const v = obj[key];
  if (v === undefined) return void (rule.required ? push(out, key, 'required', R.required) : undefined);
  if (v === null) return void (rule.nullable ? undefined : push(out, key, 'null', R.null));
  if (typeof v !== 'boolean') return void push(out, key, 'invalid', R.boolean);
  return v;
}

/**
 * As Open Zaak: indicatieGebruiksrecht is set by creating gebruiksrechten, never on a create
 * (or an import row); on an update the document service checks it against the
 * gebruiksrechten that exist.
 */
function indicatieGebruiksrecht(out: Out, v: unknown, update: boolean) {
  if (v !== true || update) return;
  push(
    out,
    'indicatieGebruiksrecht',
    'missing-gebruiksrechten',
    'De indicatie kan niet gezet worden zonder gebruiksrechten voor dit informatieobject.',
  );
}

/** Every rule object has all five keys, in this order: one hidden class for the hot checks. */
const strRule = (r: StrRule): StrRule => ({
  required: r.required,
  blank: r.blank,
  nullable: r.nullable,
  max: r.max,
  min: r.min,
});

type PlainCheck = (out: Out, obj: Record<string, unknown>, partial: boolean) => unknown;

/**
 * A plain field's rule, from its entry in the field table, built once (every import row runs
 * all of them: building rule objects per row made an import row's checks 5x slower).
 */
function plainCheck(f: PlainField): PlainCheck {
  const { name, choices } = f;
  const full = strRule({
    required: f.required,
    nullable: f.nullable,
    blank: !f.required,
    max: f.maxLength,
    min: f.minLength,
  });
  const partial = strRule({ ...full, required: false });
  const rule = (p: boolean) => (p ? partial : full);
  if (f.kind === 'date') return (out, obj, p) => date(out, obj, name, name, rule(p));
  if (f.kind === 'boolean') return (out, obj, p) => bool(out, obj, name, rule(p));
  if (choices) return (out, obj, p) => choice(out, obj, name, name, choices, rule(p));
  if (!f.url) return (out, obj, p) => str(out, obj, name, name, rule(p));
  return (out, obj, p) => {
    const v = str(out, obj, name, name, rule(p));
    if (v && !isValidUrl(v)) push(out, name, 'invalid', R.url);
    return v;
  };
}

function informatieobjecttype(out: Out, obj: Record<string, unknown>, required: boolean) {
  const v = str(out, obj, 'informatieobjecttype', 'informatieobjecttype', {
    required,
    max: MAX_LENGTHS.informatieobjecttype,
  });
  if (v !== undefined && !isValidUrl(v)) push(out, 'informatieobjecttype', 'bad-url', R.url);
}

function inhoud(out: Out, obj: Record<string, unknown>) {
  const v = obj.inhoud;
  if (v === undefined || v === null || v === '') return;
  if (typeof v !== 'string') return void push(out, 'inhoud', 'invalid', R.file);
  const problem = base64Problem(v);
  if (problem) push(out, 'inhoud', problem.code, problem.reason);
}

type Rule = (out: Out, o: Record<string, unknown>, opts: { partial: boolean; update: boolean }) => void;

/** The rules of the special fields a request carries. */
const SPECIAL_RULES: Partial<Record<SpecialFieldName, Rule>> = {
  inhoud: (out, o) => inhoud(out, o),
  bestandsomvang: (out, o) => bestandsomvang(out, o),
  ondertekening: (out, o) =>
    group(out, o, 'ondertekening', (g) => {
      choice(out, g, 'soort', 'ondertekening.soort', ONDERTEKENING_SOORTEN, { required: true });
      date(out, g, 'datum', 'ondertekening.datum', { required: true });
    }),
  integriteit: (out, o) =>
    group(out, o, 'integriteit', (g) => {
      choice(out, g, 'algoritme', 'integriteit.algoritme', INTEGRITEIT_ALGORITMEN, { required: true });
      str(out, g, 'waarde', 'integriteit.waarde', { required: true, max: MAX_LENGTHS.integriteitWaarde });
      date(out, g, 'datum', 'integriteit.datum', { required: true });
    }),
  informatieobjecttype: (out, o, opts) => informatieobjecttype(out, o, !opts.partial),
  trefwoorden: (out, o) => trefwoorden(out, o),
};

/** What a plain field checks beyond its entry in the table. */
const EXTRA_RULES: Partial<Record<PlainFieldName, (out: Out, v: unknown, update: boolean) => void>> = {
  bronorganisatie: (out, v) => {
    const p = typeof v === 'string' ? rsinProblem(v) : null;
    if (p) push(out, 'bronorganisatie', p.code, p.reason);
  },
  indicatieGebruiksrecht,
};

/**
 * The fields in the order their problems are reported: the table's, but inhoudIsVervallen
 * (new in 1.5.0) has always been checked right after indicatieGebruiksrecht; kept there so
 * that `invalidParams` keep their order.
 */
const named = (name: string) => (f: (typeof EIO_FIELDS)[number]) => typeof f !== 'string' && f.name === name;
const CHECK_ORDER = EIO_FIELDS.filter((f) => !named('inhoudIsVervallen')(f)).flatMap((f) =>
  named('indicatieGebruiksrecht')(f) ? [f, ...EIO_FIELDS.filter(named('inhoudIsVervallen'))] : [f],
);

type FieldCheck = (out: Out, o: Record<string, unknown>, partial: boolean, update: boolean) => void;

/** Each field's check, in CHECK_ORDER, built once. */
const FIELD_CHECKS: readonly FieldCheck[] = CHECK_ORDER.map((f): FieldCheck => {
  if (typeof f === 'string') {
    const special = SPECIAL_RULES[f];
    return special ? (out, o, partial, update) => special(out, o, { partial, update }) : () => undefined;
  }
  const check = plainCheck(f);
  const extra = EXTRA_RULES[f.name];
  if (!extra) return (out, o, partial) => void check(out, o, partial);
  return (out, o, partial, update) => {
    const v = check(out, o, partial);
    if (v !== undefined) extra(out, v, update);
  };
});

/**
 * Field rules for create (partial: false) and PATCH (partial: true: only the keys
 * present are checked, nothing is required). `lock` is not checked here.
 */
export function validateEioFields(
  input: Record<string, unknown>,
  opts: { partial: boolean; update?: boolean },
): InvalidParam[] {
  const out: Out = [];
  const update = opts.update ?? false;
  for (const check of FIELD_CHECKS) check(out, input, opts.partial, update);
  if (out.length === 0) {
    const p = statusRule(input.status, input.ontvangstdatum);
    if (p) out.push(p);
  }
  return out;
}

/** As Open Zaak: a received document (ontvangstdatum) cannot be `in_bewerking`/`ter_vaststelling`. */
export function statusRule(status: unknown, ontvangstdatum: unknown): InvalidParam | undefined {
  if (!ontvangstdatum || (status !== 'in_bewerking' && status !== 'ter_vaststelling')) return undefined;
  return invalidForReceived();
}

/** The create rules (POST and every import row). */
export function validateEioCreate(input: Record<string, unknown>): InvalidParam[] {
  return validateEioFields(input, { partial: false });
}
