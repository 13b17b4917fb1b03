/**
 * Structural comparison of two OpenAPI 3 documents, operation by operation: the standard's
 * (VNG) and the one this server serves. Pure functions, no I/O. Each difference is a
 * record the allow-list (allow-list.ts) can name; anything else fails the conformance test.
 *
 * What is compared per operation (matched on method + path, path parameter names ignored):
 * operationId, parameters (path/query/header: required, type, format, enum), the request
 * body (media types, and every property: type, format, enum, nullable, required),
 * the response status codes, and per status present in both: response headers, media
 * types and every response property. Security: the scope expression of the operation.
 * Lengths, patterns, descriptions and examples are not compared.
 */
import {
  deref,
  type FieldShape,
  flattenSchema,
  isNode,
  type Node,
  type OpenApiDoc,
  reduce,
  shape,
  shapeDiff,
} from './schema-shapes.js';

export type { OpenApiDoc } from './schema-shapes.js';
export { flattenSchema } from './schema-shapes.js';

export type DifferenceKind =
  | 'operation-missing'
  | 'operation-extra'
  | 'operation-id'
  | 'security'
  | 'parameter-missing'
  | 'parameter-extra'
  | 'parameter-differs'
  | 'request-body'
  | 'request-property-missing'
  | 'request-property-extra'
  | 'request-property-differs'
  | 'status-missing'
  | 'status-extra'
  | 'response-header-missing'
  | 'response-header-extra'
  | 'response-media-type'
  | 'response-property-missing'
  | 'response-property-extra'
  | 'response-property-differs';

export interface Difference {
  /** `METHOD /path` of the standard (or of the server for operation-extra). */
  operation: string;
  /** The standard's operationId (the server's for operation-extra). */
  operationId: string;
  kind: DifferenceKind;
  /** The parameter, dotted property path (`results[].titel`), status code or header. */
  name: string;
  /** For response-*: the status code. */
  status?: string;
  /** For *-differs: one aspect, `<aspect> <standard> ≠ <server>` (a difference per aspect). */
  detail: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** OpenAPI 3.0 §4.7.12.1: header parameters with these names SHALL be ignored. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

// ---------------------------------------------------------------------------------------
// Operations

export interface Operation {
  method: string;
  path: string;
  node: Node;
  /** Path-level and operation-level parameters, dereferenced. */
  parameters: Node[];
}

/** `/x/{uuid}/y` and `/x/{x_uuid}/y` are the same route. */
const routeKey = (method: string, path: string) =>
  `${method.toUpperCase()} ${path.replace(/\/+$/, '').replace(/\{[^}]+\}/g, '{}')}`;

export function operations(doc: OpenApiDoc): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const [path, itemRaw] of Object.entries(doc.paths ?? {})) {
    const item = deref(doc, itemRaw);
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const node = item[method];
      if (!isNode(node)) continue;
      const own = Array.isArray(node.parameters) ? node.parameters : [];
      const byKey = new Map<string, Node>();
      for (const p of [...shared, ...own].map((x) => deref(doc, x))) byKey.set(paramKey(p), p);
      out.set(routeKey(method, path), { method, path, node, parameters: [...byKey.values()] });
    }
  }
  return out;
}

const paramKey = (p: Node) =>
  p.in === 'header' ? `header:${String(p.name).toLowerCase()}` : `${String(p.in)}:${String(p.name)}`;

/** `(a | b)` and `b|a` are the same expression; the standard writes alternatives with `|`. */
export function normaliseScopes(expr: string): string {
  const inner = expr.trim().replace(/^\((.*)\)$/, '$1');
  if (inner.includes('|')) {
    return inner
      .split('|')
      .map((s) => s.trim())
      .sort()
      .join(' | ');
  }
  return inner;
}

