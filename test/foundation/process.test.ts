import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { freePort, postgresPids, runCli, spawnServer, waitReady } from '../helpers/server.js';

describe('the server process on the embedded database', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-proc-'));
    await fs.chmod(dataDir, 0o755);
  });
  after(async () => {
    for (const pid of await postgresPids(dataDir)) process.kill(pid, 'SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('starts, serves the CLI beside it, survives kill -9 and stops cleanly on SIGTERM', async () => {
    const env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      ZGW_BOOTSTRAP_CLIENT_ID: 'boot',
      ZGW_BOOTSTRAP_SECRET: 'boot-secret',
    };
    const first = spawnServer(env);
    await waitReady(first);
    const pgBefore = await postgresPids(dataDir);
    assert.equal(pgBefore.length > 0, true, 'embedded postgres runs');
    const state = JSON.parse(await fs.readFile(path.join(dataDir, 'embedded.json'), 'utf8'));
    assert.notEqual(state.port, 5432);

    // The CLI uses the running server's database instead of starting a second one.
    const add = await runCli(
      ['applicatie', 'add', '--client-id', 'cli-client', '--secret', 's1', '--alle-autorisaties'],
      {
        DATA_DIR: dataDir,
      },
    );
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /created applicatie/);
    const again = await runCli(['applicatie', 'add', '--client-id', 'cli-client', '--secret', 's2'], {
      DATA_DIR: dataDir,
    });
    assert.match(again.stdout, /updated applicatie/);
    const list = await runCli(['applicatie', 'list'], { DATA_DIR: dataDir });
    assert.match(list.stdout, /cli-client/);
    assert.match(list.stdout, /boot/);
    assert.deepEqual(await postgresPids(dataDir), pgBefore, 'the CLI started no second server');

    // kill -9 leaves postgres orphaned; the next start adopts it.
    first.child.kill('SIGKILL');
    await first.exited;
    const second = spawnServer(env);
    await waitReady(second);
    const res = await fetch(`${second.baseUrl}/ready`);
    assert.equal(res.status, 200);

    second.child.kill('SIGTERM');
    const exit = await second.exited;
    assert.equal(exit.code, 0, second.output());
    assert.deepEqual(await postgresPids(dataDir), [], 'no postgres process remains');

    // A stopped database: the CLI starts it for the command and stops it again.
    const offline = await runCli(['applicatie', 'list'], { DATA_DIR: dataDir });
    assert.equal(offline.code, 0, offline.stderr);
    assert.match(offline.stdout, /cli-client/);
    assert.deepEqual(await postgresPids(dataDir), []);
  });

  it('comes up after a stale postmaster.pid is left behind', async () => {
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()) };
    const server = spawnServer(env);
    await waitReady(server);
    server.child.kill('SIGKILL');
    await server.exited;
    for (const pid of await postgresPids(dataDir)) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    await fs.access(path.join(dataDir, 'pg', 'postmaster.pid')); // stale file still there
    const next = spawnServer(env);
    await waitReady(next);
    next.child.kill('SIGTERM');
    assert.equal((await next.exited).code, 0);
    assert.deepEqual(await postgresPids(dataDir), []);
  });
});

describe('the server process with DATABASE_URL', () => {
  let db: TestDatabase;
  let dataDir: string;
  before(async () => {
    db = await createTestDatabase();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-ext-'));
  });
  after(async () => {
    await db.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('uses that database and starts no embedded server', async () => {
    const server = spawnServer({ DATABASE_URL: db.url, DATA_DIR: dataDir, PORT: String(await freePort()) });
    await waitReady(server);
    await assert.rejects(fs.access(path.join(dataDir, 'pg')));
    server.child.kill('SIGTERM');
    assert.equal((await server.exited).code, 0);
  });

  it('refuses to start on a bad variable, naming every bad one', async () => {
    const server = spawnServer({
      DATABASE_URL: db.url,
      PORT: 'eighty',
      IMPORT_LEASE_SECONDS: 'x',
      DATA_DIR: dataDir,
    });
    const exit = await server.exited;
    assert.equal(exit.code, 1);
    assert.match(server.output(), /PORT/);
    assert.match(server.output(), /IMPORT_LEASE_SECONDS/);
  });

  it('fails to start when the database cannot be reached', async () => {
    const port = String(await freePort());
    const dead = `postgres://postgres@127.0.0.1:${await freePort()}/nothing`;
    const server = spawnServer({ DATABASE_URL: dead, DATA_DIR: dataDir, PORT: port });
    const exit = await server.exited;
    assert.notEqual(exit.code, 0, 'start-up fails when the database cannot be reached');
  });
});
