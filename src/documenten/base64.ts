/**
 * Base64 `inhoud` (Open Zaak's EnkelvoudigInformatieObject serializer): standard alphabet, an optional
 * `data:<mime>;base64,` prefix, whitespace ignored. Errors as Open Zaak reports them:
 * `invalid-base64` for characters outside the alphabet (or a data count that can never
 * decode), `incorrect-base64-padding` for a wrong number of `=`.
 */
export type Base64Code = 'invalid' | 'invalid-base64' | 'incorrect-base64-padding';
export interface Base64Problem {
  code: Base64Code;
  reason: string;
}

const REASONS: Record<Base64Code, string> = {
  invalid: 'Upload een geldig bestand. Het bestand is leeg of beschadigd.',
  'invalid-base64': 'De opgegeven base64-gecodeerde data is ongeldig.',
  'incorrect-base64-padding': 'De opgegeven base64-gecodeerde data heeft een onjuiste padding.',
};
export const base64ProblemOf = (code: Base64Code): Base64Problem => ({ code, reason: REASONS[code] });

const DATA_PREFIX_MAX = 256;
const INVALID_CHAR = /[^A-Za-z0-9+/=\s]/;
const WHITESPACE = /\s+/g;

/**
 * Incremental base64 decoding state: feed string pieces, get bytes back. Never throws;
 * after the first problem no further bytes are returned and `failure` says why.
 */
export class Base64State {
  private head = '';
  private headDone = false;
  private rest = '';
  private dataChars = 0;
  private padChars = 0;
  failure: Base64Code | undefined;
  /** Number of characters fed (0 means the string was empty: no file). */
  chars = 0;

  feed(piece: string): Buffer | undefined {
    this.chars += piece.length;
    if (this.failure) return undefined;
    if (!this.headDone) {
      this.head += piece;
      // a `data:...;base64,` prefix is stripped (drf-extra-fields behaviour)
      if (this.head.length < 5) return undefined;
      if (this.head.startsWith('data:')) {
        const i = this.head.indexOf(';base64,');
        if (i < 0) {
          if (this.head.length > DATA_PREFIX_MAX) this.failure = 'invalid';
          return undefined;
        }
        piece = this.head.slice(i + 8);
      } else piece = this.head;
      this.head = '';
      this.headDone = true;
    }
    return this.consume(piece);
  }

  private consume(piece: string): Buffer | undefined {
    if (INVALID_CHAR.test(piece)) {
      this.failure = 'invalid-base64';
      return undefined;
    }
    let clean = piece.replace(WHITESPACE, '');
    // padding only at the very end: after the first '=' only '=' may follow
    const eq = this.padChars > 0 ? 0 : clean.indexOf('=');
    if (eq >= 0) {
      const tail = clean.slice(eq);
      if (/[^=]/.test(tail)) {
        this.failure = 'invalid-base64';
        return undefined;
      }
      this.padChars += tail.length;
      clean = clean.slice(0, eq);
    }
    const s = this.rest + clean;
    const usable = s.length - (s.length % 4);
    this.dataChars += usable;
    this.rest = s.slice(usable);
    return usable > 0 ? Buffer.from(s.slice(0, usable), 'base64') : undefined;
  }

  /** The last bytes; afterwards `failure` is final. */
  finish(): Buffer | undefined {
    let out: Buffer | undefined;
    if (!this.headDone && !this.failure) {
      this.headDone = true;
      if (this.head.startsWith('data:')) this.failure = 'invalid';
      else out = this.consume(this.head);
    }
    if (this.failure) return undefined;
    const n = this.dataChars + this.rest.length;
    if (n % 4 === 1) this.failure = 'invalid-base64';
    else if ((n + this.padChars) % 4 !== 0 || this.padChars > 2) this.failure = 'incorrect-base64-padding';
    else if (this.rest.length > 0) {
      const last = Buffer.from(this.rest, 'base64');
      return out ? Buffer.concat([out, last]) : last;
    }
    return this.failure ? undefined : out;
  }
}

export class Base64Error extends Error {
  constructor(readonly code: Base64Code) {
    super(REASONS[code]);
    this.name = 'Base64Error';
  }
}

/** Whole-string check (small bodies, the import): the problem, or undefined when valid. */
export function base64Problem(value: string): Base64Problem | undefined {
  const st = new Base64State();
  st.feed(value);
  st.finish();
  return st.failure ? base64ProblemOf(st.failure) : undefined;
}

/** Decode a whole (small) base64 string; throws Base64Error when invalid. */
export function decodeBase64(value: string): Buffer {
  const st = new Base64State();
  const parts = [st.feed(value), st.finish()].filter((b): b is Buffer => b !== undefined);
  if (st.failure) throw new Base64Error(st.failure);
  return Buffer.concat(parts);
}
