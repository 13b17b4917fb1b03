import { createHash } from 'node:crypto';
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import type { ScopeExpr } from '../auth/types.js';
import { HEADER_NAMES, HEADERS, problems } from './openapi.js';
import './types.js';

/**
 * What a component's OpenAPI document derives from route config rather than from the
 * route schema, so that one setting drives both the behaviour and its documentation:
 * `auth` → `security` (the standards' `JWT-Claims` scheme with the scope expression),
 * `apiVersion` → the `API-version` header on every response, `etag` → ETag, 304 and
 * If-None-Match; HEAD operations are named `*_headers` as in the standards.
 */
export const SECURITY_SCHEME = 'JWT-Claims';

/** `{anyOf: [a, b]}` → `(a | b)`, the standards' notation. */
export function scopeExpression(expr: ScopeExpr): string {
  if (typeof expr === 'string') return expr;
  if ('anyOf' in expr) return `(${expr.anyOf.map(scopeExpression).join(' | ')})`;
  return `(${expr.allOf.map(scopeExpression).join(' & ')})`;
}

type Schema = Record<string, unknown>;
interface RouteLike {
  method: string | string[];
  config?: unknown;
}

function security(config: FastifyContextConfig): Schema {
  const auth = config.auth;
  if (auth === false || auth === undefined) return { security: [] };
  if (auth === 'superuser') {
    return {
      security: [{ [SECURITY_SCHEME]: [] }],
      'x-heeftAlleAutorisaties': true,
    };
  }
  return {
    security: [{ [SECURITY_SCHEME]: auth.scopes === undefined ? [] : [scopeExpression(auth.scopes)] }],
  };
}

function withHeaders(response: unknown, names: (keyof typeof HEADERS)[]): unknown {
  if (names.length === 0 || response === null || typeof response !== 'object') return response;
  const r = response as Schema;
  const headers = { ...((r.headers as Schema | undefined) ?? {}) };
  for (const n of names) headers[n] ??= HEADERS[n];
  return { ...r, headers };
}

/**
 * Errors every route of a kind can give, whatever its own schema lists: 400 for unknown
 * query parameters on a GET (validation.ts), 413 beyond the body limit of a JSON body, and
 * on every route 503 with Retry-After when the database is overloaded or away (db/errors.ts).
 */
function implicitErrors(schema: Schema, method: string, config: FastifyContextConfig): Schema {
  const codes: number[] = [503];
  if ((method === 'GET' || method === 'HEAD') && config.strictQuery !== false) codes.push(400);
  // JSON bodies only: a streamed body (text/csv, multipart) has limits of its own, documented there.
  const body = schema.body as Schema | undefined;
  if (body && !schema.consumes && !body.content) codes.push(413);
  return problems(codes) as Schema;
}

function responses(schema: Schema, method: string, config: FastifyContextConfig): Schema | undefined {
  const given = schema.response as Schema | undefined;
  if (!given) return undefined;
  const out: Schema = {};
  for (const [code, response] of Object.entries(implicitErrors(schema, method, config))) {
    if (!(code in given)) out[code] = response;
  }
  for (const [code, response] of Object.entries(given)) {
    const names: (keyof typeof HEADERS)[] = [];
    if (config.etag && code === '200') names.push('ETag');
    if (code === '503') names.push('Retry-After');
    if (config.apiVersion !== false) names.push('API-version');
    out[code] = withHeaders(response, names);
  }
  if (config.etag) {
    out['304'] = withHeaders(
      { type: 'null', description: 'Not modified: de ETag komt voor in If-None-Match.' },
      ['ETag', ...(config.apiVersion !== false ? (['API-version'] as const) : [])],
    );
  }
  return out;
}

/** The request headers, spelled as in the standards; with If-None-Match on an ETag route. */
function requestHeaders(schema: Schema, etag: boolean): Schema | undefined {
  const given = schema.headers as Schema | undefined;
  if (!given && !etag) return undefined;
  const headers = given ?? { type: 'object', properties: {} };
  const spell = (name: string) => HEADER_NAMES[name] ?? name;
  const properties = Object.fromEntries(
    Object.entries((headers.properties as Schema | undefined) ?? {}).map(([k, v]) => [spell(k), v]),
  );
  if (etag) {
    properties['If-None-Match'] = {
      type: 'string',
      description:
        'Voer een voorwaardelijk verzoek uit: één of meer ETag-waardes; komt de huidige ETag voor, dan is het antwoord 304 zonder body.',
    };
  }
  const required = (headers.required as string[] | undefined)?.map(spell);
  return { ...headers, properties, ...(required ? { required } : {}) };
}

type Transform = (input: { schema: unknown; url: string; route: RouteLike }) => {
  schema: Schema;
  url: string;
};

/**
 * @fastify/swagger `transform` of a component: the route's schema as it appears in the
 * document, its path relative to the component's API root (the document's server URL;
 * PUBLIC_URL may carry a path of its own, so the prefix is cut here, not derived from it).
 */
export const documentRoutes =
  (prefix: string): Transform =>
  ({ schema, url, route }) =>
    documentRoute(schema, url.startsWith(`${prefix}/`) ? url.slice(prefix.length) : url, route);

function documentRoute(schema: unknown, url: string, route: RouteLike): { schema: Schema; url: string } {
  const s = (schema ?? {}) as Schema;
  if (s.hide) return { schema: s, url };
  const config = (route.config ?? {}) as FastifyContextConfig;
  // Fastify answers HEAD for every GET; documented where the standards have it (detail GETs).
  if (route.method === 'HEAD' && !config.etag) return { schema: { ...s, hide: true }, url };
  const out: Schema = { ...s, ...security(config) };
  const r = responses(s, String(route.method), config);
  if (r) out.response = r;
  const headers = requestHeaders(s, config.etag === true);
  if (headers) out.headers = headers;
  if (route.method === 'HEAD' && typeof s.operationId === 'string') {
    out.operationId = s.operationId.replace(/_(retrieve|read)-head$/, '_headers');
    out.summary = `De headers van: ${String(s.summary ?? '')}`.trim();
  }
  return { schema: out, url };
}

/**
 * ETag on detail GET/HEAD responses (md5 of the body, as Open Zaak's ETag is computed on
 * the representation) and 304 for a matching If-None-Match (ZGW headers: ETag, If-None-Match).
 */
export function registerEtag(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.routeOptions.config.etag || reply.statusCode !== 200 || typeof payload !== 'string') {
      return payload;
    }
    const etag = `"${createHash('md5').update(payload).digest('hex')}"`;
    reply.header('ETag', etag);
    if (!matches(request, etag)) return payload;
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    return '';
  });
}

function matches(request: FastifyRequest, etag: string): boolean {
  const h = request.headers['if-none-match'];
  if (!h) return false;
  return h === '*' || h.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
