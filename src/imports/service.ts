import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { withTransaction } from '../db/pool.js';
import type { Deps } from '../deps.js';
import { notFound } from '../shared/errors.js';
import {
  CANCELLED,
  duplicateCsv,
  existingImportStarted,
  importDirNotDir,
  importDirNotFound,
  importInvalidStatus,
  invalidStatus,
  operationInvalidStatus,
} from './errors.js';
import {
  type ImportOptions,
  type ImportRecord,
  isOneStartedViolation,
  createImportRepository,
} from './repository.js';
import { receiveUpload, type UploadInput } from './upload.js';
import { importAuditEntry, type ImportSnapshot, importSnapshot } from './audit.js';
import type { AuthContext } from '../auth/types.js';

/** The import lifecycle (Open Zaak's order of checks; README "Bulk import of documents"). */
export type ImportService = ReturnType<typeof createImportService>;

export const importPrefix = (uuid: string): string => `imports/${uuid}`;

export function createImportService(deps: Pick<Deps, 'pool' | 'blobs' | 'clock' | 'config' | 'audit'>) {
  const { pool, blobs, clock, config } = deps;
  const imports = createImportRepository(pool);
  const audit = (imp: ImportSnapshot, e: Parameters<typeof importAuditEntry>[2]) =>
    importAuditEntry(config.publicUrl, imp, e);

  async function get(uuid: string): Promise<ImportRecord> {
    const imp = await imports.findImport(uuid);
    if (!imp) throw notFound();
    return imp;
  }

  /** Checks 4–5: the base directory for `bestandspad` must exist and be a directory. */
  async function checkBaseDir(): Promise<void> {
    const dir = config.importBaseDir;
    const st = await fs.stat(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
      throw err;
    });
    if (!st) throw importDirNotFound(dir);
    if (!st.isDirectory()) throw importDirNotDir(dir);
  }

  return {
    get,

    /** The one-pending-or-active rule is the database's unique partial index. */
    async create(opts: ImportOptions, auth?: AuthContext): Promise<ImportRecord> {
      try {
        return await withTransaction(pool, async (c) => {
          const imp = await createImportRepository(c).insertImport(
            randomUUID(),
            clock.now(),
            opts,
            config.publicUrl,
          );
          await deps.audit.record(c, audit(importSnapshot(imp), { actie: 'create', resultaat: 201, auth }));
          return imp;
        });
      } catch (err) {
        if (isOneStartedViolation(err)) throw existingImportStarted(await imports.startedImport());
        throw err;
      }
    },

    async upload(
      uuid: string,
      body: Omit<UploadInput, 'maxBytes'>,
      opts: { refuseDuplicate?: boolean } = {},
    ): Promise<void> {
      const imp = await get(uuid);
      const blocking = await imports.startedImport(imp.id);
      if (blocking) throw existingImportStarted(blocking);
      await checkBaseDir();
      if (imp.status !== 'pending') throw invalidStatus(imp.status);
      const stored = await receiveUpload(blobs, imp.uuid, { ...body, maxBytes: config.importMaxUploadBytes });
      let activated = false;
      try {
        // Re-run safety (issue 10 #7): the same CSV as an earlier import that imported rows.
        const earlier = imp.dryRun ? undefined : await imports.earlierImportOf(stored.sha256, imp.id);
        if (earlier && opts.refuseDuplicate) throw duplicateCsv(earlier);
        activated = await withTransaction(pool, (client) =>
          createImportRepository(client).activateImport(imp, { ...stored, duplicateOf: earlier }),
        );
      } finally {
        if (!activated) await blobs.delete(stored.csvKey);
      }
      if (!activated) {
        // A concurrent upload won, or the import was deleted meanwhile.
        const now = await imports.findImport(uuid);
        if (!now) throw notFound();
        throw invalidStatus(now.status);
      }
    },

    async list(offset: number, limit: number) {
      return imports.listImports(offset, limit);
    },

    /** Cancel: pending ends at once, active stops at the next batch boundary (issue 10 #3). */
    async cancel(uuid: string, auth?: AuthContext): Promise<ImportRecord> {
      const imp = await get(uuid);
      const r = await withTransaction(pool, async (c) => {
        const asked = await createImportRepository(c).requestCancel(imp.id, CANCELLED);
        if (asked.status === 'active' || asked.ended) {
          const now = (await createImportRepository(c).findImport(uuid)) ?? imp;
          const e = { actie: 'cancel' as const, resultaat: 200, auth, oud: importSnapshot(imp) };
          await deps.audit.record(c, audit(importSnapshot(now), e));
        }
        return asked;
      });
      if (r.status === undefined) throw notFound();
      if (r.status !== 'active' && !r.ended) throw operationInvalidStatus('cancelled', r.status);
      return get(uuid);
    },

    async pause(uuid: string): Promise<ImportRecord> {
      const imp = await get(uuid);
      const r = await imports.requestPause(imp.id);
      if (r.status === undefined) throw notFound();
      if (!r.changed) throw operationInvalidStatus('paused', r.status);
      return get(uuid);
    },

    async resume(uuid: string): Promise<ImportRecord> {
      const imp = await get(uuid);
      const r = await imports.requestResume(imp.id);
      if (r.status === undefined) throw notFound();
      if (!r.changed) throw operationInvalidStatus('resumed', r.status);
      return get(uuid);
    },

    /** Pending, finished and error imports go, with every stored file (README "Bulk import of documents"). */
    async remove(uuid: string, auth?: AuthContext): Promise<void> {
      const imp = await get(uuid);
      const result = await withTransaction(pool, async (c) => {
        const done = await createImportRepository(c).deleteUnlessActive(imp.id);
        const e = { actie: 'destroy' as const, resultaat: 204, auth, oud: importSnapshot(imp) };
        if (done.deleted) await deps.audit.record(c, audit(importSnapshot(imp), e));
        return done;
      });
      if (!result.deleted) {
        if (result.status === undefined) throw notFound();
        throw importInvalidStatus(result.status);
      }
      await blobs.deletePrefix(importPrefix(imp.uuid));
    },
  };
}
