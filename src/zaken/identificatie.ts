import type { Queryable } from '../db/pool.js';

/**
 * Atomic allocator of generated identificaties (`ZAAK-2026-0000000001`), one counter
 * row per prefix in `identificatie_counters`. Each call is one statement that takes
 * the row lock only for its own duration (call it outside long transactions), so
 * concurrent creates get distinct numbers; gaps after a rollback are harmless.
 */
export async function allocateNumber(q: Queryable, prefix: string): Promise<number> {
  const { rows } = await q.query<{ last: number }>(
    `insert into identificatie_counters (prefix, last) values ($1, 1)
     on conflict (prefix) do update set last = identificatie_counters.last + 1
     returning last`,
    [prefix],
  );
  return rows[0]!.last;
}

/** Moves the counter past a number a client supplied itself, so it is never generated. */
export async function reserveNumber(q: Queryable, prefix: string, n: number): Promise<void> {
  await q.query(
    `insert into identificatie_counters (prefix, last) values ($1, $2)
     on conflict (prefix) do update set last = greatest(identificatie_counters.last, excluded.last)`,
    [prefix, n],
  );
}

export const formatIdentificatie = (prefix: string, n: number): string =>
  `${prefix}${String(n).padStart(10, '0')}`;

/** `ZAAK-YYYY-nnnnnnnnnn` split into prefix and number, or null for other shapes. */
export function splitIdentificatie(
  kind: string,
  identificatie: string,
): { prefix: string; n: number } | null {
  const m = new RegExp(`^(${kind}-\\d{4}-)(\\d{10})$`).exec(identificatie);
  return m ? { prefix: m[1]!, n: Number(m[2]) } : null;
}
