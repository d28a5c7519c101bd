// Bundles the two widget apps' browser code (apps/*/main.ts, with @cosmopoints/protocol/iframe) into
// dist/apps/, where the simulator serves them from /widgets/assets/. One file per app, no inline code,
// so the pages run under a strict CSP.
import { chmod, copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/apps`;
await mkdir(outdir, { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { purchase: 'apps/purchase/main.ts', multibrand: 'apps/multibrand/main.ts' },
  outdir,
  bundle: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
await copyFile(`${root}apps/widget.css`, `${outdir}/widget.css`);
for (const [file, { bytes }] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith('.js')) console.log(`simulator app ${file.replace(/^.*dist\//, 'dist/')}: ${(bytes / 1024).toFixed(1)} KB`);
}
// The bin must be executable for `cosmo-sim` to run from node_modules/.bin.
await chmod(`${root}dist/cli.js`, 0o755);
