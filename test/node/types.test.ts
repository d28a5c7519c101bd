/**
 * Type tests of @cosmopoints/widgets, compiled by tsc as a consumer would (imports through the
 * package's `exports` to its built declarations): packages/widgets/test/types/*.ts pin the tag map,
 * the event map, the property types and the WebView entry, with `@ts-expect-error` on misuse (an
 * unused `@ts-expect-error` is itself an error, so each misuse must stay an error).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './support/packages.js';

const project = join(root, 'packages/widgets/test/types');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

test('tsc -p packages/widgets/test/types exits 0', () => {
  const files = readdirSync(project).filter((file) => file.endsWith('.test-d.ts'));
  assert.deepEqual(files.sort(), ['event-map.test-d.ts', 'tag-map.test-d.ts', 'webview.test-d.ts']);
  const result = spawnSync(process.execPath, [tsc, '-p', project, '--listFilesOnly'], { encoding: 'utf8' });
  for (const file of files) assert.ok(result.stdout.includes(join(project, file)), `${file} is in the project`);
  const check = spawnSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
});
