/** Absolute URLs of Catalogi resources, always from PUBLIC_URL (documenten-api.md §0). */
export type CatalogiResource = 'catalogussen' | 'informatieobjecttypen' | 'zaaktypen' | 'besluittypen';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function catalogiUrl(publicUrl: string, resource: CatalogiResource, uuid: string): string {
  return `${publicUrl}/catalogi/api/v1/${resource}/${uuid}`;
}

/** The lower-cased uuid when `url` is a local URL of this resource, else null. */
export function localCatalogiUuid(publicUrl: string, resource: CatalogiResource, url: string): string | null {
  const prefix = `${publicUrl}/catalogi/api/v1/${resource}/`;
  if (!url.startsWith(prefix)) return null;
  const rest = url.slice(prefix.length);
  return UUID_RE.test(rest) ? rest.toLowerCase() : null;
}
