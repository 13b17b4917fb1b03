/**
 * `npm run bench:import -- --rows N --file-size BYTES` (issue 6): the import against the
 * machine's floor, in one run. Generates the files and CSV in a fresh import directory on the
 * same filesystem as storage; measures the floor (`cp -a` + `sync` of the files, plus COPY of
 * the rows into a document_versions-shaped table); runs the real import over HTTP against a
 * freshly started server while sampling GET status and GET EIO; checks the result; prints one
 * line per figure, ending with `import/floor ratio: X.XX`.
 */
import type { ChildProcess } from 'node:child_process';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import {
  type BenchServer,
  freePort,
  numberArg,
  openBenchDatabase,
  seedInformatieobjecttypen,
  startBenchServer,
  stringArg,
} from './harness.js';
import { floorCopy, floorCopyRows, writeCsv, writeFiles } from './import-data.js';
import { mb, peakRss, percentile, postmasterOf, samplePostgres, timed } from './import-measure.js';

const ROWS = numberArg('rows', 100_000);
const SIZE = numberArg('file-size', 8192);
const BATCH = numberArg('batch-size', 500);
/** `--dry-run`: the same import as a dry run (every check, no copies, no documents). */
const DRY_RUN = process.argv.includes('--dry-run');
/** `--cpu-prof DIR`: the server writes a V8 CPU profile there when it stops (where the time goes). */
/**
 * `--with-page`: the operator's web page of this import (`/beheer/imports/<uuid>`) is open in a
 * headless Chromium for the whole import, polling as it does for a user (issue 11: the page must
 * cost the API nothing noticeable — compare `GET status p99` with and without it).
 */
const WITH_PAGE = process.argv.includes('--with-page');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CPU_PROF = stringArg('cpu-prof');
const line = (label: string, value: string) => console.log(`${label}: ${value}`);

async function fixtures(pool: pg.Pool, publicUrl: string) {
  const { catalogusId, types } = await seedInformatieobjecttypen(pool, publicUrl, {
    omschrijvingen: ['migratie'],
    rsin: '352604918',
    informatieobjectcategorie: 'document',
  });
  const zt = await pool.query(
    `insert into zaaktypen (uuid, catalogus_id, identificatie, omschrijving, vertrouwelijkheidaanduiding, concept, begin_geldigheid, versiedatum)
     values (gen_random_uuid(), $1, 'ZT', 'zt', 'openbaar', false, '2020-01-01', '2020-01-01') returning id`,
    [catalogusId],
  );
  const zaken = await pool.query(
    `insert into zaken (uuid, identificatie, bronorganisatie, verantwoordelijke_organisatie, zaaktype_id, registratiedatum, startdatum, vertrouwelijkheidaanduiding)
     select gen_random_uuid(), 'ZAAK-B-' || g, '352604918', '352604918', $1, '2024-01-01', '2024-01-01', 'openbaar'
       from generate_series(1, 100) g returning uuid::text as uuid`,
    [zt.rows[0].id],
  );
  return {
    iotUrl: types[0]?.url as string,
    zaken: zaken.rows.map((r) => r.uuid),
  };
}

/** The engine logs its busy time per stage when an import ends; keep the last such line. */
function watchStageTimes(child: ChildProcess): () => string {
  let last = 'n/a';
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const l = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
      if (!l.includes('import stage times')) continue;
      const rec = JSON.parse(l) as { stageMs: Record<string, number>; wallMs: number };
      last = `${Object.entries(rec.stageMs)
        .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
        .join(', ')} (engine wall ${(rec.wallMs / 1000).toFixed(1)} s)`;
    }
  });
  return () => last;
}

