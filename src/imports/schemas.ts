import { type Static, Type } from '@sinclair/typebox';

/**
 * TypeBox schemas of the import endpoints (import.md §1.4–1.6). Response schemas fix the
 * key order: the status body starts with exactly the five reference keys.
 */
/** Django's uuid path converter: lower-case hyphenated only; anything else fails routing (404). */
export const UUID_PARAM = ':uuid([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';

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

export const ImportStatus = Type.Object(
  { ...counters, ...times, comment: Type.String({ description: 'Batch and fatal errors of the run.' }) },
  { description: 'The five reference keys first, in the reference order; then this server’s extras.' },
);
export type ImportStatus = Static<typeof ImportStatus>;

export const ImportSummary = Type.Object({
  uuid: Type.String({ format: 'uuid' }),
  ...counters,
  ...times,
  ...ImportUrls.properties,
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
/** problem+json (documenten-api.md §5.1); invalidParams only on validation errors. */
export const Problem = Type.Object({
  type: Type.String(),
  code: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.String(),
  invalidParams: Type.Optional(Type.Array(InvalidParam)),
});

const problem = (description: string) => ({ ...Problem, description });

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
