import { Readable } from 'node:stream';
import type { Queryable } from '../db/pool.js';
import type { BlobStore } from '../storage/blob-store.js';
import { type CsvRecord, IMPORT_COLUMNS, REPORT_COLUMNS, readCsvRecords, rowValues } from './csv.js';
import { type ImportRecord, type ReportRow, reportRowsAfter } from './repository.js';

/**
 * The report (import.md §1.10, Part 2 #14): header, then one line per committed
 * import_rows row in row order, its 27 values read back from the stored CSV (a merge join
 * on the row index, both sides streamed), uuid/identificatie as assigned, opmerking and
 * resultaat. UTF-8 without BOM, CRLF, minimal quoting. Never assembled in memory.
 */
export const RESULT_OK = 'Geïmporteerd';
export const RESULT_FAILED = 'Niet geïmporteerd';

const PAGE = 1000;
const FLUSH_CHARS = 64 * 1024;

/** Python csv "minimal" quoting: only fields with the delimiter, a quote, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export const csvLine = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;

export function reportStream(q: Queryable, blobs: BlobStore, imp: ImportRecord): Readable {
  return Readable.from(reportChunks(q, blobs, imp), { objectMode: false });
}

async function* reportChunks(q: Queryable, blobs: BlobStore, imp: ImportRecord): AsyncGenerator<string> {
  let buffer = csvLine(REPORT_COLUMNS);
  const records = await openRecords(blobs, imp);
  try {
    let cur = await records.next();
    const columns = cur.done ? [] : cur.value.fields;
    let after = 0;
    for (;;) {
      const rows = await reportRowsAfter(q, imp.id, after, PAGE);
      for (const row of rows) {
        while (!cur.done && cur.value.index < row.rowIndex) cur = await records.next();
        const record = !cur.done && cur.value.index === row.rowIndex ? cur.value : undefined;
        buffer += reportLine(row, record, columns);
        if (buffer.length >= FLUSH_CHARS) {
          yield buffer;
          buffer = '';
        }
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]?.rowIndex ?? after;
    }
    yield buffer;
  } finally {
    await records.return(undefined);
  }
}

function reportLine(row: ReportRow, record: CsvRecord | undefined, columns: string[]): string {
  const values = record ? rowValues(record, columns).values : undefined;
  const fields = IMPORT_COLUMNS.map((c) => values?.[c] ?? '');
  if (row.uuid !== null) fields[0] = row.uuid;
  if (row.identificatie !== null) fields[1] = row.identificatie;
  fields.push(row.opmerking, row.succeeded ? RESULT_OK : RESULT_FAILED);
  return csvLine(fields);
}

async function openRecords(blobs: BlobStore, imp: ImportRecord): Promise<AsyncGenerator<CsvRecord>> {
  if (!imp.csvKey || !imp.csvOptions) return (async function* () {})();
  const source = await blobs.openRead(imp.csvKey);
  return readCsvRecords(source, imp.csvOptions);
}
