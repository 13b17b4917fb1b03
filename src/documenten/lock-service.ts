import { randomUUID } from 'node:crypto';
import { hasObjectScope, requireObjectScope } from '../auth/permissions.js';
import type { AuditActie } from '../audit/trail.js';
import type { AuthContext } from '../auth/types.js';
import { type Queryable, withTransaction } from '../db/pool.js';
import type { Deps } from '../deps.js';
import { notFound } from '../shared/errors.js';
import type { UploadPlans } from './bestandsdelen/plans.js';
import { lockErrors } from './errors.js';
import { type DocumentVersionRow, rowIotUrl } from './mapper.js';
import { createDocumentRepository } from './repository.js';
import type { EioInput } from './values.js';

/**
 * `enkelvoudiginformatieobject_lock` and `_unlock`: the document's lock, set and released in
 * place (no new version). The document service (service.ts) hands over how it loads,
 * authorises and records a document change, so both write flows audit alike.
 */
export interface DocumentAccess {
  plans: UploadPlans;
  load(uuid: string): Promise<DocumentVersionRow>;
  authorised(uuid: string, auth: AuthContext, scope: string): Promise<DocumentVersionRow>;
  snapshot(c: Queryable, uuid: string): Promise<Record<string, unknown>>;
  recordChange(
    c: Queryable,
    change: { auth: AuthContext; uuid: string; actie: AuditActie; resultaat: number },
    oud: Record<string, unknown> | null,
    nieuw: Record<string, unknown> | null,
  ): Promise<void>;
}

const DRC = 'drc';
const IOT = 'informatieobjecttype';

/** 32 lowercase hex characters (Open Zaak's EnkelvoudigInformatieObject serializer). */
export const newLockValue = (): string => randomUUID().replace(/-/g, '');

export function createLockService(deps: Pick<Deps, 'pool' | 'urls'>, doc: DocumentAccess) {
  const { pool } = deps;
  const { plans, snapshot, recordChange } = doc;

  async function lock(uuid: string, auth: AuthContext): Promise<string> {
    await doc.authorised(uuid, auth, 'documenten.lock');
    return withTransaction(pool, async (c) => {
      const tx = createDocumentRepository(c);
      const head = await tx.lockHead(uuid);
      if (!head) throw notFound();
      if (head.lock !== '') throw lockErrors.existingLock();
      const value = newLockValue();
      const oud = await snapshot(c, uuid);
      await tx.setLock(head.id, value);
      await recordChange(c, { auth, uuid, actie: 'lock', resultaat: 200 }, oud, await snapshot(c, uuid));
      return value;
    });
  }

  /**
   * `enkelvoudiginformatieobject_lock`/`_unlock`: the lock value, unless the caller may force-unlock this document; then also the
   * bestandsdelen are finished (the Documenten API bestandsdelen flow). A forced unlock is one without the right lock value:
   * given the right one, the normal rules apply even to a caller that could force.
   */
  async function unlock(uuid: string, auth: AuthContext, body: EioInput): Promise<void> {
    const row = await doc.load(uuid);
    const ref = {
      typeUrl: rowIotUrl(deps.urls, row),
      vertrouwelijkheidaanduiding: row.vertrouwelijkheidaanduiding,
    };
    const force = hasObjectScope(auth, DRC, IOT, 'documenten.geforceerd-unlock', ref);
    if (!force) requireObjectScope(auth, DRC, IOT, 'documenten.lock', ref);
    const unused = await withTransaction(pool, async (c) => {
      const tx = createDocumentRepository(c);
      const head = await tx.lockHead(uuid);
      if (!head) throw notFound();
      const given = typeof body.lock === 'string' ? body.lock : '';
      if (!force && given !== head.lock) throw lockErrors.incorrectLockId();
      const oud = await snapshot(c, uuid);
      const files = await plans.finish(c, head.id, given !== head.lock);
      await tx.setLock(head.id, '');
      await recordChange(c, { auth, uuid, actie: 'unlock', resultaat: 204 }, oud, await snapshot(c, uuid));
      return files;
    });
    await plans.removeFiles(unused);
  }

  return { lock, unlock };
}