async function main() {
  const bench = await openBenchDatabase({ dirPrefix: 'zgw-bench-import-', dbPrefix: 'zgw_bench_import_' });
  const { db, config, root } = bench;
  let server: BenchServer | undefined;
  try {
    const importDir = config.importBaseDir;
    await fs.mkdir(importDir, { recursive: true });
    line('rows', String(ROWS));
    line('mode', `${DRY_RUN ? 'dry run' : 'import'}${WITH_PAGE ? ', web page open' : ''}`);
    line('file size', `${SIZE} bytes`);
    await writeFiles(importDir, ROWS, SIZE);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const fx = await fixtures(db.pool, base);
    const csvPath = path.join(root, 'bench.csv');
    const data = await writeCsv(csvPath, ROWS, fx.iotUrl, fx.zaken);

    const floorFiles = await floorCopy(importDir, path.join(root, 'floor-copy'));
    await fs.rm(path.join(root, 'floor-copy'), { recursive: true, force: true });
    const floorRows = await floorCopyRows(db.pool, ROWS);
    const floor = floorFiles + floorRows;
    line('floor cp -a + sync', `${floorFiles.toFixed(2)} s (${(ROWS / floorFiles).toFixed(0)} files/s)`);
    line('floor COPY rows', `${floorRows.toFixed(2)} s (${(ROWS / floorRows).toFixed(0)} rows/s)`);
    line('floor total', `${floor.toFixed(2)} s`);

    server = await startBenchServer(bench, {
      port,
      apiOnly: false,
      logLevel: 'info',
      env: { IMPORT_DOCUMENTEN_BATCH_SIZE: String(BATCH) },
      cpuProfDir: CPU_PROF,
      stdout: 'pipe',
      claims: { user_id: 'bench' },
    });
    const stageTimes = watchStageTimes(server.child);
    const auth = `Bearer ${server.token}`;
    const backend = await db.pool.query('select pg_backend_pid() as pid');
    const pgMem = samplePostgres(await postmasterOf(Number(backend.rows[0].pid)));
    const viewer = WITH_PAGE ? await openViewer(base, server.clientId, server.secret) : undefined;
    let result: Awaited<ReturnType<typeof runImport>>;
    try {
      result = await runImport(base, auth, csvPath, data.uuids, viewer?.watch);
    } finally {
      await viewer?.close();
    }
    const pgPeak = await pgMem.stop();
    const nodePeak = server.child.pid ? await peakRss(server.child.pid) : undefined;
    const checks = await check(base, auth, db.pool, importDir, data, result.status, result.uuid, root);

    line('import upload', `${result.uploadSecs.toFixed(2)} s`);
    line('import wall', `${result.wallSecs.toFixed(2)} s`);
    line('import documents/s', (data.expectedValid / result.wallSecs).toFixed(0));
    line('import MB/s', ((data.expectedValid * SIZE) / 1048576 / result.wallSecs).toFixed(1));
    line('server peak RSS (node)', mb(nodePeak));
    line('database peak PSS (postgres)', mb(pgPeak));
    line(
      'GET status p99',
      `${percentile(result.statusMs, 99).toFixed(1)} ms (p50 ${percentile(result.statusMs, 50).toFixed(1)} ms, ${result.statusMs.length} samples)`,
    );
    line('GET eio p99', `${percentile(result.eioMs, 99).toFixed(1)} ms (${result.eioMs.length} samples)`);
    line('engine busy per stage', stageTimes());
    line('checks', checks);
    line('import/floor ratio', (result.wallSecs / floor).toFixed(2));
    if (!checks.startsWith('ok')) process.exitCode = 1;
  } finally {
    await server?.stop();
    await bench.close();
  }
}

/** A logged-in Chromium page that, once told the import's uuid, shows that import's page. */
async function openViewer(base: string, clientId: string, secret: string) {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  await page.goto(`${base}/beheer/login`);
  await page.type('#client-id', clientId);
  await page.type('#secret', secret);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  let polls = 0;
  page.on('request', (r) => {
    if (r.url().includes('/beheer/api/imports/')) polls++;
  });
  return {
    watch: async (uuid: string) => {
      await page.goto(`${base}/beheer/imports/${uuid}`);
      await page.waitForSelector('#state');
    },
    close: async () => {
      line('web page requests', String(polls));
      await browser.close();
    },
  };
}

