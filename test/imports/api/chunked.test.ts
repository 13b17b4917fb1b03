import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { BASE, createImport, csvRow, HEADER } from './helpers.js';

/** Uploads over a real socket with chunked transfer encoding (no Content-Length). */
let t: TestApp;
let port: number;
before(async () => {
  t = await createTestApp({ env: { IMPORT_MAX_UPLOAD_BYTES: String(32 * 1024 * 1024) } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
after(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.db.pool.query('delete from imports');
});

function chunkedUpload(
  uuid: string,
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  contentType = 'text/csv',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `${BASE}/${uuid}/upload`,
        headers: {
          authorization: `Bearer ${t.superuserToken}`,
          'content-type': contentType,
          'transfer-encoding': 'chunked',
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    (async () => {
      for await (const c of chunks) {
        if (!req.write(c)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })().catch(reject);
  });
}

async function total(uuid: string): Promise<{ status: string; total: number }> {
  const { rows } = await t.db.pool.query('select status, total from imports where uuid = $1', [uuid]);
  return rows[0];
}

describe('POST upload with chunked transfer encoding', () => {
  it('streams the body and counts its records', async () => {
    const uuid = await createImport(t);
    const lines = [
      `${HEADER}\r\n`,
      ...Array.from({ length: 500 }, (_, i) => `${csvRow({ titel: `rij ${i}` })}\r\n`),
    ];
    const res = await chunkedUpload(
      uuid,
      lines.map((l) => Buffer.from(l)),
    );
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(await total(uuid), { status: 'active', total: 500 });
  });

  it('treats an empty chunked body as empty-file, even with a wrong content type', async () => {
    const uuid = await createImport(t);
    const res = await chunkedUpload(uuid, [], 'application/json');
    assert.equal(res.status, 400, res.body);
    assert.equal(JSON.parse(res.body).invalidParams[0].code, 'empty-file');
  });

  it('keeps memory flat for a large upload and gives 413 past the limit', async () => {
    const uuid = await createImport(t);
    const line = Buffer.from(`${csvRow({ titel: 'x'.repeat(200), beschrijving: 'y'.repeat(700) })}\n`);
    const block = Buffer.concat(Array.from({ length: 64 }, () => line));
    const target = 24 * 1024 * 1024;
    // Live heap after a full GC, sampled during the upload: retained data, not garbage.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    const sampler = setInterval(() => {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }, 500);
    async function* body() {
      yield Buffer.from(`${HEADER}\n`);
      for (let sent = 0; sent < target; sent += block.length) yield block;
    }
    const ok = await chunkedUpload(uuid, body());
    clearInterval(sampler);
    assert.equal(ok.status, 200, ok.body);
    const rows = Math.ceil(target / block.length) * 64;
    assert.deepEqual(await total(uuid), { status: 'active', total: rows });
    assert.ok(peak < 8 * 1024 * 1024, `live heap grew by ${Math.round(peak / 1048576)} MiB`);

    await t.db.pool.query('delete from imports');
    const second = await createImport(t);
    async function* tooBig() {
      yield Buffer.from(`${HEADER}\n`);
      for (let sent = 0; sent < 34 * 1024 * 1024; sent += block.length) yield block;
    }
    const res = await chunkedUpload(second, tooBig()).catch((err: Error) => ({
      status: -1,
      body: err.message,
    }));
    if (res.status !== -1) {
      assert.equal(res.status, 413, res.body);
      assert.equal(JSON.parse(res.body).code, 'request_entity_too_large');
    }
    assert.deepEqual(await total(second), { status: 'pending', total: 0 });
  });
});
