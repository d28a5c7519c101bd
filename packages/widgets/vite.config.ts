/**
 * The script-tag files, built by Vite in library mode into cdn/ (`vite build`, run by this package's `build`):
 *
 * - cosmo-widgets-<version>.js: one minified ES module with Lit, the protocol's guards and both elements,
 *   which defines both tags when it runs (src/cdn.ts); versioned, so its content never changes and can be
 *   cached forever and pinned with Subresource Integrity.
 * - cosmo-webview-bridge-<version>.js: the opt-in native bridge for mobile WebViews (src/webview-auto.ts),
 *   kept out of the elements' bundle.
 * - cosmo-widgets.js and cosmo-webview-bridge.js: the same modules under stable names (aliases that follow
 *   the latest build).
 * - manifest.json: each file's size, gzip size and SHA-384 integrity (`sha384-<base64>`).
 *
 * Each bundle is its own build environment: one build with both entries would share their common modules
 * (the error codes, the close event) in a third file, and each bundle must be one file. Why ESM and not an
 * IIFE: `<script type="module">` is deferred, strict, works under a strict CSP with SRI, leaves no global
 * behind, and the same file can be `import`ed for the element and error classes.
 *
 * This config sits in the package it builds (the demo has its own, demo/vite.config.ts): each artifact's
 * build next to its sources and its package's scripts, and nothing at the root builds anything itself.
 */
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { constants, gzipSync } from 'node:zlib';
import { minifyTemplateLiterals } from 'rollup-plugin-minify-template-literals';
import { defineConfig } from 'vite';
import type { EnvironmentOptions } from 'vite';

const root = new URL('./', import.meta.url);
const { name, version } = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { name: string; version: string };
const cdnDir = new URL('cdn/', root);

/** The bundles, by build environment: their stable file name, entry and license banner. */
export const CDN_BUNDLES = {
  widgets: { file: 'cosmo-widgets', entry: 'src/cdn.ts', banner: '/*! @cosmopoints/widgets (MIT). Includes Lit, Copyright Google LLC, BSD-3-Clause. */' },
  webviewBridge: { file: 'cosmo-webview-bridge', entry: 'src/webview-auto.ts', banner: '/*! @cosmopoints/widgets webview bridge (MIT). */' },
} as const;

/** A bundle's two files: the versioned one (immutable) first, then its stable alias. */
const filesOf = (stable: string) => [[`${stable}-${version}.js`, true], [`${stable}.js`, false]] as const;

/** The `integrity` attribute value of some bytes. */
export const sri = (bytes: Uint8Array | string): string => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** One bundle's build: library mode, one ES module written twice, under its versioned name and its stable alias. */
const bundleEnvironment = ({ file, entry, banner }: (typeof CDN_BUNDLES)[keyof typeof CDN_BUNDLES]): EnvironmentOptions => ({
  consumer: 'client',
  build: {
    outDir: 'cdn',
    emptyOutDir: false,
    lib: { entry },
    rollupOptions: {
      // The two files differ only in their sourceMappingURL comment.
      output: filesOf(file).map(([name]) => ({
        entryFileNames: name,
        postBanner: banner,
        // Library mode keeps whitespace and annotations in an ES bundle for the bundler that would come next;
        // this file is final, loaded as it is by browsers: minify it whole.
        minify: true,
        // One notice (the banner) instead of Lit's per-file license comments.
        comments: { legal: false, annotation: false, jsdoc: false },
      })),
    },
  },
});

/** Writes cdn/manifest.json: every file's size, gzip size and integrity. */
async function writeManifest(): Promise<void> {
  const files: Record<string, { integrity: string; size: number; gzipSize: number; immutable: boolean; map: string }> = {};
  for (const { file: stable } of Object.values(CDN_BUNDLES)) {
    for (const [file, immutable] of filesOf(stable)) {
      const code = await readFile(new URL(file, cdnDir));
      files[file] = { integrity: sri(code), size: code.length, gzipSize: gzipSync(code, { level: constants.Z_BEST_COMPRESSION }).length, immutable, map: `${file}.map` };
    }
  }
  await writeFile(new URL('manifest.json', cdnDir), `${JSON.stringify({ name, version, algorithm: 'sha384', files }, null, 2)}\n`);
}

export default defineConfig({
  // No public/ folder to copy, nothing to clear the screen for.
  publicDir: false,
  clearScreen: false,
  // The whitespace inside Lit's `html` and `css` templates, which the JavaScript minifier leaves alone.
  plugins: [minifyTemplateLiterals({ include: fileURLToPath(new URL('src/**/*.ts', root)), failOnError: true })],
  build: {
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    minify: 'oxc',
    sourcemap: true,
  },
  environments: {
    widgets: bundleEnvironment(CDN_BUNDLES.widgets),
    webviewBridge: bundleEnvironment(CDN_BUNDLES.webviewBridge),
  },
  builder: {
    async buildApp(builder) {
      await rm(cdnDir, { recursive: true, force: true });
      for (const environment of Object.keys(CDN_BUNDLES)) await builder.build(builder.environments[environment]!);
      await writeManifest();
    },
  },
});
