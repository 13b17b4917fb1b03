import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';

/**
 * The import CSV dialect (Open Zaak's import CSV; here: README "Bulk import of documents"), shared by the upload (header
 * check, record count) and the engine (row values). Streaming: memory stays flat in the
 * file size; only one record is held at a time.
 */
export const IMPORT_COLUMNS = [
  'uuid',
  'identificatie',
  'bronorganisatie',
  'creatiedatum',
  'titel',
  'vertrouwelijkheidaanduiding',
  'auteur',
  'status',
  'formaat',
  'taal',
  'bestandsnaam',
  'bestandsomvang',
  'bestandspad',
  'link',
  'beschrijving',
  'ontvangstdatum',
  'verzenddatum',
  'indicatieGebruiksrecht',
  'verschijningsvorm',
  'ondertekening.soort',
  'ondertekening.datum',
  'integriteit.algoritme',
  'integriteit.waarde',
  'integriteit.datum',
  'informatieobjecttype',
  'zaakUuid',
  'trefwoorden',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REPORT_COLUMNS = [...IMPORT_COLUMNS, 'opmerking', 'resultaat'] as const;

export type CsvEncoding = 'utf-8' | 'windows-1252' | 'iso-8859-1';
export type CsvDelimiter = ',' | ';';

export interface CsvOptions {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  /** Header names in file order, BOM stripped. */
  columns: string[];
}

export interface CsvRecord {
  /** Row index {i}: header = 1; skipped blank lines still count; a multi-line record is one. */
  index: number;
  /** Raw fields in file order; a field longer than MAX_FIELD_CHARS is cut to MAX_FIELD_CHARS + 1. */
  fields: string[];
  /** Positions of the fields that were cut (absent when none was). */
  truncated?: number[];
}

/** A field up to 1 MiB passes intact; a longer one is cut to one character more (so it still fails max_length). */
export const MAX_FIELD_CHARS = 1024 * 1024;
/** Beyond this many characters in one record the file is refused (memory bound). */
const MAX_RECORD_CHARS = 32 * 1024 * 1024;
/** How much text is read to find the end of the header line for delimiter detection. */
const SNIFF_LIMIT = 4 * 1024 * 1024;

/** Undecodable bytes or broken quoting; `line` is the file line / record index concerned. */
export class CsvParseError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super(`${reason} on line ${line}`);
    this.name = 'CsvParseError';
  }
}

/** Maps a `charset=` content-type parameter to a supported encoding; undefined if unsupported. */
export function encodingForCharset(charset: string | undefined): CsvEncoding | undefined {
  const c = (charset ?? 'utf-8').trim().toLowerCase().replace(/^"|"$/g, '');
  if (c === 'utf-8' || c === 'utf8') return 'utf-8';
  if (['windows-1252', 'cp1252', 'x-cp1252'].includes(c)) return 'windows-1252';
  if (['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii'].includes(c)) {
    return 'iso-8859-1';
  }
  return undefined;
}

/** Dutch Excel writes `;`: chosen when the header line holds more `;` than `,` outside quotes. */
export function detectDelimiter(headerText: string): CsvDelimiter {
  let inQuotes = false;
  let commas = 0;
  let semicolons = 0;
  for (const ch of headerText) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && ch === ',') commas++;
    else if (!inQuotes && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** Header names of the import that the header record lacks, in canonical order. */
export function missingColumns(columns: readonly string[]): ImportColumn[] {
  const present = new Set(columns);
  return IMPORT_COLUMNS.filter((c) => !present.has(c));
}

const positionCache = new WeakMap<string[], { positions: number[]; needed: number }>();

/**
 * The 27 values of a data record by header NAME (README "Bulk import of documents"): '' for a missing cell;
 * `insufficient` when the record is too short to reach every known column (the first of Open Zaak's per-row import steps);
 * `oversized` the columns whose cell exceeded MAX_FIELD_CHARS (the row must fail with
 * max_length on them: their value here is cut). Unknown extra columns are ignored; of
 * duplicated names the first one counts.
 */
export function rowValues(
  record: CsvRecord,
  columns: string[],
): { values: Record<ImportColumn, string>; insufficient: boolean; oversized: ImportColumn[] } {
  let cached = positionCache.get(columns);
  if (!cached) {
    const positions = IMPORT_COLUMNS.map((c) => columns.indexOf(c));
    cached = { positions, needed: Math.max(...positions) + 1 };
    positionCache.set(columns, cached);
  }
  const values = {} as Record<ImportColumn, string>;
  IMPORT_COLUMNS.forEach((name, i) => {
    const pos = cached.positions[i] ?? -1;
    values[name] = pos < 0 ? '' : (record.fields[pos] ?? '');
  });
  const positions = cached.positions;
  const oversized = record.truncated
    ? IMPORT_COLUMNS.filter((_c, i) => record.truncated?.includes(positions[i] ?? -1))
    : [];
  return { values, insufficient: record.fields.length < cached.needed, oversized };
}

/**
 * Streams the records of a CSV byte stream, the header being record 1. `delimiter: 'auto'`
 * detects it from the header line and reports it through `onDelimiter`. Throws
 * CsvParseError on undecodable bytes, an unterminated quote or an oversized record; errors
 * of the source stream itself are rethrown unchanged.
 */
export async function* readCsvRecords(
  source: Readable | AsyncIterable<Buffer>,
  opts: {
    encoding: CsvEncoding;
    delimiter: CsvDelimiter | 'auto';
    onDelimiter?: (d: CsvDelimiter) => void;
  },
): AsyncGenerator<CsvRecord> {
  const text = decodeText(source, opts.encoding)[Symbol.asyncIterator]();
  let head = '';
  let delimiter: CsvDelimiter;
  if (opts.delimiter === 'auto') {
    while (!/[\r\n]/.test(stripQuoted(head)) && head.length < SNIFF_LIMIT) {
      const next = await text.next();
      if (next.done) break;
      head += next.value;
    }
    delimiter = detectDelimiter(head);
  } else {
    delimiter = opts.delimiter;
  }
  opts.onDelimiter?.(delimiter);

  // No `info` and no `skip_empty_lines`: both cost a third of the parse time. A blank line
  // comes out as one empty field; it is skipped here but still counted, so {i} stays the
  // record number of the file.
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_CHARS,
  });
  const input = Readable.from(
    (async function* () {
      if (head !== '') yield head;
      for (;;) {
        const next = await text.next();
        if (next.done) return;
        yield next.value;
      }
    })(),
  );
  pipeline(input, parser, () => undefined);
  let index = 0;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      index++;
      if (fields.length === 1 && fields[0] === '') continue;
      let truncated: number[] | undefined;
      for (let i = 0; i < fields.length; i++) {
        const f = fields[i] as string;
        if (f.length > MAX_FIELD_CHARS) {
          fields[i] = f.slice(0, MAX_FIELD_CHARS + 1);
          truncated = [...(truncated ?? []), i];
        }
      }
      yield truncated ? { index, fields, truncated } : { index, fields };
    }
  } catch (err) {
    throw toParseError(err, index);
  } finally {
    input.destroy();
  }
}

