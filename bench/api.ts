/**
 * `npm run bench:api [-- --docs N --cpu-prof DIR]`: Documenten API latency on loopback (issue 4 "Scale").
 * Starts PostgreSQL (embedded in a temp DATA_DIR, or a fresh database on DATABASE_URL's
 * server), seeds N documents by SQL (generate_series), starts the API as a child process
 * and measures with autocannon: p50/p95/p99 of list page 1, a deep page, a filtered list,
 * a list as a restricted applicatie, retrieve and a 10 KB download, plus requests/s of
 * retrieve next to the trivial authenticated route GET /autorisaties/api/v1/applicaties/consumer.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { SignJWT } from 'jose';
import pg from 'pg';
import { createCredentialsRepository } from '../src/autorisaties/credentials-repository.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/connect.js';
import { runMigrations } from '../src/db/migrate.js';
import { createFsBlobStore } from '../src/storage/fs-blob-store.js';
import { documentBlobKey } from '../src/documenten/storage-keys.js';

interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (
  opts: { url: string; connections: number; duration: number; headers: Record<string, string> },
  done: (
    err: Error | null,
    result: { requests: { average: number }; non2xx: number; errors: number },
  ) => void,
) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
/** `--cpu-prof DIR`: the server writes a V8 CPU profile there when it stops (where the time goes). */
const CPU_PROF = process.argv.includes('--cpu-prof')
  ? process.argv[process.argv.indexOf('--cpu-prof') + 1]
  : undefined;

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const DOCS = arg('docs', 100_000);
const DURATION = arg('duration', DOCS <= 10_000 ? 2 : 5);
const CONNECTIONS = arg('connections', 10);
const PUBLIC = 'http://localhost';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function seed(pool: pg.Pool, storageDir: string, n: number) {
  const cat = await pool.query<{ id: number }>(
    `INSERT INTO catalogussen (uuid, naam, domein, rsin, contactpersoon_beheer_naam)
     VALUES (gen_random_uuid(), 'bench', 'BENCH', '159351741', 'beheer') RETURNING id`,
  );
  const iots = await pool.query<{ id: number; uuid: string }>(
    `INSERT INTO informatieobjecttypen (uuid, catalogus_id, omschrijving, vertrouwelijkheidaanduiding,
       begin_geldigheid, concept, informatieobjectcategorie)
     SELECT gen_random_uuid(), $1, 'type ' || i, 'openbaar', '2020-01-01', false, 'cat' FROM generate_series(1, 2) i
     RETURNING id, uuid`,
    [cat.rows[0]?.id],
  );
  const [a, b] = iots.rows as [{ id: number; uuid: string }, { id: number; uuid: string }];
  await pool.query(
    `INSERT INTO documents (uuid, bronorganisatie, identificatie)
     SELECT gen_random_uuid(), CASE WHEN i % 10 = 0 THEN '111222333' ELSE '159351741' END,
            'DOCUMENT-2026-' || lpad(i::text, 10, '0')
     FROM generate_series(1, $1::int) i`,
    [n],
  );
  await pool.query(
    `INSERT INTO document_versions (document_id, versie, identificatie, bronorganisatie, creatiedatum, titel,
       vertrouwelijkheidaanduiding, vertrouwelijkheid_rank, auteur, taal, formaat, bestandsnaam,
       informatieobjecttype_id, trefwoorden)
     SELECT d.id, 1, d.identificatie, d.bronorganisatie, date '2020-01-01' + (d.id % 1500)::int,
            'Document ' || d.id, (ARRAY['openbaar','intern','vertrouwelijk','geheim'])[1 + d.id % 4],
            (ARRAY[0, 2, 4, 6])[1 + d.id % 4], 'auteur ' || (d.id % 97), 'dut', 'text/plain', 'doc.txt',
            CASE WHEN d.id % 2 = 0 THEN $1::int ELSE $2::int END, ARRAY['t' || (d.id % 13)]
     FROM documents d`,
    [a.id, b.id],
  );
  // one real 10 KB file for the download measurement
  const target = await pool.query<{ uuid: string }>('SELECT uuid FROM documents ORDER BY id LIMIT 1');
  const uuid = target.rows[0]?.uuid as string;
  const key = documentBlobKey(uuid, 1);
  await createFsBlobStore(storageDir).putStream(key, Readable.from([randomBytes(10 * 1024)]));
  await pool.query(
    `UPDATE document_versions SET blob_key = $2, bestandsomvang = 10240
     WHERE document_id = (SELECT id FROM documents WHERE uuid = $1)`,
    [uuid, key],
  );
  await pool.query('VACUUM ANALYZE documents');
  await pool.query('VACUUM ANALYZE document_versions');
  return { uuid, iotA: `${PUBLIC}/catalogi/api/v1/informatieobjecttypen/${a.uuid}` };
}

async function token(clientId: string, secret: string) {
  return new SignJWT({ client_id: clientId, iss: clientId })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .sign(new TextEncoder().encode(secret));
}

