import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { documentBlobKey, documentKeyPrefix, documentUploadKey } from '../../src/documenten/storage-keys.js';
import type { BlobStore } from '../../src/storage/blob-store.js';
import { createFsBlobStore } from '../../src/storage/fs-blob-store.js';
import { FsThread } from '../../src/shared/fs-threads.js';

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

  it('stageFiles copies each file to a temporary of its key, publishStaged renames them; a failed one stands alone', async () => {
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
    const entries = files.map((p, i) => ({ key: documentBlobKey(uuids[i]!, 1), source: p }));
    entries[7] = { key: documentBlobKey(uuids[7]!, 1), source: path.join(src, 'missing.bin') };
    const verdicts = await blobs.stageFiles(entries, { within: src, concurrency: 4 });
    assert.equal(verdicts.length, 40);
    assert.deepEqual(verdicts[7], { kind: 'not-file' });
    for (const [i, v] of verdicts.entries()) {
      if (i === 7) continue;
      assert.equal(v.kind, 'ok', `entry ${i}`);
      assert.equal(v.kind === 'ok' && v.size, 1000 + i);
      assert.equal(await blobs.exists(entries[i]!.key), false, 'not visible before publishing');
    }
    const staged = verdicts.flatMap((v) => (v.kind === 'ok' && v.staged ? [v.staged] : []));
    const toDiscard = staged.splice(5, 1);
    assert.deepEqual(await blobs.publishStaged(staged), new Array(38).fill(undefined));
    await blobs.discardStaged(toDiscard);
    for (const [i] of verdicts.entries()) {
      if (i === 7 || i === 5) {
        assert.equal(await blobs.exists(entries[i]!.key), false);
        continue;
      }
      const read = await blobs.openRead(entries[i]!.key);
      const chunks: Buffer[] = [];
      for await (const c of read) chunks.push(c as Buffer);
      assert.deepEqual(Buffer.concat(chunks), await fs.readFile(files[i]!));
    }
    const stored = await listAll(path.join(root, 'storage'));
    assert.equal(stored.length, 38, 'no temporaries left');
    assert.ok(
      stored.every((f) => /^documents\/0[0-2]\/[0-9a-f-]{36}\.1$/.test(f)),
      stored.join(),
    );
    assert.deepEqual(await blobs.stageFiles([], { within: src }), []);
    assert.deepEqual(await blobs.publishStaged([]), []);
  });

  it('stageFiles checks the opened descriptor: links out, fifos, devices and directories are refused', async () => {
    const base = await fs.mkdtemp(path.join(src, 'base-'));
    const outside = path.join(src, 'outside.txt');
    await fs.writeFile(outside, 'secret');
    await fs.writeFile(path.join(base, 'ok.txt'), 'hello');
    await fs.mkdir(path.join(base, 'dir'));
    await fs.symlink(outside, path.join(base, 'link-out'));
    await fs.symlink(path.join(base, 'ok.txt'), path.join(base, 'link-in'));
    await fs.symlink(src, path.join(base, 'dir-out'));
    await fs.symlink('/dev', path.join(base, 'devdir'));
    execFileSync('mkfifo', [path.join(base, 'fifo')]);
    const names = [
      'ok.txt',
      'link-in',
      'link-out',
      'dir-out/outside.txt',
      'fifo',
      'dir',
      'devdir/zero',
      'nope',
    ];
    const verdicts = await blobs.stageFiles(
      names.map((n, i) => ({
        key: documentBlobKey(`${B.slice(0, -2)}${String(i).padStart(2, '0')}`, 1),
        source: path.join(base, n),
      })),
      { within: base, checkOnly: true },
    );
    assert.deepEqual(
      verdicts.map((v) => v.kind),
      ['ok', 'ok', 'outside', 'outside', 'not-file', 'not-file', 'outside', 'not-file'],
    );
  });

  it('stageFiles computes the digest over the bytes it stored and refuses a file that changes size while copied', async () => {
    const base = await fs.mkdtemp(path.join(src, 'digest-'));
    const data = Buffer.from('the quick brown fox');
    await fs.writeFile(path.join(base, 'a'), data);
    const [v] = await blobs.stageFiles(
      [{ key: documentBlobKey(B, 1), source: path.join(base, 'a'), digest: 'sha_256' }],
      { within: base },
    );
    assert.equal(v?.kind, 'ok');
    assert.equal(v?.kind === 'ok' && v.digest, createHash('sha256').update(data).digest('hex'));
    if (v?.kind === 'ok' && v.staged) await blobs.discardStaged([v.staged]);
    const [c] = await blobs.stageFiles(
      [{ key: documentBlobKey(B, 1), source: path.join(base, 'a'), digest: 'crc_32' }],
      { within: base, checkOnly: true },
    );
    assert.equal(c?.kind === 'ok' && c.digest, (crc32(data) >>> 0).toString(16).padStart(8, '0'));
    // /proc files report size 0 but yield bytes: a size that is not what the descriptor
    // gives is refused as "changed", never stored with a wrong size.
    const [p] = await blobs.stageFiles([{ key: documentBlobKey(B, 1), source: '/proc/self/status' }], {
      within: '/proc',
    });
    assert.equal(p?.kind, 'changed');
    assert.equal(await blobs.exists(documentBlobKey(B, 1)), false);
  });

  it('a file thread stuck in a system call is given up after stallMs: that job answers stalled, the rest go on', async () => {
    const fifo = path.join(src, 'stall-fifo');
    execFileSync('mkfifo', [fifo]);
    // A real blocking system call: a fifo opened for reading without O_NONBLOCK blocks until
    // a writer comes. The op exists in this test thread only.
    const thread = new FsThread({
      stallMs: 1000,
      opsModule: new URL('./stall-ops.ts', import.meta.url).href,
    });
    const other = path.join(src, 'plain');
    await fs.writeFile(other, 'four');
    const started = Date.now();
    const answers = await thread.run('read', [other, fifo, other, other]);
    const took = Date.now() - started;
    assert.deepEqual(answers, [4, { stalled: true }, 4, 4]);
    assert.ok(took >= 900 && took < 15_000, `took ${took} ms`);
    assert.equal(thread.abandoned, 1);
    assert.deepEqual(await thread.run('read', [other]), [4], 'the thread was replaced and works');
    // Wake the stuck thread so this process can exit: it sees it was given up on and ends.
    const w = await fs.open(fifo, 'w');
    await w.close();
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
