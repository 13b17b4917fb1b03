/**
 * The source of a file thread (see fs-threads.ts): plain CommonJS run by `new Worker(…, { eval: true })`.
 * Ops: `stage` (one source opened once, checked on its descriptor, copied from it), `publish`
 * (renames), `sync` (syncfs of the storage filesystem); the EXTRA_OPS marker is where a test adds its own.
 */
export const WORKER_SOURCE = `
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
