import { createHash, randomBytes } from 'node:crypto';
import { PassThrough, Readable, Transform } from 'node:stream';
import type { BlobStore } from '../storage/blob-store.js';
import { BlobTooLargeError } from '../storage/blob-store.js';
import { tooLarge, unsupportedMediaType } from '../shared/errors.js';
import {
  type CsvDelimiter,
  type CsvOptions,
  CsvParseError,
  encodingForCharset,
  missingColumns,
  readCsvRecords,
} from './csv.js';
import { csvParseError, emptyFile, missingImportHeaders } from './errors.js';

/**
 * Upload steps 7–9 (Open Zaak's import endpoints; here: README "Bulk import of documents"): the body is streamed to its own storage
 * key while the CSV reader checks the header by name and counts records. Nothing is ever
 * buffered beyond a chunk; on any failure nothing stays stored.
 */
export interface StoredUpload {
  csvKey: string;
  csvOptions: CsvOptions;
  /** Data records (header excluded, blank lines not counted). */
  total: number;
  /** SHA-256 (hex) of the bytes stored (re-run safety). */
  sha256: string;
}

export interface UploadInput {
  body: Readable | undefined;
  contentType: string | undefined;
  contentLength: string | undefined;
  maxBytes: number;
}

/** What the client can do about a 415 or a charset problem (issue 10); the API's own 415 stays as it is. */
const UPLOAD_MEDIA_HINT =
  'Upload de CSV met Content-Type: text/csv (met charset=windows-1252 voor een CSV die Excel op Windows opslaat).';
const CHARSET_HINT =
  'Supported: charset=utf-8 (the default), charset=windows-1252 (a CSV saved by Excel on Windows) and charset=iso-8859-1.';
const NOT_UTF8_HINT =
  'The file is not UTF-8: if it was saved by Excel on Windows, upload it with Content-Type: text/csv; charset=windows-1252.';

/** Each upload writes its own key, so two racing uploads never overwrite each other's file. */
export const uploadKey = (importUuid: string): string =>
  `imports/${importUuid}/import-${randomBytes(6).toString('hex')}.csv`;

export async function receiveUpload(
  blobs: BlobStore,
  importUuid: string,
  input: UploadInput,
): Promise<StoredUpload> {
  const first = input.contentLength === '0' ? undefined : await firstChunk(input.body);
  // An empty body wins over a wrong content type (as Open Zaak's upload endpoint).
  if (!first || !input.body) throw emptyFile();
  const media = parseMediaType(input.contentType);
  if (media.type !== 'text/csv') throw unsupportedMediaType(input.contentType, UPLOAD_MEDIA_HINT);
  const encoding = encodingForCharset(media.params.charset);
  if (!encoding) throw csvParseError(`unknown charset "${media.params.charset}". ${CHARSET_HINT}`);
  if (input.contentLength !== undefined && Number(input.contentLength) > input.maxBytes) throw tooLarge();

  const key = uploadKey(importUuid);
  const source = prepend(first, input.body);
  const toParser = new PassThrough();
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      if (toParser.write(chunk)) cb(null, chunk);
      else toParser.once('drain', () => cb(null, chunk));
    },
    flush(cb) {
      toParser.end();
      cb();
    },
  });
  // Errors reach the caller through the two promises below; these listeners only keep a
  // late 'error' event (after a consumer has stopped listening) from crashing the process.
  toParser.on('error', () => undefined);
  tap.on('error', () => undefined);
  source.on('error', (err) => tap.destroy(err));
  source.pipe(tap);

  let delimiter: CsvDelimiter = ',';
  const stored = blobs.putStream(key, tap, { maxBytes: input.maxBytes }).catch((err: unknown) => {
    toParser.destroy(err as Error);
    throw err;
  });
  const counted = countRecords(toParser, encoding, (d) => {
    delimiter = d;
  }).catch((err: unknown) => {
    tap.destroy(err as Error);
    throw err;
  });
  const [s, c] = await Promise.allSettled([stored, counted]);
  if (s.status === 'rejected' || c.status === 'rejected') {
    if (s.status === 'fulfilled') await blobs.delete(key);
    throw uploadFailure(s, c, encoding);
  }
  const missing = missingColumns(c.value.columns);
  if (missing.length > 0) {
    await blobs.delete(key);
    throw missingImportHeaders(missing);
  }
  return {
    csvKey: key,
    csvOptions: { encoding, delimiter, columns: c.value.columns },
    total: c.value.total,
    sha256: hash.digest('hex'),
  };
}

/** Which failure the client sees: the size limit first, then a parse error, then the cause. */
function uploadFailure(
  s: PromiseSettledResult<unknown>,
  c: PromiseSettledResult<unknown>,
  encoding: CsvOptions['encoding'],
): unknown {
  const errors = [s, c].flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  if (errors.some((e) => e instanceof BlobTooLargeError)) return tooLarge();
  const parse = errors.find((e) => e instanceof CsvParseError) as CsvParseError | undefined;
  if (parse) {
    // Bytes that are not UTF-8 are nearly always a CSV saved by Excel on Windows.
    const notUtf8 = encoding === 'utf-8' && parse.reason.startsWith("'utf-8' codec");
    return csvParseError(notUtf8 ? `${parse.message}. ${NOT_UTF8_HINT}` : parse.message);
  }
  return errors[0];
}

async function countRecords(
  source: Readable,
  encoding: CsvOptions['encoding'],
  onDelimiter: (d: CsvDelimiter) => void,
): Promise<{ columns: string[]; total: number }> {
  let columns: string[] | undefined;
  let total = 0;
  for await (const record of readCsvRecords(source, { encoding, delimiter: 'auto', onDelimiter })) {
    if (columns === undefined) columns = record.fields;
    else total++;
  }
  return { columns: columns ?? [], total };
}

/** Waits for the first non-empty chunk; undefined when the body is empty. */
async function firstChunk(body: Readable | undefined): Promise<Buffer | undefined> {
  if (!body) return undefined;
  for (;;) {
    const chunk = body.read() as Buffer | null;
    if (chunk !== null && chunk.length > 0) return chunk;
    if (chunk !== null) continue;
    if (body.readableEnded || body.destroyed) return undefined;
    const more = await new Promise<boolean>((resolve, reject) => {
      const done = () => {
        cleanup();
        resolve(false);
      };
      const readable = () => {
        cleanup();
        resolve(true);
      };
      const failed = (err: Error) => {
        cleanup();
        reject(err);
      };
      const cleanup = () => {
        body.off('readable', readable).off('end', done).off('error', failed).off('close', done);
      };
      body.once('readable', readable).once('end', done).once('error', failed).once('close', done);
    });
    if (!more && body.readableLength === 0) return undefined;
  }
}

function prepend(first: Buffer, rest: Readable): Readable {
  return Readable.from(
    (async function* () {
      yield first;
      for await (const chunk of rest) yield chunk as Buffer;
    })(),
    { objectMode: false },
  );
}

function parseMediaType(header: string | undefined): { type: string; params: Record<string, string> } {
  const [type = '', ...rest] = (header ?? '').split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
  }
  return { type: type.trim().toLowerCase(), params };
}
