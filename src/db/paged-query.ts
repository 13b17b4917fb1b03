import type pg from 'pg';

/**
 * One page of a list plus its exact count (`enkelvoudiginformatieobject_list` `count`): `from` is the
 * FROM clause with its WHERE, `select` the column list for that FROM. The count and the
 * page run concurrently; limit and offset are appended as the last two parameters.
 */
export async function pagedQuery<T extends pg.QueryResultRow>(
  pool: pg.Pool,
  q: { select: string; from: string; orderBy: string; params: unknown[] },
  limit: number,
  offset: number,
): Promise<{ count: number; rows: T[] }> {
  const n = q.params.length;
  const [count, page] = await Promise.all([
    pool.query<{ n: number }>(`select count(*)::int as n ${q.from}`, q.params),
    pool.query<T>(`${q.select} ${q.from} order by ${q.orderBy} limit $${n + 1} offset $${n + 2}`, [
      ...q.params,
      limit,
      offset,
    ]),
  ]);
  return { count: count.rows[0]?.n ?? 0, rows: page.rows };
}
