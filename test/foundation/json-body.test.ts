import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { Utf8Validator } from '../../src/http/json-body.js';
import { EIO, eioBody, insertIot, storedFiles } from '../documenten/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * JSON bodies are UTF-8 (RFC 8259 §8.1): bytes that are not are a 400 parse_error, never
 * stored with U+FFFD in their place; a charset other than utf-8 is a 415.
 */
let t: TestApp;
let iotUrl: string;
before(async () => {
  t = await createTestApp();
  iotUrl = (await insertIot(t)).url;
});
after(() => t.close());

/** `{"titel":"caf\xe9", ...}`: the é as one ISO-8859-1 byte. */
function latin1Body(extra: Record<string, unknown> = {}): Buffer {
  const json = JSON.stringify(eioBody(iotUrl, { titel: 'caf\u00e9', ...extra }));
  return Buffer.from(json, 'latin1');
}

async function versions(): Promise<number> {
  const { rows } = await t.db.pool.query<{ n: number }>('select count(*)::int as n from document_versions');
  return rows[0]?.n ?? 0;
}

function assertProblem(res: LightMyRequestResponse, status: number, code: string, label = ''): void {
  assert.equal(res.statusCode, status, `${label}: ${res.body}`);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json();
  assert.equal(body.code, code, label);
  assert.equal(body.invalidParams, undefined, label);
}

describe('JSON bodies that are not UTF-8', () => {
  it('an EIO create is a 400 parse_error and nothing is stored, with or without a file', async () => {
    const before = await versions();
    for (const body of [latin1Body(), latin1Body({ inhoud: Buffer.from('bestand').toString('base64') })]) {
      const res = await t.request({
        method: 'POST',
        url: EIO,
        payload: body,
        headers: { 'content-type': 'application/json' },
      });
      assertProblem(res, 400, 'parse_error');
    }
    assert.equal(await versions(), before);
    assert.deepEqual(await storedFiles(t), []);
  });

  it('a bad byte after a streamed file is a 400 and the file is removed', async () => {
    const head = JSON.stringify(eioBody(iotUrl, { inhoud: Buffer.alloc(300_000, 7).toString('base64') }));
    const body = Buffer.concat([
      Buffer.from(head.slice(0, -1)),
      Buffer.from(',"beschrijving":"\xff"}', 'latin1'),
    ]);
    const res = await t.request({
      method: 'POST',
      url: EIO,
      payload: Readable.from([body.subarray(0, 100_000), body.subarray(100_000)]),
      headers: { 'content-type': 'application/json' },
    });
    assertProblem(res, 400, 'parse_error');
    assert.deepEqual(await storedFiles(t), []);
  });

  it('the other JSON endpoints (Catalogi, Zaken, Autorisaties, OIO, lock) are a 400 parse_error too', async () => {
    const bad = Buffer.from('{"naam":"caf\xe9","domein":"X","rsin":"159351741"}', 'latin1');
    for (const url of [
      '/catalogi/api/v1/catalogussen',
      '/autorisaties/api/v1/applicaties',
      '/documenten/api/v1/objectinformatieobjecten',
      `${EIO}/6f0b8e2e-0000-4000-8000-000000000001/lock`,
    ]) {
      const res = await t.request({
        method: 'POST',
        url,
        payload: bad,
        headers: { 'content-type': 'application/json' },
      });
      assertProblem(res, 400, 'parse_error', url);
    }
    const zaak = await t.request({
      method: 'POST',
      url: '/zaken/api/v1/zaken',
      payload: bad,
      headers: { 'content-type': 'application/json', 'accept-crs': 'EPSG:4326', 'content-crs': 'EPSG:4326' },
    });
    assertProblem(zaak, 400, 'parse_error', 'zaken');
  });

  it('valid UTF-8 is stored exactly, also when a character is split across chunks', async () => {
    const json = Buffer.from(
      JSON.stringify(eioBody(iotUrl, { titel: 'café 😀 ∑', beschrijving: 'ü'.repeat(50) })),
    );
    const chunks: Buffer[] = [];
    for (let i = 0; i < json.length; i += 7) chunks.push(json.subarray(i, i + 7));
    const res = await t.request({
      method: 'POST',
      url: EIO,
      payload: Readable.from(chunks),
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().titel, 'café 😀 ∑');
    assert.equal(res.json().beschrijving, 'ü'.repeat(50));
  });
});

describe('a charset other than utf-8', () => {
  it('is a 415 unsupported_media_type, even when the bytes happen to be ASCII', async () => {
    for (const [url, payload] of [
      [EIO, latin1Body()],
      [EIO, Buffer.from(JSON.stringify(eioBody(iotUrl)))],
      ['/catalogi/api/v1/catalogussen', Buffer.from('{"domein":"X"}')],
    ] as const) {
      for (const charset of ['iso-8859-1', 'windows-1252', '"latin1"']) {
        const res = await t.request({
          method: 'POST',
          url,
          payload,
          headers: { 'content-type': `application/json; charset=${charset}` },
        });
        assertProblem(res, 415, 'unsupported_media_type', `${url} ${charset}`);
      }
    }
  });

  it('utf-8 and utf8 in any case are accepted', async () => {
    for (const charset of ['utf-8', 'UTF-8', 'utf8', '"utf-8"']) {
      const res = await t.request({
        method: 'POST',
        url: EIO,
        payload: Buffer.from(JSON.stringify(eioBody(iotUrl, { titel: 'café' }))),
        headers: { 'content-type': `application/json; charset=${charset}` },
      });
      assert.equal(res.statusCode, 201, `${charset}: ${res.body}`);
      assert.equal(res.json().titel, 'café');
    }
  });
});

describe('Utf8Validator', () => {
  const valid = Buffer.from('a é ∑ 😀 z');
  const invalid = [
    Buffer.from([0x61, 0xe9, 0x62]), // latin1 é
    Buffer.from([0xc3]), // truncated
    Buffer.from([0xe2, 0x88]), // truncated 3-byte
    Buffer.from([0xc0, 0xaf]), // overlong
    Buffer.from([0xed, 0xa0, 0x80]), // surrogate
    Buffer.from([0xf4, 0x90, 0x80, 0x80]), // beyond U+10FFFF
    Buffer.from([0x80]), // lone continuation
    Buffer.from([0xf0, 0x9f, 0x98, 0x61]), // broken 4-byte
  ];

  function check(bytes: Buffer, cuts: number[]): boolean {
    const v = new Utf8Validator();
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      if (!v.push(bytes.subarray(from, cut))) return false;
      from = cut;
    }
    return v.end();
  }

  it('accepts valid UTF-8 split at every one or two positions', () => {
    for (let i = 0; i <= valid.length; i++) {
      for (let j = i; j <= valid.length; j++) assert.ok(check(valid, [i, j]), `cuts ${i},${j}`);
    }
  });

  it('refuses invalid UTF-8 wherever it is split', () => {
    for (const bad of invalid) {
      const bytes = Buffer.concat([Buffer.from('xy'), bad, Buffer.from('z')]);
      for (let i = 0; i <= bytes.length; i++) {
        for (let j = i; j <= bytes.length; j++) {
          assert.equal(check(bytes, [i, j]), false, `${bad.toString('hex')} cuts ${i},${j}`);
        }
      }
      assert.equal(check(bad, []), false, bad.toString('hex'));
    }
  });
});
