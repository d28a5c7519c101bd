/**
 * Runs the type tests (tsc only): the React props, event props and the event-name maps, with
 * `@ts-expect-error` on misuse. tsc fails on a type error and on an unused `@ts-expect-error`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

for (const project of ['test/types', 'test/browser']) {
  test(`tsc -p ${project} --noEmit exits 0`, () => {
    const result = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: packageDir, encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
  });
}
