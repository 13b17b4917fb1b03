import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { BASE, createImport, status, upload } from '../api/helpers.js';
import { counters, csvOf, insertFixtures, startRunner, validRow, waitDone, writeSource } from './fixtures.js';

/**
 * A really full disk during an import (issue 10 #5): STORAGE_DIR is a small tmpfs, so the
 * copies fail with ENOSPC from the kernel. The import pauses with a comment naming the cause
 * and fails no row; once space is freed, resume finishes it with exact counts. Mounting needs
 * root (or CAP_SYS_ADMIN); without it this file fails, saying so, instead of being skipped.
 */
const execFileP = promisify(execFile);
const SIZE = 8 * 1024 * 1024;
const FILE = 512 * 1024;

describe('import engine: storage full', () => {
  let t: TestApp;
  let mountDir: string;
  let runner: ReturnType<typeof startRunner>;
  before(async () => {
    mountDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-import-full-'));
    try {
      await execFileP('mount', ['-t', 'tmpfs', '-o', `size=${SIZE}`, 'tmpfs', mountDir]);
    } catch (err) {
      await fs.rmdir(mountDir).catch(() => undefined);
      throw new Error(
        `this test needs a real full filesystem: mounting a tmpfs at ${mountDir} failed (run as root): ${(err as Error).message}`,
      );
    }
    t = await createTestApp({ env: { STORAGE_DIR: mountDir, IMPORT_DOCUMENTEN_BATCH_SIZE: '2' } });
    runner = startRunner(t);
  });
  after(async () => {
    await runner?.stop();
    await t?.close();
    await execFileP('umount', [mountDir]).catch(() => undefined);
    await fs.rmdir(mountDir).catch(() => undefined);
  });

  it('pauses without failing a row (fault, comment names ENOSPC); after space is freed, resume finishes exactly', async () => {
    const f = await insertFixtures(t);
    for (let i = 0; i < 10; i++) await writeSource(t, `big-${i}.bin`, Buffer.alloc(FILE, i));
    // Most of the disk taken by something else: room for a few documents only.
    const filler = path.join(mountDir, 'filler.bin');
    await fs.writeFile(filler, Buffer.alloc(SIZE - 4 * FILE, 1));
    const uuid = await createImport(t);
    const rows = Array.from({ length: 10 }, (_, i) => validRow(f, `big-${i}.bin`));
    assert.equal((await upload(t, uuid, csvOf(rows))).statusCode, 200);
    let s = await status(t, uuid);
    for (const until = Date.now() + 60_000; !s.paused && s.status === 'active' && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 50));
      s = await status(t, uuid);
    }
    assert.equal(s.status, 'active', JSON.stringify(s));
    assert.equal(s.paused, true);
    assert.equal(s.pauseReason, 'fault');
    assert.match(String(s.comment), /de opslag weigert te schrijven \(ENOSPC\)/);
    assert.equal(s.processedInvalid, 0, 'no row failed for the server’s fault');
    assert.ok(Number(s.processed) < 10);
    assert.ok(!String(s.comment).includes(mountDir), 'no server paths in the comment');
    // Paused: no worker takes it up before its retry is due.
    const processed = s.processed;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal((await status(t, uuid)).processed, processed);
    await fs.rm(filler);
    const res = await t.request({ method: 'POST', url: `${BASE}/${uuid}/resume` });
    assert.equal(res.statusCode, 200, res.body);
    const done = await waitDone(t, uuid, 60_000);
    assert.deepEqual(counters(done), [10, 10, 10, 0, 'finished']);
    assert.equal(done.bytesCopied, 10 * FILE);
    const docs = await t.db.pool.query('select count(*)::int as n from documents');
    assert.equal(docs.rows[0].n, 10);
    // Nothing left over: exactly the ten documents' files (no temporaries from the failed tries).
    const stored = (
      await fs.readdir(path.join(mountDir, 'documents'), { recursive: true, withFileTypes: true })
    )
      .filter((e) => e.isFile())
      .map((e) => e.name);
    assert.equal(stored.length, 10, stored.join());
    assert.ok(
      stored.every((n) => /^[0-9a-f-]{36}\.1$/.test(n)),
      stored.join(),
    );
  });
});
