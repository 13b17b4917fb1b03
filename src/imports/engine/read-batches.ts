import { maxReason, validateEioCreate } from '../../documenten/validation.js';
import type { BlobStore } from '../../storage/blob-store.js';
import {
  type CsvDelimiter,
  type CsvEncoding,
  type CsvRecord,
  MAX_FIELD_CHARS,
  readCsvRecords,
  rowValues,
} from '../csv.js';
import { mapRow, trimCodes, withValues } from './row-mapping.js';
import type { ParsedBatch, ReadRow } from './types.js';

/**
 * Reader stage: streams the stored CSV, skips the header and every record before the resume
 * point, maps each record by header name and validates it with the API's own rules
 * (Open Zaak's per-row import steps (1–3)), and groups the rows into batches.
 */
export async function* readBatches(opts: {
  blobs: BlobStore;
  csvKey: string;
  csvOptions: { encoding: string; delimiter: string; columns: string[] };
  nextRecord: number;
  batchSize: number;
}): AsyncGenerator<ParsedBatch> {
  const { csvOptions } = opts;
  // The options the upload recorded (csv.ts detected or checked them).
  const readOptions = {
    encoding: csvOptions.encoding as CsvEncoding,
    delimiter: csvOptions.delimiter as CsvDelimiter,
  };
  const source = await opts.blobs.openRead(opts.csvKey);
  let rows: ReadRow[] = [];
  let seq = 0;
  let header = true;
  try {
    for await (const rec of readCsvRecords(source, readOptions)) {
      if (header) {
        header = false;
        continue;
      }
      if (rec.index < opts.nextRecord) continue;
      rows.push(parseRow(rec, csvOptions.columns));
      if (rows.length % 50 === 0) await new Promise((r) => setImmediate(r));
      if (rows.length >= opts.batchSize) {
        yield { seq: seq++, firstIndex: rows[0]!.index, nextRecord: rec.index + 1, rows };
        rows = [];
      }
    }
    if (rows.length > 0) {
      yield { seq: seq++, firstIndex: rows[0]!.index, nextRecord: rows[rows.length - 1]!.index + 1, rows };
    }
  } finally {
    source.destroy();
  }
}

function parseRow(rec: CsvRecord, columns: string[]): ReadRow {
  const raw = rowValues(rec, columns);
  // Codes, dates and URLs without surrounding whitespace; free text as given (row-mapping.ts).
  const values = trimCodes(raw.values);
  if (raw.insufficient) {
    const comment = `Validation failed for line ${rec.index}: insufficient column count`;
    return { state: 'unreadable', index: rec.index, values, comment };
  }
  const mapped = mapRow(values, rec.index);
  if (mapped.kind === 'conversion-error')
    return { state: 'unreadable', index: rec.index, values, comment: mapped.message };
  const problems = [...validateEioCreate(mapped.body), ...mapped.problems];
  // A cell cut at the reader's cap fails its row with max_length (README "Bulk import of documents").
  for (const name of raw.oversized) {
    if (!problems.some((p) => p.name === name && p.code === 'max_length'))
      problems.push({ name, code: 'max_length', reason: maxReason(MAX_FIELD_CHARS) });
  }
  // The comment echoes each offending value (issue 10); the API's reasons stay unchanged.
  return {
    state: 'parsed',
    index: rec.index,
    values,
    body: mapped.body,
    problems: withValues(problems, values, mapped.body),
  };
}
