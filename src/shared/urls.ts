import { isUuid } from './ids.js';

/**
 * Every absolute URL this server writes or reads back: a resource's `url`, the references
 * between resources, pagination links, problem `type`s. Built from one base, the PUBLIC_URL
 * (`deps.urls`); the import builds its own from the PUBLIC_URL stored on the import row, so
 * a worker with another PUBLIC_URL still resolves the URLs the creating API handed out.
 * Paths are the API roots and resource names of the ZGW standards (servers `/…/api/v1`).
 */
export const API_ROOTS = {
  documenten: '/documenten/api/v1',
  catalogi: '/catalogi/api/v1',
  zaken: '/zaken/api/v1',
  autorisaties: '/autorisaties/api/v1',
} as const;

export type CatalogiResource = 'catalogussen' | 'informatieobjecttypen' | 'zaaktypen' | 'besluittypen';

/** Collection paths (with their trailing slash) of the resources this server serves. */
export const PATHS = {
  eio: `${API_ROOTS.documenten}/enkelvoudiginformatieobjecten/`,
  oio: `${API_ROOTS.documenten}/objectinformatieobjecten/`,
  bestandsdeel: `${API_ROOTS.documenten}/bestandsdelen/`,
  gebruiksrecht: `${API_ROOTS.documenten}/gebruiksrechten/`,
  verzending: `${API_ROOTS.documenten}/verzendingen/`,
  import: `${API_ROOTS.documenten}/import/`,
  zaak: `${API_ROOTS.zaken}/zaken/`,
  zio: `${API_ROOTS.zaken}/zaakinformatieobjecten/`,
  applicatie: `${API_ROOTS.autorisaties}/applicaties/`,
  catalogi: (resource: CatalogiResource) => `${API_ROOTS.catalogi}/${resource}/`,
} as const;

export interface Urls {
  /** The PUBLIC_URL these URLs start with (no trailing slash). */
  readonly base: string;
  /** `base` + a path of this server (a request's path, an API root). */
  at(path: string): string;
  /** `at(path)` without scheme and host: PUBLIC_URL's own path (a reverse proxy's prefix) + `path`. */
  pathAt(path: string): string;
  eio(uuid: string): string;
  oio(uuid: string): string;
  bestandsdeel(uuid: string): string;
  gebruiksrecht(uuid: string): string;
  verzending(uuid: string): string;
  /** An import, or one of its sub-resources (`upload`, `status`, `report`). */
  import(uuid: string, sub?: string): string;
  zaak(uuid: string): string;
  zio(uuid: string): string;
  applicatie(uuid: string): string;
  catalogi(resource: CatalogiResource, uuid: string): string;
  /** A problem's `type` (vng-api-common's `/ref/fouten/<Exception>/`). */
  problemType(typeName: string): string;
  /** The lower-cased uuid when `url` is `base + collectionPath + uuid`, else null. */
  localUuid(url: string, collectionPath: string): string | null;
}

export function createUrls(publicUrl: string): Urls {
  const base = publicUrl;
  const at = (path: string) => `${base}${path}`;
  return {
    base,
    at,
    pathAt: (path) => `${new URL(base).pathname.replace(/\/+$/, '')}${path}`,
    eio: (uuid) => at(`${PATHS.eio}${uuid}`),
    oio: (uuid) => at(`${PATHS.oio}${uuid}`),
    bestandsdeel: (uuid) => at(`${PATHS.bestandsdeel}${uuid}`),
    gebruiksrecht: (uuid) => at(`${PATHS.gebruiksrecht}${uuid}`),
    verzending: (uuid) => at(`${PATHS.verzending}${uuid}`),
    import: (uuid, sub) => at(`${PATHS.import}${uuid}${sub ? `/${sub}` : ''}`),
    zaak: (uuid) => at(`${PATHS.zaak}${uuid}`),
    zio: (uuid) => at(`${PATHS.zio}${uuid}`),
    applicatie: (uuid) => at(`${PATHS.applicatie}${uuid}`),
    catalogi: (resource, uuid) => at(`${PATHS.catalogi(resource)}${uuid}`),
    problemType: (typeName) => at(`/ref/fouten/${typeName}/`),
    localUuid(url, collectionPath) {
      const prefix = at(collectionPath);
      if (!url.startsWith(prefix)) return null;
      const rest = url.slice(prefix.length);
      return isUuid(rest) ? rest.toLowerCase() : null;
    },
  };
}
