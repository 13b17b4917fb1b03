import { hasObjectScope } from '../auth/permissions.js';
import type { AuthContext } from '../auth/types.js';
import type { Deps } from '../deps.js';
import { toZaak } from '../zaken/mapper.js';
import { createZaakRepository } from '../zaken/repository.js';
import { expandDocuments, parseExpand } from './linked-expand.js';
import type { OioRow } from './oio-repository.js';
import type { ReadService } from './read-service.js';

/**
 * `?expand=` on objectinformatieobject_list/_retrieve (Documenten API 1.5: "Haal details van
 * gelinkte resources direct op", dot notation one level deeper): `informatieobject`,
 * `informatieobject.informatieobjecttype` and `object`. The answer gets
 * `_expand: {informatieobject?: {…EIO…}, object?: {…Zaak…}}`; a resource the caller may not
 * read, or that this server does not serve (a remote zaak or besluit is not fetched with
 * this server's credentials on a reader's behalf), is left out, as a missing one is.
 */
export const OIO_EXPANDS = ['informatieobject', 'informatieobject.informatieobjecttype', 'object'] as const;

export interface OioExpand {
  informatieobject: boolean;
  informatieobjecttype: boolean;
  object: boolean;
}

/** undefined when nothing is asked; 400 invalid_choice for anything else; 403 as for documents. */
export function parseOioExpand(value: string | undefined, auth: AuthContext): OioExpand | undefined {
  const asked = parseExpand(value, OIO_EXPANDS, auth);
  if (!asked) return undefined;
  const { wanted, informatieobjecttype } = asked;
  return {
    informatieobject: informatieobjecttype || wanted.includes('informatieobject'),
    informatieobjecttype,
    object: wanted.includes('object'),
  };
}

/** `_expand` per OIO row (same order as `rows`). */
export async function expandOios(
  deps: Deps,
  reads: ReadService,
  auth: AuthContext,
  rows: OioRow[],
  want: OioExpand,
): Promise<Record<string, unknown>[]> {
  const documents = want.informatieobject
    ? await expandDocuments(
        reads,
        auth,
        rows.map((r) => r.document_uuid),
        want,
      )
    : new Map();
  const zaken = want.object ? await zakenOf(deps, auth, rows) : new Map();
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    const doc = documents.get(r.document_uuid);
    if (doc) out.informatieobject = doc;
    const zaak = r.zaak_uuid ? zaken.get(r.zaak_uuid) : undefined;
    if (zaak) out.object = zaak;
    return out;
  });
}

/** Local zaken the caller may read (zaken.lezen for the zaaktype and vertrouwelijkheid). */
async function zakenOf(
  deps: Deps,
  auth: AuthContext,
  rows: OioRow[],
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const uuid of new Set(rows.flatMap((r) => (r.zaak_uuid ? [r.zaak_uuid] : [])))) {
    const zaak = await createZaakRepository(deps.pool).findZaak(uuid);
    if (!zaak) continue;
    const readable = hasObjectScope(auth, 'zrc', 'zaaktype', 'zaken.lezen', {
      typeUrl: deps.urls.catalogi('zaaktypen', zaak.zaaktype_uuid),
      vertrouwelijkheidaanduiding: zaak.vertrouwelijkheidaanduiding,
    });
    if (readable) out.set(uuid, toZaak(deps.urls, zaak) as unknown as Record<string, unknown>);
  }
  return out;
}
