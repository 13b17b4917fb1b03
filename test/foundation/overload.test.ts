import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { statementsWaitingForLocks } from '../helpers/db.js';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import type { ServerProcess } from '../helpers/server.js';

/**
 * Overload (README "Overload and failures"): the real server with a small pool, a short
 * connection wait and a short statement timeout, while the documents tables are locked, so
 * every list query blocks — the pool saturates exactly as under 200 slow filtered lists.
 */
const LIST =
  '/documenten/api/v1/enkelvoudiginformatieobjecten?bronorganisatie=352604918&creatiedatum__gte=2021-01-01';

interface Answer {
  status: number;
  ms: number;
  retryAfter: string | null;
  contentType: string | null;
  code?: string;
}

async function get(server: ServerProcess, url: string, token?: string): Promise<Answer> {
  const t0 = performance.now();
  const res = await fetch(`${server.baseUrl}${url}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(20_000),
  });
  const body = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(body) as { code?: string }).code;
  } catch {
    code = undefined;
  }
  return {
    status: res.status,
    ms: performance.now() - t0,
    retryAfter: res.headers.get('retry-after'),
    contentType: res.headers.get('content-type'),
    code,
  };
}

function assertServiceUnavailable(a: Answer, codes: string[]): void {
  assert.equal(a.status, 503);
  assert.match(a.retryAfter ?? '', /^[1-9]\d*$/, 'Retry-After in seconds');
  assert.match(a.contentType ?? '', /^application\/problem\+json/);
  assert.ok(codes.includes(a.code ?? ''), `code ${a.code}`);
}

describe('the API under overload', () => {
  let live: LiveServer;
  let server: ServerProcess;
  let token: string;
  let admin: pg.Client;

  before(async () => {
    live = await startLiveServer('overload', {
      DATABASE_POOL_SIZE: '4',
      DATABASE_CONNECT_TIMEOUT_MS: '500',
      DATABASE_STATEMENT_TIMEOUT_MS: '1000',
    });
    ({ server, token, admin } = live);
  });
  after(() => live?.close());

  const lockDocuments = async () => {
    await admin.query('begin');
    await admin.query('lock table documents, document_versions in access exclusive mode');
  };

  it('cancels a statement at DATABASE_STATEMENT_TIMEOUT_MS and answers 503 database_overloaded', async () => {
    assert.equal((await get(server, LIST, token)).status, 200);
    await lockDocuments();
    try {
      const a = await get(server, LIST, token);
      assertServiceUnavailable(a, ['database_overloaded']);
      assert.ok(a.ms < 5000, `answered after ${Math.round(a.ms)} ms`);
      // Cancelled in the server, not only abandoned by the client: with the lock still held, no
      // statement of this server's database is left waiting for it. (A list runs two queries at
      // once; the second reaches its own timeout a moment after the first.)
      let waiting = -1;
      for (const until = Date.now() + 2000; waiting !== 0 && Date.now() < until; ) {
        waiting = await statementsWaitingForLocks(admin);
        if (waiting !== 0) await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(waiting, 0);
    } finally {
      await admin.query('rollback');
    }
    assert.equal((await get(server, LIST, token)).status, 200);
  });

  /** Holds the lock while fn runs, but never longer than 12 s (longer than any wait the server may impose). */
  async function whileLocked<T>(fn: () => Promise<T>): Promise<T> {
    await lockDocuments();
    let unlocked: Promise<unknown> | undefined;
    const unlock = () => {
      unlocked ??= admin.query('rollback');
      return unlocked;
    };
    const cap = setTimeout(unlock, 12_000);
    try {
      return await fn();
    } finally {
      clearTimeout(cap);
      await unlock();
    }
  }

  it('answers 200 concurrent filtered lists with 200 or 503 + Retry-After, never 500', async () => {
    const lists = await whileLocked(() =>
      Promise.all(Array.from({ length: 200 }, () => get(server, LIST, token))),
    );
    const byStatus = new Map<number, number>();
    for (const a of lists) byStatus.set(a.status, (byStatus.get(a.status) ?? 0) + 1);
    assert.deepEqual(
      [...byStatus.keys()].filter((s) => s !== 200 && s !== 503),
      [],
      `statuses ${JSON.stringify([...byStatus])}`,
    );
    assert.ok((byStatus.get(503) ?? 0) > 0, 'the overload was answered with 503');
    for (const a of lists.filter((x) => x.status === 503)) {
      assertServiceUnavailable(a, ['database_overloaded', 'database_unavailable']);
    }
    assert.equal((await get(server, LIST, token)).status, 200, 'recovers once the load is gone');
  });

  it('answers /ready within 2 s while the pool is saturated (its own connection, not the pool)', async () => {
    const readies = await whileLocked(async () => {
      // Twelve clients keep every pooled connection busy (or waited for) all the time.
      let busy = true;
      const load = Array.from({ length: 12 }, async () => {
        while (busy) await get(server, LIST, token).catch(() => undefined);
      });
      await new Promise((r) => setTimeout(r, 300));
      const out: Answer[] = [];
      try {
        for (let i = 0; i < 5; i++) {
          out.push(await get(server, '/ready'));
          await new Promise((r) => setTimeout(r, 300));
        }
      } finally {
        busy = false;
      }
      await Promise.all(load);
      return out;
    });
    // The database itself answers, so /ready is 200 — and never waits for a pooled connection.
    assert.deepEqual(
      readies.map((r) => r.status),
      readies.map(() => 200),
    );
    const ms = readies.map((r) => Math.round(r.ms));
    assert.ok(Math.max(...ms) < 2000, `/ready took ${ms.join(', ')} ms`);
  });
});
