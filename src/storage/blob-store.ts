import type { Readable } from 'node:stream';

/**
 * The narrow storage interface (docs/architecture.md "Storage"). Keys are derived by callers
 * from ids (e.g. `documents/ab/<uuid>.<versie>`); nothing outside storage/ knows paths.
 * Every put is durable and atomic: written to a temporary name (`<key>.tmp-<hex>`, so it
 * falls under every prefix of its key), flushed, renamed.
 */
export interface BlobInfo {
  size: number;
}

export interface BlobStore {
  /** Stream into key; resolves with the byte count once the data is durable. */
  putStream(key: string, source: Readable, opts?: { maxBytes?: number }): Promise<BlobInfo>;
  /** Copy a local file into key (kernel copy where possible); durable when it resolves. */
  putFile(key: string, sourcePath: string): Promise<BlobInfo>;
  /**
   * Write `source` into the file under key from byte `offset` on, creating the file when it
   * is missing and never truncating it: the parts of a large-file upload are written in place
   * into one file, so that joining them is no copy. Unlike the puts this is not atomic (a
   * failed write leaves that range partly written; the caller tracks which ranges are
   * complete). More than `maxBytes` bytes → BlobTooLargeError, with nothing written past
   * offset + maxBytes. Resolves with the byte count once the data is durable.
   */
  writeAt(
    key: string,
    offset: number,
    source: AsyncIterable<Buffer>,
    opts: { maxBytes: number },
  ): Promise<BlobInfo>;
  /**
   * Bulk import, step one: copy files from outside storage, each to a temporary name under
   * its key (not yet visible there). Each source is opened once without following a link in
   * its last component and without blocking (fifo, device), checked on that descriptor — its
   * real path lies inside `within`, it is a regular file — and copied from that descriptor;
   * the size is the one fstat gave, and a file that yields more or fewer bytes while it is
   * copied is refused (`changed`). `digest` names an integriteit algoritme (md5, sha_1,
   * sha_256, sha_512, crc_32) to compute over the bytes stored. `checkOnly`: the same checks
   * and digest, nothing written. A source whose reads make no progress for `stallMs` is
   * answered `stalled`, never waited on for ever.
   */
  stageFiles(
    entries: { key: string; source: string; digest?: string }[],
    opts: { within: string; concurrency?: number; stallMs?: number; checkOnly?: boolean },
  ): Promise<SourceVerdict[]>;
  /**
   * Step two: staged files renamed to their keys and made durable together (one filesystem
   * sync) when it resolves. Per file: undefined when published, or the Error that stopped it.
   */
  publishStaged(files: StagedFile[]): Promise<(Error | undefined)[]>;
  /** Staged files that will not be published (their rows failed). */
  discardStaged(files: StagedFile[]): Promise<void>;
  openRead(key: string, range?: { start: number; end?: number }): Promise<Readable>;
  stat(key: string): Promise<BlobInfo | undefined>;
  exists(key: string): Promise<boolean>;
  /** Remove key; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Remove every key that starts with prefix, as a string (`imports/<uuid>` removes that
   * import's keys, `documents/ab/<uuid>.` one document's), including left-over temporaries.
   */
  deletePrefix(prefix: string): Promise<void>;
}

/** A file copied into storage under a temporary name, not yet visible under its key. */
export interface StagedFile {
  readonly key: string;
  readonly token: string;
}

/** What stageFiles found of one source file. */
export type SourceVerdict =
  | { kind: 'ok'; size: number; digest?: string; staged?: StagedFile }
  /** Its real path lies outside `within`. */
  | { kind: 'outside' }
  /** Missing, not a regular file (directory, fifo, device, socket), or a path refused as such. */
  | { kind: 'not-file' }
  /** fstat said `size` bytes, reading gave `copied` (the file changed while it was copied). */
  | { kind: 'changed'; size: number; copied: number }
  /** No progress for `seconds` (a hung filesystem): given up on. */
  | { kind: 'stalled'; seconds: number }
  /** Reading the source failed. */
  | { kind: 'error'; message: string; code?: string }
  /** Writing into storage failed (full, quota, read-only, I/O): not the source's fault. */
  | { kind: 'storage-error'; message: string; code?: string };

export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`blob exceeds ${limit} bytes`);
    this.name = 'BlobTooLargeError';
  }
}
