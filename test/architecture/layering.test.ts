import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

/**
 * The layering of src/ (docs/architecture.md): no import cycle between top-level folders, and
 * the infrastructure folders import no domain module. Imports are read with the TypeScript
 * parser, so multi-line, type-only, re-export and dynamic imports all count.
 */

/** Infrastructure folders; every other folder is a domain module (documenten, imports, zaken, ...). */
const INFRA = ['shared', 'storage', 'db', 'jobs', 'auth', 'http', 'metrics', 'cli'];

/** Folders with a fixed list of what they may import (any other src folder is refused). */
const ONLY: Record<string, string[]> = {
  shared: [],
  storage: ['shared'],
  db: ['shared'],
  jobs: ['shared'],
  auth: ['shared'],
};
/** Folders that may import anything but a domain module (routes are registered in app.ts). */
const NO_DOMAIN = ['http'];
/**
 * Root files are the composition root (app.ts, deps.ts, main.ts, ...): they may import any
 * folder. A folder may import from the root only the types of config.ts and deps.ts; the
 * CLI's commands also share the start-up (runtime.ts).
 */
const ROOT_TYPES = ['config.ts', 'deps.ts'];
const ROOT_VALUES: Record<string, string[]> = { cli: ['runtime.ts'] };
/** A root file these folders may not import even as a type (they know nothing of Deps). */
const NO_DEPS = ['shared', 'storage', 'jobs', 'auth'];

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** Every relative import of one file, resolved to a path relative to `root`. */
function importsOf(root: string, file: string, text: string): Edge[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const edges: Edge[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    if (!spec.startsWith('.')) return;
    const target = path.resolve(path.dirname(path.join(root, file)), spec).replace(/\.js$/, '.ts');
    edges.push({ from: file, to: path.relative(root, target), typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) add(arg.literal.text, true);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edges;
}

async function sourceFiles(root: string, dir = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(root, rel)));
    else if (entry.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

const folderOf = (file: string): string | undefined =>
  file.includes(path.sep) ? file.split(path.sep)[0] : undefined;

/** Every broken rule in the tree under `root`, one line each (empty when the layering holds). */
async function layeringProblems(root: string): Promise<string[]> {
  const edges: Edge[] = [];
  for (const file of await sourceFiles(root)) {
    edges.push(...importsOf(root, file, await fs.readFile(path.join(root, file), 'utf8')));
  }
  const problems: string[] = [];
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    const from = folderOf(e.from);
    const to = folderOf(e.to);
    if (from === undefined || from === to) continue;
    const where = `${e.from} imports ${e.to}`;
    if (to === undefined) {
      const allowed =
        (ROOT_TYPES.includes(e.to) && e.typeOnly && !(e.to === 'deps.ts' && NO_DEPS.includes(from))) ||
        (ROOT_VALUES[from] ?? []).includes(e.to);
      if (!allowed) problems.push(`${where}: a folder may import only the types of config.ts and deps.ts`);
      continue;
    }
    const only = ONLY[from];
    if (only && !only.includes(to))
      problems.push(`${where}: ${from}/ may import only ${only.join(', ') || 'itself'}`);
    if (NO_DOMAIN.includes(from) && !INFRA.includes(to))
      problems.push(`${where}: ${from}/ imports no domain module`);
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)?.add(to);
  }
  for (const cycle of folderCycles(graph)) problems.push(`folder cycle: ${cycle.join(' -> ')}`);
  return problems;
}

/** One cycle per strongly connected component of more than one folder (Tarjan). */
function folderCycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const connect = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) ?? 0);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop();
      if (w !== undefined) scc.push(w);
    } while (w !== undefined && w !== v);
    if (scc.length > 1) out.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return out;
}

describe('layering of src/', () => {
  it('has no cycle between top-level folders and no forbidden direction', async () => {
    const src = path.join(import.meta.dirname, '..', '..', 'src');
    assert.deepEqual(await layeringProblems(src), []);
  });

  it('reports a folder cycle, a domain import from http/ and a root import from a folder', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zgw-layering-'));
    try {
      const write = async (file: string, text: string) => {
        await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await fs.writeFile(path.join(dir, file), text);
      };
      await write('deps.ts', 'export interface Deps { a: number }\n');
      await write('app.ts', "import { x } from './documenten/a.js';\n");
      await write('documenten/a.ts', "import type { Y } from '../imports/b.js';\nexport const x = 1;\n");
      await write('imports/b.ts', "export type Y = import('../documenten/a.js').X;\n");
      await write(
        'http/c.ts',
        "import {\n  type Deps,\n} from '../deps.js';\nexport { x } from '../zaken/d.js';\n",
      );
      await write('zaken/d.ts', "import { x } from '../deps.js';\nexport const y = import('../app.js');\n");
      assert.deepEqual((await layeringProblems(dir)).sort(), [
        'folder cycle: documenten -> imports',
        'http/c.ts imports zaken/d.ts: http/ imports no domain module',
        'zaken/d.ts imports app.ts: a folder may import only the types of config.ts and deps.ts',
        'zaken/d.ts imports deps.ts: a folder may import only the types of config.ts and deps.ts',
      ]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
