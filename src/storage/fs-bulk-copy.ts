import { Worker } from 'node:worker_threads';

/**
 * Bulk copy for FsBlobStore.putFiles, on worker threads: every file is copied (reflink or
 * kernel copy) to a temporary name beside its target and renamed into place, then ONE
 * syncfs(2) of the storage filesystem (`sync -f`) makes all data, new directories and
 * renames durable together — the guarantee of an fsync per file and directory at a fraction
 * of the cost. Where `sync -f` is not available it falls back to an fsync per file and
 * directory.
 *
 * The threads make plain blocking system calls, so a busy event loop (CSV parsing, SQL
 * parameters, HTTP) never holds a copy up, and the event loop does no per-file work.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const made = new Set();
// Below the event loop's priority (Linux nice is per thread): under a CPU-bound import the
// HTTP API and the pipeline's own thread come first, the copies take what is left.
try {
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) require('node:os').setPriority(tid, 5);
} catch {}
function ensureDir(dir) {
  if (made.has(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  made.add(dir);
}
function copyOne(src, temp, target) {
  const dir = path.dirname(target);
  ensureDir(dir);
  try {
    fs.copyFileSync(src, temp, fs.constants.COPYFILE_FICLONE);
  } catch (err) {
    // A directory removed since it was made: make it again, once.
    if (err.code !== 'ENOENT' || fs.existsSync(dir)) throw err;
    made.delete(dir);
    ensureDir(dir);
    fs.copyFileSync(src, temp, fs.constants.COPYFILE_FICLONE);
  }
  fs.renameSync(temp, target);
}
function fsyncPath(p) {
  const fd = fs.openSync(p, 'r');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}
function makeDurable(root, files) {
  try {
    execFileSync('sync', ['-f', root], { stdio: 'ignore' });
    return;
  } catch {}
  for (const f of files) fsyncPath(f);
  for (const d of new Set(files.map((f) => path.dirname(f)))) fsyncPath(d);
}
parentPort.on('message', (msg) => {
  if (msg.sync) {
    try {
      makeDurable(msg.sync.root, msg.sync.files);
      parentPort.postMessage({ id: msg.id, error: null });
    } catch (err) {
      parentPort.postMessage({ id: msg.id, error: { message: err.message, code: err.code } });
    }
    return;
  }
  const errors = msg.jobs.map(([src, temp, target]) => {
    try {
      copyOne(src, temp, target);
      return null;
    } catch (err) {
      try { fs.rmSync(temp, { force: true }); } catch {}
      return { message: err.message, code: err.code };
    }
  });
  parentPort.postMessage({ id: msg.id, errors });
});
`;

type WireError = { message: string; code?: string } | null;
type Reply = { id: number; errors?: WireError[]; error?: WireError };

class CopyThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  private seq = 0;

  constructor() {
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
    this.worker.on('message', (r: Reply) => {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (this.waiting.size === 0) this.worker.unref();
      w?.resolve(r);
    });
    this.worker.on('error', (err) => this.failAll(err));
    this.worker.on('exit', (code) => this.failAll(new Error(`copy thread exited with code ${code}`)));
  }

  get alive(): boolean {
    return this.worker.threadId >= 0;
  }

  send(msg: Record<string, unknown>): Promise<Reply> {
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...msg, id });
    });
  }

  private failAll(err: Error): void {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}

const MAX_THREADS = 4;
let threads: CopyThread[] = [];

function pool(n: number): CopyThread[] {
  threads = threads.filter((t) => t.alive);
  while (threads.length < n) threads.push(new CopyThread());
  return threads.slice(0, n);
}

const toError = (e: WireError): Error | undefined => {
  if (e === null) return undefined;
  const err = new Error(e.message) as NodeJS.ErrnoException;
  if (e.code) err.code = e.code;
  return err;
};

export async function bulkCopy(
  root: string,
  entries: { target: string; temp: string; sourcePath: string }[],
  concurrency: number,
): Promise<(Error | undefined)[]> {
  if (entries.length === 0) return [];
  const workers = pool(Math.max(1, Math.min(concurrency, MAX_THREADS, entries.length)));
  // Interleaved shares, so a run of large files is spread over all threads.
  const shares = workers.map((_, w) => entries.map((_e, i) => i).filter((i) => i % workers.length === w));
  const replies = await Promise.all(
    workers.map((t, w) =>
      t.send({ jobs: shares[w]!.map((i) => [entries[i]!.sourcePath, entries[i]!.temp, entries[i]!.target]) }),
    ),
  );
  const out: (Error | undefined)[] = new Array(entries.length);
  replies.forEach((r, w) => {
    shares[w]!.forEach((i, k) => {
      const e = r.errors?.[k];
      out[i] = e === undefined ? new Error('copy thread gave no answer') : toError(e);
    });
  });
  const written = entries.filter((_, i) => out[i] === undefined).map((e) => e.target);
  if (written.length > 0) {
    const synced = await workers[0]!.send({ sync: { root, files: written } });
    const err = toError(synced.error ?? null);
    if (err) throw err;
  }
  return out;
}