/** Text with quoted sections removed (for finding the end of the header line). */
function stripQuoted(s: string): string {
  return s.replace(/"[^"]*("|$)/g, '');
}

function toParseError(err: unknown, lastIndex: number): unknown {
  if (err instanceof CsvParseError) return err;
  const e = err as { code?: string };
  if (typeof e?.code !== 'string' || !e.code.startsWith('CSV_')) return err;
  // The failing record is the one after the last complete one.
  const line = lastIndex + 1;
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') return new CsvParseError('unterminated quoted field', line);
  if (e.code === 'CSV_MAX_RECORD_SIZE') {
    return new CsvParseError(`record longer than ${MAX_RECORD_CHARS} characters`, line);
  }
  return new CsvParseError((err as Error).message.replace(/\s+/g, ' '), line);
}

/** Decodes bytes to text chunks: strict UTF-8 (error with line number), or iconv-lite. */
async function* decodeText(
  source: Readable | AsyncIterable<Buffer>,
  encoding: CsvEncoding,
): AsyncGenerator<string> {
  if (encoding !== 'utf-8') {
    const decoder = iconv.getDecoder(encoding === 'windows-1252' ? 'win1252' : 'latin1');
    for await (const chunk of source) {
      const s = decoder.write(toBuffer(chunk));
      if (s) yield s;
    }
    const rest = decoder.end();
    if (rest) yield rest;
    return;
  }
  let carry: Buffer = Buffer.alloc(0);
  let lines = 1;
  let first = true;
  for await (const chunk of source) {
    let buf: Buffer = carry.length > 0 ? Buffer.concat([carry, toBuffer(chunk)]) : toBuffer(chunk);
    if (first && buf.length < 3) {
      carry = buf;
      continue;
    }
    if (first && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    first = false;
    const end = completeEnd(buf);
    const body = buf.subarray(0, end);
    if (!isUtf8(body)) throw invalidUtf8(body, lines);
    carry = Buffer.from(buf.subarray(end));
    lines += countNewlines(body);
    if (body.length > 0) yield body.toString('utf8');
  }
  if (carry.length > 0) {
    if (first && carry[0] === 0xef && carry[1] === 0xbb && carry[2] === 0xbf) return;
    if (!isUtf8(carry)) throw invalidUtf8(carry, lines);
    yield carry.toString('utf8');
  }
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

function seqLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Length of the prefix that does not end inside an unfinished multi-byte sequence. */
function completeEnd(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    const len = seqLength(b);
    return len > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

function invalidUtf8(buf: Buffer, linesBefore: number): CsvParseError {
  let i = 0;
  while (i < buf.length) {
    const len = seqLength(buf[i] ?? 0);
    if (len === 0 || i + len > buf.length || !isUtf8(buf.subarray(i, i + len))) break;
    i += len;
  }
  const byte = (buf[i] ?? 0).toString(16).padStart(2, '0');
  const line = linesBefore + countNewlines(buf.subarray(0, i));
  return new CsvParseError(`'utf-8' codec can't decode byte 0x${byte}`, line);
}
