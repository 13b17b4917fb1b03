import type { Readable } from 'node:stream';

/**
 * The narrow storage interface (architecture.md "Storage"). Keys are derived by callers
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
   * Copy many local files, each to its own key (temp name + rename), made durable together
   * with one filesystem sync when it resolves (cheaper than an fsync per file; bulk import).
   * Per entry: undefined when copied, or the Error that stopped that one copy.
   */
  putFiles(
    entries: { key: string; sourcePath: string }[],
    opts?: { concurrency?: number },
  ): Promise<(Error | undefined)[]>;
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

export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`blob exceeds ${limit} bytes`);
    this.name = 'BlobTooLargeError';
  }
}
