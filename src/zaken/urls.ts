import { isUuid } from '../shared/ids.js';
import { PATHS, type Urls } from '../shared/urls.js';

/**
 * Parsing of the reference URLs a Zaken request carries back to a local uuid; the URLs
 * themselves come from `deps.urls` (shared/urls.ts).
 */

/**
 * What a reference URL points at:
 * - `invalid`: not an absolute http(s) URL (code `bad-url`);
 * - `foreign`: a URL outside this server (code `unknown-service` for types, no local object);
 * - `local`: under this server, with the uuid when the path is `<path><uuid>`, else null.
 */
export type UrlRef = { kind: 'invalid' } | { kind: 'foreign' } | { kind: 'local'; uuid: string | null };

export function parseRef(urls: Urls, value: string, path: string): UrlRef {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { kind: 'invalid' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'invalid' };
  const base = urls.at(path);
  if (!value.startsWith(urls.base)) return { kind: 'foreign' };
  if (!value.startsWith(base)) return { kind: 'local', uuid: null };
  const rest = value.slice(base.length);
  return { kind: 'local', uuid: isUuid(rest) ? rest.toLowerCase() : null };
}

export const parseZaaktypeRef = (urls: Urls, value: string): UrlRef =>
  parseRef(urls, value, PATHS.catalogi('zaaktypen'));
export const parseZaakRef = (urls: Urls, value: string): UrlRef => parseRef(urls, value, PATHS.zaak);
export const parseEioRef = (urls: Urls, value: string): UrlRef => parseRef(urls, value, PATHS.eio);
