// @ts-check
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { crc32 } from 'node:zlib';

/**
 * The body of a file thread (fs-threads.ts starts it). Ops: `stage` (one source opened once,
 * checked on its descriptor, copied from it), `publish` (renames), `sync` (syncfs of the
 * storage filesystem). A test may add ops from a module of its own (`workerData.opsModule`).
 *
 * Plain JavaScript, type-checked through its JSDoc (`// @ts-check`), so a thread starts without
 * a TypeScript loader: it costs what a bare worker costs (about 0.1 s and 9 MB), not the
 * 0.5 s and 25 MB of loading tsx into every thread.
 */

/** @typedef {Error & { code?: string; storage?: boolean }} ErrnoError */
/** @typedef {{ message: string; code: string | undefined }} Failure */
/** @typedef {{ kind: 'not-file' } | { kind: 'outside' } | { kind: 'error'; message: string; code: string | undefined }} Verdict */
/** @typedef {(job: any) => unknown} Op */

const C = fs.constants;
try {
  // Below the event loop's priority (Linux nice is per thread).
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  if (tid > 0) os.setPriority(tid, 5);
} catch {}

// ctl: Int32Array over a SharedArrayBuffer: [0] beat, [1] index of the job in hand, [2] cancel.
/** @type {Int32Array} */
let ctl = new Int32Array(3);
const beat = () => Atomics.add(ctl, 0, 1);
const cancelled = () => Atomics.load(ctl, 2) !== 0;
/** @type {Set<string>} */
const made = new Set();
/** @type {string[]} */
let created = [];

