import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Metric, Registry } from 'prom-client';
import { createImportMetricsRepository, type ImportMetricsSnapshot } from '../imports/metrics-repository.js';
import { registerOutboxGauges } from '../notifications/metrics.js';
import { createOutboxRepository } from '../notifications/repository.js';

/**
 * The Prometheus registry of one API process (issue 10 #12): the process's own HTTP requests
 * and database pool, Node's default process metrics, and the import metrics, which are read
 * from the database at scrape time (the engine runs on another thread or in another process,
 * so they are the same on every API process: aggregate them with max(), not sum()).
 */
export interface Metrics {
  readonly contentType: string;
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
  /** The exposition text (Prometheus text format 0.0.4). */
  scrape(): Promise<string>;
}

const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export function createMetrics(pool: pg.Pool): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({
    name: 'zgw_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern (never the raw URL; "unmatched" for 404/405 outside any route) and status code.',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'zgw_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to the end of its response, by method, route pattern and status code.',
    labelNames,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  registerPoolGauges(registry, pool);
  registerOutboxGauges(registry, createOutboxRepository(pool));
  /** Route pattern → label, one entry per route. */
  const routeLabels = new Map<string, string>();

  // One database query per scrape, shared by every import metric family of that scrape.
  let current: Promise<ImportMetricsSnapshot | undefined> | undefined;
  let databaseUp = 0;
  const load = (): Promise<ImportMetricsSnapshot | undefined> =>
    createImportMetricsRepository(pool)
      .importMetricsSnapshot()
      .then(
        (s) => {
          databaseUp = 1;
          return s;
        },
        () => {
          // The database is away: the import families are left out of this scrape.
          databaseUp = 0;
          return undefined;
        },
      );
  const snapshot = (): Promise<ImportMetricsSnapshot | undefined> => {
    current ??= load();
    return current;
  };
  new Gauge({
    name: 'zgw_database_up',
    help: 'Whether the import metrics could be read from the database at this scrape (1) or not (0).',
    registers: [registry],
    async collect() {
      await snapshot();
      this.set(databaseUp);
    },
  });
  for (const m of importFamilies(snapshot)) registry.registerMetric(m as unknown as Metric<string>);

  return {
    contentType: registry.contentType,
    observeRequest(l, seconds) {
      let route = routeLabels.get(l.route);
      if (route === undefined) {
        route = withoutConstraints(l.route);
        routeLabels.set(l.route, route);
      }
      const labels = { method: l.method, route, status_code: String(l.status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    async scrape() {
      // The query first: the pool gauges then see the pool as the API uses it, not this scrape.
      current = load();
      await current;
      try {
        return await registry.metrics();
      } finally {
        current = undefined;
      }
    },
  };
}

/** `/import/:uuid/status` for `/import/:uuid(<regex>)/status`: the pattern without parameter regexes. */
export function withoutConstraints(route: string): string {
  let label = '';
  let depth = 0;
  for (let i = 0; i < route.length; i++) {
    const ch = route[i];
    if (depth > 0) {
      if (ch === '\\') i++;
      else if (ch === '(') depth++;
      else if (ch === ')') depth--;
    } else if (ch === '(' && /:\w+$/.test(label)) depth = 1;
    else label += ch;
  }
  return label;
}

function registerPoolGauges(registry: Registry, pool: pg.Pool): void {
  new Gauge({
    name: 'zgw_db_pool_connections',
    help: "Connections of this process's database pool: in_use (checked out) and idle.",
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
    },
  });
  new Gauge({
    name: 'zgw_db_pool_max_connections',
    help: "Size limit of this process's database pool.",
    registers: [registry],
    collect() {
      this.set(pool.options.max ?? 10);
    },
  });
  new Gauge({
    name: 'zgw_db_pool_waiting_requests',
    help: "Queries waiting for a free connection of this process's database pool.",
    registers: [registry],
    collect() {
      this.set(pool.waitingCount);
    },
  });
}

type Sample = { value: number; labels?: Record<string, string>; metricName?: string };

/** A metric family computed from the import snapshot at scrape time. */
class SnapshotMetric {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly type: 'counter' | 'gauge' | 'histogram',
    private readonly snapshot: () => Promise<ImportMetricsSnapshot | undefined>,
    private readonly samples: (s: ImportMetricsSnapshot) => Sample[],
  ) {}
  async get() {
    const s = await this.snapshot();
    const values = s ? this.samples(s).map((v) => ({ labels: {}, ...v })) : [];
    return { name: this.name, help: this.help, type: this.type, aggregator: 'first', values };
  }
  reset(): void {}
}

const STATUSES = ['pending', 'active', 'finished', 'error'];
const PAUSE_KINDS = ['user', 'fault', 'failures'];

function importFamilies(snapshot: () => Promise<ImportMetricsSnapshot | undefined>): SnapshotMetric[] {
  const m = (
    name: string,
    help: string,
    type: 'counter' | 'gauge' | 'histogram',
    samples: (s: ImportMetricsSnapshot) => Sample[],
  ) => new SnapshotMetric(name, help, type, snapshot, samples);
  const commit = 'zgw_import_batch_commit_duration_seconds';
  return [
    m(
      'zgw_import_rows_total',
      'Import rows processed, by outcome (imported or failed; a dry run: valid or failed, dry_run="true").',
      'counter',
      (s) => [
        { labels: { outcome: 'imported', dry_run: 'false' }, value: s.rows.imported },
        { labels: { outcome: 'failed', dry_run: 'false' }, value: s.rows.failed },
        { labels: { outcome: 'valid', dry_run: 'true' }, value: s.rows.dryValid },
        { labels: { outcome: 'failed', dry_run: 'true' }, value: s.rows.dryFailed },
      ],
    ),
    m(
      'zgw_import_bytes_copied_total',
      'Bytes of document files copied into storage by imports.',
      'counter',
      (s) => [{ value: s.bytesCopied }],
    ),
    m('zgw_imports', 'Imports in the database, by status.', 'gauge', (s) =>
      STATUSES.map((status) => ({ labels: { status }, value: s.byStatus[status] ?? 0 })),
    ),
    m(
      'zgw_imports_paused',
      'Active imports that are paused, by why: user (POST pause), fault (a server-side fault; retried by itself), failures (pauseAfterFailures).',
      'gauge',
      (s) => PAUSE_KINDS.map((reason) => ({ labels: { reason }, value: s.paused[reason] ?? 0 })),
    ),
    m(
      'zgw_import_stage_seconds_total',
      'Busy time of the import engine per pipeline stage (lookup, copy, publish, commit).',
      'counter',
      (s) => Object.entries(s.stageSeconds).map(([stage, value]) => ({ labels: { stage }, value })),
    ),
    m(
      commit,
      'Duration of one import batch transaction (documents, links, report rows, counters).',
      'histogram',
      (s) => [
        ...s.commit.buckets.map((b) => ({
          metricName: `${commit}_bucket`,
          labels: { le: Number.isFinite(b.le) ? String(b.le) : '+Inf' },
          value: b.count,
        })),
        { metricName: `${commit}_sum`, value: s.commit.sum },
        { metricName: `${commit}_count`, value: s.commit.count },
      ],
    ),
  ];
}
