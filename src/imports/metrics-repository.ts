import type { Queryable } from '../db/pool.js';

/**
 * SQL behind the import metrics of GET /metrics (issue 10 #12). The engine runs on a background
 * thread (`npm start`) or in another process (`npm run worker`), so nothing is kept in the
 * API's memory: every value is read from the database at scrape time. Counters are the sums
 * over the imports table plus what deleted imports had counted (import_metric_totals, kept by
 * the imports_metric_tally trigger), so they never go down; the batch commit histogram is
 * written there by the engine after each committed batch.
 */

/** Upper bounds (seconds) of the batch commit duration histogram. */
export const COMMIT_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

const bucketName = (le: number): string => `commit:le:${Number.isFinite(le) ? String(le) : '+Inf'}`;

/**
 * One committed batch took `seconds`: best effort and off the batch's transaction (a failure
 * or a crash loses one observation, never a row), and never awaited by the pipeline.
 */
function recordBatchCommit(db: Queryable, seconds: number): void {
  if (!Number.isFinite(seconds) || seconds < 0) return;
  const le = COMMIT_BUCKETS.find((b) => seconds <= b) ?? Number.POSITIVE_INFINITY;
  try {
    db.query(
      `insert into import_metric_totals as t (name, value)
       values ('commit:count', 1), ('commit:sum', $1::float8), ($2, 1)
       on conflict (name) do update set value = t.value + excluded.value`,
      [seconds, bucketName(le)],
    ).catch(() => undefined);
  } catch {
    // A pool that has been ended throws at once: nothing to record then.
  }
}

export interface ImportMetricsSnapshot {
  rows: { imported: number; failed: number; dryValid: number; dryFailed: number };
  bytesCopied: number;
  /** Imports in the table by status, and the paused ones (all `active`) by why. */
  byStatus: Record<string, number>;
  paused: Record<string, number>;
  /** Busy seconds per engine stage (lookup, copy, publish, commit). */
  stageSeconds: Record<string, number>;
  commit: { buckets: { le: number; count: number }[]; sum: number; count: number };
}

/** Everything in one query (one connection, one round trip per scrape). */
async function importMetricsSnapshot(db: Queryable): Promise<ImportMetricsSnapshot> {
  const { rows } = await db.query(
    `select
       (select json_build_object(
          'imported', coalesce(sum(processed_successfully) filter (where not dry_run), 0),
          'failed', coalesce(sum(processed_invalid) filter (where not dry_run), 0),
          'dryValid', coalesce(sum(processed_successfully) filter (where dry_run), 0),
          'dryFailed', coalesce(sum(processed_invalid) filter (where dry_run), 0),
          'bytes', coalesce(sum(bytes_copied) filter (where not dry_run), 0)) from imports) as sums,
       (select coalesce(json_object_agg(status, n), '{}') from
          (select status, count(*) as n from imports group by status) s) as by_status,
       (select coalesce(json_object_agg(kind, n), '{}') from
          (select coalesce(pause_kind, 'user') as kind, count(*) as n from imports
            where status = 'active' and paused group by 1) p) as paused,
       (select coalesce(json_object_agg(key, ms), '{}') from
          (select e.key, sum((e.value #>> '{}')::float8) as ms from imports, jsonb_each(stage_ms) e
            where jsonb_typeof(e.value) = 'number' and e.key ~ '^[a-z]{1,20}$' group by e.key) k) as stages,
       (select coalesce(json_object_agg(name, value), '{}') from import_metric_totals) as totals`,
  );
  const r = rows[0] ?? {};
  const sums = (r.sums ?? {}) as Record<string, number>;
  const totals = (r.totals ?? {}) as Record<string, number>;
  const stages = (r.stages ?? {}) as Record<string, number>;
  const t = (name: string): number => Number(totals[name] ?? 0);
  const stageSeconds: Record<string, number> = {};
  const stageKeys = new Set([
    ...Object.keys(stages),
    ...Object.keys(totals).flatMap((k) => (k.startsWith('deleted:stage_ms:') ? [k.slice(17)] : [])),
  ]);
  for (const k of stageKeys) {
    stageSeconds[k] = (Number(stages[k] ?? 0) + t(`deleted:stage_ms:${k}`)) / 1000;
  }
  let cumulative = 0;
  const buckets = [...COMMIT_BUCKETS, Number.POSITIVE_INFINITY].map((le) => {
    cumulative += t(bucketName(le));
    return { le, count: cumulative };
  });
  return {
    rows: {
      imported: Number(sums.imported ?? 0) + t('deleted:rows_imported'),
      failed: Number(sums.failed ?? 0) + t('deleted:rows_failed'),
      dryValid: Number(sums.dryValid ?? 0) + t('deleted:dry_rows_valid'),
      dryFailed: Number(sums.dryFailed ?? 0) + t('deleted:dry_rows_failed'),
    },
    bytesCopied: Number(sums.bytes ?? 0) + t('deleted:bytes_copied'),
    byStatus: numbers(r.by_status),
    paused: numbers(r.paused),
    stageSeconds,
    commit: { buckets, sum: t('commit:sum'), count: t('commit:count') },
  };
}

function numbers(o: unknown): Record<string, number> {
  return Object.fromEntries(
    Object.entries((o ?? {}) as Record<string, unknown>).map(([k, v]) => [k, Number(v)]),
  );
}

/** SQL of the import metrics (GET /metrics); `db` is the pool. */
export function createImportMetricsRepository(db: Queryable) {
  return {
    recordBatchCommit: (seconds: number) => recordBatchCommit(db, seconds),
    importMetricsSnapshot: () => importMetricsSnapshot(db),
  };
}
