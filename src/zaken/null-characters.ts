import type { FastifyRequest } from 'fastify';
import { type InvalidParam, validationError } from '../shared/errors.js';

/**
 * PostgreSQL cannot store U+0000 in text or jsonb; DRF's CharField refuses it with
 * `null_characters_not_allowed`. Checked on body and query before validation, so such
 * input is a 400 on the field and never a database error.
 */
function scan(value: unknown, path: string[], out: InvalidParam[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) {
      out.push({
        name: path.join('.') || 'nonFieldErrors',
        code: 'null_characters_not_allowed',
        reason: 'Null-tekens zijn niet toegestaan.',
      });
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) scan(v, [...path, k], out);
  }
}

export async function rejectNullCharacters(request: FastifyRequest): Promise<void> {
  const out: InvalidParam[] = [];
  scan(request.query, [], out);
  scan(request.body, [], out);
  if (out.length > 0) throw validationError(out);
}
