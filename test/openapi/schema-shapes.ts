/**
 * OpenAPI schemas reduced to flat field shapes for comparison (compare.ts): `$ref`s
 * followed, `allOf` merged, `oneOf`/`anyOf` of enums (Enum + BlankEnum + NullEnum, as the
 * standards write them) merged into one enum, `nullable`/null types folded into a flag,
 * and every property listed by its dotted path (`ondertekening.soort`, `results[].url`).
 */
export type OpenApiDoc = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };
export type Node = Record<string, unknown>;

const MAX_DEPTH = 4;

export const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Follows `$ref` chains within the document. */
export function deref(doc: OpenApiDoc, node: unknown, seen: Set<string> = new Set()): Node {
  if (!isNode(node)) return {};
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  if (!ref.startsWith('#/') || seen.has(ref)) return {};
  seen.add(ref);
  let target: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    target = isNode(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return deref(doc, target, seen);
}

export interface FieldShape {
  type: string;
  format?: string;
  enum?: string[];
  nullable: boolean;
  required: boolean;
}

/** One schema reduced to its type, format, enum and nullability (combinators merged). */
export interface Reduced {
  type: string;
  format?: string;
  enum?: string[];
  nullable: boolean;
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
}

const isNullOnly = (s: Node) =>
  s.type === 'null' ||
  (Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v) => v === null) && !s.properties);

export function reduce(doc: OpenApiDoc, raw: unknown): Reduced {
  const s = deref(doc, raw);
  let nullable = s.nullable === true;
  let type = Array.isArray(s.type)
    ? s.type.filter((t) => t !== 'null').join('|')
    : typeof s.type === 'string'
      ? s.type
      : '';
  if (Array.isArray(s.type) && s.type.includes('null')) nullable = true;
  let enumValues: unknown[] | undefined = Array.isArray(s.enum) ? [...s.enum] : undefined;
  let format = typeof s.format === 'string' ? s.format : undefined;
  let properties = isNode(s.properties) ? ({ ...s.properties } as Record<string, Node>) : undefined;
  let required = Array.isArray(s.required) ? (s.required as string[]) : undefined;
  let items = isNode(s.items) ? s.items : undefined;

  for (const part of Array.isArray(s.allOf) ? s.allOf : []) {
    const r = reduce(doc, part);
    type ||= r.type;
    format ??= r.format;
    enumValues ??= r.enum;
    nullable ||= r.nullable;
    if (r.properties) properties = { ...(properties ?? {}), ...r.properties };
    if (r.required) required = [...(required ?? []), ...r.required];
    items ??= r.items;
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const members = Array.isArray(s[key]) ? (s[key] as unknown[]).map((m) => deref(doc, m)) : [];
    if (members.length === 0) continue;
    const nonNull = members.filter((m) => !isNullOnly(m));
    if (nonNull.length < members.length) nullable = true;
    const reduced = nonNull.map((m) => reduce(doc, m));
    if (reduced.every((r) => r.enum !== undefined && r.type === reduced[0]?.type)) {
      // Enum + BlankEnum (+ NullEnum): one enum with the union of the values.
      type ||= reduced[0]?.type || 'string';
      enumValues = [...(enumValues ?? []), ...reduced.flatMap((r) => r.enum ?? [])];
      nullable ||= reduced.some((r) => r.nullable);
    } else if (reduced.length === 1 && reduced[0]) {
      const r = reduced[0];
      type ||= r.type;
      format ??= r.format;
      enumValues ??= r.enum;
      nullable ||= r.nullable;
      properties ??= r.properties;
      required ??= r.required;
      items ??= r.items;
    } else if (reduced.length > 1) {
      type = `${key}(${[...new Set(reduced.map((r) => r.type || 'any'))].sort().join(',')})`;
    }
  }
  if (enumValues?.includes(null)) {
    nullable = true;
    enumValues = enumValues.filter((v) => v !== null);
  }
  if (!type && enumValues) type = 'string';
  if (!type && properties) type = 'object';
  return {
    type: type || 'any',
    format,
    enum: enumValues ? [...new Set(enumValues.map(String))].sort() : undefined,
    nullable,
    properties,
    required,
    items,
  };
}

/** Every property of a schema by dotted path (`ondertekening.soort`, `results[].url`). */
export function flattenSchema(
  doc: OpenApiDoc,
  schema: unknown,
  mode: 'request' | 'response',
): Map<string, FieldShape> {
  const out = new Map<string, FieldShape>();
  const walk = (raw: unknown, prefix: string, depth: number) => {
    const r = reduce(doc, raw);
    if (depth > MAX_DEPTH) return;
    if (r.items && r.type === 'array') {
      const item = reduce(doc, r.items);
      out.set(`${prefix}[]`, shape(item, true));
      walk(r.items, `${prefix}[].`, depth + 1);
      return;
    }
    for (const [name, propRaw] of Object.entries(r.properties ?? {})) {
      const prop = deref(doc, propRaw);
      if (mode === 'request' && prop.readOnly === true) continue;
      if (mode === 'response' && prop.writeOnly === true) continue;
      const path = `${prefix}${name}`;
      out.set(path, shape(reduce(doc, prop), r.required?.includes(name) ?? false));
      const inner = reduce(doc, prop);
      if (inner.properties || inner.items) walk(prop, inner.items ? path : `${path}.`, depth + 1);
    }
  };
  walk(schema, '', 0);
  return out;
}

export function shape(r: Reduced, required: boolean): FieldShape {
  return { type: r.type, format: r.format, enum: r.enum, nullable: r.nullable, required };
}

/** One entry per differing aspect: `<aspect> <standard> ≠ <server>`. */
export function shapeDiff(standard: FieldShape, ours: FieldShape): string[] {
  const d: string[] = [];
  if (standard.type !== ours.type) d.push(`type ${standard.type} ≠ ${ours.type}`);
  if ((standard.format ?? '') !== (ours.format ?? ''))
    d.push(`format ${standard.format ?? '-'} ≠ ${ours.format ?? '-'}`);
  if ((standard.enum ?? []).join(',') !== (ours.enum ?? []).join(','))
    d.push(`enum [${standard.enum?.join(',') ?? ''}] ≠ [${ours.enum?.join(',') ?? ''}]`);
  if (standard.nullable !== ours.nullable) d.push(`nullable ${standard.nullable} ≠ ${ours.nullable}`);
  if (standard.required !== ours.required) d.push(`required ${standard.required} ≠ ${ours.required}`);
  return d;
}
