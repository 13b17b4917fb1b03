import type { Queryable } from '../../db/pool.js';
import type { Deps } from '../../deps.js';
import { fileErrors } from '../errors.js';
import { documentPartsKey } from '../storage-keys.js';
import { type BestandsdeelRow, toBestandsDeel } from './mapper.js';
import { planParts } from './plan.js';
import { createDocumentRepository } from '../repository.js';
import { createBestandsdeelRepository } from './repository.js';

/**
 * The upload plan of a document's latest version (the Documenten API bestandsdelen flow): created with
 * the version, kept or replaced by an update, merged or dropped on unlock. Every function
 * runs inside the caller's transaction (the document row is locked there); files that are no
 * longer referenced are returned, to be removed once that transaction has committed.
 */
export function createUploadPlans(deps: Pick<Deps, 'blobs' | 'config' | 'urls'>) {
  const { blobs, config } = deps;

  /** The new version's file arrives as bestandsdelen of `size` bytes in total. */
  async function start(c: Queryable, documentId: number, uuid: string, size: number): Promise<void> {
    await createBestandsdeelRepository(c).insertParts(
      documentId,
      documentPartsKey(uuid),
      planParts(size, config.bestandsdelenPartBytes),
    );
  }

  /**
   * An update (`enkelvoudiginformatieobject_update`) wrote a new version whose file comes in `size` bytes of parts, or
   * (undefined) otherwise. A running upload of the same total size goes on, so a metadata
   * PATCH does not throw away the parts already uploaded; any other plan is replaced.
   */
  async function follow(
    c: Queryable,
    documentId: number,
    uuid: string,
    size: number | undefined,
  ): Promise<string[]> {
    const parts = await createBestandsdeelRepository(c).lockParts(documentId);
    const total = parts.reduce((n, p) => n + p.omvang, 0);
    if (size !== undefined && parts.length > 0 && total === size) return [];
    const unused = parts.length > 0 ? await createBestandsdeelRepository(c).deleteParts(documentId) : [];
    if (size !== undefined) await start(c, documentId, uuid, size);
    return unused;
  }

  /**
   * Unlock (the Documenten API bestandsdelen flow step 3), in Open Zaak's order: all parts uploaded → they are the latest
   * version's file, in place (the size verified, nothing copied: the parts were written into
   * that one file); a forced unlock of an incomplete upload drops the parts and sets
   * bestandsomvang to null; otherwise none uploaded → file-size, some → incomplete-upload.
   */
  async function finish(c: Queryable, documentId: number, forced: boolean): Promise<string[]> {
    const parts = await createBestandsdeelRepository(c).lockParts(documentId);
    if (parts.length === 0) return [];
    const uploaded = parts.filter((p) => p.voltooid).length;
    if (uploaded === parts.length) {
      await merge(c, documentId, parts);
      return [];
    }
    if (forced) return drop(c, documentId);
    if (uploaded === 0) throw fileErrors.noPartUploaded();
    throw fileErrors.incompleteUpload(uploaded, parts.length);
  }

  async function merge(c: Queryable, documentId: number, parts: BestandsdeelRow[]): Promise<void> {
    const key = (parts[0] as BestandsdeelRow).blob_key;
    const total = parts.reduce((n, p) => n + p.omvang, 0);
    const stored = await blobs.stat(key);
    // Every part was durable before it became voltooid, so this only fails when storage
    // lost data behind our back: then nothing changes and the document stays locked.
    if (parts.some((p) => p.blob_key !== key) || stored?.size !== total)
      throw new Error(`upload file ${key} holds ${stored?.size ?? 'no'} bytes, expected ${total}`);
    await createBestandsdeelRepository(c).deleteParts(documentId);
    await createDocumentRepository(c).setLatestFile(documentId, key, total);
  }

  /** Forced unlock and cleanup: the parts go, the latest version keeps no size (the Documenten API bestandsdelen flow). */
  async function drop(c: Queryable, documentId: number): Promise<string[]> {
    const unused = await createBestandsdeelRepository(c).deleteParts(documentId);
    await createDocumentRepository(c).setLatestFile(documentId, null, null);
    return unused;
  }

  async function removeFiles(keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => blobs.delete(k)));
  }

  /** `bestandsdelen` of rendered EIOs: the parts of each document, by document id. */
  async function partsByDocument(
    q: Queryable,
    documentIds: number[],
  ): Promise<Map<number, BestandsdeelRow[]>> {
    const out = new Map<number, BestandsdeelRow[]>();
    for (const p of await createBestandsdeelRepository(q).partsOfDocuments(documentIds)) {
      const list = out.get(p.document_id) ?? [];
      list.push(p);
      out.set(p.document_id, list);
    }
    return out;
  }

  /** The EIO with its parts; `lock` is shown to the lock holder only (mapper.ts). */
  function withParts(
    eio: Record<string, unknown>,
    parts: BestandsdeelRow[] | undefined,
    lock: string,
  ): Record<string, unknown> {
    if (!parts || parts.length === 0) return eio;
    return { ...eio, bestandsdelen: parts.map((p) => toBestandsDeel(deps.urls, p, lock)) };
  }

  return { start, follow, finish, drop, removeFiles, partsByDocument, withParts };
}

export type UploadPlans = ReturnType<typeof createUploadPlans>;
