/**
 * Browser tests of the React components in one engine per run (`COSMO_ENGINE`: chromium, firefox or webkit; see
 * test/browser-support/launchers.mjs), against the real simulator on a second origin.
 *
 * The test page is served by wtr on http://localhost:<port>; the simulator (Cosmo's API and widget apps)
 * listens on http://127.0.0.1:<port2>, a different origin. Each test file is bundled by esbuild with
 * React's development build (StrictMode double-invokes only there): React ships CommonJS, which the dev
 * server's ES module resolution cannot serve as is.
 *
 * The simulator, the counting token endpoint and the commands that act inside the cross-origin widget
 * frame are shared with packages/widgets (test/browser-support/wtr.mjs).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { TestEnvironment, desktopLauncher, reporters } from '../../test/browser-support/wtr.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const env = new TestEnvironment();

/** Serves each `*.test.tsx` bundled by esbuild (React development build, automatic JSX runtime). */
function bundleTestsPlugin() {
  return {
    name: 'cosmo-bundle-tests',
    async serve(context) {
      if (!/\.test\.tsx$/.test(context.path)) return undefined;
      const result = await build({
        entryPoints: [fileURLToPath(new URL(`.${context.path}`, `file://${root}`))],
        bundle: true,
        format: 'esm',
        write: false,
        sourcemap: 'inline',
        jsx: 'automatic',
        target: 'es2022',
        conditions: ['development', 'browser'],
        define: { 'process.env.NODE_ENV': '"development"' },
        // The runner's own socket module: resolved by the dev server at run time, not bundled.
        external: ['/__web-dev-server__web-socket.js'],
        tsconfig: fileURLToPath(new URL('./tsconfig.test.json', import.meta.url)),
        logLevel: 'silent',
      });
      return { body: result.outputFiles[0].text, type: 'js' };
    },
  };
}

/**
 * `GET /__ssr/purchase?id=…&tokenUrl=…&widgetUrl=…`: `<CosmoPurchaseWidget>` rendered by `react-dom/server` in
 * its own Node process (test/browser/ssr-render.mjs), from the built package, as a server-rendering framework
 * would (test/browser/ssr-upgrade.test.tsx).
 */
async function ssrRoute(ctx, next) {
  if (!ctx.path.startsWith('/__ssr/purchase')) return next();
  const props = Object.fromEntries(new URL(ctx.url, 'http://test.invalid').searchParams);
  const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(new URL('./test/browser/ssr-render.mjs', import.meta.url)), JSON.stringify(props)], { cwd: root });
  ctx.type = 'text/html';
  ctx.body = stdout;
}

export default {
  files: ['test/browser/**/*.test.tsx'],
  nodeResolve: true,
  browsers: [desktopLauncher()],
  // One file at a time: the simulator and its control API (expire-tokens) are shared.
  concurrency: 1,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 30_000 } },
  middleware: [ssrRoute, env.middleware()],
  plugins: [env.plugin(), bundleTestsPlugin(), env.commandsPlugin()],
  reporters: reporters('../../.tmp/test-reports/browser-react.xml'),
};
