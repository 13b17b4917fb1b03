import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { camelizeKeys } from '../../src/http/case.js';

describe('snake_case input keys (ZGW API conventions, as Open Zaak)', () => {
  it('turns plain snake_case into camelCase, nested too', () => {
    assert.deepEqual(
      camelizeKeys({
        indicatie_gebruiksrecht: true,
        ondertekening: { soort: 'pki' },
        items: [{ max_vertrouwelijkheidaanduiding: 'x' }],
      }),
      {
        indicatieGebruiksrecht: true,
        ondertekening: { soort: 'pki' },
        items: [{ maxVertrouwelijkheidaanduiding: 'x' }],
      },
    );
  });

  it('keeps filter-style and private keys, and lets a camelCase key win', () => {
    assert.deepEqual(camelizeKeys({ uuid__in: [1], _expand: {}, __all__: 1 }), {
      uuid__in: [1],
      _expand: {},
      __all__: 1,
    });
    assert.deepEqual(camelizeKeys({ begin_geldigheid: 'a', beginGeldigheid: 'b' }), { beginGeldigheid: 'b' });
  });
});
