import { Worker } from 'node:worker_threads';

/**
 * A small pool of threads for blocking file-system calls in bulk (bulk import): copying
 * source files into storage, renames and one filesystem sync per batch. The threads make
 * plain blocking system calls, so a busy event loop (CSV parsing, SQL parameters, HTTP) never
 * holds a file operation up, and the event loop does no per-file work. They run below the
 * event loop's priority (Linux nice is per thread): under a CPU-bound import the HTTP API and
 * the pipeline come first.
 *
 * Nothing may block for ever: every job beats a shared counter while it works (per job and
 * per MiB copied). A thread whose counter stands still for `stallMs` is given up: the job it
 * is stuck in is answered `{ stalled: true }`, the jobs after it go to a fresh thread, and the
 * stuck one is told to clean up and end should its system call ever return.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { execFileSync, spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const { crc32 } = require('node:zlib');
const fs = require('node:fs');
const path = require('node:path');
const C = fs.constants;
try {
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) require('node:os').setPriority(tid, 5);
} catch {}

// ctl: Int32Array over a SharedArrayBuffer: [0] beat, [1] index of the job in hand, [2] cancel.
let ctl = new Int32Array(3);
const beat = () => Atomics.add(ctl, 0, 1);
const cancelled = () => Atomics.load(ctl, 2) !== 0;
const made = new Set();
let created = [];

function ensureDir(dir) {
  if (made.has(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  made.add(dir);
}

/* ---- stage: one source file opened once, checked on its descriptor, copied from it ---- */
const OPEN_SOURCE = C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK | C.O_NOCTTY; // libuv adds O_CLOEXEC
const BUF = Buffer.allocUnsafe(1024 * 1024);
const HASHES = { md5: 'md5', sha_1: 'sha1', sha_256: 'sha256', sha_512: 'sha512' };

function inside(base, p) {
  return base === '/' ? p !== '/' : p.startsWith(base + '/');
}
function openSource(file, within) {
  try {
    return { fd: fs.openSync(file, OPEN_SOURCE) };
  } catch (err) {
    if (err.code !== 'ELOOP') return { verdict: failure(err) };
  }
  // The last component is a symbolic link: find where it leads, and open that (again
  // without following a link); the descriptor is checked below all the same.
  let real;
  try {
    real = fs.realpathSync.native(file);
  } catch (err) {
    return { verdict: failure(err) };
  }
  if (!inside(within, real)) return { verdict: { kind: 'outside' } };
  try {
    return { fd: fs.openSync(real, OPEN_SOURCE) };
  } catch (err) {
    return { verdict: failure(err) };
  }
}
function failure(err) {
  const gone = ['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP', 'EISDIR', 'ENXIO', 'EWOULDBLOCK', 'EAGAIN'];
  if (gone.includes(err.code)) return { kind: 'not-file' };
  return { kind: 'error', message: err.message, code: err.code };
}
function writeAll(fd, buf, n) {
  for (let off = 0; off < n; ) off += fs.writeSync(fd, buf, off, n - off);
}
function digester(algoritme) {
  if (!algoritme) return undefined;
  if (algoritme === 'crc_32') {
    let crc = 0;
    return { update: (b) => { crc = crc32(b, crc); }, hex: () => (crc >>> 0).toString(16).padStart(8, '0') };
  }
  const h = createHash(HASHES[algoritme] || 'sha256');
  return { update: (b) => h.update(b), hex: () => h.digest('hex') };
}
function stage([source, within, temp, algoritme]) {
  const opened = openSource(source, within);
  if (!opened.fd && opened.fd !== 0) return opened.verdict;
  const fd = opened.fd;
  let out;
  try {
    // The checks are made on the descriptor that is then read: where it really is, and what.
    const real = fs.readlinkSync('/proc/self/fd/' + fd);
    if (!inside(within, real)) return { kind: 'outside' };
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { kind: 'not-file' };
    const size = st.size;
    if (temp !== null) {
      out = onStorage(() => {
        ensureDir(path.dirname(temp));
        return fs.openSync(temp, 'wx', 0o644);
      });
      created.push(temp);
    }
    const hash = digester(algoritme);
    // Read to one byte past the size fstat gave: more or fewer bytes means the file changed.
    const limit = size + 1;
    let copied = 0;
    while (copied < limit) {
      if (cancelled()) throw new Error('cancelled');
      const n = fs.readSync(fd, BUF, 0, Math.min(BUF.length, limit - copied), copied);
      if (n === 0) break;
      if (out !== undefined) onStorage(() => writeAll(out, BUF, n));
      if (hash) hash.update(BUF.subarray(0, n));
      copied += n;
      beat();
    }
    if (out !== undefined) {
      const o = out;
      out = undefined;
      onStorage(() => fs.closeSync(o));
    }
    if (copied !== size) {
      if (temp !== null) fs.rmSync(temp, { force: true });
      return { kind: 'changed', size, copied };
    }
    return { kind: 'ok', size, digest: hash ? hash.hex() : undefined };
  } catch (err) {
    if (out !== undefined) try { fs.closeSync(out); } catch {}
    if (temp !== null) try { fs.rmSync(temp, { force: true }); } catch {}
    // Writing into storage failed (full, quota, read-only, I/O): the server's fault, not the row's.
    return { kind: err.storage ? 'storage-error' : 'error', message: err.message, code: err.code };
  } finally {
    fs.closeSync(fd);
  }
}
function onStorage(fn) {
  try {
    return fn();
  } catch (err) {
    err.storage = true;
    throw err;
  }
}

