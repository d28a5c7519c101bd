/**
 * The demo's framework pages (React, Vue, Angular), built by Vite into apps/dist, which the demo backend serves
 * under `/apps/` (`vite build` here, `pnpm build:apps` at the root; `pnpm demo` and the e2e tests build through
 * `buildDemoApps()` in apps/build.ts, with this config). The script-tag pages in public/ are a partner's plain
 * HTML, served as they are: what they show is the one `<script>` tag.
 *
 * Vue's compiler is told that `cosmo-*` tags are custom elements; Angular runs in JIT mode (the page imports
 * `@angular/compiler`), so no Angular CLI is needed.
 */
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const apps = fileURLToPath(new URL('./apps/', import.meta.url));

export default defineConfig({
  root: apps,
  base: '/apps/',
  publicDir: false,
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
