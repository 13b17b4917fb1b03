import fs from 'node:fs/promises';

/**
 * A cause that is the server's, not the row's (issue 10 #5): storage full or failing, the
 * import directory gone or unreadable, the database away too long. The batch in flight is
 * not committed (its rows stay unprocessed) and the import pauses; the runner retries it by
 * itself with backoff, and `resume` retries at once.
 */
export class ServerFault extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerFault';
  }
}

/** Source errors that say the disk or mount is failing, not the file. */
export const DEVICE_ERRORS = new Set(['EIO', 'ENXIO', 'ESTALE', 'ENODEV', 'ETIMEDOUT', 'EHOSTDOWN']);

/**
 * Whether the import directory is there and readable, within `timeoutMs` (a hung mount must
 * not hang the check): undefined when it is, else the reason.
 */
export async function baseDirProblem(dir: string, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
  });
  const check = (async () => {
    try {
      const st = await fs.stat(dir);
      if (!st.isDirectory()) return 'not a directory';
      await fs.access(dir, fs.constants.R_OK | fs.constants.X_OK);
      // One entry read: a dead mount answers stat from cache but fails here.
      const d = await fs.opendir(dir);
      try {
        await d.read();
      } finally {
        await d.close();
      }
      return undefined;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    }
  })();
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Backoff of a fault-paused import's automatic retries: 15 s doubling, at most 10 minutes. */
export const faultRetrySeconds = (retries: number): number => Math.min(15 * 2 ** Math.min(retries, 10), 600);

/** A file-system promise with a bound: a hung mount rejects after `ms` instead of never. */
export async function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new Error(`${what}: no answer within ${Math.round(ms / 1000)} s`) as NodeJS.ErrnoException;
      err.code = 'ETIMEDOUT';
      reject(err);
    }, ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
