import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { EIO } from '../../documenten/fixtures.js';
import { assertProblem, createImport, csvRow, HEADER, upload } from './helpers.js';

/**
 * Issue 10: a refused upload says what would be accepted (text/csv, a charset), after the
 * reference wording; the API's own 415 on other routes stays as it is.
 */
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.db.pool.query('delete from imports');
});

const VALID = `${HEADER}\n${csvRow({ titel: 'een' })}\n`;

describe('POST upload: refusals name the remedy', () => {
  it('a 415 says to use text/csv (and charset=windows-1252 for an Excel CSV)', async () => {
    const uuid = await createImport(t);
    const res = await upload(t, uuid, VALID, 'application/vnd.ms-excel');
    assertProblem(res, 415, 'unsupported_media_type');
    assert.equal(
      res.json().detail,
      'Ongeldige media type "application/vnd.ms-excel" in aanvraag. Upload de CSV met Content-Type: text/csv (met charset=windows-1252 voor een CSV die Excel op Windows opslaat).',
    );
  });

  it('an unknown charset lists the supported ones and names windows-1252', async () => {
    const uuid = await createImport(t);
    const res = await upload(t, uuid, VALID, 'text/csv; charset=utf-16');
    assertProblem(res, 400, 'parse_error');
    assert.equal(
      res.json().detail,
      'Unable to parse CSV file: unknown charset "utf-16". Supported: charset=utf-8 (the default), charset=windows-1252 (a CSV saved by Excel on Windows) and charset=iso-8859-1.',
    );
  });

  it('bytes that are not UTF-8 suggest charset=windows-1252, which then imports the file', async () => {
    const uuid = await createImport(t);
    // "Café" as Excel on Windows writes it: é is the single byte 0xe9.
    const body = Buffer.from(`${HEADER}\n${csvRow({ titel: 'Café' })}\n`, 'latin1');
    const bad = await upload(t, uuid, body);
    assertProblem(bad, 400, 'parse_error');
    assert.match(
      bad.json().detail,
      /^Unable to parse CSV file: 'utf-8' codec can't decode byte 0xe9 on line 2\. The file is not UTF-8: if it was saved by Excel on Windows, upload it with Content-Type: text\/csv; charset=windows-1252\.$/,
    );
    const good = await upload(t, uuid, body, 'text/csv; charset=windows-1252');
    assert.equal(good.statusCode, 200, good.body);
  });

  it('the 415 of other routes keeps the API wording', async () => {
    const res = await t.request({
      method: 'POST',
      url: EIO,
      payload: 'titel=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assertProblem(res, 415, 'unsupported_media_type');
    assert.doesNotMatch(res.json().detail, /text\/csv/);
  });
});
