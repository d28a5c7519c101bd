/** Builds the script-tag bundle and prints its minified and gzip sizes against the 12 KB gzip budget (DESIGN.md §10). */
import { readFile } from 'node:fs/promises';
import { gzipSync, constants } from 'node:zlib';
import { buildCdn, outfile } from './build-cdn.mjs';

const BUDGET = 12 * 1024;
const { metafile } = await buildCdn();
const code = await readFile(outfile);
const gzip = gzipSync(code, { level: constants.Z_BEST_COMPRESSION }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
console.log(`cdn/cosmo-widgets.js  minified ${kb(code.length)} (${code.length} B)  gzip ${kb(gzip)} (${gzip} B)  budget ${kb(BUDGET)} gzip`);
if (process.argv.includes('--inputs')) {
  const inputs = Object.entries(metafile.outputs).find(([file]) => file.endsWith(".js"))?.[1].inputs ?? {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) {
    console.log(`  ${String(bytesInOutput).padStart(6)} B  ${file}`);
  }
}
if (gzip > BUDGET) {
  console.error(`\nover budget by ${gzip - BUDGET} B`);
  process.exitCode = 1;
}
