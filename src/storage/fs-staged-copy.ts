import { fsThreads, inShares, type StalledJob, type WireError, toError } from '../shared/fs-threads.js';
import type { SourceVerdict, StagedFile } from './blob-store.js';

/**
 * Staged copies for FsBlobStore, on the file threads (bulk import). Stage: each source file
 * is opened once (no link followed, never blocking on a fifo or device), checked on that
 * descriptor (its real path inside `within`, a regular file), and copied from that very
 * descriptor to a temporary name beside its key, hashing the bytes as they are written.
 * Publish: the temporaries are renamed into place, then ONE syncfs(2) of the storage
 * filesystem (`sync -f`) makes all data, new directories and renames durable together — the
 * guarantee of an fsync per file and directory at a fraction of the cost (where `sync -f` is
 * not available: an fsync per file and directory).
 */
type StageAnswer =
  | { kind: 'ok'; size: number; digest?: string }
  | { kind: 'outside' | 'not-file' }
  | { kind: 'changed'; size: number; copied: number }
  | { kind: 'error' | 'storage-error'; message: string; code?: string }
  | StalledJob;

export async function stageCopies(
  entries: { temp: string | null; key: string; source: string; digest?: string }[],
  within: string,
  opts: { concurrency: number; stallMs: number },
): Promise<SourceVerdict[]> {
  if (entries.length === 0) return [];
  const workers = fsThreads(Math.min(opts.concurrency, entries.length), opts.stallMs);
  const answers = await inShares<StageAnswer>(
    workers,
    'stage',
    entries.map((e) => [e.source, within, e.temp, e.digest ?? null]),
  );
  return answers.map((a, i): SourceVerdict => {
    const e = entries[i]!;
    if (a === undefined) return { kind: 'error', message: 'file thread gave no answer' };
    if ('stalled' in a) return { kind: 'stalled', seconds: Math.round(opts.stallMs / 1000) };
    if (a.kind === 'ok') {
      const staged: StagedFile | undefined = e.temp === null ? undefined : { key: e.key, token: e.temp };
      return { kind: 'ok', size: a.size, digest: a.digest, staged };
    }
    return a;
  });
}

export async function publishCopies(
  root: string,
  staged: { token: string; target: string }[],
): Promise<(Error | undefined)[]> {
  if (staged.length === 0) return [];
  const workers = fsThreads(Math.ceil(staged.length / 64));
  const answers = await inShares<WireError | StalledJob>(
    workers,
    'publish',
    staged.map((s) => [s.token, s.target]),
  );
  const out = answers.map((a) =>
    a !== null && a !== undefined && 'stalled' in a ? new Error('rename did not return in time') : toError(a),
  );
  const written = staged.filter((_, i) => out[i] === undefined).map((s) => s.target);
  if (written.length > 0) {
    const [synced] = await workers[0]!.run('sync', [[root, written]]);
    const a = synced as WireError | StalledJob | undefined;
    if (a !== null && a !== undefined) {
      throw 'stalled' in a ? new Error('filesystem sync did not return in time') : toError(a);
    }
  }
  return out;
}
