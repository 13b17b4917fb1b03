import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { AppError, parseError } from '../shared/errors.js';

/**
 * JSON request bodies are UTF-8 (RFC 8259 §8.1). Bytes that are not UTF-8 are refused
 * with 400 parse_error instead of being decoded with U+FFFD replacements (silent data
 * loss), and a Content-Type naming another charset is refused with 415: the body is not
 * re-coded from a declared legacy charset.
 */
const UTF8_LABELS = new Set(['utf-8', 'utf8']);

export function notUtf8(): AppError {
  return parseError('JSON parse error - de body is geen geldige UTF-8 (RFC 8259).');
}

/** 415 when the Content-Type has a charset parameter other than utf-8. */
export function assertJsonCharset(contentType: string | undefined): void {
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  if (!m) return;
  const charset = (m[1] ?? m[2] ?? '').toLowerCase();
  if (UTF8_LABELS.has(charset)) return;
  throw new AppError(
    415,
    'unsupported_media_type',
    `Ongeldige media type "${contentType ?? ''}" in aanvraag: JSON moet UTF-8 zijn, charset=${charset} wordt niet ondersteund.`,
  );
}

/** A whole JSON body as text: the charset check, then UTF-8 validated, never replaced. */
export function jsonText(contentType: string | undefined, body: Buffer): string {
  assertJsonCharset(contentType);
  if (!isUtf8(body)) throw notUtf8();
  return body.toString('utf8');
}

/** Length of the UTF-8 sequence a lead byte starts; 1 for bytes isUtf8 will judge alone. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 1;
}

const isContinuation = (b: number | undefined) => b !== undefined && b >= 0x80 && b <= 0xbf;

/**
 * Streaming UTF-8 validation of a body that arrives in chunks, without copying them: each
 * chunk is checked in place (`isUtf8` on a subarray); only a multi-byte sequence split
 * across two chunks (at most 4 bytes) is joined to be checked.
 */
export class Utf8Validator {
  private carry: Buffer | undefined;

  /** false as soon as the bytes so far cannot be UTF-8. */
  push(chunk: Buffer): boolean {
    let from = 0;
    if (this.carry) {
      const need = sequenceLength(this.carry[0] as number) - this.carry.length;
      const joined = Buffer.concat([this.carry, chunk.subarray(0, need)]);
      from = Math.min(need, chunk.length);
      if (joined.length < sequenceLength(joined[0] as number)) {
        this.carry = joined;
        return true;
      }
      this.carry = undefined;
      if (!isUtf8(joined)) return false;
    }
    // An incomplete sequence at the end waits for the next chunk.
    let lead = chunk.length - 1;
    while (lead > from && chunk.length - lead < 4 && isContinuation(chunk[lead])) lead--;
    let cut = chunk.length;
    if (lead >= from && lead + sequenceLength(chunk[lead] as number) > chunk.length) {
      cut = lead;
      this.carry = Buffer.from(chunk.subarray(lead));
    }
    return isUtf8(chunk.subarray(from, cut));
  }

  /** false when the body ended inside a multi-byte sequence. */
  end(): boolean {
    return this.carry === undefined;
  }
}

/**
 * Replaces Fastify's application/json parser (which decodes with replacements) by one
 * that refuses non-UTF-8 bodies; parsing itself stays Fastify's own (prototype-poisoning
 * protection, empty-body error).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  // No DELETE of the ZGW standards has a request body and Open Zaak never reads one: a
  // client sending `Content-Type: application/json` with an empty (or any) body gets the
  // normal answer, not a parse error or 415. Without these headers Fastify parses nothing;
  // Node discards the unread bytes once the answer is sent.
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'DELETE') return;
    delete request.headers['content-type'];
    delete request.headers['content-length'];
    delete request.headers['transfer-encoding'];
  });
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = jsonText(request.headers['content-type'], body as Buffer);
    } catch (err) {
      done(err as Error, undefined);
      return;
    }
    // Fastify's own parser calls done synchronously; its type also allows a promise.
    void parse(request, text, done);
  });
}
