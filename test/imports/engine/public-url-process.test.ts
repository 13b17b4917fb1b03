import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { createTestDatabase } from '../../helpers/db.js';
import { makeToken } from '../../helpers/jwt.js';
import { insertFixtures } from './fixtures.js';
import { freePort, makeImportTree } from './server.js';

/**
 * Issue 10 #11: an API (`src/main.ts --api-only`) and a separate worker (`src/worker.ts`) on one
 * database, the worker started with ANOTHER PUBLIC_URL. The import records the PUBLIC_URL of the
 * API that created it and the worker resolves local informatieobjecttype URLs against that, so
 * every row imports (before, every row failed with unknown-service). Both processes log their
 * PUBLIC_URL at start; the worker warns that it differs.
 */
const N = 40;
const BASE = '/documenten/api/v1/import';
const CLIENT = 'public-url-test';
const SECRET = 'public-url-test-secret-0123456789';
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

interface Proc {
  child: ChildProcess;
  output(): string;
}

function start(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + String(d)).slice(-200_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  cleanups.push(async () => {
    child.kill('SIGKILL');
  });
  return { child, output: () => out };
}

/** The JSON log lines of a process. */
const logLines = (p: Proc): Record<string, unknown>[] =>
  p
    .output()
    .split('\n')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

async function until<T>(what: string, p: Proc, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (p.child.exitCode !== null || Date.now() > end) assert.fail(`${what}:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('one PUBLIC_URL for all processes (issue 10 #11)', () => {
  it('a worker with another PUBLIC_URL imports every row of an import created by the API', async () => {
    const db = await createTestDatabase();
    const tree = await makeImportTree(N);
    cleanups.push(async () => {
      await db.drop();
      await fs.rm(tree.root, { recursive: true, force: true });
    });
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    const workerUrl = 'https://worker.example.invalid/zgw';
    const common = { DATABASE_URL: db.url, DATA_DIR: tree.root, IMPORT_DOCUMENTEN_BATCH_SIZE: '10' };
    const api = start(['src/main.ts', '--api-only'], {
      ...common,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: apiUrl,
      ZGW_BOOTSTRAP_CLIENT_ID: CLIENT,
      ZGW_BOOTSTRAP_SECRET: SECRET,
    });
    const token = await makeToken(CLIENT, SECRET);
    const call = (method: string, p: string, body?: string) =>
      fetch(`${apiUrl}${p}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'text/csv' } : {}) },
        body,
      });
    await until('the API did not start', api, async () =>
      (await call('GET', `${BASE}/00000000-0000-4000-8000-000000000000/status`)).status === 404
        ? true
        : undefined,
    );
    const worker = start(['src/worker.ts'], { ...common, PUBLIC_URL: workerUrl });
    await until('the worker did not start', worker, async () =>
      logLines(worker).some((l) => l.msg === 'zgw-documenten worker ready') ? true : undefined,
    );

    const f = await insertFixtures({ db, config: { publicUrl: apiUrl } });
    const csv = tree.csv.replaceAll('__IOT__', f.iotUrl).replaceAll('__ZAAK__', f.zaakUuid);
    const created = await call('POST', `${BASE}/create`);
    assert.equal(created.status, 201);
    const uuid = /import\/([0-9a-f-]{36})\/upload$/.exec((await created.json()).uploadUrl)![1]!;
    const up = await call('POST', `${BASE}/${uuid}/upload`, csv);
    assert.equal(up.status, 200, await up.text());
    const status = await until('the import did not finish', worker, async () => {
      const s = await (await call('GET', `${BASE}/${uuid}/status`)).json();
      return s.status === 'finished' || s.status === 'error' ? s : undefined;
    });
    assert.deepEqual(
      [status.status, status.processed, status.processedSuccessfully, status.processedInvalid],
      ['finished', N, N, 0],
      await (await call('GET', `${BASE}/${uuid}/report`)).text(),
    );

    const recorded = await db.pool.query('select public_url from imports where uuid = $1', [uuid]);
    assert.equal(recorded.rows[0].public_url, apiUrl);
    // Every process says at start which PUBLIC_URL it has; the worker which one it used.
    assert.ok(logLines(api).some((l) => l.msg === 'zgw-documenten ready' && l.publicUrl === apiUrl));
    assert.ok(
      logLines(worker).some((l) => l.msg === 'zgw-documenten worker ready' && l.publicUrl === workerUrl),
    );
    assert.ok(
      logLines(worker).some((l) => l.importPublicUrl === apiUrl && l.workerPublicUrl === workerUrl),
      worker.output(),
    );
    const claimed = logLines(worker).find((l) => l.msg === 'import claimed');
    assert.equal(claimed?.publicUrl, apiUrl);
  });
});
