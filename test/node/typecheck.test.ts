/**
 * Tests that check themselves. tsx, wtr's esbuild and Vite strip types without checking them, so every TypeScript
 * project of the repository (every `tsconfig*.json` with an `include` or `files`) is type-checked inside `pnpm test`:
 *
 * - the packages' build configs by `pnpm build` (each `tsc -p` of a package's `build` script);
 * - the README snippets', the Vue templates' (good and bad set) and the Next.js app's by the tests that compile them
 *   as they need (below, `CHECKED_ELSEWHERE`);
 * - every other one here: each package's `tsconfig.test.json` (its src and every test folder), the widgets' type
 *   tests (`packages/widgets/test/types`, which see the package only through its built declarations), the repo's
 *   `test/tsconfig.json`, the demo's two.
 *
 * And every TypeScript file of every test folder (support modules, type tests, benches, the Next.js app…) must be in
 * one of those projects: a test folder that no project includes fails here, before its types can drift.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { root } from './support/packages.js';
import { buildConfigs, isTestCode, matchedBy, readTsConfig, repoFiles } from './support/projects.js';
import type { TsConfig } from './support/projects.js';

const tsc = join(root, 'node_modules/typescript/bin/tsc');

/** Projects that a test compiles as it needs (its own compiler, generated files, a failure expected). */
const CHECKED_ELSEWHERE: Record<string, string> = {
  // The README snippets, written to generated/ and compiled by the test.
  'test/readme-snippets/tsconfig.json': 'test/node/readme-snippets.test.ts',
  // vue-tsc (TypeScript 5): the good set must pass, each bad fixture must fail on its misuse line.
  'test/vue-templates/tsconfig.json': 'test/node/vue-templates.test.ts',
  'test/vue-templates/tsconfig.bad.json': 'test/node/vue-templates.test.ts',
  // `next build` runs tsc on the app and stops on an error (pinned in its next.config.ts); its generated route types
  // (.next/types) exist only after that build.
  'test/next-app/tsconfig.json': 'test/e2e/next-app.test.ts',
};

const files = repoFiles();
/** Every project: a tsconfig with an `include` or `files` (tsconfig.base.json only holds shared options). */
const projects = files
  .filter((file) => /(?:^|\/)tsconfig(?:\.[\w-]+)?\.json$/.test(file))
  .map((path) => ({ path, config: readTsConfig(join(root, path)) }))
  .filter(({ config }) => config.include !== undefined || config.files !== undefined);
const built = new Set(buildConfigs());
const checkedHere = projects.filter(({ path }) => !built.has(path) && !(path in CHECKED_ELSEWHERE));

