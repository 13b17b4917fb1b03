import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { statementsWaitingForLocks } from '../helpers/db.js';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import type { ServerProcess } from '../helpers/server.js';

/**
 * Pooled connections terminated by the server (pg_terminate_backend here; a failover or an
 * admin shutdown, SQLSTATE 57P01, look the same to the pool): a read is repeated once on a
 * fresh connection, transparently; a write is answered 503, never 500.
 */
describe('requests on pooled connections that the database terminated', () => {
  let live: LiveServer;
  let server: ServerProcess;
  let token: string;
  let admin: pg.Client;

  before(async () => {
    live = await startLiveServer('retry');
    ({ server, token, admin } = live);
  });
  after(() => live?.close());

  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server.baseUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, body: await res.text(), retryAfter: res.headers.get('retry-after') };
  };
  /** Fills the pool with idle connections (concurrent requests each take one). */
  const warm = async () => {
    const r = await Promise.all(
      Array.from({ length: 8 }, () => call('GET', '/catalogi/api/v1/catalogussen')),
    );
    assert.deepEqual(
      r.map((x) => x.status),
      r.map(() => 200),
    );
  };
  /** Every connection of the server, idle in its pool, terminated by the database. */
  const terminate = async () => {
    const { rows } = await admin.query(
      `select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`,
    );
    assert.ok(rows[0].n > 0, 'connections were terminated');
  };

  it('answers GET and HEAD after the idle connections of its pool were terminated: 200', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      await warm();
      await terminate();
      const r = await Promise.all([
        call('GET', '/catalogi/api/v1/catalogussen'),
        call('GET', '/autorisaties/api/v1/applicaties'),
        call('GET', '/documenten/api/v1/enkelvoudiginformatieobjecten'),
        call('HEAD', '/catalogi/api/v1/catalogussen'),
      ]);
      statuses.push(...r.map((x) => x.status));
    }
    assert.deepEqual(
      statuses,
      statuses.map(() => 200),
    );
  });

  it('repeats a GET whose connection is terminated under it once, on a fresh connection: 200, not 500', async () => {
    for (let round = 0; round < 3; round++) {
      // The lists wait on a lock, so their connections are busy when they are terminated.
      await admin.query('begin');
      await admin.query('lock table documents, document_versions in access exclusive mode');
      let settled = false;
      const reads = Promise.all(
        Array.from({ length: 4 }, () => call('GET', '/documenten/api/v1/enkelvoudiginformatieobjecten')),
      ).finally(() => {
        settled = true;
      });
      try {
        // Longer than a read's own 15 s timeout: a read that stalls instead of reaching the lock
        // then fails below with its status and body, not as a blind "never arrived".
        const until = Date.now() + 20_000;
        while (!settled) {
          if ((await statementsWaitingForLocks(admin)) >= 2) {
            await terminate();
            break;
          }
          assert.ok(Date.now() < until, 'the reads reach the database');
          await new Promise((r) => setTimeout(r, 20));
        }
      } finally {
        await admin.query('rollback');
      }
      const r = await reads;
      assert.deepEqual(
        r.map((x) => x.status),
        [200, 200, 200, 200],
        r.map((x) => x.body).join('\n'),
      );
    }
  });

  it('answers a write on a terminated connection with 201 or 503 + Retry-After, never 500', async () => {
    for (let round = 0; round < 3; round++) {
      await warm();
      await terminate();
      const r = await call('POST', '/catalogi/api/v1/catalogussen', {
        domein: `T${round}`,
        rsin: '159351741',
        contactpersoonBeheerNaam: 'Beheerder',
      });
      assert.ok([201, 503].includes(r.status), `${r.status} ${r.body}`);
      if (r.status === 503) {
        assert.match(r.retryAfter ?? '', /^\d+$/);
        assert.equal(JSON.parse(r.body).code, 'database_unavailable');
      }
    }
  });
});
