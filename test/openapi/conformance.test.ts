import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EIO_CREATE_REQUIRED, EioCreateBody, EioPatchBody } from '../../src/documenten/schemas.js';
import { validateEioCreate } from '../../src/documenten/validation.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ALLOWED, type AllowedDifference } from './allow-list.js';
import { compareDocuments, type Difference, type OpenApiDoc } from './compare.js';
import {
  COMPONENTS,
  type ComponentName,
  loadStandard,
  STANDARDS_DIR,
  standardsPresent,
} from './standards.js';

/**
 * The served OpenAPI documents held against the VNG standards, operation by operation
 * (compare.ts): every difference must be in allow-list.ts, and every entry there must
 * still match a difference. The standard is the version the component announces in its
 * API-version header. Nothing is fetched: the standards are read from ../shared/standards.
 */
const PROBE: Record<ComponentName, string> = {
  documenten: '/documenten/api/v1/enkelvoudiginformatieobjecten',
  catalogi: '/catalogi/api/v1/catalogussen',
  zaken: '/zaken/api/v1/zaakinformatieobjecten',
  autorisaties: '/autorisaties/api/v1/applicaties',
};

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

function allows(entry: AllowedDifference, component: ComponentName, d: Difference): boolean {
  const inList = (list: readonly string[] | RegExp, value: string) =>
    list instanceof RegExp ? list.test(value) : list.includes(value);
  return (
    (entry.component === '*' || entry.component === component) &&
    inList(entry.operations, d.operationId) &&
    entry.kinds.includes(d.kind) &&
    (entry.names === undefined || inList(entry.names, d.name)) &&
    (entry.statuses === undefined || (d.status !== undefined && entry.statuses.includes(d.status))) &&
    (entry.detail === undefined || entry.detail.test(d.detail))
  );
}

const show = (d: Difference) =>
  `${d.operationId} (${d.operation}): ${d.kind} ${d.status ? `[${d.status}] ` : ''}${d.name} ${d.detail}`.trim();

async function served(component: ComponentName): Promise<{ version: string; doc: OpenApiDoc }> {
  const probe = await t.request({ method: 'GET', url: PROBE[component] });
  assert.equal(probe.statusCode, 200, probe.body);
  const version = String(probe.headers['api-version']);
  const res = await t.request({ method: 'GET', url: `/${component}/api/v1/schema/openapi.json` });
  assert.equal(res.statusCode, 200);
  const doc = res.json() as OpenApiDoc;
  assert.equal((doc.info as { version: string }).version, version, 'info.version is the API-version');
  return { version, doc };
}

const differences = new Map<ComponentName, Difference[]>();

describe('the served OpenAPI documents against the VNG standards', {
  skip: standardsPresent() ? false : `the standards are not in ${STANDARDS_DIR}`,
}, () => {
  for (const component of COMPONENTS) {
    it(`${component}: every operation is the standard's, or the difference is allow-listed`, async () => {
      const { version, doc } = await served(component);
      const diffs = compareDocuments(loadStandard(component, version), doc);
      differences.set(component, diffs);
      const unlisted = diffs.filter((d) => !ALLOWED.some((a) => allows(a, component, d)));
      assert.deepEqual(
        unlisted.map(show),
        [],
        `differences from ${component}-api-${version} not in allow-list.ts`,
      );
    });
  }

  it('lists no difference in allow-list.ts that no longer exists', () => {
    assert.equal(differences.size, COMPONENTS.length, 'every component was compared');
    const stale = ALLOWED.filter(
      (a) => ![...differences].some(([component, diffs]) => diffs.some((d) => allows(a, component, d))),
    );
    assert.deepEqual(
      stale.map((a) => a.reason),
      [],
    );
  });

  it('documents the announced Documenten API version, 1.5.0', async () => {
    assert.equal((await served('documenten')).version, '1.5.0');
  });
});

describe('request schemas that document a hand-written validator', () => {
  it('EIO create: the schema requires exactly what validateEioCreate reports as required', () => {
    const required = validateEioCreate({})
      .filter((p) => p.code === 'required')
      .map((p) => p.name)
      .sort();
    assert.deepEqual(required, [...EIO_CREATE_REQUIRED].sort());
    assert.deepEqual([...(EioCreateBody.required ?? [])].sort(), required);
    assert.equal(EioPatchBody.required, undefined, 'PATCH requires nothing');
  });
});