/** `tsc -p <path> --listFiles`, once per project: its exit code, its output and the files it compiled. */
const runs = new Map<string, Promise<{ code: number; output: string; compiled: string[] }>>();
function typecheck(path: string) {
  let run = runs.get(path);
  if (!run) {
    run = promisify(execFile)(process.execPath, [tsc, '-p', path, '--listFiles', '--pretty', 'false'], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
      .then(({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }))
      .catch((error: { stdout?: string; stderr?: string; code?: number }) => ({ code: error.code ?? 1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }))
      .then(({ code, output }) => ({ code, output, compiled: output.split('\n').filter((line) => line.startsWith(root)).map((line) => relative(root, line.trim()).split(sep).join('/')) }));
    runs.set(path, run);
  }
  return run;
}

/** Test code that no project compiles or includes. */
function uncovered(testCode: string[], compiledFiles: Set<string>, others: { path: string; config: TsConfig }[]): string[] {
  return testCode.filter((file) => !compiledFiles.has(file) && !others.some(({ path, config }) => matchedBy(path, config, file)));
}

describe('test folders type-check', () => {
  it('finds the test tsconfig of every package with tests, and what checks every other project', () => {
    const names = checkedHere.map(({ path }) => path);
    for (const dir of readdirSync(join(root, 'packages'))) {
      if (existsSync(join(root, 'packages', dir, 'test'))) assert.ok(names.includes(`packages/${dir}/tsconfig.test.json`), `packages/${dir} has tests and a tsconfig.test.json`);
    }
    for (const path of ['packages/widgets/test/types/tsconfig.json', 'test/tsconfig.json', 'demo/tsconfig.json', 'demo/apps/tsconfig.json']) assert.ok(names.includes(path), path);
    for (const path of ['packages/widgets/tsconfig.json', 'packages/server/tsconfig.web.json', 'packages/simulator/tsconfig.apps.json']) assert.ok(built.has(path), `${path} is checked by the build`);
    for (const [path, test] of Object.entries(CHECKED_ELSEWHERE)) {
      assert.ok(projects.some((project) => project.path === path), `${path} exists`);
      assert.ok(existsSync(join(root, test)), `${test} (which checks ${path}) exists`);
    }
  });

  for (const { path } of checkedHere) {
    it(`tsc -p ${path} reports no error`, async () => {
      const { code, output } = await typecheck(path);
      assert.equal(code, 0, output);
    });
  }

  it('every TypeScript file of every test folder is in a checked project', async () => {
    const testCode = files.filter(isTestCode);
    for (const sample of ['packages/widgets/test/browser/helpers.ts', 'packages/widgets/test/types/frameworks/vue.test-d.ts', 'packages/server/bench/measure.ts', 'packages/server/test/types/public-api.types.ts', 'test/browser-support/environment.ts', 'test/e2e/support/driver.ts', 'test/next-app/app/layout.tsx', 'test/readme-snippets/ambient.d.ts']) {
      assert.ok(testCode.includes(sample), `${sample} counts as test code`);
    }
    const compiled = new Set((await Promise.all(checkedHere.map(({ path }) => typecheck(path)))).flatMap((run) => run.compiled));
    const elsewhere = projects.filter(({ path }) => path in CHECKED_ELSEWHERE);
    assert.deepEqual(uncovered(testCode, compiled, elsewhere), [], 'test code in no checked project: add its folder to the include of a checked tsconfig (its package’s tsconfig.test.json, or test/tsconfig.json)');
  });

  describe('the check itself', () => {
    const fixture = mkdtempSync(join(tmpdir(), 'cosmo-test-code-'));
    after(() => rmSync(fixture, { recursive: true, force: true }));
    const write = (path: string) => {
      mkdirSync(dirname(join(fixture, path)), { recursive: true });
      writeFileSync(join(fixture, path), '');
    };

    it('finds test code in test and bench folders and test files anywhere, not sources, scripts or dependencies', () => {
      for (const path of ['packages/a/test/node/x.test.ts', 'packages/a/test/browser/page.tsx', 'packages/a/test/support/ports.d.mts', 'packages/a/bench/run.ts', 'packages/a/src/y.types.ts', 'tools/z.test-d.ts']) write(path);
      for (const path of ['packages/a/src/index.ts', 'packages/a/test/support/ports.mjs', 'packages/a/node_modules/b/test/c.ts', 'packages/a/dist/test/d.ts', 'packages/a/.tmp/test/e.ts']) write(path);
      assert.deepEqual(repoFiles(fixture).filter(isTestCode), ['packages/a/bench/run.ts', 'packages/a/src/y.types.ts', 'packages/a/test/browser/page.tsx', 'packages/a/test/node/x.test.ts', 'packages/a/test/support/ports.d.mts', 'tools/z.test-d.ts']);
    });

    it('reports a test file that no project compiles or includes, and matches include folders and globs', () => {
      const testCode = ['packages/a/test/node/x.test.ts', 'packages/b/test/node/new.test.ts', 'test/app/route.ts', 'test/app/.next/types/r.ts', 'test/other/ambient.d.ts'];
      const others = [
        { path: 'test/app/tsconfig.json', config: { include: ['route.ts', '.next/types/**/*.ts'] } },
        { path: 'test/other/tsconfig.json', config: { files: ['ambient.d.ts'] } },
      ];
      assert.deepEqual(uncovered(testCode, new Set(['packages/a/test/node/x.test.ts']), others), ['packages/b/test/node/new.test.ts']);
    });
  });
});
