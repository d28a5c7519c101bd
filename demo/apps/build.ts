/**
 * Builds the framework demo pages (React, Vue, Angular) into demo/apps/dist with Vite, served by the demo backend
 * under `/apps/`. Used by the demo launcher and the end-to-end tests; `pnpm build:apps` runs this file.
 *
 * Vue's compiler is told that `cosmo-*` tags are custom elements; Angular runs in JIT mode (the page imports
 * `@angular/compiler`), so no Angular CLI is needed.
 */
import { fileURLToPath } from 'node:url';
import type { InlineConfig, LogLevel } from 'vite';

const APPS = fileURLToPath(new URL('./', import.meta.url));

/** Runs `vite build` for the three pages, into dist/ (which the demo backend serves under `/apps/`). */
export async function buildDemoApps(logLevel: LogLevel = 'error'): Promise<void> {
  const [{ build }, { default: vue }] = await Promise.all([import('vite'), import('@vitejs/plugin-vue')]);
  const config: InlineConfig = {
    configFile: false,
    root: APPS,
    base: '/apps/',
    logLevel,
    // Development builds on purpose: React's StrictMode double mount and Angular's dev checks only run there.
    define: { 'process.env.NODE_ENV': JSON.stringify('development') },
    // Angular's decorators are the legacy (experimentalDecorators) kind.
    oxc: { decorator: { legacy: true } },
    plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('cosmo-') } } })],
    build: {
      outDir: `${APPS}dist`,
      emptyOutDir: true,
      sourcemap: true,
      // A demo: readable output, and no warning about Angular's JIT compiler size.
      minify: false,
      chunkSizeWarningLimit: 4096,
      rollupOptions: {
        input: {
          react: `${APPS}react/index.html`,
          vue: `${APPS}vue/index.html`,
          angular: `${APPS}angular/index.html`,
        },
      },
    },
  };
  await build(config);
}

// `pnpm build:apps` (node --import tsx demo/apps/build.ts).
if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDemoApps('info');
