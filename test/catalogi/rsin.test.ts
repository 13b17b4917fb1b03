import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidRsin, rsinProblem } from '../../src/shared/rsin.js';

describe('isValidRsin (11-proef)', () => {
  it('accepts numbers that pass the 11-proef', () => {
    for (const s of ['159351741', '002220647', '517439943', '000000000'])
      assert.equal(isValidRsin(s), true, s);
  });
  it('rejects numbers that fail the 11-proef, wrong lengths and non-digits', () => {
    for (const s of ['159351742', '12345678', '1234567890', '15935174a', '', ' 59351741']) {
      assert.equal(isValidRsin(s), false, s);
    }
  });
  it('names the Open Zaak code for each problem', () => {
    assert.equal(rsinProblem('12345678')?.code, 'min_length');
    assert.equal(rsinProblem('1234567890')?.code, 'max_length');
    assert.equal(rsinProblem('12345678a')?.code, 'only-digits');
    assert.equal(rsinProblem('159351742')?.code, 'invalid');
    assert.equal(rsinProblem('159351741'), null);
  });
});