function securityOf(doc: OpenApiDoc, op: Node): string {
  const list = (Array.isArray(op.security) ? op.security : doc.security) as
    | Record<string, string[]>[]
    | undefined;
  if (!list || list.length === 0) return 'none';
  return list
    .map((req) =>
      Object.entries(req)
        .map(([scheme, scopes]) => `${scheme}[${scopes.map(normaliseScopes).sort().join(' & ')}]`)
        .join(' + '),
    )
    .sort()
    .join(' or ');
}

function requestBodyOf(doc: OpenApiDoc, op: Node) {
  const body = deref(doc, op.requestBody);
  const content = isNode(body.content) ? body.content : {};
  const mediaTypes = Object.keys(content).sort();
  const json = deref(doc, content['application/json'] ?? content[mediaTypes[0] ?? '']);
  return { present: Object.keys(body).length > 0, required: body.required === true, mediaTypes, json };
}

function responsesOf(doc: OpenApiDoc, op: Node): Map<string, Node> {
  const raw = isNode(op.responses) ? op.responses : {};
  return new Map(Object.entries(raw).map(([code, r]) => [code, deref(doc, r)]));
}

function paramShape(doc: OpenApiDoc, p: Node): FieldShape {
  return shape(reduce(doc, p.schema), p.required === true);
}

/** All differences between the standard's operation and the server's. */
function compareOperation(
  std: { doc: OpenApiDoc; op: Operation },
  ours: { doc: OpenApiDoc; op: Operation },
): Difference[] {
  const operationId = String(std.op.node.operationId ?? '');
  const operation = `${std.op.method.toUpperCase()} ${std.op.path}`;
  const out: Difference[] = [];
  const add = (kind: DifferenceKind, name: string, detail: string, status?: string) =>
    out.push({ operation, operationId, kind, name, detail, ...(status ? { status } : {}) });

  if (ours.op.node.operationId !== operationId)
    add('operation-id', operationId, `server: ${String(ours.op.node.operationId)}`);
  const [ss, os] = [securityOf(std.doc, std.op.node), securityOf(ours.doc, ours.op.node)];
  if (ss !== os) add('security', 'security', `${ss} ≠ ${os}`);

  // Parameters; path parameters are matched by position (`{uuid}` vs `{zaak_uuid}` is no difference).
  const params = (o: { doc: OpenApiDoc; op: Operation }) => {
    const m = new Map<string, Node>();
    for (const p of o.op.parameters) {
      if (p.in === 'header' && IGNORED_HEADERS.has(String(p.name).toLowerCase())) continue;
      m.set(p.in === 'path' ? `path:${pathIndex(o.op.path, String(p.name))}` : paramKey(p), p);
    }
    return m;
  };
  const [sp, op] = [params(std), params(ours)];
  for (const [key, p] of sp) {
    const mine = op.get(key);
    if (!mine) add('parameter-missing', key, `${p.required ? 'required' : 'optional'}`);
    else {
      for (const d of shapeDiff(paramShape(std.doc, p), paramShape(ours.doc, mine))) {
        add('parameter-differs', key, d);
      }
    }
  }
  for (const key of op.keys()) if (!sp.has(key)) add('parameter-extra', key, '');

  // Request body
  const [sb, ob] = [requestBodyOf(std.doc, std.op.node), requestBodyOf(ours.doc, ours.op.node)];
  if (sb.present !== ob.present || sb.mediaTypes.join(',') !== ob.mediaTypes.join(',')) {
    add('request-body', 'content', `[${sb.mediaTypes.join(',')}] ≠ [${ob.mediaTypes.join(',')}]`);
  }
  if (sb.present && ob.present) {
    compareFields(
      flattenSchema(std.doc, sb.json.schema, 'request'),
      flattenSchema(ours.doc, ob.json.schema, 'request'),
      (kind, name, detail) => add(`request-property-${kind}`, name, detail),
    );
  }

  // Responses
  const [sr, or] = [responsesOf(std.doc, std.op.node), responsesOf(ours.doc, ours.op.node)];
  for (const code of sr.keys()) if (!or.has(code)) add('status-missing', code, '', code);
  for (const code of or.keys()) if (!sr.has(code)) add('status-extra', code, '', code);
  for (const [code, s] of sr) {
    const o = or.get(code);
    if (!o) continue;
    const headers = (r: Node) =>
      new Set(Object.keys(isNode(r.headers) ? r.headers : {}).map((h) => h.toLowerCase()));
    const [sh, oh] = [headers(s), headers(o)];
    for (const h of sh) if (!oh.has(h)) add('response-header-missing', h, '', code);
    for (const h of oh) if (!sh.has(h)) add('response-header-extra', h, '', code);
    const content = (r: Node) => (isNode(r.content) ? r.content : {});
    const [sc, oc] = [content(s), content(o)];
    const [sm, om] = [Object.keys(sc).sort().join(','), Object.keys(oc).sort().join(',')];
    if (sm !== om) add('response-media-type', code, `[${sm}] ≠ [${om}]`, code);
    const firstSchema = (c: Node) => deref(std.doc, Object.values(c)[0]).schema;
    const ourSchema = (c: Node) => deref(ours.doc, Object.values(c)[0]).schema;
    if (Object.keys(sc).length > 0 && Object.keys(oc).length > 0) {
      compareFields(
        flattenSchema(std.doc, firstSchema(sc), 'response'),
        flattenSchema(ours.doc, ourSchema(oc), 'response'),
        (kind, name, detail) => add(`response-property-${kind}`, name, detail, code),
      );
    }
  }
  return out;
}

