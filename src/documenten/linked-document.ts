import { requireObjectScope } from '../auth/permissions.js';
import type { AuthContext } from '../auth/types.js';
import type { Deps } from '../deps.js';
import { invalidParam } from '../shared/errors.js';
import { MESSAGES } from '../shared/messages.js';
import type { DocumentRef } from './changes.js';
import { createLinkedDocumentRepository, type LinkedDocument } from './linked-document-repository.js';
import { PATHS } from '../shared/urls.js';
import { rowIotUrl } from './mapper.js';
import { createReadService } from './read-service.js';
import { type LinkedExpand, withExpand } from './linked-expand.js';

/**
 * The `informatieobject` of a gebruiksrecht or verzending: the URL resolved to its
 * document, and the document's autorisatie applied to the sub-resource (checks run against
 * the IOT/VA of the linked EIO's latest version, as Open Zaak's InformationObjectAuthRequired
 * does).
 */
export function createLinkedDocuments(deps: Deps) {
  const { urls } = deps;
  const repo = createLinkedDocumentRepository(deps.pool);
  const reads = createReadService(deps);

  /** The document uuid of a local EIO URL, undefined for any other string. */
  function uuidOf(url: string): string | undefined {
    return urls.localUuid(url, PATHS.eio) ?? undefined;
  }

  /** 400 on `field` as DRF's hyperlinked field answers: no_match, does_not_exist. */
  async function byUrl(url: string, field = 'informatieobject'): Promise<LinkedDocument> {
    const uuid = uuidOf(url);
    if (!uuid) throw invalidParam(field, 'no_match', MESSAGES.hyperlinkNoMatch);
    const doc = await repo.findByUuid(uuid);
    if (!doc) throw invalidParam(field, 'does_not_exist', MESSAGES.hyperlinkDoesNotExist);
    return doc;
  }

  const iotUrl = (doc: LinkedDocument) => rowIotUrl(urls, doc);

  /** Object level (vng-api-common's object-level check) on the linked document: 403 when not allowed. */
  function authorise(auth: AuthContext, scope: string, doc: LinkedDocument): void {
    requireObjectScope(auth, 'drc', 'informatieobjecttype', scope, {
      typeUrl: iotUrl(doc),
      vertrouwelijkheidaanduiding: doc.vertrouwelijkheidaanduiding,
    });
  }

  return {
    uuidOf,
    byUrl,
    authorise,
    url: (doc: LinkedDocument) => urls.eio(doc.document_uuid),
    /** The document as the audit trail and the notifications name it (changes.ts). */
    ref: (doc: LinkedDocument): DocumentRef => ({
      uuid: doc.document_uuid,
      url: urls.eio(doc.document_uuid),
      bronorganisatie: doc.bronorganisatie,
      identificatie: doc.identificatie,
      informatieobjecttype: iotUrl(doc),
      vertrouwelijkheidaanduiding: doc.vertrouwelijkheidaanduiding,
    }),
    /** The list filter of documenten.lezen (vng-api-common's list filtering by autorisatie), as for the documents themselves. */
    grants: (auth: AuthContext) => reads.grantsFor(auth),
    /** `_expand` on each resource when `expand` was asked (linked-expand.ts). */
    expand: <T extends object>(
      auth: AuthContext,
      items: { resource: T; documentUuid: string }[],
      want: LinkedExpand | undefined,
    ) => withExpand(reads, auth, items, want),
  };
}

export type LinkedDocuments = ReturnType<typeof createLinkedDocuments>;
