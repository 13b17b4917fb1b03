import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64Problem, decodeBase64, Base64State } from '../../src/documenten/base64.js';
import { validateEioCreate, validateEioFields } from '../../src/documenten/validation.js';

const valid = () => ({
  bronorganisatie: '159351741',
  creatiedatum: '2018-06-27',
  titel: 'brief',
  auteur: 'x',
  taal: 'dut',
  informatieobjecttype:
    'http://testserver/catalogi/api/v1/informatieobjecttypen/6f0b8e2e-0000-4000-8000-000000000001',
});
const codes = (input: Record<string, unknown>) => validateEioCreate(input).map((p) => `${p.name}:${p.code}`);

describe('validateEioCreate', () => {
  it('accepts a minimal valid body and every optional field', () => {
    assert.deepEqual(codes(valid()), []);
    assert.deepEqual(
      codes({
        ...valid(),
        identificatie: '',
        vertrouwelijkheidaanduiding: 'openbaar',
        status: 'definitief',
        formaat: 'text/plain',
        bestandsnaam: 'a.txt',
        inhoud: 'aGVsbG8=',
        bestandsomvang: 5,
        link: 'https://example.com/x',
        ontvangstdatum: '2020-01-01',
        verzenddatum: null,
        indicatieGebruiksrecht: false,
        ondertekening: { soort: 'digitaal', datum: '2020-01-02' },
        integriteit: { algoritme: 'sha_256', waarde: 'abc', datum: '2020-01-03' },
        trefwoorden: ['a', 'b'],
      }),
      [],
    );
  });

  it('reports every missing required field together', () => {
    assert.deepEqual(codes({}), [
      'bronorganisatie:required',
      'creatiedatum:required',
      'titel:required',
      'auteur:required',
      'taal:required',
      'informatieobjecttype:required',
    ]);
  });

  it('uses null, blank, max_length and min_length', () => {
    assert.deepEqual(
      codes({ ...valid(), titel: null, auteur: '', taal: 'nl', identificatie: 'x'.repeat(41) }),
      ['identificatie:max_length', 'titel:null', 'auteur:blank', 'taal:min_length'],
    );
    assert.deepEqual(codes({ ...valid(), taal: 'dutch', titel: 'x'.repeat(201) }), [
      'titel:max_length',
      'taal:max_length',
    ]);
  });

  it('checks bronorganisatie length, digits and the 11-proef', () => {
    assert.deepEqual(codes({ ...valid(), bronorganisatie: '12345' }), ['bronorganisatie:min_length']);
    assert.deepEqual(codes({ ...valid(), bronorganisatie: '1234567890' }), ['bronorganisatie:max_length']);
    assert.deepEqual(codes({ ...valid(), bronorganisatie: '12345678a' }), ['bronorganisatie:only-digits']);
    assert.deepEqual(codes({ ...valid(), bronorganisatie: '123456789' }), ['bronorganisatie:invalid']);
  });

  it('rejects unknown enum values with invalid_choice', () => {
    assert.deepEqual(codes({ ...valid(), vertrouwelijkheidaanduiding: 'x', status: 'nieuw' }), [
      'vertrouwelijkheidaanduiding:invalid_choice',
      'status:invalid_choice',
    ]);
  });

  it('rejects bad dates, links, sizes and booleans', () => {
    assert.deepEqual(
      codes({
        ...valid(),
        creatiedatum: '2018-02-30',
        ontvangstdatum: 'gisteren',
        link: 'not a url',
        bestandsomvang: -1,
        indicatieGebruiksrecht: 'ja',
      }),
      [
        'creatiedatum:invalid',
        'bestandsomvang:min_value',
        'link:invalid',
        'ontvangstdatum:invalid',
        'indicatieGebruiksrecht:invalid',
      ],
    );
    assert.deepEqual(codes({ ...valid(), bestandsomvang: 1.5 }), ['bestandsomvang:invalid']);
  });

  it('requires every member of ondertekening and integriteit when the object is sent', () => {
    assert.deepEqual(
      codes({ ...valid(), ondertekening: {}, integriteit: { algoritme: 'rot13', waarde: 'x'.repeat(129) } }),
      [
        'ondertekening.soort:required',
        'ondertekening.datum:required',
        'integriteit.algoritme:invalid_choice',
        'integriteit.waarde:max_length',
        'integriteit.datum:required',
      ],
    );
    assert.deepEqual(codes({ ...valid(), ondertekening: null, integriteit: null }), []);
  });

  it('names trefwoorden items by index', () => {
    assert.deepEqual(codes({ ...valid(), trefwoorden: ['ok', '', 'x'.repeat(101)] }), [
      'trefwoorden.1:blank',
      'trefwoorden.2:max_length',
    ]);
    assert.deepEqual(codes({ ...valid(), trefwoorden: 'a' }), ['trefwoorden:not_a_list']);
  });

  it('checks informatieobjecttype as a URL of at most 200 characters', () => {
    assert.deepEqual(codes({ ...valid(), informatieobjecttype: 'iot-1' }), ['informatieobjecttype:bad-url']);
    assert.deepEqual(codes({ ...valid(), informatieobjecttype: `http://h/${'x'.repeat(200)}` }), [
      'informatieobjecttype:max_length',
    ]);
  });

  it('reports base64 problems on inhoud', () => {
    assert.deepEqual(codes({ ...valid(), inhoud: 'a!b=' }), ['inhoud:invalid-base64']);
    assert.deepEqual(codes({ ...valid(), inhoud: 'aGVsbG8' }), ['inhoud:incorrect-base64-padding']);
    assert.deepEqual(codes({ ...valid(), inhoud: 12 }), ['inhoud:invalid']);
  });

  it('applies the status rule only when the fields are valid', () => {
    assert.deepEqual(codes({ ...valid(), status: 'in_bewerking', ontvangstdatum: '2020-01-01' }), [
      'status:invalid_for_received',
    ]);
    assert.deepEqual(
      codes({ ...valid(), titel: '', status: 'ter_vaststelling', ontvangstdatum: '2020-01-01' }),
      ['titel:blank'],
    );
  });

  it('refuses indicatieGebruiksrecht true', () => {
    assert.deepEqual(codes({ ...valid(), indicatieGebruiksrecht: true }), [
      'indicatieGebruiksrecht:missing-gebruiksrechten',
    ]);
  });

  it('checks only the present keys on a partial update', () => {
    assert.deepEqual(validateEioFields({ titel: 'nieuw' }, { partial: true }), []);
    assert.deepEqual(
      validateEioFields({ taal: 'x' }, { partial: true }).map((p) => p.code),
      ['min_length'],
    );
  });
});

