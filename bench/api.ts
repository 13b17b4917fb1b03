/**
 * `npm run bench:api [-- --docs N --cpu-prof DIR]`: Documenten API latency on loopback (issue 4 "Scale").
 * Starts PostgreSQL (embedded in a temp DATA_DIR, or a fresh database on DATABASE_URL's
 * server), seeds N documents by SQL (generate_series), starts the API as a child process
 * and measures with autocannon: p50/p95/p99 of list page 1, a deep page, a filtered list,
 * a list as a restricted applicatie, retrieve and a 10 KB download, plus requests/s of
 * retrieve next to the trivial authenticated route GET /autorisaties/api/v1/applicaties/consumer.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { createCredentialsRepository } from '../src/autorisaties/credentials-repository.js';
import { createFsBlobStore } from '../src/storage/fs-blob-store.js';
import { documentBlobKey } from '../src/documenten/storage-keys.js';
import {
  type BenchServer,
  numberArg,
  openBenchDatabase,
  type SeededInformatieobjecttype,
  seedInformatieobjecttypen,
  signToken,
  startBenchServer,
  stringArg,
} from './harness.js';

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
const CPU_PROF = stringArg('cpu-prof');

const DOCS = numberArg('docs', 100_000);
const DURATION = numberArg('duration', DOCS <= 10_000 ? 2 : 5);
const CONNECTIONS = numberArg('connections', 10);
const PUBLIC = 'http://localhost';

async function seed(pool: pg.Pool, storageDir: string, n: number) {
  const { types } = await seedInformatieobjecttypen(pool, PUBLIC, { omschrijvingen: ['type 1', 'type 2'] });
  const [a, b] = types as [SeededInformatieobjecttype, SeededInformatieobjecttype];
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
  return { uuid, iotA: a.url };
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
  return signToken(clientId, secret);
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
  const bench = await openBenchDatabase({ dirPrefix: 'zgw-bench-', dbPrefix: 'zgw_bench_' });
  const { db, config } = bench;
  let server: BenchServer | undefined;
  try {
    const t0 = Date.now();
    const seeded = await seed(db.pool, config.storageDir, DOCS);
    console.log(`seeded ${DOCS} documents in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    server = await startBenchServer(bench, { publicUrl: PUBLIC, cpuProfDir: CPU_PROF });
    const restricted = await restrictedClient(db.pool, seeded.iotA);
    const { retrieve, trivial } = await runMeasurements(
      server.base,
      server.token,
      server.clientId,
      restricted,
      seeded,
    );
    console.log(`retrieve / trivial route: ${((retrieve / trivial) * 100).toFixed(0)}% of requests/s`);
  } finally {
    await new Promise((r) => setTimeout(r, 300)); // let in-flight requests finish
    await server?.stop();
    await bench.close();
  }
}

await main();
