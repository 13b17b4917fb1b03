import type { FastifySchemaValidationError } from 'fastify';
import { type AppError, type InvalidParam, validationError } from '../shared/errors.js';
import { MESSAGES } from '../shared/messages.js';

/**
 * AJV errors → ZGW invalidParams with DRF's names, codes and (Dutch) reasons (the
 * standards' `ValidatieFout` schema, Open Zaak's wording). AJV runs with allErrors, so every
 * field is reported at once.
 */
const REASONS: Record<string, (p: Record<string, unknown>, data: unknown) => string> = {
  required: () => MESSAGES.required,
  null: () => MESSAGES.null,
  blank: () => MESSAGES.blank,
  max_length: (p) => MESSAGES.maxLength(p.limit),
  min_length: (p) => MESSAGES.minLength(p.limit),
  invalid_choice: (_p, data) => MESSAGES.invalidChoice(data),
  min_value: (p) => MESSAGES.minValue(p.limit),
  max_value: (p) => MESSAGES.maxValue(p.limit),
  invalid: () => MESSAGES.invalid,
};

const FORMAT_REASONS: Record<string, string> = {
  date: MESSAGES.date,
  'date-time': MESSAGES.datetime,
  uri: MESSAGES.url,
  uuid: MESSAGES.uuid,
  email: MESSAGES.email,
};

function codeFor(e: FastifySchemaValidationError & { data?: unknown }): string | undefined {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'required';
    case 'type':
      return e.data === null ? 'null' : 'invalid';
    case 'minLength':
      return p.limit === 1 && e.data === '' ? 'blank' : 'min_length';
    case 'maxLength':
    case 'maxItems':
      return 'max_length';
    case 'minItems':
      return 'min_length';
    case 'enum':
    case 'const':
      return e.data === null ? 'null' : 'invalid_choice';
    case 'minimum':
    case 'exclusiveMinimum':
      return 'min_value';
    case 'maximum':
    case 'exclusiveMaximum':
      return 'max_value';
    case 'anyOf':
    case 'oneOf':
    case 'if':
    case 'additionalProperties':
      return undefined; // the branch errors say what is wrong; extra keys are ignored (ZGW API conventions, as Open Zaak)
    default:
      return 'invalid';
  }
}

export function fieldName(e: FastifySchemaValidationError, context?: string): string {
  const segments = e.instancePath.split('/').filter(Boolean).map(decodePointer);
  if (e.keyword === 'required') {
    segments.push(String((e.params as { missingProperty?: string }).missingProperty ?? ''));
  }
  const name = segments.join('.');
  if (name === '') return context === 'querystring' ? 'nonFieldErrors' : 'nonFieldErrors';
  return name;
}

const decodePointer = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

export function mapAjvErrors(errors: FastifySchemaValidationError[], context?: string): AppError {
  const out: InvalidParam[] = [];
  const seen = new Set<string>();
  for (const raw of errors) {
    const e = raw as FastifySchemaValidationError & { data?: unknown };
    const code = codeFor(e);
    if (!code) continue;
    const name = fieldName(e, context);
    if (seen.has(name)) continue; // DRF reports the first failing rule of a field
    seen.add(name);
    const p = e.params as Record<string, unknown>;
    const reason =
      e.keyword === 'format'
        ? (FORMAT_REASONS[String(p.format)] ?? MESSAGES.invalid)
        : (REASONS[code]?.(p, e.data) ?? MESSAGES.invalid);
    out.push({ name, code, reason });
  }
  if (out.length === 0) out.push({ name: 'nonFieldErrors', code: 'invalid', reason: 'Ongeldige invoer.' });
  return validationError(out);
}

/** 400 unknown-parameters for query keys a route does not declare (ZGW API conventions, as Open Zaak). */
export function unknownParameters(keys: string[]): AppError {
  return validationError([
    {
      name: 'nonFieldErrors',
      code: 'unknown-parameters',
      reason: `Onbekende query parameters: ${keys.join(', ')}`,
    },
  ]);
}
