import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { makeToken } from '../helpers/jwt.js';
import { freePort, type ServerProcess, spawnServer, waitReady } from '../helpers/server.js';
import { form, pattern } from './bestandsdelen-fixtures.js';
import { EIO, eioBody, insertIot } from './fixtures.js';

/**
 * A server process killed with SIGKILL in the middle of a part (after one part was stored):
 * restarted, the document is still locked with the stored part voltooid and the cut one
 * not; the client uploads the rest (the dead writer's claim runs out) and unlocks.
 */
describe('bestandsdelen across a server crash', () => {
  const PART = 1024 * 1024;
  const SIZE = 2 * PART + 1000;
  let db: TestDatabase;
  let root: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  let token: string;
  let iot: string;

  before(async () => {
    db = await createTestDatabase();
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-crash-'));
    const secret = randomBytes(12).toString('hex');
    env = {
      DATABASE_URL: db.url,
      DATA_DIR: root,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      PUBLIC_URL: 'http://testserver',
      BESTANDSDELEN_PART_BYTES: String(PART),
      ZGW_BOOTSTRAP_CLIENT_ID: 'crash-test',
      ZGW_BOOTSTRAP_SECRET: secret,
    };
    token = await makeToken('crash-test', secret);
    iot = (await insertIot({ db } as unknown as TestApp)).url;
  });
  after(async () => {
    server?.child.kill('SIGKILL');
    if (server) await server.exited;
    await db.drop();
    await fs.rm(root, { recursive: true, force: true });
  });

  async function start(): Promise<ServerProcess> {
    const s = spawnServer(env);
    await waitReady(s);
    return s;
  }
  const local = (url: string) => url.replace('http://testserver', server?.baseUrl ?? '');
  const api = (method: string, url: string, body?: unknown) =>
    fetch(local(url), {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  async function putPart(url: string, lock: string, bytes: Buffer) {
    const f = form([
      { name: 'lock', value: lock },
      { name: 'inhoud', value: bytes, filename: 'deel.bin' },
    ]);
    return fetch(local(url), {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, ...f.headers },
      body: new Uint8Array(f.payload),
    });
  }

  it('keeps the stored parts, and the upload continues after a restart', async () => {
    server = await start();
    const created = await api('POST', `http://testserver${EIO}`, eioBody(iot, { bestandsomvang: SIZE }));
    assert.equal(created.status, 201);
    const doc = (await created.json()) as {
      url: string;
      lock: string;
      bestandsdelen: { url: string; omvang: number }[];
    };
    const [p1, p2, p3] = doc.bestandsdelen as [
      { url: string; omvang: number },
      { url: string; omvang: number },
      { url: string; omvang: number },
    ];
    assert.equal((await putPart(p1.url, doc.lock, pattern(0, PART))).status, 200);

    // part 2: half of it sent, the server has claimed the part and is writing; then SIGKILL
    const f = form([
      { name: 'lock', value: doc.lock },
      { name: 'inhoud', value: pattern(PART, PART), filename: 'deel.bin' },
    ]);
    const req = http.request(local(p2.url), {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, ...f.headers, 'content-length': String(f.payload.length) },
    });
    req.on('error', () => undefined);
    req.write(f.payload.subarray(0, f.payload.length / 2));
    let claimed = false;
    for (let i = 0; i < 200 && !claimed; i++) {
      const res = await db.pool.query(
        'SELECT 1 FROM bestandsdelen WHERE volgnummer = 2 AND writer IS NOT NULL',
      );
      claimed = (res.rowCount ?? 0) > 0;
      if (!claimed) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(claimed, 'the server claimed part 2 before it was killed');
    server.child.kill('SIGKILL');
    await server.exited;
    req.destroy();

    server = await start();
    const after = (await (await api('GET', doc.url)).json()) as {
      locked: boolean;
      bestandsdelen: { voltooid: boolean }[];
    };
    assert.equal(after.locked, true);
    assert.deepEqual(
      after.bestandsdelen.map((p) => p.voltooid),
      [true, false, false],
    );
    // the dead writer's claim on part 2 runs out; this upload waits for that, then goes on
    const again = await putPart(p2.url, doc.lock, pattern(PART, PART));
    assert.equal(again.status, 200, await again.clone().text());
    assert.equal((await putPart(p3.url, doc.lock, pattern(2 * PART, p3.omvang))).status, 200);
    assert.equal((await api('POST', `${doc.url}/unlock`, { lock: doc.lock })).status, 204);
    const dl = Buffer.from(await (await api('GET', `${doc.url}/download`)).arrayBuffer());
    assert.equal(dl.length, SIZE);
    assert.ok(dl.equals(pattern(0, SIZE)));
  });
});
