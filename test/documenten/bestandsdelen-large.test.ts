import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { peakRetained } from '../helpers/memory.js';
import { createUpload, partPath, pattern, streamedForm, unlock } from './bestandsdelen-fixtures.js';
import { EIO, eioBody, insertIot } from './fixtures.js';

/**
 * Parts larger than the JSON body limit (API_MAX_BODY_BYTES = 1 MiB here): multipart bodies
 * are not JSON, they are streamed to storage whatever their size.
 */
describe('bestandsdelen larger than the JSON body limit', () => {
  const PART = 64 * 1024 * 1024;
  const SIZE = 100 * 1024 * 1024;
  let t: TestApp;
  let iot: string;
  before(async () => {
    t = await createTestApp({
      env: { API_MAX_BODY_BYTES: String(1024 * 1024), BESTANDSDELEN_PART_BYTES: String(PART) },
    });
    iot = (await insertIot(t)).url;
  });
  after(async () => t.close());

  it('refuses a JSON body over the limit but takes 64 MiB parts, without holding them in memory', async () => {
    const big = await t.request({
      method: 'POST',
      url: EIO,
      payload: eioBody(iot, { beschrijving: 'x'.repeat(2 * 1024 * 1024) }),
    });
    assert.equal(big.statusCode, 413);

    const up = await createUpload(t, iot, SIZE);
    assert.equal(up.res.statusCode, 201, up.res.body);
    assert.deepEqual(
      up.parts.map((p) => p.omvang),
      [PART, SIZE - PART],
    );
    const { growthMiB } = await peakRetained(async () => {
      let offset = 0;
      for (const p of up.parts) {
        const f = streamedForm(up.lock, p.omvang, offset);
        const res = await t.request({
          method: 'PUT',
          url: partPath(p.url),
          payload: f.payload,
          headers: f.headers,
        });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().voltooid, true);
        offset += p.omvang;
      }
    });
    console.log(`# ${SIZE / 2 ** 20} MiB in parts: at most ${growthMiB.toFixed(1)} MiB reachable at once`);
    // The test process holds both ends (client and server): 12–15 MiB, half a part at most
    // (holding one part would keep 64 MiB reachable).
    assert.ok(growthMiB < 32, `${growthMiB.toFixed(1)} MiB reachable at once`);

    assert.equal((await unlock(t, up.uuid, up.lock)).statusCode, 204);
    const dl = await t.request({ method: 'GET', url: `${EIO}/${up.uuid}/download` });
    assert.equal(dl.rawPayload.length, SIZE);
    const expected = createHash('sha256');
    for (let at = 0; at < SIZE; at += 1 << 20) expected.update(pattern(at, Math.min(1 << 20, SIZE - at)));
    assert.equal(createHash('sha256').update(dl.rawPayload).digest('hex'), expected.digest('hex'));
  });
});
