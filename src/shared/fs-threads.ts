import { Worker } from 'node:worker_threads';

/**
 * A small pool of threads for blocking file-system calls in bulk (bulk import): copies with
 * one filesystem sync, and lstat of many paths. The threads make plain blocking system
 * calls, so a busy event loop (CSV parsing, SQL parameters, HTTP) never holds a file
 * operation up, and the event loop does no per-file work. They run below the event loop's
 * priority (Linux nice is per thread): under a CPU-bound import the HTTP API and the
 * pipeline come first.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const made = new Set();
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
// syncfs(2) through one long-lived shell per thread: spawning \`sync\` from this process costs
// a fork of the whole server (~8 ms at 250 MB), from the small shell well under 1 ms.
let syncer;
function startSyncer() {
  const { spawn } = require('node:child_process');
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
async function makeDurable(root, files) {
  try {
    await syncfs(root);
    return;
  } catch {}
  try {
    execFileSync('sync', ['-f', root], { stdio: 'ignore' });
    return;
  } catch {}
  for (const f of files) fsyncPath(f);
  for (const d of new Set(files.map((f) => path.dirname(f)))) fsyncPath(d);
}
parentPort.on('message', (msg) => {
  if (msg.sync) {
    makeDurable(msg.sync.root, msg.sync.files).then(
      () => parentPort.postMessage({ id: msg.id, error: null }),
      (err) => parentPort.postMessage({ id: msg.id, error: { message: err.message, code: err.code } }),
    );
    return;
  }
  if (msg.lstat) {
    const stats = msg.lstat.map((p) => {
      try {
        const st = fs.lstatSync(p);
        const kind = st.isFile() ? 'f' : st.isSymbolicLink() ? 'l' : st.isDirectory() ? 'd' : 'o';
        return [kind, st.size];
      } catch {
        return ['x', 0];
      }
    });
    parentPort.postMessage({ id: msg.id, stats });
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

export type WireError = { message: string; code?: string } | null;
export type Reply = { id: number; errors?: WireError[]; error?: WireError; stats?: [string, number][] };

export class FsThread {
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
    this.worker.on('exit', (code) => this.failAll(new Error(`file thread exited with code ${code}`)));
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

export const MAX_FS_THREADS = 2;
let threads: FsThread[] = [];

/** The first n threads of the process-wide pool (started on first use, never keep it alive). */
export function fsThreads(n: number): FsThread[] {
  threads = threads.filter((t) => t.alive);
  const want = Math.max(1, Math.min(n, MAX_FS_THREADS));
  while (threads.length < want) threads.push(new FsThread());
  return threads.slice(0, want);
}

/**
 * Sends each thread its share of `count` items (interleaved, so a run of large items is spread
 * over all threads) and gathers the per-item answers back into item order.
 */
export async function inShares<T>(
  workers: FsThread[],
  count: number,
  message: (items: number[]) => Record<string, unknown>,
  answer: (reply: Reply, k: number) => T,
): Promise<T[]> {
  const parts: number[][] = workers.map(() => []);
  for (let i = 0; i < count; i++) parts[i % workers.length]!.push(i);
  const replies = await Promise.all(workers.map((t, w) => t.send(message(parts[w]!))));
  const out = new Array<T>(count);
  replies.forEach((r, w) => {
    parts[w]!.forEach((i, k) => {
      out[i] = answer(r, k);
    });
  });
  return out;
}

export type PathKind = 'file' | 'directory' | 'symlink' | 'other' | 'missing';
const KINDS: Record<string, PathKind> = { f: 'file', d: 'directory', l: 'symlink', o: 'other', x: 'missing' };

/** lstat of many paths on the file threads: kind and size of each, in order. */
export async function lstatMany(paths: string[]): Promise<{ kind: PathKind; size: number }[]> {
  if (paths.length === 0) return [];
  return inShares(
    fsThreads(Math.ceil(paths.length / 128)),
    paths.length,
    (items) => ({ lstat: items.map((i) => paths[i]) }),
    (r, k) => {
      const [kind, size] = r.stats?.[k] ?? ['x', 0];
      return { kind: KINDS[kind] ?? 'missing', size };
    },
  );
}

export const toError = (e: WireError): Error | undefined => {
  if (e === null) return undefined;
  const err = new Error(e.message) as NodeJS.ErrnoException;
  if (e.code) err.code = e.code;
  return err;
};
