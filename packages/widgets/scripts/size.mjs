/**
 * Builds the script-tag files (Vite, vite.config.ts), prints their minified and gzip sizes against the budgets
 * (15 000 B gzip for the elements bundle, Lit included, DESIGN.md §10; 2 200 B gzip for the opt-in WebView bridge),
 * and splits the elements bundle into Lit's share and ours: Lit's share is a bundle of the same Lit imports alone
 * (every value the package imports from `lit`, built with the same settings), ours the rest. Writes every figure
 * to `sizes.json`, the one place the READMEs' size figures come from (test/node/sizes.test.ts checks every quote
 * against it). Run it after a change to the elements or the protocol's guards, and commit `sizes.json` and the
 * quotes. Budgets are read strictly, in decimal kilobytes (15 KB = 15 000 B).
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';
import { build, loadConfigFromFile } from 'vite';
import { buildCdn } from './cdn.mjs';

const BUDGETS = { 'cosmo-widgets': 15_000, 'cosmo-webview-bridge': 2_200 };
/** `cosmo-widgets-0.1.0.js` → `cosmo-widgets`. */
const bundleOf = (file) => file.replace(/(-\d+\.\d+\.\d+[^.]*)?\.js$/, '');
const root = fileURLToPath(new URL('..', import.meta.url));
const gzip = (code) => gzipSync(code, { level: constants.Z_BEST_COMPRESSION }).length;

/** Every value (not type) the package's sources import from `lit` and its subpaths: `{ 'lit': ['LitElement', …], … }`. */
async function litImports() {
  const imports = {};
  for (const entry of await readdir(`${root}src`, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const source = await readFile(`${entry.parentPath}/${entry.name}`, 'utf8');
    for (const [, names, specifier] of source.matchAll(/^import \{([^}]+)\} from '(lit(?:\/[^']*)?)';$/gm)) {
      imports[specifier] = [...new Set([...(imports[specifier] ?? []), ...names.split(',').map((name) => name.trim())])].sort();
    }
  }
  return imports;
}

/** Lit's share: the same Lit imports alone, through the elements bundle's own build settings, minified, gzip. */
async function litShare(imports) {
  const entry = `${root}.tmp/lit-share.js`;
  await mkdir(`${root}.tmp`, { recursive: true });
  await writeFile(entry, Object.entries(imports).map(([specifier, names]) => `export { ${names.join(', ')} } from '${specifier}';\n`).join(''));
  const { config } = await loadConfigFromFile({ command: 'build', mode: 'production' }, `${root}vite.config.ts`, root, 'silent');
  const widgets = config.environments.widgets.build;
  const [output] = widgets.rollupOptions.output;
  const result = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    publicDir: false,
    plugins: config.plugins,
    build: { ...config.build, lib: { entry, formats: ['es'] }, write: false, rollupOptions: { output: { ...output, entryFileNames: 'lit-share.js', postBanner: undefined } } },
  });
  const [chunk] = (Array.isArray(result) ? result[0] : result).output;
  return { size: chunk.code.length, gzipSize: gzip(chunk.code) };
}

const manifest = await buildCdn();
const kb = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const files = {};
for (const [file, { size, gzipSize }] of Object.entries(manifest.files)) {
  const budget = BUDGETS[bundleOf(file)];
  files[file] = { size, gzipSize, budget };
  console.log(`cdn/${file.padEnd(34)} minified ${kb(size)} (${size} B)  gzip ${kb(gzipSize)} (${gzipSize} B)  budget ${budget} B gzip`);
  if (gzipSize > budget) {
    console.error(`  over budget by ${gzipSize - budget} B`);
    process.exitCode = 1;
  }
}
const imports = await litImports();
const lit = await litShare(imports);
const total = files['cosmo-widgets.js'];
const ours = { size: total.size - lit.size, gzipSize: total.gzipSize - lit.gzipSize };
console.log(`\ncdn/cosmo-widgets.js, split (gzip): Lit ${lit.gzipSize} B, ours ${ours.gzipSize} B (total ${total.gzipSize} B)`);
console.log(`  Lit's share: a bundle of ${Object.entries(imports).map(([specifier, names]) => `${names.join(', ')} from '${specifier}'`).join('; ')}`);
await writeFile(new URL('../sizes.json', import.meta.url), `${JSON.stringify({ version: manifest.version, files, split: { 'cosmo-widgets.js': { lit, ours } } }, null, 2)}\n`);
console.log('\nwritten to packages/widgets/sizes.json (the READMEs quote it)');
