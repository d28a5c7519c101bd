/**
 * Bundle sizes have one source: `sizes.json`, written by `pnpm size` (which measures the built files and
 * checks the budgets: budgets are measured by scripts, never asserted in tests). Every size the docs
 * quote next to a bundle must be one of its figures there, so the docs agree with each other and with
 * the last measurement; `pnpm size` refreshes the measurement.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const root = fileURLToPath(new URL('../../../..', import.meta.url));
type Figures = { size: number; gzipSize: number };
/** `split`: the elements bundle as Lit's share (the same Lit imports bundled alone) and ours. */
type Sizes = { version: string; files: Record<string, Figures & { budget: number }>; split: Record<string, { lit: Figures; ours: Figures }> };
const sizes = JSON.parse(readFileSync(`${packageDir}sizes.json`, 'utf8')) as Sizes;
const pkg = JSON.parse(readFileSync(`${packageDir}package.json`, 'utf8')) as { version: string };

/** The docs that quote sizes. */
const DOCS = ['README.md', 'packages/widgets/README.md', 'packages/protocol/README.md', 'docs/DESIGN-NOTES.md'];
/** What a line may name a bundle by. */
const NAMES: Record<string, RegExp> = {
  'cosmo-widgets': /cosmo-widgets[-.]|script-tag bundle|elements bundle/i,
  'cosmo-webview-bridge': /cosmo-webview-bridge|webview bridge/i,
};

test('sizes.json measures this version\'s files: the versioned and the stable name of each bundle', () => {
  assert.equal(sizes.version, pkg.version);
  for (const bundle of Object.keys(NAMES)) {
    assert.ok(sizes.files[`${bundle}.js`], `${bundle}.js`);
    assert.ok(sizes.files[`${bundle}-${pkg.version}.js`], `${bundle}-${pkg.version}.js`);
  }
});

test('every size the docs quote next to a bundle is one of that bundle\'s figures in sizes.json', () => {
  let quotes = 0;
  for (const doc of DOCS) {
    readFileSync(`${root}${doc}`, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        const bundles = Object.keys(NAMES).filter((bundle) => NAMES[bundle]!.test(line));
        if (bundles.length === 0) return;
        const ofBundle = ([file]: [string, unknown]) => bundles.some((bundle) => file.startsWith(`${bundle}.`) || file.startsWith(`${bundle}-`));
        const allowed = new Set([
          ...Object.entries(sizes.files)
            .filter(ofBundle)
            .flatMap(([, figures]) => [figures.size, figures.gzipSize, figures.budget]),
          ...Object.entries(sizes.split)
            .filter(ofBundle)
            .flatMap(([, { lit, ours }]) => [lit.size, lit.gzipSize, ours.size, ours.gzipSize]),
        ]);
        for (const [quote, digits] of line.matchAll(/\b(\d{1,3}(?:[  ]\d{3})*|\d+) B\b/g)) {
          quotes += 1;
          assert.ok(allowed.has(Number(digits!.replace(/\D/g, ''))), `${doc}:${index + 1} quotes "${quote}", which is not in sizes.json for ${bundles.join(', ')}: ${line.trim()}`);
        }
      });
  }
  assert.ok(quotes >= 6, `${quotes} quotes found: the docs quote the bundle sizes`);
});

test('the docs quote the elements bundle\'s current gzip size', () => {
  const gzip = sizes.files['cosmo-widgets.js']!.gzipSize.toLocaleString('en-US').replace(/,/g, ' ');
  for (const doc of ['README.md', 'packages/widgets/README.md']) assert.ok(readFileSync(`${root}${doc}`, 'utf8').includes(`${gzip} B`), `${doc} quotes ${gzip} B`);
});
