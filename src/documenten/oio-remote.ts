import type { ZgwClient } from '../shared/zgw-services.js';

/**
 * The checks of `POST /objectinformatieobjecten` (and its DELETE) for an `object` served by
 * another API, as Open Zaak makes them: the object is fetched with the credentials of its
 * configured service (ZGW_SERVICES) and must look like a resource of the given objectType
 * (Open Zaak's LooseFkResourceValidator: `unknown-service`, `bad-url`, `invalid-resource`),
 * and the source relation is looked up in that API's `{objectType}informatieobjecten`
 * (Open Zaak's CreateRemoteRelationValidator / RemoteRelationValidator).
 */
export type OioObjectType = 'zaak' | 'besluit' | 'verzoek';

/**
 * Keys a resource must have to count as one of its type: the required properties of Zaak
 * (Zaken API) and Besluit (Besluiten API) that every version of those standards has; for a
 * verzoek only what every ZGW main object carries.
 */
const REQUIRED_KEYS: Record<OioObjectType, readonly string[]> = {
  zaak: ['url', 'bronorganisatie', 'zaaktype', 'verantwoordelijkeOrganisatie', 'startdatum'],
  besluit: ['url', 'verantwoordelijkeOrganisatie', 'besluittype', 'datum', 'ingangsdatum'],
  verzoek: ['url', 'bronorganisatie'],
};

const RESOURCE_NAMES: Record<OioObjectType, string> = {
  zaak: 'Zaak',
  besluit: 'Besluit',
  verzoek: 'Verzoek',
};

export interface ObjectProblem {
  code: 'unknown-service' | 'bad-url' | 'invalid-resource';
  reason: string;
}

export function looksLike(objectType: OioObjectType, body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  return REQUIRED_KEYS[objectType].every((k) => k in body);
}

/** null when the object answers 200 with a resource of its type, else the `object` problem. */
export async function checkRemoteObject(
  zgw: ZgwClient,
  url: string,
  objectType: OioObjectType,
): Promise<ObjectProblem | null> {
  const got = await zgw.getJson(url);
  if (got.kind === 'unknown-service') {
    return { code: 'unknown-service', reason: 'The service for this url is unknown' };
  }
  if (got.kind === 'unfetchable') {
    return {
      code: 'bad-url',
      reason: `Bad URL "${url}" - object could not be fetched. This *may* be because you have insufficient read permissions.`,
    };
  }
  if (got.kind === 'not-json' || !looksLike(objectType, got.body)) {
    return {
      code: 'invalid-resource',
      reason: `The URL ${url} resource did not look like a(n) \`${RESOURCE_NAMES[objectType]}\`. Please provide a valid URL.`,
    };
  }
  return null;
}

/**
 * Whether the source API holds the relation (`GET {apiRoot}{objectType}informatieobjecten
 * ?informatieobject=&{objectType}=`); 'lookup-error' when that cannot be told (no service,
 * no 200, not a list).
 */
export async function remoteRelationExists(
  zgw: ZgwClient,
  o: { objectUrl: string; objectType: OioObjectType; documentUrl: string },
): Promise<boolean | 'lookup-error'> {
  const root = zgw.apiRootOf(o.objectUrl);
  if (root === undefined) return 'lookup-error';
  const q = new URLSearchParams({ informatieobject: o.documentUrl, [o.objectType]: o.objectUrl });
  const got = await zgw.getJson(`${root}${o.objectType}informatieobjecten?${q}`);
  if (got.kind !== 'json') return 'lookup-error';
  // The Zaken and Besluiten APIs answer a plain list; a paginated answer is read too.
  const body = got.body as unknown;
  const list = Array.isArray(body)
    ? body
    : typeof body === 'object' && body !== null && Array.isArray((body as { results?: unknown }).results)
      ? (body as { results: unknown[] }).results
      : undefined;
  if (list === undefined) return 'lookup-error';
  return list.length > 0;
}
