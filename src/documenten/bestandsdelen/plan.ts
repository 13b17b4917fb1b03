import { fileErrors } from '../errors.js';

/**
 * The split of a large file into bestandsdelen (the Documenten API bestandsdelen flow): ceil(N / C) parts,
 * every part C bytes except the last, which takes the remainder; volgnummer counts from 1.
 * Open Zaak splits the same way (`DOCUMENTEN_UPLOAD_CHUNK_SIZE`).
 */
export interface PartPlan {
  volgnummer: number;
  /** Byte offset of the part in the file. */
  offset: number;
  omvang: number;
}

/** More parts than this is refused: a plan is rows in one transaction, not an unbounded list. */
export const MAX_PARTS = 100_000;

export function planParts(total: number, partBytes: number): PartPlan[] {
  const count = Math.ceil(total / partBytes);
  if (count > MAX_PARTS) throw fileErrors.tooManyParts(total, MAX_PARTS, partBytes);
  const parts: PartPlan[] = [];
  for (let i = 0; i < count; i++) {
    const offset = i * partBytes;
    parts.push({ volgnummer: i + 1, offset, omvang: Math.min(partBytes, total - offset) });
  }
  return parts;
}