describe('base64', () => {
  it('decodes with or without a data: prefix and across arbitrary piece boundaries', () => {
    assert.equal(decodeBase64('aGVsbG8=').toString(), 'hello');
    assert.equal(decodeBase64('data:text/plain;base64,aGVsbG8=').toString(), 'hello');
    const text = 'a streamed document with some bytes \u00e9';
    const b64 = `data:text/plain;base64,${Buffer.from(text).toString('base64')}`;
    for (const size of [1, 2, 3, 5, 7]) {
      const st = new Base64State();
      const parts: Buffer[] = [];
      for (let i = 0; i < b64.length; i += size) {
        const b = st.feed(b64.slice(i, i + size));
        if (b) parts.push(b);
      }
      const last = st.finish();
      if (last) parts.push(last);
      assert.equal(st.failure, undefined);
      assert.equal(Buffer.concat(parts).toString(), text);
    }
  });

  it('classifies bad input as invalid-base64 or incorrect-base64-padding', () => {
    assert.equal(base64Problem('QQ=')?.code, 'incorrect-base64-padding');
    assert.equal(base64Problem('QQ===')?.code, 'incorrect-base64-padding');
    assert.equal(base64Problem('Q')?.code, 'invalid-base64');
    assert.equal(base64Problem('QQ==QQ==')?.code, 'invalid-base64');
    assert.equal(base64Problem('QU%D')?.code, 'invalid-base64');
    assert.equal(base64Problem('data:text/plain,abc')?.code, 'invalid');
    assert.equal(base64Problem(''), undefined);
  });
});
