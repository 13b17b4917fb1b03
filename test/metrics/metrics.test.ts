import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { BASE, createImport } from '../imports/api/helpers.js';
import {
  csvOf,
  importCsv,
  insertFixtures,
  startRunner,
  validRow,
  writeSource,
} from '../imports/engine/fixtures.js';

/**
 * GET /metrics (issue 10 #12): Prometheus text over real HTTP; HTTP counters by route pattern;
 * import counters read from the database that move with an import and never go down when an
 * import is deleted; access from loopback only, or with METRICS_TOKEN.
 */
type Sample = { name: string; labels: Record<string, string>; value: number };

function parse(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) return [];
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    return [{ name: m[1]!, labels, value: Number(m[3]) }];
  });
}

/** The value of one sample (0 when absent: a counter that has not moved yet). */
function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const s = samples.find(
    (x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v),
  );
  return s?.value ?? 0;
}

describe('GET /metrics', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await t.close();
  });

  const scrape = async (): Promise<Sample[]> => {
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    return parse(await res.text());
  };
  const get = (path: string) =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${t.superuserToken}` } });

  it('exposes every metric family in the Prometheus text format', async () => {
    const res = await fetch(`${base}/metrics`);
    const text = await res.text();
    for (const family of [
      'zgw_http_requests_total counter',
      'zgw_http_request_duration_seconds histogram',
      'zgw_db_pool_connections gauge',
      'zgw_db_pool_max_connections gauge',
      'zgw_db_pool_waiting_requests gauge',
      'zgw_database_up gauge',
      'zgw_import_rows_total counter',
      'zgw_import_bytes_copied_total counter',
      'zgw_imports gauge',
      'zgw_imports_paused gauge',
      'zgw_import_stage_seconds_total counter',
      'zgw_import_batch_commit_duration_seconds histogram',
      'zgw_notifications_outbox gauge',
      'zgw_notifications_oldest_pending_seconds gauge',
      'process_cpu_seconds_total counter',
      'nodejs_eventloop_lag_seconds gauge',
    ]) {
      assert.match(text, new RegExp(`^# TYPE ${family}$`, 'm'), family);
    }
    const s = parse(text);
    assert.equal(value(s, 'zgw_database_up'), 1);
    assert.equal(value(s, 'zgw_db_pool_max_connections'), 10);
    assert.ok(s.some((x) => x.name === 'zgw_db_pool_connections' && x.labels.state === 'in_use'));
    assert.equal(value(s, 'zgw_db_pool_waiting_requests'), 0);
  });

  it('counts and times requests by route pattern and status, never by raw URL', async () => {
    const route = '/documenten/api/v1/import/:uuid/status';
    const labels = { method: 'GET', route, status_code: '404' };
    const before = await scrape();
    const uuid = '0a0b0c0d-0000-4000-8000-000000000001';
    for (let i = 0; i < 3; i++) assert.equal((await get(`${BASE}/${uuid}/status`)).status, 404);
    assert.equal((await get('/nergens/te/vinden')).status, 404);
    const after = await scrape();
    assert.equal(
      value(after, 'zgw_http_requests_total', labels) - value(before, 'zgw_http_requests_total', labels),
      3,
    );
    const count = 'zgw_http_request_duration_seconds_count';
    assert.equal(value(after, count, labels) - value(before, count, labels), 3);
    const unmatched = { method: 'GET', route: 'unmatched', status_code: '404' };
    assert.equal(
      value(after, 'zgw_http_requests_total', unmatched) -
        value(before, 'zgw_http_requests_total', unmatched),
      1,
    );
    const routes = new Set(after.flatMap((x) => (x.labels.route ? [x.labels.route] : [])));
    assert.ok(![...routes].some((r) => r.includes(uuid) || r.includes('nergens')), [...routes].join(' '));
  });

  it('moves the import counters with an import and never lowers them when it is deleted', async () => {
    const f = await insertFixtures(t);
    await writeSource(t, 'a.txt', 'abc');
    await writeSource(t, 'b.txt', 'defgh');
    const runner = startRunner(t);
    try {
      const before = await scrape();
      const rows = [validRow(f, 'a.txt'), validRow(f, 'b.txt'), validRow(f, 'missing.txt')];
      const { uuid, status } = await importCsv(t, csvOf(rows));
      assert.equal(status.processedSuccessfully, 2);
      const during = await scrape();
      const delta = (s: Sample[], name: string, labels: Record<string, string> = {}) =>
        value(s, name, labels) - value(before, name, labels);
      const imported = { outcome: 'imported', dry_run: 'false' };
      const failed = { outcome: 'failed', dry_run: 'false' };
      assert.equal(delta(during, 'zgw_import_rows_total', imported), 2);
      assert.equal(delta(during, 'zgw_import_rows_total', failed), 1);
      assert.equal(delta(during, 'zgw_import_bytes_copied_total'), 8);
      assert.equal(delta(during, 'zgw_imports', { status: 'finished' }), 1);
      assert.ok(delta(during, 'zgw_import_stage_seconds_total', { stage: 'copy' }) > 0);
      // The engine writes the commit observation right after the batch, without waiting.
      const commits = async () => {
        for (let i = 0; i < 50; i++) {
          const s = await scrape();
          if (delta(s, 'zgw_import_batch_commit_duration_seconds_count') >= 1) return s;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.fail('no batch commit observed');
      };
      const c = await commits();
      const n = value(c, 'zgw_import_batch_commit_duration_seconds_count');
      assert.equal(value(c, 'zgw_import_batch_commit_duration_seconds_bucket', { le: '+Inf' }), n);
      assert.ok(value(c, 'zgw_import_batch_commit_duration_seconds_sum') > 0);

      const del = await t.request({ method: 'DELETE', url: `${BASE}/${uuid}/delete` });
      assert.equal(del.statusCode, 204);
      const gone = await scrape();
      assert.equal(
        delta(gone, 'zgw_import_rows_total', imported),
        2,
        'counters keep what deleted imports counted',
      );
      assert.equal(delta(gone, 'zgw_import_rows_total', failed), 1);
      assert.equal(delta(gone, 'zgw_import_bytes_copied_total'), 8);
      assert.equal(
        value(gone, 'zgw_import_stage_seconds_total', { stage: 'copy' }),
        value(during, 'zgw_import_stage_seconds_total', { stage: 'copy' }),
      );
      assert.equal(delta(gone, 'zgw_imports', { status: 'finished' }), 0);
    } finally {
      await runner.stop();
    }
  });

  it('counts active and paused imports', async () => {
    const uuid = await createImport(t);
    await t.db.pool.query(
      `update imports set status = 'active', paused = true, pause_kind = 'user' where uuid = $1`,
      [uuid],
    );
    const s = await scrape();
    assert.equal(value(s, 'zgw_imports', { status: 'active' }), 1);
    assert.equal(value(s, 'zgw_imports_paused', { reason: 'user' }), 1);
    assert.equal(value(s, 'zgw_imports_paused', { reason: 'fault' }), 0);
    await t.db.pool.query('delete from imports where uuid = $1', [uuid]);
  });

  it('without METRICS_TOKEN answers loopback only, and no request that came through a proxy', async () => {
    const remote = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
    assert.equal(remote.statusCode, 403);
    assert.equal(remote.json().code, 'permission_denied');
    const proxied = await fetch(`${base}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    assert.equal(proxied.status, 403);
    const v6 = await t.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' });
    assert.equal(v6.statusCode, 200);
  });
});

describe('GET /metrics: configuration', () => {
  it('METRICS_TOKEN: the bearer token is required from any address', async () => {
    const token = 'metrics-token-0123456789';
    const t = await createTestApp({ env: { METRICS_TOKEN: token } });
    try {
      const get = (remoteAddress: string, authorization?: string) =>
        t.app.inject({
          method: 'GET',
          url: '/metrics',
          remoteAddress,
          headers: authorization ? { authorization } : {},
        });
      assert.equal((await get('127.0.0.1')).statusCode, 403);
      assert.equal((await get('10.1.2.3', 'Bearer wrong-token-0123456789')).statusCode, 403);
      const ok = await get('10.1.2.3', `Bearer ${token}`);
      assert.equal(ok.statusCode, 200);
      assert.match(ok.body, /^# TYPE zgw_import_rows_total counter$/m);
    } finally {
      await t.close();
    }
  });

  it('METRICS_ENABLED=false: no /metrics route', async () => {
    const t = await createTestApp({ env: { METRICS_ENABLED: 'false' } });
    try {
      assert.equal((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404);
    } finally {
      await t.close();
    }
  });

  it('refuses a short METRICS_TOKEN and an unreadable METRICS_ENABLED at start-up', () => {
    assert.throws(
      () => loadConfig({ METRICS_TOKEN: 'kort', METRICS_ENABLED: 'misschien' }, '/x'),
      (err: unknown) => err instanceof ConfigError && err.problems.length === 2,
    );
    assert.equal(loadConfig({}, '/x').metricsEnabled, true);
  });
});
