import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import {
  csvOf,
  download,
  type Fixtures,
  importCsv,
  insertFixtures,
  startRunner,
  validRow,
  version,
} from './fixtures.js';

/**
 * Source files that change under the import (hardening issue §1): the bytes stored for a row
 * come from the file object that was checked, a size is never stale, and nothing blocks.
 * A separate process flips the file tree while the import runs (atomic renames every
 * millisecond), as a hostile or careless user of the import directory would.
 */
const FLIPPER = `
const fs = require('node:fs');
const [a, b, target, ms] = process.argv.slice(1);
const until = Date.now() + Number(ms);
const nap = new Int32Array(new SharedArrayBuffer(4));
for (let i = 0; Date.now() < until; i++) {
  // rename(2) is atomic: target is a, then nothing, then b, then nothing, ...
  const from = i % 2 === 0 ? a : b;
  fs.renameSync(from, target);
  Atomics.wait(nap, 0, 0, 1);
  fs.renameSync(target, from);
}
`;

/** Flips `target` between `a` and `b` (renamed onto it and back) until killed or `ms` passed. */
function flip(a: string, b: string, target: string, ms = 60_000): ChildProcess {
  return spawn(process.execPath, ['-e', FLIPPER, a, b, target, String(ms)], { stdio: 'ignore' });
}

