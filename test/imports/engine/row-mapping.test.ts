import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapAsync, readAhead } from '../../../src/imports/engine/flow.js';
import {
  mapRow,
  parseBestandsomvang,
  parseTrefwoorden,
  pyRepr,
} from '../../../src/imports/engine/row-mapping.js';
import { derivedRowUuid, normaliseUuid } from '../../../src/imports/engine/row-uuid.js';

describe('import row mapping (Open Zaak’s import row mapping; README "Bulk import of documents")', () => {
  it('reads every accepted boolean spelling, empty as null, anything else as invalid', () => {
    const ind = (v: string) => {
      const m = mapRow({ indicatieGebruiksrecht: v }, 2);
      assert.equal(m.kind, 'body');
      return m.kind === 'body' ? [m.body.indicatieGebruiksrecht, m.problems.map((p) => p.code)] : [];
    };
    for (const v of ['true', 'True', 'TRUE', '1', 'ja']) assert.deepEqual(ind(v), [true, []]);
    for (const v of ['false', 'False', 'FALSE', '0', 'nee']) assert.deepEqual(ind(v), [false, []]);
    assert.deepEqual(ind(''), [null, []]);
    assert.deepEqual(ind('yes'), [null, ['invalid']]);
  });

  it('parses bestandsomvang like Python int() and quotes the literal like repr()', () => {
    assert.deepEqual(parseBestandsomvang(' 1_024 '), { ok: true, value: 1024 });
    assert.deepEqual(parseBestandsomvang('-3'), { ok: true, value: -3 });
    assert.deepEqual(parseBestandsomvang(''), { ok: true, value: null });
    assert.deepEqual(parseBestandsomvang('1e3'), { ok: false });
    assert.equal(pyRepr("it's"), `"it's"`);
    const m = mapRow({ bestandsomvang: '12kb' }, 7);
    assert.deepEqual(m, {
      kind: 'conversion-error',
      message: "Unable to import line 7: invalid literal for int() with base 10: '12kb'",
    });
  });

  it('splits trefwoorden on commas after removing quotes, trimming items', () => {
    assert.deepEqual(parseTrefwoorden('"foo,bar"'), ['foo', 'bar']);
    assert.deepEqual(parseTrefwoorden(' a , b '), ['a', 'b']);
    assert.deepEqual(parseTrefwoorden('a,,b'), ['a', '', 'b']);
    assert.deepEqual(parseTrefwoorden(''), []);
  });

  it('leaves an empty vertrouwelijkheidaanduiding out (the informatieobjecttype decides) and groups ondertekening', () => {
    const m = mapRow({ vertrouwelijkheidaanduiding: '', 'ondertekening.soort': 'analoog' }, 2);
    assert.ok(m.kind === 'body');
    assert.equal('vertrouwelijkheidaanduiding' in m.body, false);
    assert.deepEqual(m.body.ondertekening, { soort: 'analoog', datum: '' });
    assert.equal(m.body.integriteit, null);
  });
});

describe('import row uuids (README "Bulk import of documents")', () => {
  it('keeps any valid uuid lower-cased and rejects the rest', () => {
    assert.equal(
      normaliseUuid('C232AB00-9414-11EC-B3C8-9E6BDECED846'),
      'c232ab00-9414-11ec-b3c8-9e6bdeced846',
    );
    assert.equal(normaliseUuid('c232ab00941411ecb3c89e6bdeced846'), 'c232ab00-9414-11ec-b3c8-9e6bdeced846');
    assert.equal(normaliseUuid('xyz'), undefined);
  });

  it('derives the same v4 uuid for the same import and row, a different one for another row', () => {
    const a = derivedRowUuid('11111111-1111-4111-8111-111111111111', 5);
    assert.equal(a, derivedRowUuid('11111111-1111-4111-8111-111111111111', 5));
    assert.notEqual(a, derivedRowUuid('11111111-1111-4111-8111-111111111111', 6));
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('pipeline read-ahead', () => {
  it('runs a stage at most `depth` items ahead of its consumer, in order', async () => {
    let produced = 0;
    async function* source() {
      for (let i = 0; i < 10; i++) {
        produced++;
        yield i;
      }
    }
    const seen: number[] = [];
    for await (const v of readAhead(
      mapAsync(source(), async (x) => x * 2),
      2,
    )) {
      await new Promise((r) => setTimeout(r, 5));
      assert.ok(produced <= v / 2 + 3, `produced ${produced} while consuming ${v / 2}`);
      seen.push(v);
    }
    assert.deepEqual(seen, [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });
});
