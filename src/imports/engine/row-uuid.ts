import { createHash } from 'node:crypto';
import { canonicalUuid, hexToUuid } from '../../shared/ids.js';

/** A CSV uuid kept as given (any version), lower-cased and hyphenated; undefined if invalid. */
export function normaliseUuid(raw: string): string | undefined {
  return canonicalUuid(
    raw
      .trim()
      .replace(/^\{(.*)\}$/, '$1')
      .replace(/^urn:uuid:/i, ''),
  );
}

/**
 * The uuid of a row without one in the CSV: derived from (import uuid, row index) and
 * formatted as v4, so a batch retried after a crash writes the same storage key.
 */
export function derivedRowUuid(importUuid: string, rowIndex: number): string {
  const b = createHash('sha256').update(`${importUuid}:${rowIndex}`).digest();
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return hexToUuid(b.subarray(0, 16).toString('hex'));
}
