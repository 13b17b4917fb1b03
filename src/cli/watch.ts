import type { ImportStatus } from '../imports/schemas.js';
import { ApiError, type Client } from './client.js';
import type { ProgressView } from './progress.js';

/**
 * Follows an import through GET status until it ends or `signal` aborts. The import runs on the
 * server whatever happens here, so a lost connection is retried (with backoff, up to
 * `giveUpSeconds`) instead of ending the watch.
 */
export const ended = (s: ImportStatus): boolean => s.status === 'finished' || s.status === 'error';

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export async function watchImport(
  client: Client,
  uuid: string,
  view: ProgressView,
  opts: { signal?: AbortSignal; pollMs: number; giveUpSeconds?: number },
): Promise<{ status: ImportStatus | undefined; interrupted: boolean }> {
  let status: ImportStatus | undefined;
  let failingSince: number | undefined;
  let backoff = opts.pollMs;
  let wasPaused = false;
  for (;;) {
    if (opts.signal?.aborted) return { status, interrupted: true };
    try {
      status = await client.json<ImportStatus>('GET', `/${uuid}/status`);
      if (failingSince !== undefined) view.note('connection to the server is back');
      failingSince = undefined;
      backoff = opts.pollMs;
      if (status.paused && !wasPaused) view.note(pausedNote(uuid, status));
      wasPaused = status.paused;
      view.update(status);
      if (ended(status)) return { status, interrupted: false };
    } catch (err) {
      const transient = err instanceof ApiError && (err.status === 0 || err.status >= 500);
      if (!transient) throw err;
      if (failingSince === undefined) {
        failingSince = Date.now();
        view.note(`${err.message}; retrying (the import goes on on the server)`);
      } else if (Date.now() - failingSince > (opts.giveUpSeconds ?? 300) * 1000) {
        throw err;
      }
      backoff = Math.min(backoff * 2, 15_000);
    }
    await sleep(failingSince === undefined ? opts.pollMs : backoff, opts.signal);
  }
}

/** Once, when an import pauses: why, and what the operator can do about it. */
function pausedNote(uuid: string, s: ImportStatus): string {
  const why = s.comment ? `: ${s.comment}` : '';
  return (
    `Paused (${s.pauseReason ?? 'paused'})${why}\n` +
    `  resume: npm run cli -- import resume ${uuid}   cancel: npm run cli -- import cancel ${uuid}`
  );
}
