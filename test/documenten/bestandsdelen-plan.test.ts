import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PARTS, planParts } from '../../src/documenten/bestandsdelen/plan.js';
import { AppError } from '../../src/shared/errors.js';

describe('planParts (the split into bestandsdelen)', () => {
  it('gives ceil(N / C) parts of C bytes, the last one the remainder', () => {
    assert.deepEqual(planParts(25, 10), [
      { volgnummer: 1, offset: 0, omvang: 10 },
      { volgnummer: 2, offset: 10, omvang: 10 },
      { volgnummer: 3, offset: 20, omvang: 5 },
    ]);
    assert.deepEqual(
      planParts(20, 10).map((p) => p.omvang),
      [10, 10],
    );
    assert.deepEqual(planParts(3, 4_294_967_296), [{ volgnummer: 1, offset: 0, omvang: 3 }]);
  });

  it('refuses a size that would need more than MAX_PARTS parts (400 bestandsomvang max_value)', () => {
    assert.equal(planParts(MAX_PARTS * 2, 2).length, MAX_PARTS);
    assert.throws(
      () => planParts(MAX_PARTS * 2 + 1, 2),
      (err: unknown) =>
        err instanceof AppError && err.status === 400 && err.invalidParams?.[0]?.code === 'max_value',
    );
  });
});
