import { withTransaction } from '../../db/pool.js';
import type { Deps } from '../../deps.js';
import { importAuditEntry, importSnapshot } from '../audit.js';
import { createImportRepository } from '../repository.js';
import { type ClaimedImport, createImportQueueRepository } from './repository.js';

/**
 * Ends a claimed import as finished or error (a cancel ends as error) and writes its audit
 * record (imports/audit.ts) in the same transaction; false when the lease was lost.
 */
export async function endImport(
  deps: Pick<Deps, 'pool' | 'audit' | 'config'>,
  claim: ClaimedImport,
  outcome: { status: 'finished' } | { status: 'error'; comment: string },
): Promise<boolean> {
  return withTransaction(deps.pool, async (c) => {
    if (!(await createImportQueueRepository(c).finishImport(claim.id, claim.leaseToken, outcome)))
      return false;
    const imp = await createImportRepository(c).findImport(claim.uuid);
    if (imp) {
      // a cancelled import ends as error with comment "geannuleerd" (its cancel record is the client's)
      const actie = outcome.status === 'finished' ? 'finish' : 'error';
      const publicUrl = claim.publicUrl ?? deps.config.publicUrl;
      await deps.audit.record(c, importAuditEntry(publicUrl, importSnapshot(imp), { actie, resultaat: 200 }));
    }
    return true;
  });
}
