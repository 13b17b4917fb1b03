import { withTransaction } from '../../db/pool.js';
import type { Deps } from '../../deps.js';
import { scheduledTask } from '../../jobs/scheduled-task.js';
import { createDocumentRepository } from '../repository.js';
import { createUploadPlans } from './plans.js';
import { createBestandsdeelRepository } from './repository.js';

/**
 * Abandoned large-file uploads (the Documenten API bestandsdelen flow): once shortly after start and then
 * every 24 hours, a document whose bestandsdelen saw no upload for BESTANDSDELEN_RETENTION_HOURS
 * (and has no writer now) is treated as a forced unlock of an incomplete upload: its parts and
 * their file are removed, bestandsomvang becomes null and the document is unlocked, so it does
 * not stay locked for ever with a lock nobody holds. Documents are handled one transaction each.
 */
export const CLEANUP_INTERVAL_MS = 24 * 60 * 60 * 1000;
export const CLEANUP_FIRST_RUN_MS = 60 * 1000;
const BATCH = 500;

export async function cleanupAbandonedUploads(
  deps: Pick<Deps, 'pool' | 'blobs' | 'config' | 'urls'>,
  now: Date,
): Promise<string[]> {
  const plans = createUploadPlans(deps);
  const cutoff = new Date(now.getTime() - deps.config.bestandsdelenRetentionHours * 60 * 60 * 1000);
  const cleaned: string[] = [];
  for (;;) {
    const ids = await createBestandsdeelRepository(deps.pool).abandonedUploads(cutoff, BATCH);
    let progress = false;
    for (const id of ids) {
      const done = await withTransaction(deps.pool, async (c) => {
        const documents = createDocumentRepository(c);
        const head = await documents.lockHeadById(id);
        // re-checked under the row lock: a part uploaded meanwhile keeps the upload alive
        if (!head || !(await createBestandsdeelRepository(c).isAbandoned(id, cutoff))) return undefined;
        const files = await plans.drop(c, id);
        await documents.setLock(id, '');
        return { uuid: head.uuid, files };
      });
      if (!done) continue;
      progress = true;
      await plans.removeFiles(done.files);
      cleaned.push(done.uuid);
    }
    if (ids.length < BATCH || !progress) return cleaned;
  }
}

export const bestandsdelenCleanupTask = scheduledTask<Deps>({
  name: 'bestandsdelen-cleanup',
  firstRunMs: CLEANUP_FIRST_RUN_MS,
  intervalMs: CLEANUP_INTERVAL_MS,
  async run(deps, log) {
    const cleaned = await cleanupAbandonedUploads(deps, deps.clock.now());
    if (cleaned.length > 0) log.info({ cleaned }, 'abandoned bestandsdelen uploads removed');
  },
  failed: 'bestandsdelen cleanup failed',
});
