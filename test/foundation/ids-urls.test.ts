import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../src/shared/errors.js';
import { isUuid, pathUuid, uuidRouteParam } from '../../src/shared/ids.js';
import { createUrls, PATHS } from '../../src/shared/urls.js';

const U = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe('uuids of paths and references (shared/ids.ts)', () => {
  it('accepts the 8-4-4-4-12 hex form in either case and nothing else', () => {
    assert.equal(isUuid(U), true);
    assert.equal(isUuid(U.toUpperCase()), true);
    for (const bad of ['', U.replaceAll('-', ''), `${U}0`, ` ${U}`, U.replace('a', 'g')]) {
      assert.equal(isUuid(bad), false, bad);
    }
  });

  it('answers 404 for a path segment that is not a uuid, and lower-cases one that is', () => {
    assert.equal(pathUuid({ uuid: U.toUpperCase() }), U);
    assert.throws(
      () => pathUuid({ uuid: 'not-a-uuid' }),
      (err: unknown) => err instanceof AppError && err.status === 404,
    );
  });

  it('gives find-my-way a route parameter that only a lower-case uuid matches', () => {
    const m = /^:uuid\((.+)\)$/.exec(uuidRouteParam());
    assert.ok(m?.[1]);
    const re = new RegExp(`^${m[1]}$`);
    assert.equal(re.test(U), true);
    assert.equal(re.test(U.toUpperCase()), false);
  });
});

describe('absolute URLs (shared/urls.ts)', () => {
  const urls = createUrls('https://zgw.example.nl/api');

  it('builds every resource URL from the one base and the standards’ API roots', () => {
    assert.equal(
      urls.eio(U),
      `https://zgw.example.nl/api/documenten/api/v1/enkelvoudiginformatieobjecten/${U}`,
    );
    assert.equal(urls.zaak(U), `https://zgw.example.nl/api/zaken/api/v1/zaken/${U}`);
    assert.equal(urls.catalogi('zaaktypen', U), `https://zgw.example.nl/api/catalogi/api/v1/zaaktypen/${U}`);
    assert.equal(urls.applicatie(U), `https://zgw.example.nl/api/autorisaties/api/v1/applicaties/${U}`);
    assert.equal(urls.import(U, 'report'), `https://zgw.example.nl/api/documenten/api/v1/import/${U}/report`);
    assert.equal(urls.problemType('NotFound'), 'https://zgw.example.nl/api/ref/fouten/NotFound/');
  });

  it('reads a local uuid back only from a URL under the same base and collection', () => {
    assert.equal(urls.localUuid(urls.eio(U.toUpperCase()), PATHS.eio), U);
    assert.equal(urls.localUuid(urls.eio(U), PATHS.zaak), null);
    assert.equal(urls.localUuid(createUrls('https://other.example.nl/api').eio(U), PATHS.eio), null);
    assert.equal(urls.localUuid(`${urls.eio(U)}/download`, PATHS.eio), null);
  });
});
