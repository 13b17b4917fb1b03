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