async function restrictedClient(pool: pg.Pool, iotA: string) {
  const clientId = `bench-${randomBytes(4).toString('hex')}`;
  const secret = randomBytes(16).toString('hex');
  await createCredentialsRepository(pool).upsertApplicatie({
    clientId,
    secret,
    heeftAlleAutorisaties: false,
  });
  const app = await pool.query<{ applicatie_id: number }>(
    'SELECT applicatie_id FROM applicatie_clients WHERE client_id = $1',
    [clientId],
  );
  const id = app.rows[0]?.applicatie_id;
  await pool.query(
    `INSERT INTO autorisaties (applicatie_id, component, scopes, informatieobjecttype, max_vertrouwelijkheidaanduiding)
     VALUES ($1, 'drc', ARRAY['documenten.lezen'], $2, 'vertrouwelijk')`,
    [id, iotA],
  );
  return token(clientId, secret);
}

function measure(name: string, url: string, auth: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    const inst = autocannon(
      { url, connections: CONNECTIONS, duration: DURATION, headers: { authorization: `Bearer ${auth}` } },
      (err, res) => {
        if (err) return reject(err);
        times.sort((x, y) => x - y);
        const pct = (p: number) =>
          (times[Math.min(times.length - 1, Math.floor((times.length * p) / 100))] ?? 0).toFixed(1);
        console.log(
          `${name.padEnd(24)} p50 ${pct(50)} ms  p95 ${pct(95)} ms  p99 ${pct(99)} ms  ${res.requests.average.toFixed(0)} req/s  non2xx ${res.non2xx}  errors ${res.errors}`,
        );
        resolve(res.requests.average);
      },
    );
    inst.on('response', (_c, _s, _b, ms) => times.push(ms));
  });
}

async function waitReady(base: string) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/health`)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function startServer(root: string, dbUrl: string) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const clientId = `bench-admin-${randomUUID().slice(0, 8)}`;
  const secret = randomBytes(16).toString('hex');
  const prof = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', 'src/main.ts', '--api-only'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: PUBLIC,
      DATA_DIR: root,
      DATABASE_URL: dbUrl,
      LOG_LEVEL: 'warn',
      ZGW_BOOTSTRAP_CLIENT_ID: clientId,
      ZGW_BOOTSTRAP_SECRET: secret,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await waitReady(base);
  return { child, base, su: await token(clientId, secret), clientId };
}

async function runMeasurements(
  base: string,
  su: string,
  clientId: string,
  restricted: string,
  seeded: { uuid: string; iotA: string },
) {
  const eio = `${base}/documenten/api/v1/enkelvoudiginformatieobjecten`;
  const deep = Math.max(1, Math.floor(DOCS / 100 / 2));
  const filter = `bronorganisatie=111222333&informatieobjecttype=${encodeURIComponent(seeded.iotA)}`;
  console.log(`bench: ${DOCS} documents, ${CONNECTIONS} connections, ${DURATION} s per measurement`);
  await measure('list page 1', `${eio}`, su);
  await measure(`list page ${deep}`, `${eio}?page=${deep}`, su);
  await measure(
    'list filtered',
    `${eio}?${filter}&creatiedatum__gte=2021-01-01&creatiedatum__lte=2021-01-31`,
    su,
  );
  await measure('list autorisatie-filter', `${eio}`, restricted);
  const retrieve = await measure('retrieve', `${eio}/${seeded.uuid}`, su);
  await measure('download 10 KB', `${eio}/${seeded.uuid}/download`, su);
  const consumer = `${base}/autorisaties/api/v1/applicaties/consumer`;
  const trivial = await measure('trivial (consumer)', `${consumer}?clientId=${clientId}`, su);
  return { retrieve, trivial };
}

async function main() {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-bench-'));
  await fs.chmod(root, 0o755);
  let dbUrl = process.env.DATABASE_URL;
  let dropDb: (() => Promise<void>) | undefined;
  if (dbUrl) {
    const name = `zgw_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: dbUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(dbUrl);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    dropDb = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const config = loadConfig(
    { DATA_DIR: root, ...(dbUrl ? { DATABASE_URL: dbUrl } : {}), LOG_LEVEL: 'silent' },
    root,
  );
  const db = await openDatabase(config, { role: 'server', log: () => undefined });
  let server: ChildProcess | undefined;
  try {
    await runMigrations(db.pool);
    const t0 = Date.now();
    const seeded = await seed(db.pool, config.storageDir, DOCS);
    console.log(`seeded ${DOCS} documents in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const { child, base, su, clientId } = await startServer(root, db.url);
    server = child;
    const restricted = await restrictedClient(db.pool, seeded.iotA);
    const { retrieve, trivial } = await runMeasurements(base, su, clientId, restricted, seeded);
    console.log(`retrieve / trivial route: ${((retrieve / trivial) * 100).toFixed(0)}% of requests/s`);
  } finally {
    await new Promise((r) => setTimeout(r, 300)); // let in-flight requests finish
    server?.kill('SIGTERM');
    if (server) await new Promise((r) => server?.once('exit', r));
    await db.close();
    await dropDb?.();
    await fs.rm(root, { recursive: true, force: true });
  }
}

await main();
