import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { notUtf8, Utf8Validator } from '../http/json-body.js';
import { parseError, tooLarge } from '../shared/errors.js';
import type { BlobStore } from '../storage/blob-store.js';
import { type Base64Problem, Base64State, base64ProblemOf } from './base64.js';

/**
 * Streaming `application/json` body reader for EIO create/update (issue 4 "Request size"):
 * the top-level `inhoud` string is never held in memory; its base64 is decoded on the fly
 * straight into a blob under `key`. The rest of the body (small) is parsed as usual with
 * `inhoud` replaced by null. Nothing is left behind on any error.
 */
export interface DivertedUpload {
  key: string;
  /** Decoded byte count. */
  size: number;
  /** The JSON string was "" (no file, Open Zaak's EnkelvoudigInformatieObject serializer); the blob has been removed. */
  empty: boolean;
  problem?: Base64Problem;
}

export interface ParsedJsonUpload {
  body: unknown;
  upload?: DivertedUpload;
}

/** The non-`inhoud` part of a body is small; refuse absurd metadata early. */
const MAX_REST_CHARS = 32 * 1024 * 1024;
const WS = new Set([' ', '\t', '\n', '\r']);

class Scanner {
  rest: string[] = [];
  restChars = 0;
  private inStr = false;
  private esc = false;
  private depth = 0;
  private cur = '';
  private lastKey: string | undefined;
  private pendingValue = false;
  /** inside the diverted `inhoud` string */
  diverting = false;
  diverted = false;
  private divEsc: string | undefined;

  constructor(private readonly onInhoud: (piece: string) => void) {}

  /** Scan one decoded text chunk; calls onInhoud for pieces of the inhoud string. */
  scan(text: string): void {
    let seg = 0;
    let i = 0;
    while (i < text.length) {
      if (this.diverting) {
        i = this.divert(text, i);
        seg = i;
        continue;
      }
      const c = text[i] as string;
      if (this.pendingValue && !WS.has(c)) {
        this.pendingValue = false;
        if (c === '"') {
          if (this.diverted) throw parseError('JSON parse error - dubbele sleutel "inhoud"');
          this.keep(text.slice(seg, i));
          this.keep('null');
          this.diverting = true;
          this.diverted = true;
          i += 1;
          seg = i;
          continue;
        }
      }
      this.step(c);
      i += 1;
    }
    if (!this.diverting) this.keep(text.slice(seg));
  }

  private step(c: string): void {
    if (this.inStr) {
      if (this.esc) this.esc = false;
      else if (c === '\\') this.esc = true;
      else if (c === '"') {
        this.inStr = false;
        if (this.depth === 1) this.lastKey = this.cur;
        return;
      }
      if (this.depth === 1 && this.cur.length < 16) this.cur += c;
      return;
    }
    if (c === '"') {
      this.inStr = true;
      this.cur = '';
      return;
    }
    if (WS.has(c)) return;
    if (c === ':' && this.depth === 1 && this.lastKey === 'inhoud') this.pendingValue = true;
    this.lastKey = undefined;
    if (c === '{' || c === '[') this.depth += 1;
    else if (c === '}' || c === ']') this.depth -= 1;
  }

  /** Inside the inhoud string: hand over everything up to the closing quote. */
  private divert(text: string, from: number): number {
    let i = from;
    if (this.divEsc !== undefined) {
      while (i < text.length && !this.escapeDone()) this.divEsc += text[i++];
      if (!this.escapeDone()) return i;
      this.onInhoud(jsonEscapeChar(this.divEsc));
      this.divEsc = undefined;
      return i;
    }
    const q = text.indexOf('"', i);
    const b = text.indexOf('\\', i);
    const stop = q < 0 ? b : b < 0 ? q : Math.min(q, b);
    if (stop < 0) {
      this.onInhoud(text.slice(i));
      return text.length;
    }
    if (stop > i) this.onInhoud(text.slice(i, stop));
    if (stop === q) {
      this.diverting = false;
      return stop + 1;
    }
    this.divEsc = '';
    return stop + 1;
  }

