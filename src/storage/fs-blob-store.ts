import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BlobInfo, type BlobStore, BlobTooLargeError, type StagedFile } from './blob-store.js';
import { publishCopies, stageCopies } from './fs-staged-copy.js';
import { writeAtPath } from './fs-write-at.js';

const KEY = /^[a-z0-9][a-z0-9_.-]*(\/[a-z0-9][a-z0-9_.-]*)*$/i;

/** Filesystem BlobStore rooted at STORAGE_DIR. */
export function createFsBlobStore(root: string): BlobStore {
  const resolve = (key: string): string => {
    if (!KEY.test(key) || key.split('/').some((s) => s === '..' || s === '.')) {
      throw new Error(`invalid storage key: ${key}`);
    }
    return path.join(root, key);
  };
  const tempFor = (target: string) => `${target}.tmp-${randomBytes(6).toString('hex')}`;
  /** A staged file's temporary: only ever one this store made for that key. */
  const stagedPath = (f: StagedFile): string => {
    const target = resolve(f.key);
    if (!f.token.startsWith(`${target}.tmp-`) || f.token.includes('/', target.length)) {
      throw new Error(`not a staged file of ${f.key}`);
    }
    return f.token;
  };

  async function commit(temp: string, target: string): Promise<void> {
    await fs.rename(temp, target);
    // fsync the directory so the rename itself survives a crash.
    const dir = await fs.open(path.dirname(target), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async function fsyncFile(file: string): Promise<number> {
    const fh = await fs.open(file, 'r+');
    try {
      await fh.sync();
      return (await fh.stat()).size;
    } finally {
      await fh.close();
    }
  }

  return {
    async putStream(key, source, opts = {}) {
      const target = resolve(key);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const temp = tempFor(target);
      let size = 0;
      const limit = opts.maxBytes;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          size += chunk.length;
          if (limit !== undefined && size > limit) cb(new BlobTooLargeError(limit));
          else cb(null, chunk);
        },
      });
      // The temporary is opened here, before any data flows: a write stream that opens its
      // own file can still be opening it when a failed pipeline is cleaned up, and would then
      // create the temporary after it was removed (a refused upload left one behind).
      const out = (await fs.open(temp, 'wx')).createWriteStream();
      try {
        await pipeline(source, counter, out);
        await fsyncFile(temp);
        await commit(temp, target);
      } catch (err) {
        if (!out.closed) await new Promise<void>((r) => out.once('close', () => r()));
        await fs.rm(temp, { force: true });
        throw err;
      }
      return { size };
    },

    async putFile(key, sourcePath) {
      const target = resolve(key);
      await fs.mkdir(path.dirname(target), { recursive: true });
      const temp = tempFor(target);
      try {
        await fs.copyFile(sourcePath, temp);
        const size = await fsyncFile(temp);
        await commit(temp, target);
        return { size };
      } catch (err) {
        await fs.rm(temp, { force: true });
        throw err;
      }
    },

    async writeAt(key, offset, source, opts) {
      return writeAtPath(resolve(key), offset, source, opts.maxBytes);
    },

    async stageFiles(entries, opts) {
      const jobs = entries.map((e) => ({
        key: e.key,
        source: e.source,
        digest: e.digest,
        temp: opts.checkOnly ? null : tempFor(resolve(e.key)),
      }));
      return stageCopies(jobs, opts.within, {
        concurrency: opts.concurrency ?? 16,
        stallMs: opts.stallMs ?? 60_000,
      });
    },

    async publishStaged(files) {
      return publishCopies(
        root,
        files.map((f) => ({ token: stagedPath(f), target: resolve(f.key) })),
      );
    },

    async discardStaged(files) {
      await Promise.all(files.map((f) => fs.rm(stagedPath(f), { force: true })));
    },

    async openRead(key, range) {
      const file = resolve(key);
      const fh = await fs.open(file, 'r');
      // Hand the FileHandle itself to the stream: with a bare fd the handle is later closed
      // again on garbage collection, which fails with EBADF and crashes the process.
      return fh.createReadStream({ start: range?.start, end: range?.end, autoClose: true });
    },

    async stat(key): Promise<BlobInfo | undefined> {
      try {
        const st = await fs.stat(resolve(key));
        return st.isFile() ? { size: st.size } : undefined;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      }
    },

    async exists(key) {
      return (await this.stat(key)) !== undefined;
    },

    async delete(key) {
      await fs.rm(resolve(key), { force: true });
    },

    async deletePrefix(prefix) {
      if (prefix === '') throw new Error('deletePrefix needs a prefix');
      if (prefix.endsWith('/')) {
        await fs.rm(resolve(prefix.replace(/\/+$/, '')), { recursive: true, force: true });
        return;
      }
      // A name prefix: every entry of its directory whose name starts with the last segment.
      const slash = prefix.lastIndexOf('/');
      const dir = slash < 0 ? root : resolve(prefix.slice(0, slash));
      const base = prefix.slice(slash + 1);
      let names: string[];
      try {
        names = await fs.readdir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw err;
      }
      const doomed = names.filter((n) => n.startsWith(base));
      await Promise.all(doomed.map((n) => fs.rm(path.join(dir, n), { recursive: true, force: true })));
    },
  };
}

export type { Readable };
