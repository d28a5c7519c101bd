/**
 * Builds the script-tag files into cdn/:
 *
 * - cosmo-widgets-<version>.js: one minified ES module with Lit, the protocol guards and both
 *   elements, which defines both tags when it runs; versioned, so its content never changes and
 *   can be cached forever and pinned with Subresource Integrity.
 * - cosmo-webview-bridge-<version>.js: the opt-in native bridge for mobile WebViews
 *   (src/webview-auto.ts), kept out of the elements' bundle.
 * - cosmo-widgets.js and cosmo-webview-bridge.js: the same modules under stable names (aliases that
 *   follow the latest build).
 * - manifest.json: each file's size, gzip size and SHA-384 integrity (`sha384-<base64>`).
 *
 * Why ESM and not an IIFE: `<script type="module">` is deferred by default, runs in strict mode,
 * works under a strict CSP with SRI (`integrity` + `crossorigin`), leaves no global behind, and
 * the same file can also be `import`ed for the element and error classes (src/cdn.ts).
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const { name, version } = JSON.parse(await readFile(`${root}package.json`, 'utf8'));
export const cdnDir = `${root}cdn/`;
/** The stable-name elements bundle (an alias of the versioned one). */
export const outfile = `${cdnDir}cosmo-widgets.js`;

/** The bundles: stable name → entry and license banner. */
export const BUNDLES = {
  'cosmo-widgets': {
    stdin: { contents: "export * from './src/cdn.ts';\n", sourcefile: 'cosmo-widgets.ts' },
    banner: '/*! @cosmopoints/widgets (MIT). Includes Lit, Copyright Google LLC, BSD-3-Clause. */',
  },
  'cosmo-webview-bridge': {
    stdin: { contents: "export * from './src/webview-auto.ts';\n", sourcefile: 'cosmo-webview-bridge.ts' },
    banner: '/*! @cosmopoints/widgets webview bridge (MIT). */',
  },
};

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

/** The `integrity` attribute value of some bytes. */
export const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

async function bundle({ stdin, banner }, file) {
  const result = await build({
    stdin: { ...stdin, resolveDir: root, loader: 'ts' },
    outfile: `${cdnDir}${file}`,
    write: false,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    minify: true,
    sourcemap: true,
    // One notice instead of Lit's per-file license comments (about 400 B gzip at the end of the file).
    legalComments: 'none',
    banner: { js: banner },
    metafile: true,
    plugins: [minifyCss],
    logLevel: 'warning',
  });
  for (const output of result.outputFiles) await writeFile(output.path, output.contents);
  const code = result.outputFiles.find((output) => output.path.endsWith('.js')).contents;
  return { code, metafile: result.metafile };
}

/**
 * Writes every file and the manifest; resolves with the manifest and the elements bundle's
 * esbuild metafile (for `size --inputs`).
 */
export async function buildCdn() {
  await rm(cdnDir, { recursive: true, force: true });
  await mkdir(cdnDir, { recursive: true });
  const files = {};
  let metafile;
  for (const [stable, entry] of Object.entries(BUNDLES)) {
    // The versioned file first: the stable alias differs only in its sourceMappingURL comment.
    for (const [file, immutable] of [[`${stable}-${version}.js`, true], [`${stable}.js`, false]]) {
      const built = await bundle(entry, file);
      metafile ??= built.metafile;
      files[file] = {
        integrity: sri(built.code),
        size: built.code.length,
        gzipSize: gzipSync(built.code, { level: constants.Z_BEST_COMPRESSION }).length,
        immutable,
        map: `${file}.map`,
      };
    }
  }
  const manifest = { name, version, algorithm: 'sha384', files };
  await writeFile(`${cdnDir}manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, metafile };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { manifest } = await buildCdn();
  for (const [file, { size, gzipSize, integrity }] of Object.entries(manifest.files)) {
    console.log(`cdn/${file.padEnd(34)} ${String(size).padStart(6)} B  gzip ${String(gzipSize).padStart(5)} B  ${integrity}`);
  }
}
