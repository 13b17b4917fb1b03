import type { Readable } from 'node:stream';
import { type InvalidParam, parseError, tooLarge, validationError } from '../shared/errors.js';
import type { ImportOptions } from './repository.js';

const MAX_BYTES = 64 * 1024;

/**
 * The optional create body (issue 10 #1): `{"naam", "dryRun", "pauseAfterFailures"}` as JSON.
 * An absent or empty body, or one that is not JSON by its content type, is the reference's
 * create (the body is ignored, Open Zaak's import endpoints). A JSON body that does not parse is refused:
 * a mistyped `{"dryRun": true` must never start a real import.
 */
export async function readCreateBody(
  body: Readable | undefined,
  contentType: string | undefined,
  defaults: { pauseAfterFailures: number },
): Promise<ImportOptions> {
  const opts: ImportOptions = { naam: '', dryRun: false, pauseAfterFailures: defaults.pauseAfterFailures };
  const isJson = /^\s*application\/([\w.+-]*\+)?json\s*(;|$)/i.test(contentType ?? '');
  if (!body || typeof body.pipe !== 'function') return opts;
  if (!isJson) {
    body.resume();
    return opts;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_BYTES) {
      body.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return opts;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw parseError(`JSON parse error - ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw validationError([{ name: 'nonFieldErrors', code: 'invalid', reason: 'Verwacht een JSON-object.' }]);
  }
  const v = parsed as Record<string, unknown>;
  const problems: InvalidParam[] = [];
  if (v.naam !== undefined && v.naam !== null) {
    if (typeof v.naam !== 'string')
      problems.push({ name: 'naam', code: 'invalid', reason: 'Not a valid string.' });
    else if (v.naam.length > 200)
      problems.push({
        name: 'naam',
        code: 'max_length',
        reason: 'Zorg ervoor dat dit veld niet meer dan 200 karakters bevat.',
      });
    else if (v.naam.includes('\u0000'))
      problems.push({
        name: 'naam',
        code: 'null_characters_not_allowed',
        reason: 'Null-tekens zijn niet toegestaan.',
      });
    else opts.naam = v.naam.trim();
  }
  if (v.dryRun !== undefined) {
    if (typeof v.dryRun !== 'boolean')
      problems.push({ name: 'dryRun', code: 'invalid', reason: 'Moet een geldige boolean zijn.' });
    else opts.dryRun = v.dryRun;
  }
  if (v.pauseAfterFailures !== undefined) {
    const n = v.pauseAfterFailures;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > 1_000_000_000)
      problems.push({
        name: 'pauseAfterFailures',
        code: 'invalid',
        reason: 'Een geldig geheel getal van 0 tot 1000000000 is vereist (0 = uit).',
      });
    else opts.pauseAfterFailures = n;
  }
  if (problems.length > 0) throw validationError(problems);
  return opts;
}
