import type { BlobStore } from '../../storage/blob-store.js';
import type { EngineCollaborators } from './ports.js';
import { mapRow, trimCodes, withValues } from './row-mapping.js';
import type { ParsedBatch, ParsedRow } from './types.js';

/**
 * Reader stage: streams the stored CSV, skips the header and every record before the resume
 * point, maps each record by header name and validates it with the API's own rules
 * (import.md §1.9 steps 1–3), and groups the rows into batches.
 */
export async function* readBatches(opts: {
  blobs: BlobStore;
  collab: EngineCollaborators;
  csvKey: string;
  csvOptions: { encoding: string; delimiter: string; columns: string[] };
  nextRecord: number;
  batchSize: number;
}): AsyncGenerator<ParsedBatch> {
  const { collab, csvOptions } = opts;
  const source = await opts.blobs.openRead(opts.csvKey);
  let rows: ParsedRow[] = [];
  let seq = 0;
  let header = true;
  try {
    for await (const rec of collab.readCsvRecords(source, csvOptions)) {
      if (header) {
        header = false;
        continue;
      }
      if (rec.index < opts.nextRecord) continue;
      rows.push(parseRow(collab, rec, csvOptions.columns));
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

function parseRow(
  collab: EngineCollaborators,
  rec: { index: number; fields: string[] },
  columns: string[],
): ParsedRow {
  const raw = collab.rowValues(rec, columns);
  const { insufficient, oversized = [] } = raw;
  // Codes, dates and URLs without surrounding whitespace; free text as given (row-mapping.ts).
  const values = trimCodes(raw.values);
  if (insufficient) {
    return {
      index: rec.index,
      values,
      fail: `Validation failed for line ${rec.index}: insufficient column count`,
    };
  }
  const mapped = mapRow(values, rec.index);
  if (mapped.kind === 'conversion-error') return { index: rec.index, values, fail: mapped.message };
  const problems = [...collab.validateEioCreate(mapped.body), ...mapped.problems];
  // A cell cut at the reader's cap fails its row with max_length (Part 2 "Oversized input").
  for (const cut of oversized) {
    if (!problems.some((p) => p.name === cut.name && p.code === 'max_length')) problems.push(cut);
  }
  // The comment echoes each offending value (issue 10); the API's reasons stay unchanged.
  return { index: rec.index, values, body: mapped.body, problems: withValues(problems, values, mapped.body) };
}
