/**
 * Keys (document uuids, bronorganisatie+identificatie) of batches that passed their checks
 * but may not have committed yet. The pipeline prepares batch n+1 while batch n commits,
 * so the database look-up of n+1 cannot see n; these sets close that gap with memory
 * bounded by the pipeline depth, never the file size.
 */
export interface BatchKeys {
  uuids: Set<string>;
  identificaties: Set<string>;
}

export class InflightKeys {
  private readonly batches = new Map<number, BatchKeys>();

  add(seq: number, keys: BatchKeys): void {
    this.batches.set(seq, keys);
  }

  remove(seq: number): void {
    this.batches.delete(seq);
  }

  /** Taken BEFORE the database look-up, so a batch committing in between is seen by one of the two. */
  snapshot(): BatchKeys[] {
    return [...this.batches.values()];
  }
}

export const identKey = (bron: string, ident: string): string => `${bron}\u0000${ident}`;

export function inAny(sets: BatchKeys[], kind: keyof BatchKeys, key: string): boolean {
  return sets.some((s) => s[kind].has(key));
}