describe('import engine: source files changing under the import', () => {
  let t: TestApp;
  let f: Fixtures;
  let outside: string;
  let runner: ReturnType<typeof startRunner>;
  const children: ChildProcess[] = [];
  const SECRET = Buffer.from('root:x:0:0:SECRET-OUTSIDE-THE-BASE\n');
  const GOOD = Buffer.alloc(8192, 'g');

  before(async () => {
    t = await createTestApp({ env: { IMPORT_DOCUMENTEN_BATCH_SIZE: '25' } });
    f = await insertFixtures(t);
    runner = startRunner(t);
    outside = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-outside-'));
    await fs.writeFile(path.join(outside, 'passwd'), SECRET);
  });
  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    // A thread stuck opening a fifo would hold this process: give the fifo a writer.
    const fifo = path.join(t.config.importBaseDir, 'fifo-case', 'fifo');
    await fs
      .open(fifo, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK)
      .then((h) => h.close())
      .catch(() => undefined);
    await runner.stop();
    await t.close();
    await fs.rm(outside, { recursive: true, force: true });
  });

  async function run(rows: number, bestandspad: (i: number) => string) {
    const csv = csvOf(Array.from({ length: rows }, (_, i) => validRow(f, bestandspad(i))));
    return importCsv(t, csv);
  }

  async function checkStored(report: Record<string, string>[], allowed: Buffer[]) {
    for (const r of report) {
      if (r.resultaat !== 'Geïmporteerd') continue;
      const bytes = await download(t, r.uuid!);
      assert.ok(
        allowed.some((a) => a.equals(bytes)),
        `row stored bytes that were never a file inside the base: ${bytes.subarray(0, 40).toString()}`,
      );
      const v = await version(t, r.uuid!);
      assert.equal(Number(v.bestandsomvang), bytes.length, 'recorded size equals the stored size');
    }
  }

  it('a file flipped between a regular file and a symlink to a file outside the base: never the outside bytes', async () => {
    const dir = path.join(t.config.importBaseDir, 'file-case');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'regular'), GOOD);
    await fs.symlink(path.join(outside, 'passwd'), path.join(dir, 'link'));
    const flipper = flip(path.join(dir, 'regular'), path.join(dir, 'link'), path.join(dir, 'doc.txt'));
    children.push(flipper);
    const { status, report } = await run(600, () => 'file-case/doc.txt');
    flipper.kill('SIGKILL');
    assert.equal(status.status, 'finished');
    await checkStored(report, [GOOD]);
    const outsideRefused = report.filter((r) =>
      /is not relative to the import base directory/.test(r.opmerking ?? ''),
    );
    const missing = report.filter((r) => /does not exist or is not a file/.test(r.opmerking ?? ''));
    const imported = report.filter((r) => r.resultaat === 'Geïmporteerd');
    assert.equal(
      outsideRefused.length + missing.length + imported.length,
      600,
      JSON.stringify(report.slice(0, 3)),
    );
    assert.ok(imported.length > 0, 'some rows saw the regular file');
  });

  it('a directory flipped between a real directory and a symlink to a directory outside the base', async () => {
    const dir = path.join(t.config.importBaseDir, 'dir-case');
    await fs.mkdir(path.join(dir, 'real'), { recursive: true });
    await fs.writeFile(path.join(dir, 'real', 'passwd'), GOOD);
    await fs.symlink(outside, path.join(dir, 'link'));
    const flipper = flip(path.join(dir, 'real'), path.join(dir, 'link'), path.join(dir, 'sub'));
    children.push(flipper);
    const { status, report } = await run(600, () => 'dir-case/sub/passwd');
    flipper.kill('SIGKILL');
    assert.equal(status.status, 'finished');
    await checkStored(report, [GOOD]);
    assert.ok(
      report.some((r) => r.resultaat === 'Geïmporteerd'),
      'some rows saw the real directory',
    );
  });

  it('a file that changes size while the import runs: every stored size is the stored file size', async () => {
    const dir = path.join(t.config.importBaseDir, 'size-case');
    await fs.mkdir(dir, { recursive: true });
    const SHORT = Buffer.alloc(100, 's');
    await fs.writeFile(path.join(dir, 'long'), GOOD);
    await fs.writeFile(path.join(dir, 'short'), SHORT);
    const flipper = flip(path.join(dir, 'long'), path.join(dir, 'short'), path.join(dir, 'doc.txt'));
    children.push(flipper);
    const { status, report } = await run(600, () => 'size-case/doc.txt');
    flipper.kill('SIGKILL');
    assert.equal(status.status, 'finished');
    await checkStored(report, [GOOD, SHORT]);
  });

  it('a fifo swapped in for a regular file never blocks the import: those rows fail, the import finishes', async () => {
    const dir = path.join(t.config.importBaseDir, 'fifo-case');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'regular'), GOOD);
    await new Promise<void>((resolve, reject) =>
      spawn('mkfifo', [path.join(dir, 'fifo')]).on('exit', (c) =>
        c === 0 ? resolve() : reject(new Error('mkfifo')),
      ),
    );
    const flipper = flip(path.join(dir, 'regular'), path.join(dir, 'fifo'), path.join(dir, 'swap'));
    children.push(flipper);
    const started = Date.now();
    const { status, report } = await run(400, () => 'fifo-case/swap');
    flipper.kill('SIGKILL');
    assert.equal(status.status, 'finished');
    assert.ok(Date.now() - started < 60_000);
    await checkStored(report, [GOOD]);
    for (const r of report) {
      if (r.resultaat === 'Geïmporteerd') continue;
      assert.match(r.opmerking ?? '', /does not exist or is not a file/);
    }
  });

  it('a row that fails on its file leaves its uuid to a later row of the file (the uuid check of Open Zaak’s per-row import steps)', async () => {
    const dir = path.join(t.config.importBaseDir, 'uuid-case');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'ok.txt'), 'ok');
    const uuid = 'cccccccc-0000-4000-8000-00000000000c';
    const { report } = await importCsv(
      t,
      csvOf([
        validRow(f, 'uuid-case/missing.txt', { uuid, identificatie: 'RACE-1' }),
        validRow(f, 'uuid-case/ok.txt', { uuid, identificatie: 'RACE-1' }),
      ]),
    );
    assert.match(report[0]!.opmerking ?? '', /does not exist or is not a file for row 2/);
    assert.equal(report[1]!.resultaat, 'Geïmporteerd', report[1]!.opmerking);
    assert.equal((await download(t, uuid)).toString(), 'ok');
  });
});
