/**
 * The relative-import graph of every package's source (`packages/<name>/src`, and the simulator's `apps`), read with a
 * few regular expressions: static `import … from`, `export … from`, side-effect `import '…'` and dynamic `import('…')`.
 * Type-only imports are edges too: a circle of types still ties the modules together. Imports of other packages are
 * not edges here (the package graph is pinned by the packages' own dependencies).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { root } from './packages.js';

/** One relative import of a module. */
export interface ImportEdge {
  /** The imported module, relative to the repository root (`packages/x/src/y.ts`). */
  to: string;
  /** The specifier as written (`./y.js`). */
  specifier: string;
  /** `true` for `export … from`: the module re-exports what it imports. */
  reexport: boolean;
}

const SOURCE = /\.(?:ts|tsx|mts)$/;
const STATIC = /^[ \t]*(import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm;
const SIDE_EFFECT = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Source without comments, so an `@example` import in a doc comment is not an edge. */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^[ \t]*\/\/.*$/gm, '');

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts'))
    // `parentPath` from Node 20.12 on, `path` before it.
    .map((entry) => join(entry.parentPath ?? (entry as { path?: string }).path ?? dir, entry.name));
}

/** The file a relative specifier names: `./y.js` is `./y.ts` (or `.tsx`, `.mts`), a folder its `index.ts`. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(?:m?js|jsx)$/, '');
  return [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, join(base, 'index.ts')].find((file) => SOURCE.test(file) && existsSync(file));
}

/** Module → its relative imports, for every package's source; paths relative to the repository root, `/`-separated. */
export function importGraph(): Map<string, ImportEdge[]> {
  const packages = join(root, 'packages');
  const files = readdirSync(packages).flatMap((name) => ['src', 'apps'].flatMap((folder) => sourceFiles(join(packages, name, folder))));
  const name = (file: string) => relative(root, file).split(sep).join('/');
  const graph = new Map<string, ImportEdge[]>();
  for (const file of files.sort()) {
    const text = withoutComments(readFileSync(file, 'utf8'));
    const found: { specifier: string; reexport: boolean }[] = [
      ...[...text.matchAll(STATIC)].map((match) => ({ specifier: match[2]!, reexport: match[1] === 'export' })),
      ...[...text.matchAll(SIDE_EFFECT), ...text.matchAll(DYNAMIC)].map((match) => ({ specifier: match[1]!, reexport: false })),
    ];
    const edges: ImportEdge[] = [];
    for (const { specifier, reexport } of found) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveSpecifier(file, specifier);
      if (!target) throw new Error(`${name(file)}: cannot resolve the import "${specifier}"`);
      edges.push({ to: name(target), specifier, reexport });
    }
    graph.set(name(file), edges);
  }
  return graph;
}

/**
 * Every import circle, one concrete path each (`a.ts → b.ts → a.ts`), found per strongly connected component
 * (Tarjan), so a tangle of many modules is reported once.
 */
export function importCircles(graph: Map<string, ImportEdge[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let next = 0;
  const connect = (module: string) => {
    index.set(module, next);
    low.set(module, next);
    next += 1;
    stack.push(module);
    onStack.add(module);
    for (const { to } of graph.get(module) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(module, Math.min(low.get(module)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(module, Math.min(low.get(module)!, index.get(to)!));
      }
    }
    if (low.get(module) !== index.get(module)) return;
    const component = new Set<string>();
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.add(member);
    } while (member !== module);
    const selfImport = (graph.get(module) ?? []).some(({ to }) => to === module);
    if (component.size > 1 || selfImport) circles.push(pathWithin(graph, component, [...component].sort()[0]!));
  };
  for (const module of graph.keys()) if (!index.has(module)) connect(module);
  return circles;
}

/** A shortest path from `start` back to itself inside one component (breadth first). */
function pathWithin(graph: Map<string, ImportEdge[]>, component: Set<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const module = queue.shift()!;
    for (const { to } of graph.get(module) ?? []) {
      if (!component.has(to)) continue;
      if (to === start) {
        const path = [module];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return [...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, module);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

/** The `internal/` folder a module sits in (`packages/x/src/internal/`), or `undefined`. */
export function internalFolder(module: string): string | undefined {
  const at = module.lastIndexOf('/internal/');
  return at < 0 ? undefined : module.slice(0, at + '/internal/'.length);
}
