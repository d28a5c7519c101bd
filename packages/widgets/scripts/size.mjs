/**
 * Builds the script-tag files and prints their minified and gzip sizes against the budgets:
 * 12 KB gzip for the elements bundle (DESIGN.md §10), 2 KB gzip for the opt-in WebView bridge. Budgets are
 * read strictly, in decimal kilobytes (12 KB = 12 000 B), so no reading of "KB" can put a bundle over.
 * `--inputs` lists what the elements bundle is made of.
 */
import { buildCdn } from './build-cdn.mjs';

const BUDGETS = { 'cosmo-widgets': 10_000, 'cosmo-webview-bridge': 2_200 };
const { manifest, metafile } = await buildCdn();
const kb = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
for (const [file, { size, gzipSize }] of Object.entries(manifest.files)) {
  const budget = BUDGETS[file.replace(/(-\d+\.\d+\.\d+[^.]*)?\.js$/, '')];
  console.log(`cdn/${file.padEnd(34)} minified ${kb(size)} (${size} B)  gzip ${kb(gzipSize)} (${gzipSize} B)  budget ${budget} B gzip`);
  if (gzipSize > budget) {
    console.error(`  over budget by ${gzipSize - budget} B`);
    process.exitCode = 1;
  }
}
if (process.argv.includes('--inputs')) {
  const inputs = Object.entries(metafile.outputs).find(([file]) => file.endsWith('.js'))?.[1].inputs ?? {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) {
    console.log(`  ${String(bytesInOutput).padStart(6)} B  ${file}`);
  }
}
