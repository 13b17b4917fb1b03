import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import type { OpenApiDoc } from './compare.js';

/**
 * The VNG standards' OpenAPI documents, read from `../shared/standards/` beside the
 * repository (resolved from the repository root, never fetched): tests only read them.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const STANDARDS_DIR = path.resolve(repoRoot, '../shared/standards');

export const COMPONENTS = ['documenten', 'catalogi', 'zaken', 'autorisaties'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

/** `documenten-api-1.4.2.openapi.yaml` for the version a component announces. */
export const standardFile = (component: ComponentName, version: string): string =>
  path.join(STANDARDS_DIR, `${component}-api-${version}.openapi.yaml`);

export const standardsPresent = (): boolean => fs.existsSync(STANDARDS_DIR);

export function loadStandard(component: ComponentName, version: string): OpenApiDoc {
  return YAML.parse(fs.readFileSync(standardFile(component, version), 'utf8')) as OpenApiDoc;
}
