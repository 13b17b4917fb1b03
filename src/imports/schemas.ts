import { type Static, Type } from '@sinclair/typebox';
import { uuidRouteParam } from '../shared/ids.js';

/**
 * TypeBox schemas of the import endpoints (Open Zaak's import responses). Response schemas fix the
 * key order: the status body starts with exactly the five reference keys.
 */
/** Django's uuid path converter: lower-case hyphenated only; anything else fails routing (404). */
export const UUID_PARAM = uuidRouteParam();

export const ImportStatusValue = Type.Union([
  Type.Literal('pending'),
  Type.Literal('active'),
  Type.Literal('finished'),
  Type.Literal('error'),
]);

export const UuidParams = Type.Object({ uuid: Type.String({ format: 'uuid' }) });
export type UuidParams = Static<typeof UuidParams>;

const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-time' });

export const ImportUrls = Type.Object({
  uploadUrl: Type.String({ format: 'uri' }),
  statusUrl: Type.String({ format: 'uri' }),
  reportUrl: Type.String({ format: 'uri' }),
});

const counters = {
  total: Type.Integer(),
  processed: Type.Integer(),
  processedSuccessfully: Type.Integer(),
  processedInvalid: Type.Integer(),
  status: ImportStatusValue,
};
const times = {
  createdOn: Timestamp,
  startedOn: NullableTimestamp,
  finishedOn: NullableTimestamp,
};

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
/** This server's operations (issue 10): live progress and how the import is steered. */
const operations = {
  bytesCopied: Type.Integer({ description: 'Bytes of document files stored (checked, in a dry run).' }),
  rowsPerSecond: { ...NullableNumber, description: 'Measured over the recent batches of the current run.' },
  bytesPerSecond: NullableNumber,
  estimatedFinish: {
    ...NullableTimestamp,
    description: 'From the measured rate; null when paused or unknown.',
  },
  paused: Type.Boolean(),
  pauseReason: Type.Union([
    Type.Literal('user'),
    Type.Literal('fault'),
    Type.Literal('failures'),
    Type.Null(),
  ]),
  dryRun: Type.Boolean(),
  naam: Type.String(),
  duplicateOf: Type.Optional(
    Type.String({ format: 'uuid', description: 'An earlier import of the same CSV.' }),
  ),
};

export const ImportStatus = Type.Object(
  {
    ...counters,
    ...times,
    comment: Type.String({ description: 'Batch and fatal errors of the run.' }),
    ...operations,
  },
  { description: 'The five reference keys first, in the reference order; then this server’s extras.' },
);
export type ImportStatus = Static<typeof ImportStatus>;

export const ImportSummary = Type.Object({
  uuid: Type.String({ format: 'uuid' }),
  ...counters,
  ...times,
  naam: Type.String(),
  dryRun: Type.Boolean(),
  paused: Type.Boolean(),
  ...ImportUrls.properties,
});

/** The optional create body (issue 10 #1); unknown keys are ignored, like the reference's body. */
export const CreateBody = Type.Object({
  naam: Type.Optional(Type.String({ maxLength: 200 })),
  dryRun: Type.Optional(Type.Boolean()),
  pauseAfterFailures: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000_000 })),
});
export type CreateBody = Static<typeof CreateBody>;

export const UploadQuery = Type.Object({
  refuseDuplicate: Type.Optional(
    Type.Boolean({ description: 'Refuse a CSV an earlier import already imported.' }),
  ),
});

export const ReportQuery = Type.Object({
  alleen: Type.Optional(
    Type.Literal('mislukt', { description: 'Only the rows that failed (to correct and upload again).' }),
  ),
  format: Type.Optional(
    Type.Literal('excel', { description: 'Semicolon-separated UTF-8 with a BOM (Dutch Excel).' }),
  ),
});

const Reason = Type.Object({
  reason: Type.String({ description: 'The message with its row number taken out.' }),
  code: Type.Union([Type.String(), Type.Null()]),
  count: Type.Integer(),
  firstRows: Type.Array(Type.Integer()),
});

export const ImportRunSummary = Type.Object({
  uuid: Type.String({ format: 'uuid' }),
  naam: Type.String(),
  dryRun: Type.Boolean(),
  ...counters,
  failures: Type.Array(Reason, { description: 'Failure reasons, most frequent first.' }),
  bytesCopied: Type.Integer(),
  stageSeconds: Type.Record(Type.String(), Type.Number(), { description: 'Busy time per engine stage.' }),
  wallSeconds: { ...NullableNumber, description: 'started → finished (or now).' },
  documentsPerSecond: NullableNumber,
  megabytesPerSecond: NullableNumber,
  duplicateOf: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
});
export type ImportSummary = Static<typeof ImportSummary>;

export const ImportList = Type.Object({
  count: Type.Integer(),
  next: Type.Union([Type.String({ format: 'uri' }), Type.Null()]),
  previous: Type.Union([Type.String({ format: 'uri' }), Type.Null()]),
  results: Type.Array(ImportSummary),
});

export const ImportListQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })) });

const InvalidParam = Type.Object({ name: Type.String(), code: Type.String(), reason: Type.String() });
/** problem+json (ZGW `Fout`/`ValidatieFout` responses); invalidParams only on validation errors. */
export const Problem = Type.Object({
  type: Type.String(),
  code: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.String(),
  invalidParams: Type.Optional(Type.Array(InvalidParam)),
});

/** Sent as application/problem+json (src/http/problem.ts), so documented as that media type. */
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

export const errors = {
  400: problem('Validation error (invalidParams name `__all__`) or parse_error.'),
  403: problem('The applicatie lacks heeftAlleAutorisaties, or the JWT is invalid.'),
  404: problem('Unknown import.'),
  413: problem('The upload exceeds IMPORT_MAX_UPLOAD_BYTES.'),
  415: problem('A non-empty body whose content type is not text/csv.'),
};

export const CsvBody = {
  content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } },
};

export const ReportResponse = {
  description: 'The report CSV (27 columns + opmerking + resultaat), UTF-8, CRLF.',
  headers: { 'Content-Disposition': { type: 'string' } },
  content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } },
};
