/**
 * Data and floor of `npm run bench:import`: the import directory (files + CSV with realistic
 * metadata, 10% linked to zaken, a few percent invalid rows) and the machine's floor for the
 * same work: `cp -a` + `sync` of the files, and COPY of the rows into a document_versions-shaped
 * table.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { IMPORT_COLUMNS } from '../src/imports/csv.js';

const run = promisify(execFile);
const PER_DIR = 1000;

export interface BenchData {
  importDir: string;
  csvPath: string;
  /** Row index → relative path, for checking downloads. */
  sample: { uuid: string; file: string }[];
  /** uuids given in the CSV, in row order (for GET EIO during the import). */
  uuids: string[];
  expectedValid: number;
}

export const relPath = (i: number) => `d${Math.floor(i / PER_DIR)}/f${i}.bin`;

export async function writeFiles(importDir: string, rows: number, size: number): Promise<void> {
  const pool = randomBytes(Math.max(size * 2, 1 << 20));
  for (let d = 0; d * PER_DIR < rows; d++) await fs.mkdir(path.join(importDir, `d${d}`), { recursive: true });
  let next = 0;
  const worker = async () => {
    while (next < rows) {
      const i = next++;
      const start = (i * 7919) % (pool.length - size + 1);
      const buf = Buffer.from(pool.subarray(start, start + size));
      buf.write(`#${i}#`, 0);
      await fs.writeFile(path.join(importDir, relPath(i)), buf);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** The CSV: half the rows carry their own uuid; every 10th links a zaak; 2% are invalid. */
export async function writeCsv(
  csvPath: string,
  rows: number,
  iotUrl: string,
  zaakUuids: string[],
): Promise<{ uuids: string[]; expectedValid: number; sample: { uuid: string; file: string }[] }> {
  const fh = await fs.open(csvPath, 'w');
  const uuids: string[] = [];
  const sample: { uuid: string; file: string }[] = [];
  let expectedValid = 0;
  let chunk = `${IMPORT_COLUMNS.join(',')}\r\n`;
  for (let i = 0; i < rows; i++) {
    const uuid = randomUUID();
    const invalid = i % 50 === 7;
    const v: Record<string, string> = {
      uuid: i % 2 === 0 ? uuid : '',
      bronorganisatie: '352604918',
      creatiedatum: `202${i % 5}-0${1 + (i % 9)}-1${i % 10}`,
      titel: invalid && i % 100 === 7 ? '' : `Migratie document ${i}`,
      auteur: 'Afdeling Archief',
      taal: 'nld',
      formaat: 'application/octet-stream',
      bestandspad: invalid && i % 100 === 57 ? `missing/${i}.bin` : relPath(i),
      beschrijving: `Gemigreerd uit het oude DMS, dossier ${Math.floor(i / 10)}`,
      informatieobjecttype: iotUrl,
      status: 'definitief',
      zaakUuid: i % 10 === 3 ? (zaakUuids[i % zaakUuids.length] ?? '') : '',
      trefwoorden: i % 4 === 0 ? 'migratie,archief' : '',
    };
    if (i % 2 === 0) uuids.push(uuid);
    if (!invalid) {
      expectedValid++;
      if (i % 2 === 0 && sample.length < 64 && i % 97 === 0) sample.push({ uuid, file: relPath(i) });
    }
    chunk += `${IMPORT_COLUMNS.map((c) => cell(v[c] ?? '')).join(',')}\r\n`;
    if (chunk.length > 1 << 20) {
      await fh.write(chunk);
      chunk = '';
    }
  }
  await fh.write(chunk);
  await fh.sync();
  await fh.close();
  return { uuids, expectedValid, sample };
}

const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** `cp -a` of the import files to a fresh directory on the same filesystem, then `sync`. */
export async function floorCopy(importDir: string, target: string): Promise<number> {
  await run('sync');
  const t0 = performance.now();
  await run('cp', ['-a', importDir, target]);
  await run('sync');
  return (performance.now() - t0) / 1000;
}

/** COPY of the same number of rows into a table shaped like document_versions (same columns, indexes). */
export async function floorCopyRows(pool: pg.Pool, rows: number): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('drop table if exists bench_floor_versions');
    await client.query('create table bench_floor_versions (like document_versions including all)');
    const cols =
      'document_id, versie, identificatie, bronorganisatie, creatiedatum, titel, vertrouwelijkheidaanduiding, vertrouwelijkheid_rank, auteur, status, formaat, taal, bestandsnaam, blob_key, bestandsomvang, beschrijving, informatieobjecttype_id, trefwoorden';
    const t0 = performance.now();
    const stream = client.query(copyFrom(`copy bench_floor_versions (${cols}) from stdin`));
    const lines = (function* () {
      let buf = '';
      for (let i = 0; i < rows; i++) {
        buf += `${i + 1}\t1\tDOCUMENT-2024-${String(i).padStart(10, '0')}\t352604918\t2024-01-01\tMigratie document ${i}\topenbaar\t0\tAfdeling Archief\tdefinitief\tapplication/octet-stream\tnld\tf${i}.bin\tdocuments/ab/${randomUUID()}.1\t8192\tGemigreerd uit het oude DMS, dossier ${i}\t1\t{migratie,archief}\n`;
        if (buf.length > 1 << 16) {
          yield buf;
          buf = '';
        }
      }
      if (buf) yield buf;
    })();
    await pipeline(Readable.from(lines), stream);
    const secs = (performance.now() - t0) / 1000;
    await client.query('drop table bench_floor_versions');
    return secs;
  } finally {
    client.release();
  }
}
