import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { requireObjectScope } from '../../auth/permissions.js';
import type { AuthContext } from '../../auth/types.js';
import type { Deps } from '../../deps.js';
import { type AppError, type InvalidParam, notFound, validationError } from '../../shared/errors.js';
import { MESSAGES } from '../../shared/messages.js';
import { fileErrors, lockErrors } from '../errors.js';
import { BlobTooLargeError } from '../../storage/blob-store.js';
import { rowIotUrl } from '../mapper.js';
import { documentUploadKey } from '../storage-keys.js';
import { type BestandsDeel, type BestandsdeelRow, toBestandsDeel } from './mapper.js';
import type { MultipartForm } from './multipart.js';
import { createBestandsdeelRepository, type PartForUpload } from './repository.js';

/**
 * PUT /bestandsdelen/{uuid} (the Documenten API bestandsdelen flow step 2): one part, streamed from the
 * request straight to its range of the upload file. Checks in order: the part exists (404),
 * the caller may update the document (403), `lock` and `inhoud` are given (400), the lock is
 * the document's (400 incorrect-lock-id), then the size (400 file-size). A part uploaded
 * again replaces the earlier bytes; while it is being written it is not voltooid, so a
 * failed re-upload leaves the part to be uploaded again, never half old and half new.
 *
 * One writer per part at a time: a claim (lease) in the database, renewed while the bytes
 * flow. A second upload of the same part waits for the first; after a crash the dead
 * writer's claim expires within LEASE_SECONDS and the upload can be repeated.
 */
const LEASE_SECONDS = 10;
const RENEW_MS = 3_000;
/** A writer stops writing when its claim was not renewed for this long (well within the lease). */
const SAFE_MS = 7_000;

const fileSize = fileErrors.partSize;

export function createPartUploads(deps: Pick<Deps, 'pool' | 'blobs' | 'urls' | 'documents'>) {
  const { pool, blobs, documents } = deps;
  const parts = createBestandsdeelRepository(pool);

  async function load(partUuid: string, auth: AuthContext): Promise<PartForUpload> {
    const part = await parts.findPart(partUuid);
    if (!part) throw notFound();
    const row = await documents.findVersion(part.document_uuid);
    if (!row) throw notFound();
    requireObjectScope(auth, 'drc', 'informatieobjecttype', 'documenten.bijwerken', {
      typeUrl: rowIotUrl(deps.urls, row),
      vertrouwelijkheidaanduiding: row.vertrouwelijkheidaanduiding,
    });
    return part;
  }

  async function upload(partUuid: string, auth: AuthContext, form: MultipartForm): Promise<BestandsDeel> {
    const part = await load(partUuid, auth);
    const { file, fields } = await form.start();
    if (!file) throw missing(fields, false);
    if (fields.lock !== undefined) {
      if (fields.lock === '') throw missing(fields, true);
      return writeClaimed(
        part,
        fields.lock,
        () => file,
        () => form.end(),
      );
    }
    // `inhoud` came before `lock`: the bytes wait under a key of their own until the lock
    // is known, then are copied into place (the fast path needs `lock` first, as most
    // clients send it).
    const scratch = documentUploadKey(part.document_uuid);
    try {
      const size = await blobs.putStream(scratch, file, { maxBytes: part.omvang }).catch((err: unknown) => {
        throw err instanceof BlobTooLargeError ? fileSize(`>${part.omvang}`, part.omvang) : err;
      });
      const all = await form.end();
      if (all.lock === undefined || all.lock === '') throw missing(all, true);
      if (size.size !== part.omvang) throw fileSize(size.size, part.omvang);
      return await writeClaimed(
        part,
        all.lock,
        () => blobs.openRead(scratch),
        async () => all,
      );
    } finally {
      await blobs.delete(scratch);
    }
  }

  function missing(fields: Record<string, string>, hasFile: boolean): AppError {
    const errs: InvalidParam[] = [];
    if (fields.lock === undefined) errs.push({ name: 'lock', code: 'required', reason: MESSAGES.required });
    else if (fields.lock === '') errs.push({ name: 'lock', code: 'blank', reason: MESSAGES.blank });
    if (!hasFile) errs.push({ name: 'inhoud', code: 'required', reason: MESSAGES.noFile });
    return validationError(errs);
  }

  async function writeClaimed(
    part: PartForUpload,
    lock: string,
    /** Opened only once the part is claimed (nothing is left open when the claim fails). */
    bytes: () => AsyncIterable<Buffer> | Promise<AsyncIterable<Buffer>>,
    rest: () => Promise<unknown>,
  ): Promise<BestandsDeel> {
    const lease = await claim(part, lock);
    let done: BestandsdeelRow | undefined;
    try {
      const source = lease.guard(await bytes());
      const written = await blobs
        .writeAt(part.blob_key, part.byte_offset, source, { maxBytes: part.omvang })
        .catch((err: unknown) => {
          throw err instanceof BlobTooLargeError ? fileSize(`>${part.omvang}`, part.omvang) : err;
        });
      if (written.size !== part.omvang) throw fileSize(written.size, part.omvang);
      await rest();
      lease.stop();
      done = await parts.completePart(part.id, lease.writer);
    } catch (err) {
      lease.stop();
      // the part stays not voltooid; the next upload of it need not wait for this claim
      await parts.releaseClaim(part.id, lease.writer).catch(() => undefined);
      throw err;
    }
    if (!done) {
      // The plan was replaced or dropped meanwhile (update, forced unlock, cleanup): do not
      // leave a file behind that no part refers to any more.
      if (!(await parts.isReferenced(part.blob_key))) await blobs.delete(part.blob_key);
      throw fileErrors.partReplaced();
    }
    return toBestandsDeel(deps.urls, done, lock);
  }

  /** Claim the part, waiting (up to a lease) for another writer of the same part to finish. */
  async function claim(part: PartForUpload, lock: string): Promise<Lease> {
    const writer = randomBytes(16).toString('hex');
    const deadline = Date.now() + (LEASE_SECONDS + 2) * 1000;
    for (;;) {
      const started = Date.now();
      const result = await parts.claimPart(part.id, lock, writer, LEASE_SECONDS);
      if (result === 'claimed') return new Lease(deps, part.id, writer, started);
      if (result === 'gone') throw notFound();
      if (result === 'incorrect-lock') throw lockErrors.incorrectPartLockId();
      if (Date.now() > deadline) throw fileErrors.partBusy();
      await sleep(250);
    }
  }

  return { upload };
}

/** A writer's claim on a part: renewed in the background; guard() stops the bytes once it may be lost. */
class Lease {
  private validUntil: number;
  private lost = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly deps: Pick<Deps, 'pool'>,
    private readonly partId: number,
    readonly writer: string,
    claimedAt: number,
  ) {
    this.validUntil = claimedAt + SAFE_MS;
    this.timer = setInterval(() => void this.renew(), RENEW_MS);
  }

  private async renew(): Promise<void> {
    const at = Date.now();
    try {
      if (
        await createBestandsdeelRepository(this.deps.pool).renewClaim(this.partId, this.writer, LEASE_SECONDS)
      )
        this.validUntil = at + SAFE_MS;
      else this.lost = true;
    } catch {
      // an unreachable database: the claim runs out, guard() stops the writer in time
    }
  }

  async *guard(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
    for await (const chunk of source) {
      if (this.lost || Date.now() > this.validUntil) throw fileErrors.claimLost();
      yield chunk;
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
