import type { AuditActie, AuditEntry } from '../audit/trail.js';
import type { AuthContext } from '../auth/types.js';
import { createUrls } from '../shared/urls.js';

/**
 * The audit trail of an import (issue 13 #3): the bulk import writes no record per row (Open
 * Zaak's import does not; a million rows would double the write cost) but one per lifecycle
 * event of the import itself: created, cancelled, finished or ended in error, deleted, with the
 * client that asked (the worker for the end). Read at GET /import/{uuid}/audittrail; the records
 * outlive the import's retention.
 */
export interface ImportSnapshot {
  uuid: string;
  status: string;
  naam: string;
  dryRun: boolean;
  total?: number;
  processed?: number;
  processedSuccessfully?: number;
  processedInvalid?: number;
  comment?: string;
}

export function importAuditEntry(
  publicUrl: string,
  imp: ImportSnapshot,
  e: { actie: AuditActie; resultaat: number; auth?: AuthContext; oud?: ImportSnapshot },
): AuditEntry {
  const urls = createUrls(publicUrl);
  const url = urls.import(imp.uuid);
  const snapshot = (s: ImportSnapshot) => ({ ...s }) as Record<string, unknown>;
  return {
    auth: e.auth,
    systemActor: e.auth ? undefined : 'import-worker',
    actie: e.actie,
    resultaat: e.resultaat,
    hoofdObject: { url, uuid: imp.uuid },
    resource: 'import',
    resourceUrl: urls.import(imp.uuid, 'status'),
    resourceWeergave: imp.naam ? `import ${imp.naam}` : `import ${imp.uuid}`,
    oud: e.oud ? snapshot(e.oud) : null,
    nieuw: e.actie === 'destroy' ? null : snapshot(imp),
  };
}

/** The fields of an import record that its audit records keep. */
export function importSnapshot(r: {
  uuid: string;
  status: string;
  naam: string;
  dryRun: boolean;
  total: number;
  processed: number;
  processedSuccessfully: number;
  processedInvalid: number;
  comment: string;
}): ImportSnapshot {
  return {
    uuid: r.uuid,
    status: r.status,
    naam: r.naam,
    dryRun: r.dryRun,
    total: r.total,
    processed: r.processed,
    processedSuccessfully: r.processedSuccessfully,
    processedInvalid: r.processedInvalid,
    comment: r.comment,
  };
}
