import { type ObjectOptions, type TObject, type TProperties, type TSchema, Type } from '@sinclair/typebox';

/**
 * Building blocks for route schemas that serialise responses and document them in the
 * component's OpenAPI document (one schema, used three ways). The error bodies and
 * status sets are the ones the VNG standards give every operation (`Fout`,
 * `ValidatieFout`); `API-version` and `security` are added per component in
 * component.ts, from the same route config that drives the header and the auth hook.
 */

const FieldValidationError = Type.Object(
  { name: Type.String(), code: Type.String(), reason: Type.String() },
  { description: 'Formaat van validatiefouten.' },
);

const foutFields = {
  type: Type.String({ description: 'URI referentie naar het type fout, bedoeld voor developers' }),
  code: Type.String({ description: 'Systeemcode die het type fout aangeeft' }),
  title: Type.String({ description: 'Generieke titel voor het type fout' }),
  status: Type.Integer({ description: 'De HTTP status code' }),
  detail: Type.String({ description: 'Extra informatie bij de fout, indien beschikbaar' }),
  instance: Type.String({ description: 'URI met referentie naar dit specifiek voorkomen van de fout.' }),
};

/** application/problem+json of every error (ZGW `Fout`/`ValidatieFout` responses). */
export const Fout = Type.Object(foutFields, { description: 'Formaat van HTTP 4xx en 5xx fouten.' });

/**
 * A 400: `invalidParams` for validation errors; a `parse_error` (malformed JSON) has none,
 * so it is optional here where the standard requires it.
 */
export const ValidatieFout = Type.Object(
  { ...foutFields, invalidParams: Type.Optional(Type.Array(FieldValidationError)) },
  { description: 'Formaat van HTTP 4xx en 5xx fouten.' },
);

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  406: 'Not acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition failed',
  413: 'Request entity too large',
  415: 'Unsupported media type',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
  507: 'Insufficient storage',
};

/** The error responses of an operation, as problem+json (serialised through these schemas). */
export function problems(codes: readonly number[]): Record<number, unknown> {
  return Object.fromEntries(
    codes.map((code) => [
      code,
      {
        description: PROBLEM_DESCRIPTIONS[code] ?? 'Error',
        content: { 'application/problem+json': { schema: code === 400 ? ValidatieFout : Fout } },
      },
    ]),
  );
}

/**
 * The status sets the standards give each kind of operation. 401/406/409/410/429 are
 * listed as the standards list them; this server answers 403 where they say 401
 * (as Open Zaak does) and never sends 409/410/429.
 */
const COMMON = [401, 403, 406, 409, 410, 415, 429, 500] as const;
export const ERRORS = {
  /** list, create, _zoek */
  collection: [400, ...COMMON],
  /** retrieve, destroy */
  detail: [401, 403, 404, 406, 409, 410, 415, 429, 500],
  /** update, partial update, publish */
  update: [400, 401, 403, 404, 406, 409, 410, 415, 429, 500],
  /** lock, unlock */
  action: [400, 401, 403, 404, 406, 410, 415, 429, 500],
  /** download */
  download: [401, 403, 404, 406, 410, 415, 429, 500],
} as const;

/** Response header definitions as the standards word them. */
export const HEADERS = {
  Location: {
    type: 'string',
    format: 'uri',
    description: 'URL waar de resource leeft.',
  },
  ETag: {
    type: 'string',
    description:
      'De ETag berekend op de response body JSON. Indien twee resources exact dezelfde ETag hebben, dan zijn deze resources identiek aan elkaar.',
  },
  'API-version': {
    type: 'string',
    description:
      'Geeft een specifieke API-versie aan in de context van een specifieke aanroep. Voorbeeld: 1.2.1.',
  },
  'Content-Crs': {
    type: 'string',
    enum: ['EPSG:4326'],
    description: 'Het EPSG coördinatenstelsel van de geometrie in de response body.',
  },
  'Content-Disposition': { type: 'string', description: 'attachment; filename=...' },
  'Retry-After': { type: 'string', description: 'Seconden tot een nieuwe poging zin heeft.' },
} as const;
type HeaderName = keyof typeof HEADERS;

/**
 * A JSON success response: the schema that serialises it, with its description and the
 * headers it carries. Spreading keeps the TypeBox type, so handlers stay typed.
 */
export function json<T extends TSchema>(
  schema: T,
  description: string,
  headers: HeaderName[] = [],
): T & { description: string; headers?: Record<string, unknown> } {
  return {
    ...schema,
    description,
    ...(headers.length > 0 ? { headers: Object.fromEntries(headers.map((h) => [h, HEADERS[h]])) } : {}),
  };
}

/** A response without a body (204, 304). */
export const empty = (description: string, headers: HeaderName[] = []) => ({
  type: 'null' as const,
  description,
  ...(headers.length > 0 ? { headers: Object.fromEntries(headers.map((h) => [h, HEADERS[h]])) } : {}),
});

export const nullable = <T extends TSchema>(s: T) =>
  Type.Unsafe<T['static'] | null>({ ...s, type: [s.type as string, 'null'] });

/**
 * An object whose `required` list is the given one (TypeBox derives it from the
 * non-optional properties), for request bodies. Not for responses: the serializer writes
 * required keys first, so optional response keys would lose Open Zaak's key order.
 */
export function objectWithRequired<P extends TProperties>(
  properties: P,
  required: readonly (keyof P & string)[],
  options: ObjectOptions = {},
): TObject<P> {
  const props = Object.fromEntries(
    Object.entries(properties).map(([k, v]) => [k, required.includes(k) ? v : Type.Optional(v)]),
  );
  return Type.Object(props, options) as unknown as TObject<P>;
}

/** ZGW page-number pagination around a result schema (http/pagination.ts). */
export function paginated<T extends TSchema>(item: T) {
  return Type.Object({
    count: Type.Integer(),
    next: nullable(Type.String({ format: 'uri' })),
    previous: nullable(Type.String({ format: 'uri' })),
    results: Type.Array(item),
  });
}

/**
 * Request headers the standards define on writes: X-Audit-Toelichting becomes the audit
 * record's `toelichting` (auth-hook.ts), X-NLX-Logrecord-ID is accepted and ignored. Header
 * schemas use lower-case names, as the validator sees the request headers; the document shows
 * them as the standards spell them (openapi-document.ts).
 */
export const AuditHeaders = {
  'x-nlx-logrecord-id': Type.Optional(
    Type.String({ description: 'Identifier of the request, traceable throughout the network' }),
  ),
  'x-audit-toelichting': Type.Optional(
    Type.String({ description: 'Toelichting waarom een bepaald verzoek wordt gedaan' }),
  ),
};

/** How the standards spell the request headers. */
export const HEADER_NAMES: Record<string, string> = {
  'accept-crs': 'Accept-Crs',
  'content-crs': 'Content-Crs',
  'if-none-match': 'If-None-Match',
  'x-nlx-logrecord-id': 'X-NLX-Logrecord-ID',
  'x-audit-toelichting': 'X-Audit-Toelichting',
};