/* ---- publish: staged temporaries renamed to their keys ---- */
function publish([temp, target]) {
  try {
    fs.renameSync(temp, target);
    return null;
  } catch (err) {
    return { message: err.message, code: err.code };
  }
}

/* ---- sync: syncfs(2) of the storage filesystem ---- */
function fsyncPath(p) {
  const fd = fs.openSync(p, 'r');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}
// syncfs(2) through one long-lived shell per thread: spawning \`sync\` from this process costs
// a fork of the whole server (~8 ms at 250 MB), from the small shell well under 1 ms.
let syncer;
function startSyncer() {
  const child = spawn('sh', ['-c', 'while IFS= read -r p; do if sync -f "$p"; then echo ok; else echo fail; fi; done'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const s = { child, waiting: [], buf: '', dead: false };
  const fail = (err) => {
    s.dead = true;
    for (const w of s.waiting.splice(0)) w.reject(err);
  };
  child.on('error', fail);
  child.on('exit', () => fail(new Error('sync helper exited')));
  child.stdin.on('error', fail);
  child.stdout.on('data', (d) => {
    s.buf += d;
    for (let i = s.buf.indexOf('\\n'); i >= 0; i = s.buf.indexOf('\\n')) {
      const line = s.buf.slice(0, i);
      s.buf = s.buf.slice(i + 1);
      const w = s.waiting.shift();
      if (w) line === 'ok' ? w.resolve() : w.reject(new Error('sync -f failed'));
    }
  });
  child.unref();
  child.stdin.unref?.();
  child.stdout.unref?.();
  return s;
}
function syncfs(root) {
  if (root.includes('\\n')) return Promise.reject(new Error('path with a newline'));
  if (!syncer || syncer.dead) syncer = startSyncer();
  const s = syncer;
  return new Promise((resolve, reject) => {
    s.waiting.push({ resolve, reject });
    s.child.stdin.write(root + '\\n');
  });
}
async function sync([root, files]) {
  try {
    await syncfs(root);
    return null;
  } catch {}
  try {
    execFileSync('sync', ['-f', root], { stdio: 'ignore' });
    return null;
  } catch {}
  try {
    for (const f of files) fsyncPath(f);
    for (const d of new Set(files.map((f) => path.dirname(f)))) fsyncPath(d);
    return null;
  } catch (err) {
    return { message: err.message, code: err.code };
  }
}

const OPS = { stage, publish, sync };
/*EXTRA_OPS*/

parentPort.on('message', async (msg) => {
  ctl = msg.ctl;
  created = [];
  const op = OPS[msg.op];
  let results = [];
  for (let k = 0; k < msg.jobs.length; k++) {
    if (cancelled()) break;
    Atomics.store(ctl, 1, k);
    beat();
    let r = op(msg.jobs[k]);
    if (r && typeof r.then === 'function') r = await r;
    results.push(r);
    if (results.length >= 64) {
      parentPort.postMessage({ id: msg.id, from: k + 1 - results.length, results });
      results = [];
    }
  }
  if (cancelled()) {
    // Given up on while stuck: whatever this message wrote is not wanted; this thread ends.
    for (const t of created) try { fs.rmSync(t, { force: true }); } catch {}
    process.exit(0);
  }
  parentPort.postMessage({ id: msg.id, from: msg.jobs.length - results.length, results, done: true });
});
`;

export interface StalledJob {
  stalled: true;
}

interface Pending {
  id: number;
  op: string;
  jobs: unknown[];
  /** The answers of the whole call; jobs[k]'s goes to all[places[k]]. */
  all: unknown[];
  places: number[];
  resolve: (r: unknown[]) => void;
  reject: (e: Error) => void;
}

export interface FsThreadOptions {
  /** No beat for this long: the job in hand is given up (default 60 s). */
  stallMs?: number;
  /** Test hook: more entries for the thread's `OPS` table, as source text. */
  extraOps?: string;
}

/**
 * One file thread, one message at a time. A message is a list of jobs of one op; the answer
 * is one result per job, in order.
 */
export class FsThread {
  private worker!: Worker;
  private ctl!: Int32Array;
  private readonly queue: Pending[] = [];
  private current: Pending | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private seq = 0;
  private readonly source: string;
  stallMs: number;
  /** Threads given up on since start (their system call never returned in time). */
  abandoned = 0;

  constructor(opts: FsThreadOptions = {}) {
    this.stallMs = opts.stallMs ?? 60_000;
    this.source = WORKER_SOURCE.replace('/*EXTRA_OPS*/', opts.extraOps ?? '');
    this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(this.source, { eval: true });
    worker.unref();
    worker.on('message', (m: { id: number; from: number; results: unknown[]; done?: boolean }) => {
      if (worker !== this.worker) return;
      const p = this.current;
      if (!p || p.id !== m.id) return;
      m.results.forEach((r, i) => {
        p.all[p.places[m.from + i]!] = r;
      });
      if (m.done) this.finish(p);
    });
    const dead = (err: Error) => {
      if (worker !== this.worker) return;
      const p = this.current;
      this.current = undefined;
      this.stopWatchdog();
      p?.reject(err);
      for (const q of this.queue.splice(0)) q.reject(err);
      this.spawn();
    };
    worker.on('error', dead);
    worker.on('exit', (code) => dead(new Error(`file thread exited with code ${code}`)));
    this.worker = worker;
  }

  /** Runs `op` over `jobs` on this thread; resolves with one result per job. */
  run(op: string, jobs: unknown[]): Promise<unknown[]> {
    if (jobs.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const all = new Array<unknown>(jobs.length);
      const places = jobs.map((_, k) => k);
      this.queue.push({ id: ++this.seq, op, jobs, all, places, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.current || this.queue.length === 0) return;
    const p = this.queue.shift()!;
    this.current = p;
    this.ctl = new Int32Array(new SharedArrayBuffer(12));
    this.worker.ref();
    this.worker.postMessage({ id: p.id, op: p.op, jobs: p.jobs, ctl: this.ctl });
    this.startWatchdog();
  }

  private finish(p: Pending): void {
    this.current = undefined;
    this.stopWatchdog();
    if (this.queue.length === 0) this.worker.unref();
    p.resolve(p.all);
    this.next();
  }

  private startWatchdog(): void {
    let last = -1;
    let since = Date.now();
    this.watchdog = setInterval(
      () => {
        const beat = Atomics.load(this.ctl, 0);
        // Until the first beat the thread has not taken the message up yet (still starting).
        if (beat === 0) since = Date.now();
        else if (beat !== last) {
          last = beat;
          since = Date.now();
        } else if (Date.now() - since >= this.stallMs) {
          this.giveUp();
        }
      },
      Math.max(10, Math.min(1000, this.stallMs / 4)),
    );
    this.watchdog.unref();
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  /**
   * The thread is stuck in a system call: the job in hand is answered as stalled, the jobs
   * after it (and those whose answers had not come back yet) go to a fresh thread.
   */
  private giveUp(): void {
    const p = this.current;
    if (!p) return;
    this.stopWatchdog();
    const stuck = Atomics.load(this.ctl, 1);
    Atomics.store(this.ctl, 2, 1);
    const old = this.worker;
    this.abandoned++;
    this.current = undefined;
    void old.terminate().catch(() => undefined);
    old.unref();
    this.spawn();
    p.all[p.places[stuck]!] = { stalled: true } satisfies StalledJob;
    // Jobs whose answers had not come back (before or after the stuck one) are done again on
    // the fresh thread; files the old thread wrote for them it removes if it ever wakes.
    const redo = p.jobs.map((_, k) => k).filter((k) => p.all[p.places[k]!] === undefined);
    if (redo.length === 0) p.resolve(p.all);
    else {
      this.queue.unshift({
        ...p,
        id: ++this.seq,
        jobs: redo.map((k) => p.jobs[k]),
        places: redo.map((k) => p.places[k]!),
      });
    }
    this.next();
  }
}

export const MAX_FS_THREADS = 2;
const threads: FsThread[] = [];

/** The first n threads of the process-wide pool (started on first use, never keep it alive). */
export function fsThreads(n: number, stallMs?: number): FsThread[] {
  const want = Math.max(1, Math.min(n, MAX_FS_THREADS));
  while (threads.length < want) threads.push(new FsThread());
  const out = threads.slice(0, want);
  if (stallMs !== undefined) for (const t of out) t.stallMs = stallMs;
  return out;
}

/** Threads of the pool given up on since start (a stuck read of a source file). */
export function abandonedFsThreads(): number {
  return threads.reduce((n, t) => n + t.abandoned, 0);
}

/**
 * Runs `op` over `jobs` on the given threads, each its interleaved share (so a run of large
 * items is spread over all threads), and gathers the answers back into job order.
 */
export async function inShares<R>(workers: FsThread[], op: string, jobs: unknown[]): Promise<R[]> {
  const parts: number[][] = workers.map(() => []);
  for (let i = 0; i < jobs.length; i++) parts[i % workers.length]!.push(i);
  const replies = await Promise.all(
    workers.map((t, w) =>
      t.run(
        op,
        parts[w]!.map((i) => jobs[i]),
      ),
    ),
  );
  const out = new Array<R>(jobs.length);
  replies.forEach((r, w) => {
    parts[w]!.forEach((i, k) => {
      out[i] = r[k] as R;
    });
  });
  return out;
}

export type WireError = { message: string; code?: string } | null;

export const toError = (e: WireError | undefined): Error | undefined => {
  if (e === null || e === undefined) return undefined;
  const err = new Error(e.message) as NodeJS.ErrnoException;
  if (e.code) err.code = e.code;
  return err;
};
