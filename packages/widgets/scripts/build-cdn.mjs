/**
 * Builds the script-tag bundle: cdn/cosmo-widgets.js (+ .map), one minified ES module with Lit,
 * the protocol guards and both elements, which defines both tags when it runs.
 *
 * Why ESM and not an IIFE: `<script type="module">` is deferred by default, runs in strict mode,
 * works under a strict CSP with SRI (`integrity` + `crossorigin`), leaves no global behind, and
 * the same file can also be `import`ed for its classes and event types.
 */
import { build } from 'esbuild';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const outfile = `${root}cdn/cosmo-widgets.js`;

/** Minifies the CSS inside `css\`…\`` literals of `*.styles.ts` files: esbuild leaves template literals alone. */
const minifyCss = {
  name: 'minify-css-literals',
  setup(build) {
    build.onLoad({ filter: /\.styles\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const contents = source.replace(/css`([^`]*)`/g, (_, text) =>
        `css\`${text.replace(/\/\*[^]*?\*\//g, '').replace(/\s+/g, ' ').replace(/\s*([{};:,>])\s*/g, '$1').replace(/;}/g, '}').trim()}\``,
      );
      return { contents, loader: 'ts' };
    });
  },
};

export async function buildCdn() {
  await mkdir(`${root}cdn`, { recursive: true });
  return build({
    stdin: {
      contents: "export * from './src/index.ts';\nimport './src/define.ts';\n",
      resolveDir: root,
      sourcefile: 'cosmo-widgets.ts',
      loader: 'ts',
    },
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    minify: true,
    sourcemap: true,
    // One notice instead of Lit's per-file license comments (about 400 B gzip at the end of the file).
    legalComments: 'none',
    banner: { js: '/*! @cosmopoints/widgets (MIT). Includes Lit, Copyright Google LLC, BSD-3-Clause. */' },
    metafile: true,
    plugins: [minifyCss],
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildCdn();
  console.log(`built ${outfile}`);
}