/** @param {string} dir */
function ensureDir(dir) {
  if (made.has(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  made.add(dir);
}

/* ---- stage: one source file opened once, checked on its descriptor, copied from it ---- */
const OPEN_SOURCE = C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK | C.O_NOCTTY; // libuv adds O_CLOEXEC
const BUF = Buffer.allocUnsafe(1024 * 1024);
/** @type {Record<string, string>} */
const HASHES = { md5: 'md5', sha_1: 'sha1', sha_256: 'sha256', sha_512: 'sha512' };

/** @param {string} base @param {string} p */
function inside(base, p) {
  return base === '/' ? p !== '/' : p.startsWith(`${base}/`);
}

/**
 * @param {string} file
 * @param {string} within
 * @returns {{ fd: number } | { verdict: Verdict }}
 */
function openSource(file, within) {
  try {
    return { fd: fs.openSync(file, OPEN_SOURCE) };
  } catch (err) {
    if (/** @type {ErrnoError} */ (err).code !== 'ELOOP') return { verdict: failure(err) };
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

/** @param {unknown} error @returns {Verdict} */
function failure(error) {
  const err = /** @type {ErrnoError} */ (error);
  const gone = ['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP', 'EISDIR', 'ENXIO', 'EWOULDBLOCK', 'EAGAIN'];
  if (gone.includes(err.code ?? '')) return { kind: 'not-file' };
  return { kind: 'error', message: err.message, code: err.code };
}

/** @param {number} fd @param {Buffer} buf @param {number} n */
function writeAll(fd, buf, n) {
  for (let off = 0; off < n; ) off += fs.writeSync(fd, buf, off, n - off);
}

/**
 * @param {string | null} algoritme
 * @returns {{ update(b: Buffer): void; hex(): string } | undefined}
 */
function digester(algoritme) {
  if (!algoritme) return undefined;
  if (algoritme === 'crc_32') {
    let crc = 0;
    return {
      update: (b) => {
        crc = crc32(b, crc);
      },
      hex: () => (crc >>> 0).toString(16).padStart(8, '0'),
    };
  }
  const h = createHash(HASHES[algoritme] ?? 'sha256');
  return { update: (b) => h.update(b), hex: () => h.digest('hex') };
}

/**
 * Runs a write into storage; a failure there is the server's (full, quota, read-only, I/O).
 * @template T
 * @param {() => T} fn
 * @returns {T}
 */
function onStorage(fn) {
  try {
    return fn();
  } catch (err) {
    /** @type {ErrnoError} */ (err).storage = true;
    throw err;
  }
}

/** @param {() => void} fn */
function quietly(fn) {
  try {
    fn();
  } catch {}
}

/** @param {[source: string, within: string, temp: string | null, algoritme: string | null]} job */
function stage([source, within, temp, algoritme]) {
  const opened = openSource(source, within);
  if ('verdict' in opened) return opened.verdict;
  const fd = opened.fd;
  /** @type {number | undefined} */
  let out;
  try {
    // The checks are made on the descriptor that is then read: where it really is, and what.
    const real = fs.readlinkSync(`/proc/self/fd/${fd}`);
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
      const target = out;
      if (target !== undefined) onStorage(() => writeAll(target, BUF, n));
      hash?.update(BUF.subarray(0, n));
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
  } catch (error) {
    const err = /** @type {ErrnoError} */ (error);
    const o = out;
    if (o !== undefined) quietly(() => fs.closeSync(o));
    if (temp !== null) quietly(() => fs.rmSync(temp, { force: true }));
    // Writing into storage failed (full, quota, read-only, I/O): the server's fault, not the row's.
    return { kind: err.storage ? 'storage-error' : 'error', message: err.message, code: err.code };
  } finally {
    fs.closeSync(fd);
  }
}

/* ---- publish: staged temporaries renamed to their keys ---- */
/** @param {[temp: string, target: string]} job @returns {Failure | null} */
function publish([temp, target]) {
  try {
    fs.renameSync(temp, target);
    return null;
  } catch (error) {
    const err = /** @type {ErrnoError} */ (error);
    return { message: err.message, code: err.code };
  }
}

/* ---- sync: syncfs(2) of the storage filesystem ---- */
/** @param {string} p */
function fsyncPath(p) {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * @typedef {object} Syncer
 * @property {import('node:child_process').ChildProcessByStdio<import('node:stream').Writable, import('node:stream').Readable, null>} child
 * @property {{ resolve: () => void; reject: (err: Error) => void }[]} waiting
 * @property {string} buf
 * @property {boolean} dead
 */
// syncfs(2) through one long-lived shell per thread: spawning `sync` from this process costs
// a fork of the whole server (~8 ms at 250 MB), from the small shell well under 1 ms.
/** @type {Syncer | undefined} */
let syncer;
/** @returns {Syncer} */
function startSyncer() {
  const child = spawn(
    'sh',
    ['-c', 'while IFS= read -r p; do if sync -f "$p"; then echo ok; else echo fail; fi; done'],
    { stdio: ['pipe', 'pipe', 'ignore'] },
  );
  /** @type {Syncer} */
  const s = { child, waiting: [], buf: '', dead: false };
  /** @param {Error} err */
  const fail = (err) => {
    s.dead = true;
    for (const w of s.waiting.splice(0)) w.reject(err);
  };
  child.on('error', fail);
  child.on('exit', () => fail(new Error('sync helper exited')));
  child.stdin.on('error', fail);
  child.stdout.on('data', (/** @type {Buffer} */ d) => {
    s.buf += d.toString();
    for (let i = s.buf.indexOf('\n'); i >= 0; i = s.buf.indexOf('\n')) {
      const line = s.buf.slice(0, i);
      s.buf = s.buf.slice(i + 1);
      const w = s.waiting.shift();
      if (!w) continue;
      if (line === 'ok') w.resolve();
      else w.reject(new Error('sync -f failed'));
    }
  });
  child.unref();
  /** @type {{ unref?: () => void }} */ (/** @type {unknown} */ (child.stdin)).unref?.();
  /** @type {{ unref?: () => void }} */ (/** @type {unknown} */ (child.stdout)).unref?.();
  return s;
}

/** @param {string} root @returns {Promise<void>} */
function syncfs(root) {
  if (root.includes('\n')) return Promise.reject(new Error('path with a newline'));
  if (!syncer || syncer.dead) syncer = startSyncer();
  const s = syncer;
  return new Promise((resolve, reject) => {
    s.waiting.push({ resolve, reject });
    s.child.stdin.write(`${root}\n`);
  });
}

/** @param {[root: string, files: string[]]} job @returns {Promise<Failure | null>} */
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
  } catch (error) {
    const err = /** @type {ErrnoError} */ (error);
    return { message: err.message, code: err.code };
  }
}

/** @type {Record<string, Op>} */
const OPS = { stage, publish, sync };
const opsModule = /** @type {{ opsModule?: string } | null} */ (workerData)?.opsModule;
if (opsModule) {
  // A test's ops may be TypeScript: only then is the loader registered in this thread.
  if (opsModule.endsWith('.ts')) await import('tsx/esm/api').then((tsx) => tsx.register());
  Object.assign(OPS, /** @type {{ ops: Record<string, Op> }} */ (await import(opsModule)).ops);
}

parentPort?.on(
  'message',
  async (/** @type {{ id: number; op: string; jobs: unknown[]; ctl: Int32Array }} */ msg) => {
    ctl = msg.ctl;
    created = [];
    const op = OPS[msg.op];
    // An unknown op is a bug: the thread fails and the caller's promise is rejected.
    if (!op) throw new Error(`unknown file-thread op ${msg.op}`);
    /** @type {unknown[]} */
    let results = [];
    for (let k = 0; k < msg.jobs.length; k++) {
      if (cancelled()) break;
      Atomics.store(ctl, 1, k);
      beat();
      let r = op(msg.jobs[k]);
      if (r instanceof Promise) r = await r;
      results.push(r);
      if (results.length >= 64) {
        parentPort?.postMessage({ id: msg.id, from: k + 1 - results.length, results });
        results = [];
      }
    }
    if (cancelled()) {
      // Given up on while stuck: whatever this message wrote is not wanted; this thread ends.
      for (const t of created) quietly(() => fs.rmSync(t, { force: true }));
      process.exit(0);
    }
    parentPort?.postMessage({ id: msg.id, from: msg.jobs.length - results.length, results, done: true });
  },
);
