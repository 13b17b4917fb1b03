import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import pg from 'pg';
import { IMPORT_COLUMNS } from '../../../src/imports/csv.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import {
  assertInvalid,
  assertProblem,
  BASE,
  createImport,
  csvRow,
  HEADER,
  status,
  upload,
} from './helpers.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});
beforeEach(async () => {
  await t.db.pool.query('delete from imports');
  await fs.rm(path.join(t.config.storageDir, 'imports'), { recursive: true, force: true });
});

const VALID = `${HEADER}\n${csvRow({ titel: 'een' })}\n${csvRow({ titel: 'twee' })}\n`;

async function storedFiles(uuid: string): Promise<string[]> {
  return fs.readdir(path.join(t.config.storageDir, 'imports', uuid)).catch(() => []);
}

async function row(uuid: string) {
  const { rows } = await t.db.pool.query(
    'select status, total, csv_key, csv_options, next_record from imports where uuid = $1',
    [uuid],
  );
  return rows[0];
}

describe('POST upload: order of checks', () => {
  it('404 for an unknown import', async () => {
    assertProblem(await upload(t, '00000000-0000-4000-8000-000000000001', VALID), 404, 'not_found');
  });

  it('existing-import-started when another import is pending, before the status check', async () => {
    const done = await createImport(t);
    await t.db.pool.query(`update imports set status = 'finished', finished_on = now() where uuid = $1`, [
      done,
    ]);
    await createImport(t);
    assertInvalid(await upload(t, done, VALID), 'existing-import-started');
  });

  it('import-dir-not-found, then import-dir-not-dir, before invalid-status', async () => {
    const uuid = await createImport(t);
    await t.db.pool.query(`update imports set status = 'active' where uuid = $1`, [uuid]);
    const dir = t.config.importBaseDir;
    await fs.rm(dir, { recursive: true });
    try {
      assertInvalid(
        await upload(t, uuid, VALID),
        'import-dir-not-found',
        `The import was not started as the import directory ${dir} could not be found`,
      );
      await fs.writeFile(dir, 'not a directory');
      assertInvalid(
        await upload(t, uuid, VALID),
        'import-dir-not-dir',
        `The import was not started as the specified import  directory is not a directory: ${dir}`,
      );
    } finally {
      await fs.rm(dir, { force: true });
      await fs.mkdir(dir, { recursive: true });
    }
    assertInvalid(
      await upload(t, uuid, VALID),
      'invalid-status',
      'Starting an import process is not possible due to the current status of the import: Actief',
    );
  });

  it('invalid-status names the Dutch label of finished and error', async () => {
    const uuid = await createImport(t);
    for (const [st, label] of [
      ['finished', 'Voltooid'],
      ['error', 'Onderbroken'],
    ]) {
      await t.db.pool.query(`update imports set status = $2 where uuid = $1`, [uuid, st]);
      assertInvalid(
        await upload(t, uuid, VALID),
        'invalid-status',
        `Starting an import process is not possible due to the current status of the import: ${label}`,
      );
    }
  });

  it('checks the status before looking at the body (no 415 for an active import)', async () => {
    const uuid = await createImport(t);
    await t.db.pool.query(`update imports set status = 'active' where uuid = $1`, [uuid]);
    assertInvalid(await upload(t, uuid, '{"a":1}', 'application/json'), 'invalid-status');
  });

  it('415 for a non-empty body that is not text/csv', async () => {
    const uuid = await createImport(t);
    const res = await upload(t, uuid, VALID, 'application/json');
    assertProblem(res, 415, 'unsupported_media_type');
    assert.equal((await row(uuid)).status, 'pending');
  });

  it('empty-file for an empty body, even with a wrong content type', async () => {
    const uuid = await createImport(t);
    const reason = 'The import process cannot be started with an empty import file.';
    assertInvalid(await upload(t, uuid, '', 'application/json'), 'empty-file', reason);
    assertInvalid(await upload(t, uuid, ''), 'empty-file', reason);
    const noType = await t.request({ method: 'POST', url: `${BASE}/${uuid}/upload` });
    assertInvalid(noType, 'empty-file', reason);
    assert.equal((await row(uuid)).status, 'pending');
  });

  it('parse_error with the line number for invalid UTF-8; the import stays pending, nothing stored', async () => {
    const uuid = await createImport(t);
    const body = Buffer.concat([
      Buffer.from(`${HEADER}\n${csvRow({ titel: 'ok' })}\n`),
      Buffer.from('%PDF-1.5%äðíø\n', 'latin1'),
    ]);
    const res = await upload(t, uuid, body);
    assertProblem(res, 400, 'parse_error');
    assert.equal(res.json().invalidParams, undefined);
    assert.match(
      res.json().detail,
      /^Unable to parse CSV file: 'utf-8' codec can't decode byte 0xe4 on line 3\. The file is not UTF-8: .*charset=windows-1252\.$/,
    );
    assert.equal((await row(uuid)).status, 'pending');
    assert.deepEqual(await storedFiles(uuid), []);
  });

  it('parse_error for an unterminated quote at the end of the file', async () => {
    const uuid = await createImport(t);
    const res = await upload(t, uuid, `${HEADER}\n${csvRow({ titel: '"open' })}\n`);
    assertProblem(res, 400, 'parse_error');
    assert.match(res.json().detail, /unterminated quoted field on line 2/);
    assert.deepEqual(await storedFiles(uuid), []);
  });

  it('parse_error for an unsupported charset', async () => {
    const uuid = await createImport(t);
    assertProblem(await upload(t, uuid, VALID, 'text/csv; charset=utf-16'), 400, 'parse_error');
  });

  it('missing-import-headers lists the missing names in canonical order', async () => {
    const uuid = await createImport(t);
    const header = IMPORT_COLUMNS.filter((c) => c !== 'uuid' && c !== 'zaakUuid' && c !== 'titel').join(',');
    assertInvalid(
      await upload(t, uuid, `${header}\n`),
      'missing-import-headers',
      'The following headers were not found in the CSV file: uuid,titel,zaakUuid',
    );
    const caseWrong = HEADER.replace('uuid,', 'UUID,');
    assertInvalid(
      await upload(t, uuid, `${caseWrong}\n`),
      'missing-import-headers',
      'The following headers were not found in the CSV file: uuid',
    );
    assert.equal((await row(uuid)).status, 'pending');
    assert.deepEqual(await storedFiles(uuid), []);
  });
});

