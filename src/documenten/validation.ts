import { VERTROUWELIJKHEIDAANDUIDINGEN } from '../auth/types.js';
import type { InvalidParam } from '../shared/errors.js';
import { MESSAGES } from '../shared/messages.js';
import { rsinProblem } from '../shared/rsin.js';
import { base64Problem } from './base64.js';
import { invalidForReceived } from './errors.js';

/**
 * The EIO field rules (Documenten API schema EnkelvoudigInformatieObject, Open Zaak's
 * validators), as ONE function shared by POST/PUT/PATCH /enkelvoudiginformatieobjecten and
 * the bulk import. Input keys are camelCase as in the API body.
 * Field-level errors are all reported together; object-level rules (status vs
 * ontvangstdatum) run only once every field is valid, as DRF does.
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
export const MAX_LENGTHS = {
  identificatie: 40,
  titel: 200,
  auteur: 200,
  formaat: 255,
  bestandsnaam: 255,
  link: 200,
  beschrijving: 1000,
  informatieobjecttype: 200,
  trefwoord: 100,
  integriteitWaarde: 128,
} as const;

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

function booleanOrNull(out: Out, obj: Record<string, unknown>, key: string, update = false) {
  const v = obj[key];
  if (v === undefined || v === null) return;
  if (typeof v !== 'boolean') return void push(out, key, 'invalid', R.boolean);
  if (key === 'indicatieGebruiksrecht' && v === true && !update) {
    // As Open Zaak: set by creating gebruiksrechten, never on a create (or an import row); on an
    // update the document service checks it against the gebruiksrechten that exist.
    push(
      out,
      key,
      'missing-gebruiksrechten',
      'De indicatie kan niet gezet worden zonder gebruiksrechten voor dit informatieobject.',
    );
  }
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

/**
 * Field rules for create (partial: false) and PATCH (partial: true: only the keys
 * present are checked, nothing is required). `lock` is not checked here.
 */
export function validateEioFields(
  input: Record<string, unknown>,
  opts: { partial: boolean; update?: boolean },
): InvalidParam[] {
  const out: Out = [];
  const req = !opts.partial;
  const o = input;
  str(out, o, 'identificatie', 'identificatie', { blank: true, max: MAX_LENGTHS.identificatie });
  const bron = str(out, o, 'bronorganisatie', 'bronorganisatie', { required: req });
  if (bron !== undefined) {
    const p = rsinProblem(bron);
    if (p) push(out, 'bronorganisatie', p.code, p.reason);
  }
  date(out, o, 'creatiedatum', 'creatiedatum', { required: req });
  str(out, o, 'titel', 'titel', { required: req, max: MAX_LENGTHS.titel });
  choice(
    out,
    o,
    'vertrouwelijkheidaanduiding',
    'vertrouwelijkheidaanduiding',
    VERTROUWELIJKHEIDAANDUIDINGEN,
    {
      blank: true,
    },
  );
  str(out, o, 'auteur', 'auteur', { required: req, max: MAX_LENGTHS.auteur });
  const status = choice(out, o, 'status', 'status', STATUSSEN, { blank: true });
  str(out, o, 'formaat', 'formaat', { blank: true, max: MAX_LENGTHS.formaat });
  str(out, o, 'taal', 'taal', { required: req, max: 3, min: 3 });
  str(out, o, 'bestandsnaam', 'bestandsnaam', { blank: true, max: MAX_LENGTHS.bestandsnaam });
  inhoud(out, o);
  bestandsomvang(out, o);
  const link = str(out, o, 'link', 'link', { blank: true, max: MAX_LENGTHS.link });
  if (link && !isValidUrl(link)) push(out, 'link', 'invalid', R.url);
  str(out, o, 'beschrijving', 'beschrijving', { blank: true, max: MAX_LENGTHS.beschrijving });
  const ontvangst = date(out, o, 'ontvangstdatum', 'ontvangstdatum', { nullable: true });
  date(out, o, 'verzenddatum', 'verzenddatum', { nullable: true });
  booleanOrNull(out, o, 'indicatieGebruiksrecht', opts.update);
  booleanOrNull(out, o, 'inhoudIsVervallen');
  str(out, o, 'verschijningsvorm', 'verschijningsvorm', { blank: true });
  group(out, o, 'ondertekening', (g) => {
    choice(out, g, 'soort', 'ondertekening.soort', ONDERTEKENING_SOORTEN, { required: true });
    date(out, g, 'datum', 'ondertekening.datum', { required: true });
  });
  group(out, o, 'integriteit', (g) => {
    choice(out, g, 'algoritme', 'integriteit.algoritme', INTEGRITEIT_ALGORITMEN, { required: true });
    str(out, g, 'waarde', 'integriteit.waarde', { required: true, max: MAX_LENGTHS.integriteitWaarde });
    date(out, g, 'datum', 'integriteit.datum', { required: true });
  });
  informatieobjecttype(out, o, req);
  trefwoorden(out, o);
  if (out.length === 0) {
    const p = statusRule(status, ontvangst);
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
