/**
 * Builds the script-tag files, prints their minified and gzip sizes against the budgets (10 KB gzip for the
 * elements bundle, DESIGN.md §10; 2.2 KB gzip for the opt-in WebView bridge), and writes them to `sizes.json`:
 * the one place the READMEs' size figures come from (test/node/sizes.test.ts checks every quote against it).
 * Run it after a change to the elements or the protocol's guards, and commit `sizes.json` and the quotes. Budgets are read strictly, in decimal kilobytes (10 KB = 10 000 B), so no
 * reading of "KB" can put a bundle over. `--inputs` lists what the elements bundle is made of.
 */
import { writeFile } from 'node:fs/promises';
import { buildCdn } from './build-cdn.mjs';

const BUDGETS = { 'cosmo-widgets': 10_000, 'cosmo-webview-bridge': 2_200 };
/** `cosmo-widgets-0.1.0.js` → `cosmo-widgets`. */
const bundleOf = (file) => file.replace(/(-\d+\.\d+\.\d+[^.]*)?\.js$/, '');
const sizesFile = new URL('../sizes.json', import.meta.url);

const { manifest, metafile } = await buildCdn();
const kb = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const sizes = {};
for (const [file, { size, gzipSize }] of Object.entries(manifest.files)) {
  const budget = BUDGETS[bundleOf(file)];
  sizes[file] = { size, gzipSize, budget };
  console.log(`cdn/${file.padEnd(34)} minified ${kb(size)} (${size} B)  gzip ${kb(gzipSize)} (${gzipSize} B)  budget ${budget} B gzip`);
  if (gzipSize > budget) {
    console.error(`  over budget by ${gzipSize - budget} B`);
    process.exitCode = 1;
  }
}
await writeFile(sizesFile, `${JSON.stringify({ version: manifest.version, files: sizes }, null, 2)}\n`);
console.log('\nwritten to packages/widgets/sizes.json (the READMEs quote it)');
if (process.argv.includes('--inputs')) {
  const inputs = Object.entries(metafile.outputs).find(([file]) => file.endsWith('.js'))?.[1].inputs ?? {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) {
    console.log(`  ${String(bytesInOutput).padStart(6)} B  ${file}`);
  }
}