  private escapeDone(): boolean {
    const e = this.divEsc ?? '';
    return e.length > 0 && (e[0] !== 'u' || e.length >= 5);
  }

  private keep(s: string): void {
    if (s.length === 0) return;
    this.restChars += s.length;
    if (this.restChars > MAX_REST_CHARS) throw tooLarge();
    this.rest.push(s);
  }
}

/** A JSON escape inside base64 text: `\/` is '/', `\n` and friends are whitespace. */
function jsonEscapeChar(e: string): string {
  if (e[0] === 'u') return String.fromCharCode(Number.parseInt(e.slice(1, 5), 16) || 0x21);
  if (e === 'n' || e === 'r' || e === 't') return ' ';
  return e === '/' || e === '\\' || e === '"' ? e : '!';
}

/**
 * Read `payload` fully. When a top-level `inhoud` string appears, its decoded bytes go to
 * `blobs.putStream(key)` with backpressure. Throws 413 beyond `maxBytes` raw bytes and
 * 400 parse_error on bad JSON or bytes that are not UTF-8, having removed the blob.
 */
export async function readJsonUpload(
  payload: Readable,
  opts: { blobs: BlobStore; key: string; maxBytes: number },
): Promise<ParsedJsonUpload> {
  const b64 = new Base64State();
  let sink: PassThrough | undefined;
  let put: Promise<{ size: number } | Error> | undefined;
  const write = (buf: Buffer | undefined) => {
    if (buf && sink && !sink.destroyed) sink.write(buf);
  };
  const scanner = new Scanner((piece) => {
    if (!sink) {
      sink = new PassThrough({ highWaterMark: 1 << 20 });
      sink.on('error', () => undefined); // reported through `put`
      put = opts.blobs.putStream(opts.key, sink).catch((e: Error) => e);
    }
    write(b64.feed(piece));
  });
  // StringDecoder alone would turn bytes that are not UTF-8 into U+FFFD (data loss):
  // each chunk is validated in place first, and the body refused with parse_error.
  const utf8 = new Utf8Validator();
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  try {
    // destroyOnReturn false: on 413/parse errors the request stays open so the client gets the answer
    for await (const chunk of payload.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > opts.maxBytes) throw tooLarge();
      if (!utf8.push(chunk)) throw notUtf8();
      scanner.scan(decoder.write(chunk));
      if (sink?.writableNeedDrain && !sink.destroyed) await once(sink, 'drain');
    }
    if (!utf8.end()) throw notUtf8();
    scanner.scan(decoder.end());
    if (scanner.diverting) throw parseError('JSON parse error - onafgesloten string');
    let upload: DivertedUpload | undefined;
    if (scanner.diverted) upload = await finishUpload(b64, sink, put, opts);
    return { body: parseRest(scanner.rest.join('')), upload };
  } catch (err) {
    // end, never destroy: the store then settles its own temp file before we delete the key
    sink?.end();
    await put;
    await opts.blobs.delete(opts.key).catch(() => undefined);
    throw err;
  }
}

async function finishUpload(
  b64: Base64State,
  sink: PassThrough | undefined,
  put: Promise<{ size: number } | Error> | undefined,
  opts: { blobs: BlobStore; key: string },
): Promise<DivertedUpload> {
  if (!sink) return { key: opts.key, size: 0, empty: true };
  const last = b64.finish();
  if (!b64.failure && last) sink.write(last);
  sink.end();
  const result = await put;
  if (b64.failure || result instanceof Error || b64.chars === 0) {
    await opts.blobs.delete(opts.key);
    if (result instanceof Error && !b64.failure) throw result;
    const problem = b64.failure ? base64ProblemOf(b64.failure) : undefined;
    return { key: opts.key, size: 0, empty: !problem, problem };
  }
  return { key: opts.key, size: result?.size ?? 0, empty: false };
}

function parseRest(text: string): unknown {
  if (text.trim() === '') throw parseError('JSON parse error - Expecting value: line 1 column 1 (char 0)');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw parseError(`JSON parse error - ${(err as Error).message}`);
  }
}
