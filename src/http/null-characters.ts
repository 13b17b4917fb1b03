import type { FastifyInstance, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import { type InvalidParam, validationError } from '../shared/errors.js';

/**
 * PostgreSQL cannot store or compare U+0000 in text or jsonb, so such input must be
 * refused before it reaches a query. Django/DRF refuses it in every CharField (form
 * fields too, hence the filters) with the code `null_characters_not_allowed`, which the
 * import report uses as well. Checked once for every route, on path parameters, query
 * and body (keys and values, nested objects and arrays: `trefwoorden.1`), before schema
 * validation: such input is a 400 on the field, never a database error.
 */
export const NULL_CHARACTERS = 'null_characters_not_allowed';
const REASON = 'Null-tekens zijn niet toegestaan.';

function scan(value: unknown, path: string[], out: InvalidParam[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      out.push({ name: path.join('.') || 'nonFieldErrors', code: NULL_CHARACTERS, reason: REASON });
    return;
  }
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) scan(v, [...path, String(i)], out);
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000'))
      out.push({ name: [...path, k].join('.'), code: NULL_CHARACTERS, reason: REASON });
    else scan(v, [...path, k], out);
  }
}

export async function rejectNullCharacters(request: FastifyRequest): Promise<void> {
  const out: InvalidParam[] = [];
  scan(request.params, [], out);
  scan(request.query, [], out);
  // A body parser may hand over a raw stream (import upload): not scanned, not JSON.
  const body = request.body as { pipe?: unknown } | null | undefined;
  if (typeof body?.pipe !== 'function') scan(request.body, [], out);
  if (out.length > 0) throw validationError(out);
}

/**
 * Runs the check as the last preValidation step of every route registered after this
 * call, so a route's own earlier checks (unknown parameters, Accept-Crs) answer first.
 */
export function registerNullCharacterCheck(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const own = route.preValidation;
    const list = own === undefined ? [] : Array.isArray(own) ? own : [own];
    route.preValidation = [...list, rejectNullCharacters as preValidationAsyncHookHandler];
  });
}
