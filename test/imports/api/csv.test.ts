import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import iconv from 'iconv-lite';
import {
  CsvParseError,
  type CsvRecord,
  detectDelimiter,
  encodingForCharset,
  IMPORT_COLUMNS,
  MAX_FIELD_CHARS,
  missingColumns,
  readCsvRecords,
  rowValues,
} from '../../../src/imports/csv.js';

type Opts = Parameters<typeof readCsvRecords>[1];

/** Feeds the bytes in small chunks, so multi-byte characters and CRLF straddle chunk borders. */
async function read(bytes: Buffer | string, opts: Partial<Opts> = {}, chunk = 3): Promise<CsvRecord[]> {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunk) parts.push(buf.subarray(i, i + chunk));
  const out: CsvRecord[] = [];
  for await (const r of readCsvRecords(Readable.from(parts), {
    encoding: 'utf-8',
    delimiter: 'auto',
    ...opts,
  })) {
    out.push(r);
  }
  return out;
}

async function parseFailure(bytes: Buffer | string, opts: Partial<Opts> = {}): Promise<CsvParseError> {
  try {
    await read(bytes, opts);
  } catch (err) {
    assert.ok(err instanceof CsvParseError, `expected CsvParseError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a parse error');
}

describe('readCsvRecords', () => {
  it('strips a UTF-8 BOM from the first header', async () => {
    const recs = await read('\ufeffuuid,titel\n1,a\n');
    assert.deepEqual(recs[0]?.fields, ['uuid', 'titel']);
    assert.deepEqual(
      recs.map((r) => r.index),
      [1, 2],
    );
  });

  it('reads CRLF and LF line ends alike', async () => {
    const recs = await read('a,b\r\n1,2\r\n3,4\n5,6');
    assert.deepEqual(
      recs.map((r) => r.fields),
      [
        ['a', 'b'],
        ['1', '2'],
        ['3', '4'],
        ['5', '6'],
      ],
    );
  });

  it('detects the ; delimiter of Dutch Excel and reports it', async () => {
    let seen: string | undefined;
    const recs = await read('uuid;titel;beschrijving\r\n;Een titel;"met, komma"\r\n', {
      onDelimiter: (d) => {
        seen = d;
      },
    });
    assert.equal(seen, ';');
    assert.deepEqual(recs[1]?.fields, ['', 'Een titel', 'met, komma']);
  });

  it('keeps , when the header has more commas than semicolons outside quotes', () => {
    assert.equal(detectDelimiter('a,b,"x;y;z"\n'), ',');
    assert.equal(detectDelimiter('"a,b,c";d;e\n'), ';');
    assert.equal(detectDelimiter('a;b\n1,2,3,4,5'), ';');
  });

  it('counts a quoted multi-line field as one record and blank lines as indexes', async () => {
    const recs = await read('h1,h2\n\n1,"line one\r\nline two"\n\n2,""""\n');
    assert.deepEqual(
      recs.map((r) => [r.index, r.fields]),
      [
        [1, ['h1', 'h2']],
        [3, ['1', 'line one\r\nline two']],
        [5, ['2', '"']],
      ],
    );
  });

  it('decodes windows-1252 with iconv (€ and curly quotes), not as C1 controls', async () => {
    const bytes = iconv.encode('titel,auteur\n“Prijs” € 5,Jeroen Müller\n', 'win1252');
    assert.equal(bytes.includes(0x80), true);
    const recs = await read(bytes, { encoding: 'windows-1252' });
    assert.deepEqual(recs[1]?.fields, ['“Prijs” € 5', 'Jeroen Müller']);
  });

  it('decodes iso-8859-1', async () => {
    const recs = await read(Buffer.from('a\nd\xe9j\xe0\n', 'latin1'), { encoding: 'iso-8859-1' });
    assert.deepEqual(recs[1]?.fields, ['déjà']);
  });

  it('refuses invalid UTF-8 with the line number', async () => {
    const bytes = Buffer.concat([
      Buffer.from('uuid,titel\nok,é\n%PDF-1.5%', 'utf8'),
      Buffer.from('äðíø\n', 'latin1'),
    ]);
    const err = await parseFailure(bytes);
    assert.equal(err.line, 3);
    assert.match(err.message, /can't decode byte 0xe4 on line 3/);
  });

  it('refuses a truncated multi-byte character at the end of the file', async () => {
    const err = await parseFailure(Buffer.from([0x61, 0x0a, 0x62, 0xc3]));
    assert.equal(err.line, 2);
  });

  it('refuses an unterminated quote with the line where the record starts', async () => {
    const err = await parseFailure('a,b\n1,2\n3,"never closed\nmore\n');
    assert.equal(err.line, 3);
    assert.match(err.message, /unterminated quoted field on line 3/);
  });

  it('gives just the header for a header-only file', async () => {
    const recs = await read('uuid,titel\r\n');
    assert.equal(recs.length, 1);
    assert.deepEqual(recs[0]?.fields, ['uuid', 'titel']);
  });

  it('gives no records for an empty or blank file', async () => {
    assert.deepEqual(await read(''), []);
    assert.deepEqual(await read('\n\r\n'), []);
  });

  it('passes a field of 1 MiB intact and cuts a longer one to 1 MiB + 1', async () => {
    const exact = 'x'.repeat(MAX_FIELD_CHARS);
    const over = 'y'.repeat(MAX_FIELD_CHARS + 1);
    const far = 'z'.repeat(MAX_FIELD_CHARS * 2);
    const recs = await read(`a,b\n"${exact}",1\n${over},2\n${far},3\n`, {}, 64 * 1024);
    assert.equal(recs[1]?.fields[0], exact);
    assert.equal(recs[2]?.fields[0], over);
    assert.equal(recs[3]?.fields[0]?.length, MAX_FIELD_CHARS + 1);
    assert.deepEqual(
      recs.map((r) => r.truncated),
      [undefined, undefined, [0], [0]],
    );
    assert.deepEqual(
      recs.map((r) => r.fields[1]),
      ['b', '1', '2', '3'],
    );
  });

  it('rethrows an error of the source stream unchanged', async () => {
    const boom = new Error('client went away');
    const source = new Readable({
      read() {
        this.push(Buffer.from('a,b\n1,2\n'));
        this.destroy(boom);
      },
    });
    await assert.rejects(
      (async () => {
        for await (const _ of readCsvRecords(source, { encoding: 'utf-8', delimiter: ',' })) {
          // drain
        }
      })(),
      (err) => err === boom,
    );
  });
});

describe('rowValues', () => {
  it('maps values by header name whatever the order, ignoring unknown columns', () => {
    const columns = ['extra', ...[...IMPORT_COLUMNS].reverse()];
    const fields = ['ignored', ...[...IMPORT_COLUMNS].reverse().map((c) => `v-${c}`)];
    const { values, insufficient } = rowValues({ index: 2, fields }, columns);
    assert.equal(insufficient, false);
    for (const c of IMPORT_COLUMNS) assert.equal(values[c], `v-${c}`);
  });

  it('names the columns whose cell was cut', () => {
    const columns = [
      'titel',
      'verschijningsvorm',
      ...IMPORT_COLUMNS.filter((c) => c !== 'titel' && c !== 'verschijningsvorm'),
    ];
    const fields = ['t', 'v'.repeat(MAX_FIELD_CHARS + 1), ...Array(25).fill('')];
    const record = { index: 2, fields, truncated: [1] };
    assert.deepEqual(rowValues(record, columns).oversized, ['verschijningsvorm']);
    assert.deepEqual(rowValues({ index: 2, fields }, columns).oversized, []);
  });

  it('flags a record too short to reach every known column', () => {
    const columns = [...IMPORT_COLUMNS];
    const { values, insufficient } = rowValues({ index: 2, fields: ['u', 'i'] }, columns);
    assert.equal(insufficient, true);
    assert.equal(values.uuid, 'u');
    assert.equal(values.trefwoorden, '');
  });
});

describe('header helpers', () => {
  it('lists missing headers in canonical order', () => {
    assert.deepEqual(missingColumns(IMPORT_COLUMNS.filter((c) => c !== 'uuid' && c !== 'titel')), [
      'uuid',
      'titel',
    ]);
    assert.deepEqual(missingColumns(['UUID', ...IMPORT_COLUMNS.slice(1)]), ['uuid']);
  });

  it('maps charset parameters', () => {
    assert.equal(encodingForCharset(undefined), 'utf-8');
    assert.equal(encodingForCharset('UTF-8'), 'utf-8');
    assert.equal(encodingForCharset('windows-1252'), 'windows-1252');
    assert.equal(encodingForCharset('ISO-8859-1'), 'iso-8859-1');
    assert.equal(encodingForCharset('utf-16'), undefined);
  });
});
