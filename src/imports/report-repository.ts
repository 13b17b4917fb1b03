import type { Queryable } from '../db/pool.js';

/** SQL of an import's report: its rows (import_rows) as the report and the summary read them. */
export interface ReportRow {
  rowIndex: number;
  succeeded: boolean;
  uuid: string | null;
  identificatie: string | null;
  opmerking: string;
}

/** One page of report rows after `afterIndex`, in row order (keyset, so memory stays flat). */
async function reportRowsAfter(
  q: Queryable,
  importId: number,
  afterIndex: number,
  limit: number,
  onlyFailed = false,
): Promise<ReportRow[]> {
  const { rows } = await q.query<ReportRow>(
    `select row_index as "rowIndex", succeeded, uuid, identificatie, opmerking from import_rows
     where import_id = $1 and row_index > $2 and (not $4 or not succeeded) order by row_index limit $3`,
    [importId, afterIndex, limit, onlyFailed],
  );
  return rows;
}

/** An echoed value in a row comment: ` (label: "JSON string")`. */
const ECHOED_VALUE = ' \\(([A-Za-z][A-Za-z.]*): "([^"\\\\]|\\\\.)*"\\)';

/**
 * Failure reasons of an import (issue 10 #8): the opmerking with its row number taken out,
 * counted, most frequent first, with the first few row numbers of each. One pass in SQL.
 */
async function failureReasons(
  q: Queryable,
  importId: number,
  limit = 50,
): Promise<{ reason: string; count: number; firstRows: number[] }[]> {
  // Row numbers and echoed values (` (creatiedatum: "…")`, row-mapping.ts echo) do not split a reason.
  const { rows } = await q.query<{ reason: string; count: number; firstRows: number[] }>(
    `select reason, count(*)::int as count, (array_agg(row_index order by row_index))[1:5] as "firstRows"
       from (select row_index, regexp_replace(regexp_replace(opmerking, '(line|row) [0-9]+', '\\1 {i}', 'g'),
                                              $3, ' (\\1: …)', 'g') as reason
               from import_rows where import_id = $1 and not succeeded) f
      group by reason order by count desc, min(row_index) limit $2`,
    [importId, limit, ECHOED_VALUE],
  );
  return rows.map((r) => ({ ...r, firstRows: r.firstRows.map(Number) }));
}

/** `db` is the pool or the client of a transaction. */
export function createReportRepository(db: Queryable) {
  return {
    reportRowsAfter: (importId: number, afterIndex: number, limit: number, onlyFailed = false) =>
      reportRowsAfter(db, importId, afterIndex, limit, onlyFailed),
    failureReasons: (importId: number, limit = 50) => failureReasons(db, importId, limit),
  };
}
