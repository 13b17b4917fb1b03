import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from './db.js';
import { makeToken } from './jwt.js';
import { freePort, type ServerProcess, spawnServer, waitReady } from './server.js';

/**
 * The real server process on a test database of its own, with a superuser token and an admin
 * connection to that database (to lock tables, terminate connections, look at pg_locks): the
 * set-up of the tests of overload and of a failing database.
 */
export interface LiveServer {
  db: TestDatabase;
  server: ServerProcess;
  token: string;
  admin: pg.Client;
  close(): Promise<void>;
}

export async function startLiveServer(name: string, env: Record<string, string> = {}): Promise<LiveServer> {
  const db = await createTestDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `zgw-${name}-`));
  const secret = `${name}-secret`;
  const server = spawnServer({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    ZGW_BOOTSTRAP_CLIENT_ID: name,
    ZGW_BOOTSTRAP_SECRET: secret,
    ...env,
  });
  const admin = new pg.Client({ connectionString: db.url });
  const close = async () => {
    await admin.query('rollback').catch(() => undefined);
    await admin.end().catch(() => undefined);
    server.child.kill('SIGKILL');
    await server.exited;
    await db.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(server, 90_000);
    await admin.connect();
    return { db, server, token: await makeToken(name, secret), admin, close };
  } catch (err) {
    await close();
    throw err;
  }
}
