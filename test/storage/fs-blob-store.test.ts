import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { documentBlobKey, documentKeyPrefix, documentUploadKey } from '../../src/documenten/storage-keys.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { createFsBlobStore } from '../../src/storage/fs-blob-store.js';

const A = 'ab000000-0000-4000-8000-000000000001';
const B = 'ab000000-0000-4000-8000-000000000002';

async function listAll(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('filesystem blob store', () => {
  let root: string;
  let src: string;
  let blobs: BlobStore;
  before(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-blobs-'));
    src = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-blobs-src-'));
    blobs = createFsBlobStore(path.join(root, 'storage'));
  });
  after(async () => {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(src, { recursive: true, force: true });
  });

  it('putFiles copies each file to its key on copy threads and reports a failed one alone', async () => {
    const files = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const p = path.join(src, `f${i}.bin`);
        await fs.writeFile(p, Buffer.alloc(1000 + i, i));
        return p;
      }),
    );
    const uuids = files.map(
      (_, i) => `${(i % 3).toString(16).padStart(2, '0')}${A.slice(2, -2)}${String(i).padStart(2, '0')}`,
    );
    const entries = files.map((p, i) => ({ key: documentBlobKey(uuids[i]!, 1), sourcePath: p }));
    entries[7] = { key: documentBlobKey(uuids[7]!, 1), sourcePath: path.join(src, 'missing.bin') };
    const results = await blobs.putFiles(entries, { concurrency: 4 });
    assert.equal(results.length, 40);
    for (const [i, r] of results.entries()) {
      if (i === 7) {
        assert.ok(r instanceof Error);
        assert.equal((r as NodeJS.ErrnoException).code, 'ENOENT');
        assert.equal(await blobs.exists(entries[i]!.key), false);
        continue;
      }
      assert.equal(r, undefined, `entry ${i}`);
      const read = await blobs.openRead(entries[i]!.key);
      const chunks: Buffer[] = [];
      for await (const c of read) chunks.push(c as Buffer);
      assert.deepEqual(Buffer.concat(chunks), await fs.readFile(files[i]!));
    }
    const stored = await listAll(path.join(root, 'storage'));
    assert.equal(stored.length, 39, 'no temporaries left');
    assert.ok(
      stored.every((f) => /^documents\/0[0-2]\/[0-9a-f-]{36}\.1$/.test(f)),
      stored.join(),
    );
    assert.deepEqual(await blobs.putFiles([]), []);
  });

  it('deletePrefix removes one document of a shard (versions, uploads, temporaries) and leaves the rest', async () => {
    const storage = path.join(root, 'storage');
    for (const key of [
      documentBlobKey(A, 1),
      documentBlobKey(A, 2),
      documentUploadKey(A),
      documentBlobKey(B, 1),
    ]) {
      await blobs.putFile(key, await fs.writeFile(path.join(src, 'x'), key).then(() => path.join(src, 'x')));
    }
    await fs.writeFile(path.join(storage, `${documentBlobKey(A, 3)}.tmp-0123456789ab`), 'left by a crash');
    await blobs.deletePrefix(documentKeyPrefix(A));
    const left = (await listAll(storage)).filter((f) => f.startsWith('documents/ab/'));
    assert.deepEqual(left, [documentBlobKey(B, 1)]);
    await blobs.deletePrefix(documentKeyPrefix('cd000000-0000-4000-8000-000000000009'));
  });

  it('deletePrefix of an import removes its directory; an empty prefix is refused', async () => {
    await blobs.putFile('imports/u1/import-1.csv', path.join(src, 'x'));
    await blobs.putFile('imports/u10/import-1.csv', path.join(src, 'x'));
    await blobs.deletePrefix('imports/u1/');
    assert.equal(await blobs.exists('imports/u1/import-1.csv'), false);
    assert.equal(await blobs.exists('imports/u10/import-1.csv'), true);
    await assert.rejects(blobs.deletePrefix(''));
    await assert.rejects(blobs.deletePrefix('../x/'));
  });
});