describe('POST upload: success', () => {
  it('stores the CSV, activates the import with its total and notifies the engine', async () => {
    const uuid = await createImport(t);
    const listener = new pg.Client({ connectionString: t.db.url });
    await listener.connect();
    const notified = new Promise<string>((resolve) =>
      listener.on('notification', (n) => resolve(n.payload ?? '')),
    );
    await listener.query('listen zgw_imports');
    try {
      const res = await upload(t, uuid, VALID);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.body, '');
      assert.equal(res.headers['content-type'], undefined);
      assert.equal(await notified, uuid);
    } finally {
      await listener.end();
    }
    const r = await row(uuid);
    assert.equal(r.status, 'active');
    assert.equal(r.total, 2);
    assert.equal(r.next_record, 2);
    assert.deepEqual(r.csv_options, { encoding: 'utf-8', delimiter: ',', columns: [...IMPORT_COLUMNS] });
    assert.match(r.csv_key, new RegExp(`^imports/${uuid}/`));
    const stored = await t.deps.blobs.openRead(r.csv_key);
    const chunks: Buffer[] = [];
    for await (const c of stored) chunks.push(c as Buffer);
    assert.equal(Buffer.concat(chunks).toString('utf8'), VALID);
    const s = await status(t, uuid);
    assert.equal(s.total, 2);
    assert.equal(s.status, 'active');
  });

  const cases: [string, string | Buffer, string, number, Partial<Record<string, unknown>>][] = [
    ['a UTF-8 BOM', `\ufeff${VALID}`, 'text/csv', 2, {}],
    ['CRLF line ends', VALID.replaceAll('\n', '\r\n'), 'text/csv', 2, {}],
    [
      'the ; delimiter',
      `${IMPORT_COLUMNS.join(';')}\r\n${csvRow({ titel: 'a,b' }, ';')}\r\n`,
      'text/csv',
      1,
      { delimiter: ';' },
    ],
    [
      'quoted newlines and blank lines',
      `${HEADER}\n\n${csvRow({ beschrijving: '"regel 1\nregel 2\n\nregel 4"' })}\n\n\n${csvRow({ titel: 'x' })}\n`,
      'text/csv',
      2,
      {},
    ],
    ['a header-only file', `${HEADER}\r\n`, 'text/csv', 0, {}],
    [
      'reordered and extra columns',
      `extra,${[...IMPORT_COLUMNS].reverse().join(',')}\n1,${csvRow({})}\n`,
      'text/csv',
      1,
      {},
    ],
    [
      'windows-1252 with a declared charset',
      iconv.encode(`${HEADER}\n${csvRow({ titel: '“Prijs” €' })}\n`, 'win1252'),
      'text/csv; charset=windows-1252',
      1,
      { encoding: 'windows-1252' },
    ],
  ];
  for (const [name, body, type, total, options] of cases) {
    it(`accepts ${name} (total ${total})`, async () => {
      const uuid = await createImport(t);
      const res = await upload(t, uuid, body, type);
      assert.equal(res.statusCode, 200, res.body);
      const r = await row(uuid);
      assert.equal(r.total, total);
      for (const [k, v] of Object.entries(options)) assert.equal(r.csv_options[k], v);
    });
  }

  it('refuses a second upload to the same import: invalid-status Actief', async () => {
    const uuid = await createImport(t);
    assert.equal((await upload(t, uuid, VALID)).statusCode, 200);
    assertInvalid(await upload(t, uuid, VALID), 'invalid-status');
    assert.equal((await storedFiles(uuid)).length, 1);
  });

  it('lets one of two racing uploads win and leaves exactly one stored file', async () => {
    const uuid = await createImport(t);
    const results = await Promise.all([upload(t, uuid, VALID), upload(t, uuid, VALID)]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 400]);
    assert.equal((await storedFiles(uuid)).length, 1);
  });
});

describe('POST upload: size limit', () => {
  it('413 beyond IMPORT_MAX_UPLOAD_BYTES; the import stays pending with nothing stored', async () => {
    const small = await createTestApp({ env: { IMPORT_MAX_UPLOAD_BYTES: '1000' } });
    try {
      const uuid = await createImport(small);
      const big = `${HEADER}\n${`${csvRow({ titel: 'x'.repeat(100) })}\n`.repeat(10)}`;
      assertProblem(await upload(small, uuid, big), 413, 'request_entity_too_large');
      const { rows } = await small.db.pool.query('select status, csv_key from imports');
      assert.deepEqual(rows, [{ status: 'pending', csv_key: null }]);
      const left = await fs.readdir(path.join(small.config.storageDir, 'imports', uuid)).catch(() => []);
      assert.deepEqual(left, []);
      assert.equal((await upload(small, uuid, `${HEADER}\n`)).statusCode, 200);
    } finally {
      await small.close();
    }
  });
});
