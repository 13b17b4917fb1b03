import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../helpers/app.js';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

type Operation = { operationId?: string; responses: Record<string, { headers?: Record<string, unknown> }> };

describe('import endpoints in the Documenten OpenAPI document', () => {
  it('documents every route with the responses it really gives (no 401, no Location)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/documenten/api/v1/schema/openapi.json' });
    assert.equal(res.statusCode, 200);
    // paths are relative to the server URL, the API root
    assert.equal(res.json().servers[0].url, 'http://testserver/documenten/api/v1');
    const paths = res.json().paths as Record<string, Record<string, Operation>>;
    const expected: [string, string, string, string[]][] = [
      ['/import/create', 'post', 'enkelvoudiginformatieobject_import_create', ['201', '400', '403', '503']],
      [
        '/import/{uuid}/upload',
        'post',
        'enkelvoudiginformatieobject_import_upload',
        ['200', '400', '403', '404', '413', '415', '503'],
      ],
      [
        '/import/{uuid}/status',
        'get',
        'enkelvoudiginformatieobject_import_status',
        ['200', '400', '403', '404', '503'],
      ],
      [
        '/import/{uuid}/report',
        'get',
        'enkelvoudiginformatieobject_import_report',
        ['200', '400', '403', '404', '503'],
      ],
      [
        '/import/{uuid}/delete',
        'delete',
        'enkelvoudiginformatieobject_import_destroy',
        ['204', '400', '403', '404', '503'],
      ],
      // added for the whole document: 400 for unknown query parameters on every GET, and 503
      // (database overloaded or away) on every route
      ['/import', 'get', 'enkelvoudiginformatieobject_import_list', ['200', '400', '403', '404', '503']],
    ];
    for (const [path, method, operationId, codes] of expected) {
      const op = paths[path]?.[method];
      assert.ok(
        op,
        `${method} ${path} missing; have ${Object.keys(paths).filter((p) => p.includes('import'))}`,
      );
      assert.equal(op.operationId, operationId);
      assert.deepEqual(Object.keys(op.responses).sort(), codes, path);
      for (const r of Object.values(op.responses)) assert.equal(r.headers?.Location, undefined);
    }
    const upload = paths['/import/{uuid}/upload']?.post as unknown as {
      requestBody: { content: Record<string, unknown> };
    };
    assert.deepEqual(Object.keys(upload.requestBody.content), ['text/csv']);
  });
});
