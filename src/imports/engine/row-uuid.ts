import { createHash } from 'node:crypto';

const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** A CSV uuid kept as given (any version), lower-cased and hyphenated; undefined if invalid. */
export function normaliseUuid(raw: string): string | undefined {
  const s = raw
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .replace(/^urn:uuid:/i, '');
  if (!UUID_RE.test(s)) return undefined;
  const hex = s.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The uuid of a row without one in the CSV: derived from (import uuid, row index) and
 * formatted as v4, so a batch retried after a crash writes the same storage key.
 */
export function derivedRowUuid(importUuid: string, rowIndex: number): string {
  const b = createHash('sha256').update(`${importUuid}:${rowIndex}`).digest();
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
