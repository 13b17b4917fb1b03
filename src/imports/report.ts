import { Readable } from 'node:stream';
import type { Queryable } from '../db/pool.js';
import type { BlobStore } from '../storage/blob-store.js';
import { type CsvRecord, IMPORT_COLUMNS, REPORT_COLUMNS, readCsvRecords, rowValues } from './csv.js';
import { createReportRepository, type ReportRow } from './report-repository.js';
import type { ImportRecord } from './repository.js';

/**
 * The report (Open Zaak's import report; here: README "Bulk import of documents"): header, then one line per committed
 * import_rows row in row order, its 27 values read back from the stored CSV (a merge join
 * on the row index, both sides streamed), uuid/identificatie as assigned, opmerking and
 * resultaat. UTF-8 without BOM, CRLF, minimal quoting. Never assembled in memory.
 */
export const RESULT_OK = 'Geïmporteerd';
export const RESULT_FAILED = 'Niet geïmporteerd';
/** A dry run's passing row: it would have been imported (issue 10 #2). */
export const RESULT_VALID = 'Geldig';

export interface ReportOptions {
  /** Only the failed rows: a CSV to correct and upload again as a new import. */
  onlyFailed?: boolean;
  /** Dutch Excel: `;`-separated, UTF-8 with a BOM. */
  excel?: boolean;
}

const PAGE = 1000;
const FLUSH_CHARS = 64 * 1024;

/** Python csv "minimal" quoting: only fields with the delimiter, a quote, CR or LF. */
export function csvField(value: string, delimiter = ','): string {
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export const csvLine = (fields: readonly string[], delimiter = ','): string =>
  `${fields.map((f) => csvField(f, delimiter)).join(delimiter)}\r\n`;

export function reportStream(
  q: Queryable,
  blobs: BlobStore,
  imp: ImportRecord,
  opts: ReportOptions = {},
): Readable {
  return Readable.from(reportChunks(q, blobs, imp, opts), { objectMode: false });
}

async function* reportChunks(
  q: Queryable,
  blobs: BlobStore,
  imp: ImportRecord,
  opts: ReportOptions,
): AsyncGenerator<string> {
  const delimiter = opts.excel ? ';' : ',';
  const ok = imp.dryRun ? RESULT_VALID : RESULT_OK;
  let buffer = (opts.excel ? '\uFEFF' : '') + csvLine(REPORT_COLUMNS, delimiter);
  const records = await openRecords(blobs, imp);
  try {
    let cur = await records.next();
    const columns = cur.done ? [] : cur.value.fields;
    let after = 0;
    for (;;) {
      const rows = await createReportRepository(q).reportRowsAfter(
        imp.id,
        after,
        PAGE,
        opts.onlyFailed === true,
      );
      for (const row of rows) {
        while (!cur.done && cur.value.index < row.rowIndex) cur = await records.next();
        const record = !cur.done && cur.value.index === row.rowIndex ? cur.value : undefined;
        buffer += reportLine(row, record, columns, ok, delimiter);
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

function reportLine(
  row: ReportRow,
  record: CsvRecord | undefined,
  columns: string[],
  ok: string,
  delimiter: string,
): string {
  const values = record ? rowValues(record, columns).values : undefined;
  const fields = IMPORT_COLUMNS.map((c) => values?.[c] ?? '');
  if (row.uuid !== null) fields[0] = row.uuid;
  if (row.identificatie !== null) fields[1] = row.identificatie;
  fields.push(row.opmerking, row.succeeded ? ok : RESULT_FAILED);
  return csvLine(fields, delimiter);
}

async function openRecords(blobs: BlobStore, imp: ImportRecord): Promise<AsyncGenerator<CsvRecord>> {
  if (!imp.csvKey || !imp.csvOptions) return (async function* () {})();
  const source = await blobs.openRead(imp.csvKey);
  return readCsvRecords(source, imp.csvOptions);
}
