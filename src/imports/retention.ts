import type { Deps } from '../deps.js';
import { scheduledTask } from '../jobs/scheduled-task.js';
import { createImportRepository } from './repository.js';
import { importPrefix } from './service.js';

/**
 * Retention (README "Bulk import of documents"): once shortly after start and then
 * once every 24 hours, imports older than IMPORT_RETENTION_DAYS are deleted with their
 * stored files: finished/error ones by finished_on, pending ones by created_on. Active
 * imports are never touched (the engine resumes them).
 */
export const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;
export const RETENTION_FIRST_RUN_MS = 60 * 1000;

export async function runRetention(
  deps: Pick<Deps, 'pool' | 'blobs' | 'config'>,
  now: Date,
): Promise<string[]> {
  const cutoff = new Date(now.getTime() - deps.config.importRetentionDays * 24 * 60 * 60 * 1000);
  const deleted: string[] = [];
  const imports = createImportRepository(deps.pool);
  for (const imp of await imports.expiredImports(cutoff)) {
    // Re-checked in the DELETE itself, so an import uploaded meanwhile survives.
    if (!(await imports.deleteExpired(imp.id, cutoff))) continue;
    await deps.blobs.deletePrefix(importPrefix(imp.uuid));
    deleted.push(imp.uuid);
  }
  return deleted;
}

export const importRetentionTask = scheduledTask<Deps>({
  name: 'import-retention',
  firstRunMs: RETENTION_FIRST_RUN_MS,
  intervalMs: RETENTION_INTERVAL_MS,
  async run(deps, log) {
    const deleted = await runRetention(deps, deps.clock.now());
    if (deleted.length > 0) log.info({ deleted }, 'import retention removed imports');
  },
  failed: 'import retention failed',
});
