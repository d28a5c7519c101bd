/**
 * Layers that mean what they say, in every package (`packages/<name>/src`, and the simulator's `apps`):
 *
 * - no import circle between a package's modules (type-only imports count: a circle of types still ties them);
 * - a module in an `internal/` folder imports only modules of that same folder (lower internal modules) and other
 *   packages, never the package's public modules above it;
 * - nothing outside `internal/` re-exports from it (`export … from './internal/…'`): public names are defined
 *   outside `internal/`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { importCircles, importGraph, internalFolder } from './support/import-graph.js';
import { root } from './support/packages.js';


const graph = importGraph();

/** Every violation: its key (kind and modules) and what to do about it. */
const violations = new Map<string, string>();
for (const circle of importCircles(graph)) {
  violations.set(
    `circle: ${circle.join(' → ')}`,
    `${circle.join(' → ')} is an import circle. Break it: move what the modules share into a module that imports ` +
      'none of them (a type used on both sides too; `import type` counts), or invert the dependency by passing it in.',
  );
}
for (const [module, edges] of graph) {
  const folder = internalFolder(module);
  for (const { to, specifier, reexport } of edges) {
    if (folder && !to.startsWith(folder)) {
      violations.set(
        `upward: ${module} imports ${to}`,
        `${module} imports "${specifier}" (${to}), which is above its internal/ folder. A module in internal/ may import ` +
          `only modules of ${folder} and other packages: move what it needs into ${folder}, take it as a parameter, ` +
          'or move this module out of internal/.',
      );
    }
    if (!folder && reexport && internalFolder(to)) {
      violations.set(
        `public: ${module} re-exports ${to}`,
        `${module} re-exports "${specifier}": a public name must not be defined in internal/. Move its definition ` +
          `(${to}) to a module outside internal/ and re-export it from there.`,
      );
    }
  }
}

const unexpected = (kind: string) => [...violations].filter(([key]) => key.startsWith(`${kind}:`)).map(([, fix]) => fix);

describe('layers that mean what they say', () => {
  it('reads the import graph of every package', () => {
    const packages = new Set([...graph.keys()].map((module) => module.split('/')[1]));
    assert.deepEqual([...packages].sort(), ['protocol', 'react', 'server', 'simulator', 'widgets']);
    assert.ok(
      graph.get('packages/simulator/src/simulator.ts')?.some(({ to }) => to === 'packages/simulator/src/internal/router.ts'),
      'the graph has the edges a module imports',
    );
  });

  it('no import circle in any package', () => {
    assert.deepEqual(unexpected('circle'), []);
  });

  it('nothing in an internal/ folder imports from above it', () => {
    assert.deepEqual(unexpected('upward'), []);
  });

  it('no public name is defined in internal/ (no re-export from it)', () => {
    assert.deepEqual(unexpected('public'), []);
  });
});

describe('@cosmopoints/protocol needs no DOM outside /iframe', () => {
  // Globals only a browser window has; `URL`, `fetch` and `AbortSignal` exist in Node and edge runtimes too.
  const DOM = /\b(window|document|navigator|HTMLElement|ResizeObserver|MessageEvent|getBoundingClientRect)\b/;
  const closure = (entry: string) => {
    const seen = new Set<string>();
    const visit = (module: string) => {
      if (seen.has(module)) return;
      seen.add(module);
      for (const { to } of graph.get(module) ?? []) visit(to);
    };
    visit(entry);
    return [...seen];
  };
  const code = (module: string) => readFileSync(join(root, module), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^[ \t]*\/\/.*$/gm, '');

  for (const entry of ['index', 'cosmo-api', 'webhook-events']) {
    it(`src/${entry}.ts and every module it imports use no DOM global`, () => {
      const modules = closure(`packages/protocol/src/${entry}.ts`);
      assert.deepEqual(modules.filter((module) => DOM.test(code(module))), []);
    });
  }

  it('src/iframe.ts does (the check sees DOM use)', () => {
    assert.match(code('packages/protocol/src/iframe.ts'), DOM);
  });
});
