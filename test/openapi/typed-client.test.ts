import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { insertIot } from '../documenten/fixtures.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/**
 * A client generated from the served Documenten OpenAPI document works: openapi-typescript
 * turns the document into types (in a temporary directory below node_modules/.cache, so
 * `openapi-fetch` resolves), tsc type-checks typed-client/documenten-client.ts against
 * them in strict mode and compiles it, and that client creates, lists, downloads and locks
 * a document on a listening server.
 */
const execFileP = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLIENT = path.join(repoRoot, 'test/openapi/typed-client/documenten-client.ts');

let t: TestApp;
let dir: string;
let baseUrl: string;

before(async () => {
  t = await createTestApp();
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `${address}/documenten/api/v1`;
  const cache = path.join(repoRoot, 'node_modules/.cache');
  await fs.mkdir(cache, { recursive: true });
  dir = await fs.mkdtemp(path.join(cache, 'zgw-openapi-client-'));
});
after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
  await t.close();
});

describe('a client generated from the served Documenten OpenAPI document', () => {
  it('type-checks (strict) and creates, lists, downloads and locks a document', async () => {
    const res = await fetch(`${baseUrl}/schema/openapi.json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as OpenAPI3 & { servers: { url: string }[] };
    const types = astToString(await openapiTS(doc));
    assert.match(types, /"\/enkelvoudiginformatieobjecten\/\{uuid\}\/lock": \{/);
    await fs.writeFile(path.join(dir, 'documenten-api.d.ts'), types);
    await fs.copyFile(CLIENT, path.join(dir, 'documenten-client.ts'));
    await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    await fs.writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          outDir: 'out',
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [path.join(repoRoot, 'node_modules/@types')],
        },
        files: ['documenten-client.ts', 'documenten-api.d.ts'],
      }),
    );
    const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
    try {
      await execFileP(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')]);
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      assert.fail(`the generated client does not type-check:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }

    const iot = await insertIot(t);
    // The JavaScript tsc wrote (plain ESM: no TypeScript loader needed below node_modules).
    const client = (await import(pathToFileURL(path.join(dir, 'out/documenten-client.js')).href)) as {
      createListDownloadLock: (
        baseUrl: string,
        token: string,
        iot: string,
      ) => Promise<Record<string, unknown>>;
    };
    // The document's own server URL is where the paths live (here on a random port).
    assert.equal(new URL(doc.servers[0]?.url ?? '').pathname, '/documenten/api/v1');
    const result = await client.createListDownloadLock(baseUrl, t.superuserToken, iot.url);
    assert.equal(result.createdStatus, 201);
    assert.match(
      String(result.location),
      /\/documenten\/api\/v1\/enkelvoudiginformatieobjecten\/[0-9a-f-]{36}$/,
    );
    assert.equal(result.versie, 1);
    assert.equal(result.createLock, '');
    assert.deepEqual(result.titels, ['Getypeerde brief']);
    assert.equal(result.download, 'Hallo vanuit een gegenereerde client');
    assert.match(String(result.lock), /^[0-9a-f]{32}$/);
    assert.equal(result.lockedAfter, true);
    assert.deepEqual(result.secondLock, { status: 400, refused: ['nonFieldErrors:existing-lock'] });
  });
});