async function runImport(
  base: string,
  auth: string,
  csvPath: string,
  uuids: string[],
  onCreated?: (uuid: string) => Promise<void>,
) {
  const imp = `${base}/documenten/api/v1/import`;
  const t0 = performance.now();
  const created = await fetch(`${imp}/create`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ naam: 'bench', dryRun: DRY_RUN }),
  });
  const uuid = /import\/([0-9a-f-]{36})\/upload$/.exec((await created.json()).uploadUrl)?.[1];
  if (uuid && onCreated) await onCreated(uuid);
  const up = await fetch(`${imp}/${uuid}/upload`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'text/csv' },
    body: createReadStream(csvPath) as unknown as BodyInit,
    duplex: 'half',
  } as RequestInit);
  if (up.status !== 200) throw new Error(`upload: ${up.status} ${await up.text()}`);
  const uploadSecs = (performance.now() - t0) / 1000;
  const statusMs: number[] = [];
  const eioMs: number[] = [];
  let status: Record<string, number | string> = {};
  for (;;) {
    const s = await timed(() => fetch(`${imp}/${uuid}/status`, { headers: { authorization: auth } }));
    statusMs.push(s.ms);
    status = JSON.parse(s.text);
    if (status.status === 'finished' || status.status === 'error') break;
    // A document of a committed row (CSV uuids are on every even row).
    const done = DRY_RUN ? 0 : Math.floor(Number(status.processed) / 2);
    if (done > 0) {
      const e = await timed(() =>
        fetch(
          `${base}/documenten/api/v1/enkelvoudiginformatieobjecten/${uuids[Math.floor(Math.random() * done)]}`,
          {
            headers: { authorization: auth },
          },
        ),
      );
      eioMs.push(e.ms);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { uuid, status, uploadSecs, wallSecs: (performance.now() - t0) / 1000, statusMs, eioMs };
}

async function check(
  base: string,
  auth: string,
  pool: pg.Pool,
  importDir: string,
  data: { expectedValid: number; sample: { uuid: string; file: string }[] },
  status: Record<string, number | string>,
  uuid: string | undefined,
  root: string,
): Promise<string> {
  const problems: string[] = [];
  if (status.status !== 'finished') problems.push(`status ${status.status}`);
  if (status.processed !== ROWS) problems.push(`processed ${status.processed} != ${ROWS}`);
  if (status.processedSuccessfully !== data.expectedValid) {
    problems.push(`processedSuccessfully ${status.processedSuccessfully} != ${data.expectedValid}`);
  }
  const docs = await pool.query('select count(*)::int as n from documents');
  const wantDocs = DRY_RUN ? 0 : data.expectedValid;
  if (docs.rows[0].n !== wantDocs) problems.push(`documents ${docs.rows[0].n} != ${wantDocs}`);
  if (DRY_RUN) {
    const stored = await fs.readdir(path.join(root, 'storage', 'documents')).catch(() => []);
    if (stored.length > 0) problems.push(`a dry run stored ${stored.length} document directories`);
    return problems.length === 0 ? 'ok (dry run: no documents, no files)' : problems.join('; ');
  }
  for (const s of data.sample) {
    const res = await fetch(`${base}/documenten/api/v1/enkelvoudiginformatieobjecten/${s.uuid}/download`, {
      headers: { authorization: auth },
    });
    const got = Buffer.from(await res.arrayBuffer());
    const want = await fs.readFile(path.join(importDir, s.file));
    if (res.status !== 200 || !got.equals(want)) problems.push(`download ${s.uuid}: ${res.status}`);
  }
  if (problems.length === 0) return `ok (${data.sample.length} downloads compared)`;
  const report = await fetch(`${base}/documenten/api/v1/import/${uuid}/report`, {
    headers: { authorization: auth },
  });
  const firstRow = (await report.text()).split('\r\n')[1] ?? '';
  return `${problems.slice(0, 4).join('; ')}; first report row: ${firstRow.slice(0, 600)}`;
}

await main();
