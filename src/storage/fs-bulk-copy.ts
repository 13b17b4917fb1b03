import { fsThreads, inShares, toError } from '../shared/fs-threads.js';

/**
 * Bulk copy for FsBlobStore.putFiles, on the file threads: every file is copied (reflink or
 * kernel copy) to a temporary name beside its target and renamed into place, then ONE
 * syncfs(2) of the storage filesystem (`sync -f`) makes all data, new directories and
 * renames durable together — the guarantee of an fsync per file and directory at a fraction
 * of the cost. Where `sync -f` is not available it falls back to an fsync per file and
 * directory.
 */
export async function bulkCopy(
  root: string,
  entries: { target: string; temp: string; sourcePath: string }[],
  concurrency: number,
): Promise<(Error | undefined)[]> {
  if (entries.length === 0) return [];
  const workers = fsThreads(Math.min(concurrency, entries.length));
  const out = await inShares(
    workers,
    entries.length,
    (items) => ({ jobs: items.map((i) => [entries[i]!.sourcePath, entries[i]!.temp, entries[i]!.target]) }),
    (r, k) => {
      const e = r.errors?.[k];
      return e === undefined ? new Error('copy thread gave no answer') : toError(e);
    },
  );
  const written = entries.filter((_, i) => out[i] === undefined).map((e) => e.target);
  if (written.length > 0) {
    const synced = await workers[0]!.send({ sync: { root, files: written } });
    const err = toError(synced.error ?? null);
    if (err) throw err;
  }
  return out;
}
