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
  activateImport,
  deleteUnlessActive,
  earlierImportOf,
  findImport,
  type ImportOptions,
  type ImportRecord,
  insertImport,
  isOneStartedViolation,
  listImports,
  requestCancel,
  requestPause,
  requestResume,
  startedImport,
} from './repository.js';
import { receiveUpload, type UploadInput } from './upload.js';

/** The import lifecycle (import.md §1.1 order of checks, Part 2 #12–#13). */
export type ImportService = ReturnType<typeof createImportService>;

export const importPrefix = (uuid: string): string => `imports/${uuid}`;

export function createImportService(deps: Pick<Deps, 'pool' | 'blobs' | 'clock' | 'config'>) {
  const { pool, blobs, clock, config } = deps;

  async function get(uuid: string): Promise<ImportRecord> {
    const imp = await findImport(pool, uuid);
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
    async create(opts: ImportOptions): Promise<ImportRecord> {
      try {
        return await insertImport(pool, randomUUID(), clock.now(), opts, config.publicUrl);
      } catch (err) {
        if (isOneStartedViolation(err)) throw existingImportStarted(await startedImport(pool));
        throw err;
      }
    },

    async upload(
      uuid: string,
      body: Omit<UploadInput, 'maxBytes'>,
      opts: { refuseDuplicate?: boolean } = {},
    ): Promise<void> {
      const imp = await get(uuid);
      const blocking = await startedImport(pool, imp.id);
      if (blocking) throw existingImportStarted(blocking);
      await checkBaseDir();
      if (imp.status !== 'pending') throw invalidStatus(imp.status);
      const stored = await receiveUpload(blobs, imp.uuid, { ...body, maxBytes: config.importMaxUploadBytes });
      let activated = false;
      try {
        // Re-run safety (issue 10 #7): the same CSV as an earlier import that imported rows.
        const earlier = imp.dryRun ? undefined : await earlierImportOf(pool, stored.sha256, imp.id);
        if (earlier && opts.refuseDuplicate) throw duplicateCsv(earlier);
        activated = await withTransaction(pool, (client) =>
          activateImport(client, imp, { ...stored, duplicateOf: earlier }),
        );
      } finally {
        if (!activated) await blobs.delete(stored.csvKey);
      }
      if (!activated) {
        // A concurrent upload won, or the import was deleted meanwhile.
        const now = await findImport(pool, uuid);
        if (!now) throw notFound();
        throw invalidStatus(now.status);
      }
    },

    async list(offset: number, limit: number) {
      return listImports(pool, offset, limit);
    },

    /** Cancel: pending ends at once, active stops at the next batch boundary (issue 10 #3). */
    async cancel(uuid: string): Promise<ImportRecord> {
      const imp = await get(uuid);
      const r = await requestCancel(pool, imp.id, CANCELLED);
      if (r.status === undefined) throw notFound();
      if (r.status !== 'active' && !r.ended) throw operationInvalidStatus('cancelled', r.status);
      return get(uuid);
    },

    async pause(uuid: string): Promise<ImportRecord> {
      const imp = await get(uuid);
      const r = await requestPause(pool, imp.id);
      if (r.status === undefined) throw notFound();
      if (!r.changed) throw operationInvalidStatus('paused', r.status);
      return get(uuid);
    },

    async resume(uuid: string): Promise<ImportRecord> {
      const imp = await get(uuid);
      const r = await requestResume(pool, imp.id);
      if (r.status === undefined) throw notFound();
      if (!r.changed) throw operationInvalidStatus('resumed', r.status);
      return get(uuid);
    },

    /** Pending, finished and error imports go, with every stored file (Part 2 #13). */
    async remove(uuid: string): Promise<void> {
      const imp = await get(uuid);
      const result = await deleteUnlessActive(pool, imp.id);
      if (!result.deleted) {
        if (result.status === undefined) throw notFound();
        throw importInvalidStatus(result.status);
      }
      await blobs.deletePrefix(importPrefix(imp.uuid));
    },
  };
}
