import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { FastifyError, FastifyRequest, LightMyRequestResponse } from 'fastify';
import { toAppError } from '../../src/http/problem.js';
import { EIO, eioBody, insertIot } from '../documenten/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { BASE, createImport, csvRow, HEADER, status } from '../imports/api/helpers.js';

/**
 * A really full disk: STORAGE_DIR is a 2 MiB tmpfs, so writes fail with ENOSPC from the
 * kernel. Mounting needs root (or CAP_SYS_ADMIN); without it this file fails on purpose,
 * naming the reason, instead of being skipped.
 */
const execFileP = promisify(execFile);
const SIZE = 2 * 1024 * 1024;

let t: TestApp;
let mountDir: string;
let iotUrl: string;

before(async () => {
  mountDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-full-'));
  try {
    await execFileP('mount', ['-t', 'tmpfs', '-o', `size=${SIZE}`, 'tmpfs', mountDir]);
  } catch (err) {
    await fs.rmdir(mountDir).catch(() => undefined);
    throw new Error(
      `storage-full tests need a real full filesystem: mounting a ${SIZE}-byte tmpfs at ${mountDir} ` +
        `failed (run the tests as root or with CAP_SYS_ADMIN): ${(err as Error).message}`,
    );
  }
  t = await createTestApp({ env: { STORAGE_DIR: mountDir } });
  iotUrl = (await insertIot(t)).url;
});

after(async () => {
  await t?.close();
  await execFileP('umount', [mountDir]);
  await fs.rmdir(mountDir);
});

function assert507(res: LightMyRequestResponse): void {
  assert.equal(res.statusCode, 507, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json();
  assert.equal(body.code, 'insufficient-storage');
  assert.equal(body.status, 507);
  assert.equal(body.type, 'http://testserver/ref/fouten/InsufficientStorage/');
}

/** Every regular file under the mounted storage (temporaries included). */
async function files(dir = mountDir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else out.push(path.relative(mountDir, p));
  }
  return out.sort();
}

async function freeBytes(): Promise<number> {
  const st = await fs.statfs(mountDir);
  return st.bavail * st.bsize;
}

const bigFile = () => Buffer.alloc(3 * 1024 * 1024, 0x5a).toString('base64');

describe('a full disk while storing a document', () => {
  it('POST with inhoud is a 507 insufficient-storage; no row, no file, no space kept', async () => {
    const free = await freeBytes();
    const res = await t.request({
      method: 'POST',
      url: EIO,
      payload: eioBody(iotUrl, { inhoud: bigFile() }),
    });
    assert507(res);
    const { rows } = await t.db.pool.query('select count(*)::int as n from document_versions');
    assert.equal(rows[0].n, 0);
    assert.deepEqual(await files(), []);
    assert.equal(await freeBytes(), free);
  });

  it('PUT/PATCH with inhoud is a 507; the document keeps its version and file', async () => {
    const created = await t.request({
      method: 'POST',
      url: EIO,
      payload: eioBody(iotUrl, { inhoud: Buffer.from('klein').toString('base64') }),
    });
    assert.equal(created.statusCode, 201, created.body);
    const docPath = new URL(created.json().url).pathname;
    const before = await files();
    const lock = (await t.request({ method: 'POST', url: `${docPath}/lock`, payload: {} })).json().lock;
    for (const method of ['PATCH', 'PUT'] as const) {
      const res = await t.request({
        method,
        url: docPath,
        payload: { ...eioBody(iotUrl), lock, inhoud: bigFile() },
      });
      assert507(res);
    }
    assert.deepEqual(await files(), before);
    const now = await t.request({ method: 'GET', url: docPath });
    assert.equal(now.json().versie, 1);
    const download = await t.request({ method: 'GET', url: `${docPath}/download` });
    assert.equal(download.body, 'klein');
  });
});

describe('a full disk while storing an import CSV', () => {
  it('the upload is a 507; the import stays pending and no CSV is kept', async () => {
    const uuid = await createImport(t);
    const row = csvRow({ titel: 'x'.repeat(200), bestandspad: 'a.txt' });
    const csv = `${HEADER}\n${`${row}\n`.repeat(Math.ceil((3 * 1024 * 1024) / row.length))}`;
    const res = await t.request({
      method: 'POST',
      url: `${BASE}/${uuid}/upload`,
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    });
    assert507(res);
    assert.equal((await status(t, uuid)).status, 'pending');
    assert.deepEqual(
      (await files()).filter((f) => f.startsWith('imports/')),
      [],
    );
  });
});

describe('after a full disk', () => {
  it('nothing was left behind: a document that fits is stored', async () => {
    const res = await t.request({
      method: 'POST',
      url: EIO,
      payload: eioBody(iotUrl, { inhoud: Buffer.alloc(512 * 1024, 1).toString('base64') }),
    });
    assert.equal(res.statusCode, 201, res.body);
  });
});

describe('the 507 mapping', () => {
  // A quota cannot be set up here; EDQUOT takes the same path as the ENOSPC above.
  it('maps EDQUOT and ENOSPC, also as the cause of another error, and nothing else', () => {
    const request = { headers: {} } as FastifyRequest;
    const errno = (code: string) => Object.assign(new Error(code), { code }) as unknown as FastifyError;
    assert.equal(toAppError(errno('EDQUOT'), request)?.status, 507);
    assert.equal(toAppError(errno('EDQUOT'), request)?.code, 'insufficient-storage');
    const wrapped = new Error('copy failed', { cause: errno('ENOSPC') }) as unknown as FastifyError;
    assert.equal(toAppError(wrapped, request)?.status, 507);
    assert.equal(toAppError(errno('EIO'), request), undefined);
  });
});
