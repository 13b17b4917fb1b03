import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { IMPORT_COLUMNS } from '../../../src/imports/csv.js';
import type { TestApp } from '../../helpers/app.js';

export const BASE = '/documenten/api/v1/import';
export const HEADER = IMPORT_COLUMNS.join(',');

/** A CSV line with the given values by column name, '' elsewhere. */
export function csvRow(values: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>, sep = ','): string {
  return IMPORT_COLUMNS.map((c) => values[c] ?? '').join(sep);
}

export async function createImport(t: TestApp): Promise<string> {
  const res = await t.request({ method: 'POST', url: `${BASE}/create` });
  assert.equal(res.statusCode, 201, res.body);
  const uuid = /\/import\/([0-9a-f-]{36})\/upload$/.exec(res.json().uploadUrl)?.[1];
  assert.ok(uuid);
  return uuid;
}

export function upload(
  t: TestApp,
  uuid: string,
  body: string | Buffer,
  contentType = 'text/csv',
): Promise<LightMyRequestResponse> {
  return t.request({
    method: 'POST',
    url: `${BASE}/${uuid}/upload`,
    headers: { 'content-type': contentType },
    payload: body,
  });
}

export async function status(t: TestApp, uuid: string): Promise<Record<string, unknown>> {
  const res = await t.request({ method: 'GET', url: `${BASE}/${uuid}/status` });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

/** Asserts a problem+json with one `__all__` invalid param of this code (and reason, if given). */
export function assertInvalid(res: LightMyRequestResponse, code: string, reason?: string): void {
  assert.equal(res.statusCode, 400, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json();
  assert.equal(body.code, 'invalid');
  assert.equal(body.invalidParams.length, 1);
  assert.equal(body.invalidParams[0].name, '__all__');
  assert.equal(body.invalidParams[0].code, code);
  if (reason !== undefined) assert.equal(body.invalidParams[0].reason, reason);
}

export function assertProblem(res: LightMyRequestResponse, status: number, code: string): void {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.equal(res.json().code, code);
}
