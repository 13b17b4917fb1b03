import type { Queryable } from '../db/pool.js';

/**
 * Generated identificaties `DOCUMENT-{YYYY}-{10 digits}` (Open Zaak's EnkelvoudigInformatieObject serializer) from ONE
 * atomic allocator, shared by the API and the bulk import. Counters live in
 * `identificatie_counters` (prefix `DOCUMENT-YYYY-`); a counter is initialised on first use
 * from the highest existing matching identificatie. The row lock taken by the update
 * serialises allocators of the same year until the caller's transaction ends.
 */
const PATTERN = /^DOCUMENT-(\d{4})-(\d{10})$/;
const prefixOf = (year: number) => `DOCUMENT-${String(year).padStart(4, '0')}-`;
const format = (year: number, n: number) => `${prefixOf(year)}${String(n).padStart(10, '0')}`;

/** Make sure the counter row exists, starting at the highest existing value. */
async function ensureCounter(client: Queryable, prefix: string): Promise<void> {
  await client.query(
    `INSERT INTO identificatie_counters (prefix, last)
     SELECT $1::varchar, coalesce(max(substring(identificatie from $2::int)::bigint), 0)
       FROM documents WHERE identificatie LIKE $1 || '%' AND identificatie ~ $3
     ON CONFLICT (prefix) DO NOTHING`,
    [prefix, prefix.length + 1, `^${prefix}[0-9]{10}$`],
  );
}

/**
 * One statement for many counters: `set` is the new value in terms of the old one (`c.last`)
 * and the given number (`v.n`). A counter that does not exist yet is created from the
 * documents first (a scan, once per year) and the statement repeated for those. Returns the
 * new value of every counter.
 */
async function updateCounters(
  client: Queryable,
  list: [string, number][],
  set: 'c.last + v.n' | 'greatest(c.last, v.n)',
): Promise<Map<string, number>> {
  const update = async (part: [string, number][]) => {
    const res = await client.query<{ prefix: string; last: string }>(
      `UPDATE identificatie_counters c SET last = ${set}
         FROM unnest($1::varchar[], $2::bigint[]) AS v(prefix, n)
        WHERE c.prefix = v.prefix RETURNING c.prefix, c.last`,
      [part.map(([p]) => p), part.map(([, n]) => n)],
    );
    for (const r of res.rows) lasts.set(r.prefix, Number(r.last));
  };
  const lasts = new Map<string, number>();
  await update(list);
  const missing = list.filter(([p]) => !lasts.has(p));
  if (missing.length === 0) return lasts;
  for (const [p] of missing) await ensureCounter(client, p);
  await update(missing);
  return lasts;
}

/**
 * Reserve `count` numbers per year of creatiedatum; returns the identificaties of each year
 * in ascending order. Call inside the transaction that inserts the documents. All years in
 * one statement (a bulk import batch spans many); a counter is created on first use only.
 */
async function allocateDocumentIdentificaties(
  client: Queryable,
  years: Map<number, number>,
): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>();
  const wanted = [...years].filter(([, count]) => count > 0).sort((a, b) => a[0] - b[0]);
  for (const [year, count] of years) if (count <= 0) result.set(year, []);
  if (wanted.length === 0) return result;
  const lasts = await updateCounters(
    client,
    wanted.map(([y, n]) => [prefixOf(y), n]),
    'c.last + v.n',
  );
  for (const [year, count] of wanted) {
    const last = lasts.get(prefixOf(year)) as number;
    const ids: string[] = [];
    for (let n = last - count + 1; n <= last; n++) ids.push(format(year, n));
    result.set(year, ids);
  }
  return result;
}

/** One identificatie for a creatiedatum `YYYY-MM-DD`. */
async function allocateDocumentIdentificatie(client: Queryable, creatiedatum: string): Promise<string> {
  const year = Number(creatiedatum.slice(0, 4));
  const ids = await allocateDocumentIdentificaties(client, new Map([[year, 1]]));
  return ids.get(year)?.[0] as string;
}

/**
 * Bump counters past client-supplied identificaties that match the generated pattern, so a
 * later generated value never collides with a supplied one.
 */
async function noteUsedIdentificaties(client: Queryable, identificaties: string[]): Promise<void> {
  const highest = new Map<string, number>();
  for (const id of identificaties) {
    const m = PATTERN.exec(id);
    if (!m) continue;
    const prefix = prefixOf(Number(m[1]));
    highest.set(prefix, Math.max(highest.get(prefix) ?? 0, Number(m[2])));
  }
  if (highest.size === 0) return;
  const list = [...highest].sort((a, b) => a[0].localeCompare(b[0]));
  await updateCounters(client, list, 'greatest(c.last, v.n)');
}

/**
 * The allocator on the caller's transaction (its row locks hold until that commits): the
 * API's create allocates one, the import's batch many per year.
 */
export function createIdentificatieRepository(client: Queryable) {
  return {
    allocate: (years: Map<number, number>) => allocateDocumentIdentificaties(client, years),
    allocateOne: (creatiedatum: string) => allocateDocumentIdentificatie(client, creatiedatum),
    noteUsed: (identificaties: string[]) => noteUsedIdentificaties(client, identificaties),
  };
}
