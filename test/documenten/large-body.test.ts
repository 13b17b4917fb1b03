import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { peakRetained } from '../helpers/memory.js';
import { EIO, eioBody, insertIot, storedFiles, uuidOf } from './fixtures.js';

/** A JSON body whose base64 `inhoud` is generated on the fly (the test never holds it whole). */
function streamedBody(iot: string, size: number, hash: ReturnType<typeof createHash>): Readable {
  const head = JSON.stringify(eioBody(iot, { bestandsnaam: 'groot.bin', bestandsomvang: size })).slice(0, -1);
  const chunk = 3 * 65536;
  let sent = 0;
  let state: 'head' | 'body' | 'done' = 'head';
  return new Readable({
    read() {
      if (state === 'head') {
        state = 'body';
        this.push(`${head},"inhoud":"`);
        return;
      }
      if (state === 'done') return void this.push(null);
      const n = Math.min(chunk, size - sent);
      const buf = Buffer.alloc(n, sent % 251);
      for (let i = 0; i < n; i += 4096) buf[i] = (sent + i) % 256;
      hash.update(buf);
      sent += n;
      this.push(buf.toString('base64'));
      if (sent >= size) {
        this.push('"}');
        state = 'done';
      }
    },
  });
}

describe('large EIO bodies', () => {
  let t: TestApp;
  let iot: string;
  before(async () => {
    t = await createTestApp({ env: { API_MAX_BODY_BYTES: String(150 * 1024 * 1024) } });
    iot = (await insertIot(t)).url;
  });
  after(async () => t.close());

  it('creates a document with a 100 MB file without holding it in memory', async () => {
    const size = 100 * 1024 * 1024;
    const hash = createHash('sha256');
    const { result: res, growthMiB } = await peakRetained(() =>
      t.request({
        method: 'POST',
        url: EIO,
        payload: streamedBody(iot, size, hash),
        headers: { 'content-type': 'application/json' },
      }),
    );
    assert.equal(res.statusCode, 201, res.body);
    console.log(`# 100 MB create: at most ${growthMiB.toFixed(1)} MiB reachable at once`);
    // Holding the file (or its base64) whole would keep 100–133 MiB reachable; streaming keeps
    // 20–30 MiB (parser and storage buffers in flight).
    assert.ok(growthMiB < 50, `${growthMiB.toFixed(1)} MiB reachable at once`);
    assert.equal(res.json().bestandsomvang, size);
    const dl = await t.request({ method: 'GET', url: `${EIO}/${uuidOf(res.json().url)}/download` });
    assert.equal(dl.rawPayload.length, size);
    assert.equal(createHash('sha256').update(dl.rawPayload).digest('hex'), hash.digest('hex'));
  });
});

describe('EIO bodies beyond API_MAX_BODY_BYTES', () => {
  let t: TestApp;
  let iot: string;
  before(async () => {
    t = await createTestApp({ env: { API_MAX_BODY_BYTES: String(256 * 1024) } });
    iot = (await insertIot(t)).url;
  });
  after(async () => t.close());

  it('answers 413 and stores nothing, with or without Content-Length', async () => {
    const body = JSON.stringify(eioBody(iot, { inhoud: Buffer.alloc(300 * 1024, 7).toString('base64') }));
    const withLength = await t.request({
      method: 'POST',
      url: EIO,
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(withLength.statusCode, 413);
    assert.equal(withLength.json().code, 'request_entity_too_large');
    const streamed = await t.request({
      method: 'POST',
      url: EIO,
      payload: streamedBody(iot, 400 * 1024, createHash('sha256')),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(streamed.statusCode, 413);
    assert.deepEqual(await storedFiles(t), []);
    const rows = await t.db.pool.query('select count(*)::int as n from documents');
    assert.equal(rows.rows[0].n, 0);
  });
});