const pathIndex = (path: string, name: string) =>
  (path.match(/\{[^}]+\}/g) ?? ([] as string[])).indexOf(`{${name}}`);

function compareFields(
  std: Map<string, FieldShape>,
  ours: Map<string, FieldShape>,
  add: (kind: 'missing' | 'extra' | 'differs', name: string, detail: string) => void,
): void {
  for (const [name, s] of std) {
    const o = ours.get(name);
    if (!o) {
      // Below a missing property its sub-properties are missing too: report the top one.
      if (!parentMissing(name, ours, std)) add('missing', name, s.required ? 'required' : 'optional');
    } else {
      for (const d of shapeDiff(s, o)) add('differs', name, d);
    }
  }
  for (const name of ours.keys()) {
    if (!std.has(name) && !parentMissing(name, std, ours)) add('extra', name, '');
  }
}

/** True when a proper prefix path of `name` exists in `from` but not in `other`. */
function parentMissing(name: string, other: Map<string, FieldShape>, from: Map<string, FieldShape>): boolean {
  const parts = name.split(/(?=\.)|(?=\[\])/);
  for (let i = 1; i < parts.length; i++) {
    const prefix = parts.slice(0, i).join('').replace(/\.$/, '');
    if (from.has(prefix) && !other.has(prefix)) return true;
  }
  return false;
}

/** Every difference between the two documents. */
export function compareDocuments(standard: OpenApiDoc, ours: OpenApiDoc): Difference[] {
  const [so, oo] = [operations(standard), operations(ours)];
  const out: Difference[] = [];
  for (const [key, op] of so) {
    const mine = oo.get(key);
    const operationId = String(op.node.operationId ?? '');
    if (!mine) {
      out.push({
        operation: `${op.method.toUpperCase()} ${op.path}`,
        operationId,
        kind: 'operation-missing',
        name: operationId,
        detail: '',
      });
    } else {
      out.push(...compareOperation({ doc: standard, op }, { doc: ours, op: mine }));
    }
  }
  for (const [key, op] of oo) {
    if (so.has(key)) continue;
    const operationId = String(op.node.operationId ?? '');
    out.push({
      operation: `${op.method.toUpperCase()} ${op.path}`,
      operationId,
      kind: 'operation-extra',
      name: operationId,
      detail: '',
    });
  }
  return out;
}
