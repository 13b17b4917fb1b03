/**
 * Absolute URLs of the resources the Zaken API serves or references, and parsing of
 * such URLs back to a local uuid (documenten-api.md §0: one configured public base URL).
 */
export const ZAKEN_PREFIX = '/zaken/api/v1';
const ZAAKTYPEN_PATH = '/catalogi/api/v1/zaaktypen/';
const EIO_PATH = '/documenten/api/v1/enkelvoudiginformatieobjecten/';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (s: string): boolean => UUID_RE.test(s);

export const zaakUrl = (publicUrl: string, uuid: string): string =>
  `${publicUrl}${ZAKEN_PREFIX}/zaken/${uuid}`;
export const zioUrl = (publicUrl: string, uuid: string): string =>
  `${publicUrl}${ZAKEN_PREFIX}/zaakinformatieobjecten/${uuid}`;
export const zaaktypeUrl = (publicUrl: string, uuid: string): string =>
  `${publicUrl}${ZAAKTYPEN_PATH}${uuid}`;
export const eioUrl = (publicUrl: string, uuid: string): string => `${publicUrl}${EIO_PATH}${uuid}`;

/**
 * What a reference URL points at:
 * - `invalid`: not an absolute http(s) URL (code `bad-url`);
 * - `foreign`: a URL outside this server (code `unknown-service` for types, no local object);
 * - `local`: under this server, with the uuid when the path is `<path><uuid>`, else null.
 */
export type UrlRef = { kind: 'invalid' } | { kind: 'foreign' } | { kind: 'local'; uuid: string | null };

export function parseRef(publicUrl: string, value: string, path: string): UrlRef {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { kind: 'invalid' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'invalid' };
  const base = `${publicUrl}${path}`;
  if (!value.startsWith(publicUrl)) return { kind: 'foreign' };
  if (!value.startsWith(base)) return { kind: 'local', uuid: null };
  const rest = value.slice(base.length);
  return { kind: 'local', uuid: isUuid(rest) ? rest.toLowerCase() : null };
}

export const parseZaaktypeRef = (publicUrl: string, value: string): UrlRef =>
  parseRef(publicUrl, value, ZAAKTYPEN_PATH);
export const parseZaakRef = (publicUrl: string, value: string): UrlRef =>
  parseRef(publicUrl, value, `${ZAKEN_PREFIX}/zaken/`);
export const parseEioRef = (publicUrl: string, value: string): UrlRef => parseRef(publicUrl, value, EIO_PATH);
