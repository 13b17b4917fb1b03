import { requireObjectScope } from '../auth/permissions.js';
import type { AuthContext } from '../auth/types.js';
import { notFound } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';
import type { Urls } from '../shared/urls.js';
import type { AuditRepository, AuditRow } from './repository.js';

/**
 * Reading a document's audit trail (Documenten API `audittrail_list`, `audittrail_retrieve`):
 * scope audittrails.lezen for the document's informatieobjecttype and vertrouwelijkheid, as
 * every other read of the document. A destroyed document's records (its destroy record) are
 * authorised by the type and VA the document had when it was destroyed.
 */
export function createAuditReadService(deps: { repo: AuditRepository; urls: Urls }) {
  const { repo, urls } = deps;

  async function authorise(documentUuid: string, auth: AuthContext, rows: AuditRow[]): Promise<void> {
    const doc = await repo.documentAccess(documentUuid);
    const newest = rows[rows.length - 1];
    if (!doc && !newest) throw notFound();
    const ref = doc
      ? {
          typeUrl: doc.iotUuid ? urls.catalogi('informatieobjecttypen', doc.iotUuid) : (doc.iotUrl ?? ''),
          vertrouwelijkheidaanduiding: doc.vertrouwelijkheidaanduiding,
        }
      : {
          typeUrl: newest?.informatieobjecttype ?? '',
          vertrouwelijkheidaanduiding: newest?.vertrouwelijkheidaanduiding ?? '',
        };
    requireObjectScope(auth, 'drc', 'informatieobjecttype', 'audittrails.lezen', ref);
  }

  return {
    /** Oldest first; [] for a document without records (an imported one: the import writes none). */
    async list(documentUuid: string, auth: AuthContext): Promise<AuditRow[]> {
      if (!isUuid(documentUuid)) throw notFound();
      const uuid = documentUuid.toLowerCase();
      const rows = await repo.list(uuid, 'document');
      await authorise(uuid, auth, rows);
      return rows;
    },

    async get(documentUuid: string, uuid: string, auth: AuthContext): Promise<AuditRow> {
      if (!isUuid(documentUuid) || !isUuid(uuid)) throw notFound();
      const doc = documentUuid.toLowerCase();
      const rows = await repo.list(doc, 'document');
      await authorise(doc, auth, rows);
      const row = rows.find((r) => r.uuid === uuid.toLowerCase());
      if (!row) throw notFound();
      return row;
    },

    /** The records of an import (superusers only, checked by the route). */
    async forImport(importUuid: string): Promise<AuditRow[]> {
      if (!isUuid(importUuid)) throw notFound();
      return repo.list(importUuid.toLowerCase(), 'import');
    },
  };
}
