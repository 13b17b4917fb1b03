import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import pino from 'pino';
import type { IMPORT_COLUMNS } from '../../../src/imports/csv.js';
import { createUrls } from '../../../src/shared/urls.js';
import { documentBlobKey } from '../../../src/documenten/storage-keys.js';
import { startImportRunner } from '../../../src/imports/import-runner.js';
import type { TestApp } from '../../helpers/app.js';
import { BASE, createImport, csvRow, HEADER, status, upload } from '../api/helpers.js';

export type Row = Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>;

export interface Fixtures {
  iotUrl: string;
  conceptIotUrl: string;
  zaakUuid: string;
  zaakId: number;
}

/** A published and a concept informatieobjecttype and one zaak, straight into the database. */
export async function insertFixtures(t: {
  db: { pool: TestApp['db']['pool'] };
  config: { publicUrl: string };
}): Promise<Fixtures> {
  const q = (sql: string, params: unknown[]) => t.db.pool.query(sql, params);
  const cat = await q(
    `insert into catalogussen (uuid, domein, rsin, contactpersoon_beheer_naam) values ($1, 'ABC', '352604918', 'x') returning id`,
    [randomUUID()],
  );
  const catId = cat.rows[0].id;
  const iot = randomUUID();
  const concept = randomUUID();
  for (const [u, c] of [
    [iot, false],
    [concept, true],
  ] as const) {
    await q(
      `insert into informatieobjecttypen (uuid, catalogus_id, omschrijving, vertrouwelijkheidaanduiding, begin_geldigheid, concept, informatieobjectcategorie)
       values ($1, $2, 'brief', 'zaakvertrouwelijk', '2020-01-01', $3, 'cat')`,
      [u, catId, c],
    );
  }
  const zt = await q(
    `insert into zaaktypen (uuid, catalogus_id, identificatie, omschrijving, vertrouwelijkheidaanduiding, concept, begin_geldigheid, versiedatum)
     values ($1, $2, 'ZT1', 'zt', 'openbaar', false, '2020-01-01', '2020-01-01') returning id`,
    [randomUUID(), catId],
  );
  const zaakUuid = randomUUID();
  const zaak = await q(
    `insert into zaken (uuid, identificatie, bronorganisatie, verantwoordelijke_organisatie, zaaktype_id, registratiedatum, startdatum, vertrouwelijkheidaanduiding)
     values ($1, 'ZAAK-1', '352604918', '352604918', $2, '2024-01-01', '2024-01-01', 'openbaar') returning id`,
    [zaakUuid, zt.rows[0].id],
  );
  return {
    iotUrl: createUrls(t.config.publicUrl).catalogi('informatieobjecttypen', iot),
    conceptIotUrl: createUrls(t.config.publicUrl).catalogi('informatieobjecttypen', concept),
    zaakUuid,
    zaakId: Number(zaak.rows[0].id),
  };
}

/** A valid row for `file` (relative to the import base directory). */
export function validRow(f: Fixtures, bestandspad: string, extra: Row = {}): Row {
  return {
    bronorganisatie: '352604918',
    creatiedatum: '2024-03-01',
    titel: 'Brief',
    auteur: 'Tester',
    taal: 'nld',
    bestandspad,
    informatieobjecttype: f.iotUrl,
    ...extra,
  };
}

export async function writeSource(t: TestApp, rel: string, content: string | Buffer): Promise<string> {
  const p = path.join(t.config.importBaseDir, rel);
  await fs.mkdir(path.dirname(p), { recursive: true });
  await fs.writeFile(p, content);
  return p;
}

export const csvOf = (rows: Row[]): string => `${[HEADER, ...rows.map((r) => csvRow(r))].join('\n')}\n`;

export function startRunner(t: TestApp) {
  return startImportRunner(t.deps, pino({ level: 'silent' }));
}

export async function waitDone(
  t: TestApp,
  uuid: string,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await status(t, uuid);
    if (s.status === 'finished' || s.status === 'error') return s;
    if (Date.now() > until) assert.fail(`import still ${String(s.status)}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** total, processed, processedSuccessfully, processedInvalid, status. */
export const counters = (s: Record<string, unknown>) => [
  s.total,
  s.processed,
  s.processedSuccessfully,
  s.processedInvalid,
  s.status,
];

/** create → upload → (a running runner) → finished; returns the status and the parsed report. */
export async function importCsv(t: TestApp, csv: string) {
  const uuid = await createImport(t);
  const up = await upload(t, uuid, csv);
  assert.equal(up.statusCode, 200, up.body);
  const s = await waitDone(t, uuid);
  const rep = await t.request({ method: 'GET', url: `${BASE}/${uuid}/report` });
  assert.equal(rep.statusCode, 200, rep.body);
  const report = parse(rep.body, { columns: true, relax_column_count: false }) as Record<string, string>[];
  return { uuid, status: s, report };
}

/**
 * The stored bytes of version 1: from its storage key, and through the Documenten download
 * endpoint too whenever that answers (both must equal).
 */
export async function download(t: TestApp, uuid: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await t.deps.blobs.openRead(documentBlobKey(uuid, 1))) chunks.push(c as Buffer);
  const stored = Buffer.concat(chunks);
  const res = await t.request({
    method: 'GET',
    url: `/documenten/api/v1/enkelvoudiginformatieobjecten/${uuid}/download?versie=1`,
  });
  if (res.statusCode === 200) assert.deepEqual(res.rawPayload, stored);
  return stored;
}

/** The stored version 1 of a document (what the API serves). */
export async function version(t: TestApp, uuid: string): Promise<Record<string, unknown>> {
  const { rows } = await t.db.pool.query(
    `select v.* from document_versions v join documents d on d.id = v.document_id where d.uuid = $1 and v.versie = 1`,
    [uuid],
  );
  assert.equal(rows.length, 1, `document ${uuid}`);
  return rows[0];
}
