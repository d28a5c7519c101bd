/**
 * Tests that check themselves: tsx runs the Node tests without checking their types, so each package's test
 * tsconfig (`packages/<name>/tsconfig.test.json`: its src and test folders) and the repo's own `test/tsconfig.json`
 * are type-checked here, inside `pnpm test`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { root } from './support/packages.js';

const tsc = join(root, 'node_modules/typescript/bin/tsc');
const projects = [
  ...readdirSync(join(root, 'packages'))
    .map((name) => join(root, 'packages', name, 'tsconfig.test.json'))
    .filter((file) => existsSync(file)),
  join(root, 'test/tsconfig.json'),
];

describe('test folders type-check', () => {
  it('finds the test tsconfig of protocol, server and simulator', () => {
    const names = projects.map((file) => relative(root, file));
    for (const pkg of ['protocol', 'server', 'simulator']) assert.ok(names.includes(`packages/${pkg}/tsconfig.test.json`), `packages/${pkg}/tsconfig.test.json`);
  });

  for (const project of projects) {
    it(`tsc -p ${relative(root, project)} reports no error`, async () => {
      const result = await promisify(execFile)(process.execPath, [tsc, '-p', project], { cwd: root }).catch((error: { stdout?: string; stderr?: string; code?: number }) => error);
      assert.equal('code' in result ? result.code : 0, 0, `${result.stdout ?? ''}${result.stderr ?? ''}`);
    });
  }
});
