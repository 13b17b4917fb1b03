import { notFound } from './errors.js';

/**
 * UUIDs as the ZGW APIs use them: the 8-4-4-4-12 hex form (RFC 9562), `format: uuid` in the
 * standards' OpenAPI documents. This server writes them in lower case; a path or a URL given
 * by a client may use either case.
 */
const HEX_UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID_ANY_CASE = new RegExp(`^${HEX_UUID}$`, 'i');

/** A UUID in either case. */
export const isUuid = (s: string): boolean => UUID_ANY_CASE.test(s);

/** The 8-4-4-4-12 form with any of its hyphens left out, in either case (Python's uuid.UUID() reads it). */
const UUID_HYPHENS_OPTIONAL = new RegExp(`^${HEX_UUID.replace(/\}-/g, '}-?')}$`, 'i');

/** 32 hex digits as this server writes a UUID: lower case, hyphenated. */
export function hexToUuid(hex: string): string {
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A UUID given with or without its hyphens, as this server writes it; undefined if it is none. */
export function canonicalUuid(s: string): string | undefined {
  return UUID_HYPHENS_OPTIONAL.test(s) ? hexToUuid(s.replace(/-/g, '')) : undefined;
}

/**
 * A route parameter that matches only a lower-case UUID (find-my-way's regexp parameter):
 * any other path segment is not that route (404, or the 405 of another method).
 */
export const uuidRouteParam = (name = 'uuid'): string => `:${name}(${HEX_UUID})`;

/**
 * The uuid of a resource path, lower-cased: a segment that is not a UUID names no resource
 * (404, as Open Zaak's URL patterns).
 */
export function pathUuid(params: { uuid: string }): string {
  if (!isUuid(params.uuid)) throw notFound();
  return params.uuid.toLowerCase();
}
