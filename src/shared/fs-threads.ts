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

/** The thread's module: plain JavaScript, so a thread starts without a TypeScript loader. */
const THREAD_MAIN = new URL('./fs-thread-main.js', import.meta.url);

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
  /** Test hook: a module (file URL) whose `ops` export adds entries to the thread's ops. */
  opsModule?: string;
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
  private readonly opsModule: string | undefined;
  stallMs: number;
  /** Threads given up on since start (their system call never returned in time). */
  abandoned = 0;

  constructor(opts: FsThreadOptions = {}) {
    this.stallMs = opts.stallMs ?? 60_000;
    this.opsModule = opts.opsModule;
    this.spawn();
  }

  private spawn(): void {
    // No execArgv: the process's `--import tsx` is not loaded into a thread that does not need it.
    const worker = new Worker(THREAD_MAIN, { execArgv: [], workerData: { opsModule: this.opsModule } });
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
