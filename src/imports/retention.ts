import type { Logger } from 'pino';
import type { Deps } from '../deps.js';
import type { Background, BackgroundTask } from '../jobs/background.js';
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
  for (const imp of await createImportRepository(deps.pool).expiredImports(cutoff)) {
    // Re-checked in the DELETE itself, so an import uploaded meanwhile survives.
    if (!(await createImportRepository(deps.pool).deleteExpired(imp.id, cutoff))) continue;
    await deps.blobs.deletePrefix(importPrefix(imp.uuid));
    deleted.push(imp.uuid);
  }
  return deleted;
}

export const importRetentionTask: BackgroundTask<Deps> = {
  name: 'import-retention',
  start(deps: Deps, log: Logger): Background {
    let running: Promise<void> | undefined;
    const run = () => {
      if (running) return;
      running = runRetention(deps, deps.clock.now())
        .then((deleted) => {
          if (deleted.length > 0) log.info({ deleted }, 'import retention removed imports');
        })
        .catch((err: unknown) => log.error({ err }, 'import retention failed'))
        .finally(() => {
          running = undefined;
        });
    };
    const first = setTimeout(run, RETENTION_FIRST_RUN_MS);
    const daily = setInterval(run, RETENTION_INTERVAL_MS);
    first.unref();
    daily.unref();
    return {
      async stop() {
        clearTimeout(first);
        clearInterval(daily);
        await running;
      },
    };
  },
};
