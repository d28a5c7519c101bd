/**
 * Builds the framework demo pages (demo/apps: React, Vue, Angular) into demo/apps/dist, served by the
 * demo backend under /apps/. `pnpm build:apps` (or `buildDemoApps()` from demo/apps/build.ts).
 *
 * Vue's compiler is told that `cosmo-*` tags are custom elements; Angular runs in JIT mode (the
 * page imports `@angular/compiler`), so no Angular CLI is needed.
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const apps = fileURLToPath(new URL('./demo/apps/', import.meta.url));

export default defineConfig({
  root: apps,
  base: '/apps/',
  logLevel: 'warn',
  // Development builds on purpose: React's StrictMode double mount and Angular's dev checks only run there.
  define: { 'process.env.NODE_ENV': JSON.stringify('development') },
  // Angular's decorators are the legacy (experimentalDecorators) kind.
  oxc: { decorator: { legacy: true } },
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('cosmo-') } } })],
  build: {
    outDir: `${apps}dist`,
    emptyOutDir: true,
    sourcemap: true,
    // A demo: readable output, and no warning about Angular's JIT compiler size.
    minify: false,
    chunkSizeWarningLimit: 4096,
    rollupOptions: {
      input: {
        react: `${apps}react/index.html`,
        vue: `${apps}vue/index.html`,
        angular: `${apps}angular/index.html`,
      },
    },
  },
});
