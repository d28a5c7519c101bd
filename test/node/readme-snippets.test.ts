/**
 * Every TypeScript snippet of every README compiles under the strictest common settings (`strict`,
 * `exactOptionalPropertyTypes`, `noUnusedLocals`), against the built packages, as a partner would paste it. READMEs
 * are found anew on each run, so a snippet added anywhere is checked; names a snippet takes from the reader's app
 * are declared in a hidden comment before it (see support/readme-snippets.ts). Needs the built packages (the runner
 * builds first).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { root } from './support/packages.js';
import { compileSnippets, extractSnippets, findReadmes, SNIPPET_PROJECT } from './support/readme-snippets.js';

describe('README snippets', () => {
  it('every ts/tsx snippet of every README compiles (strict, exactOptionalPropertyTypes, noUnusedLocals)', (t) => {
    const readmes = findReadmes();
    for (const published of ['README.md', 'packages/protocol/README.md', 'packages/react/README.md', 'packages/server/README.md', 'packages/simulator/README.md', 'packages/widgets/README.md']) {
      assert.ok(readmes.includes(published), `${published} is searched`);
    }
    const snippets = readmes.flatMap((readme) => extractSnippets(readme, readFileSync(join(root, readme), 'utf8')));
    t.diagnostic(`${snippets.length} snippets in ${new Set(snippets.map((snippet) => snippet.readme)).size} READMEs`);
    assert.ok(snippets.length >= 15, `found only ${snippets.length} snippets`);
    const errors = compileSnippets(snippets);
    assert.deepEqual(
      errors.map((error) => `${error.readme}:${error.line}: ${error.code} ${error.message}`),
      [],
    );
  });

  it('fails, at the README line, when a snippet stops compiling (and honours its hidden context)', () => {
    const readme = [
      '# A package',
      '',
      '<!-- snippet-context',
      'declare function toast(message: string): void;',
      '-->',
      '```ts',
      "toast('fine');",
      '```',
      '',
      '```ts',
      "const unused = 1; // noUnusedLocals",
      "toast('no context here');",
      '```',
      '',
      '```tsx',
      "const props: { label?: string } = { label: undefined }; // exactOptionalPropertyTypes",
      'console.log(props);',
      '```',
    ].join('\n');
    const snippets = extractSnippets('fixture/README.md', readme);
    assert.deepEqual(
      snippets.map((snippet) => [snippet.line, snippet.lang, Boolean(snippet.context)]),
      [
        [7, 'ts', true],
        [11, 'ts', false],
        [16, 'tsx', false],
      ],
    );
    const errors = compileSnippets(snippets, join(SNIPPET_PROJECT, 'generated', 'self-test'));
    assert.deepEqual(
      errors.map((error) => [error.readme, error.line, error.code]).sort(),
      [
        ['fixture/README.md', 11, 'TS6133'],
        ['fixture/README.md', 12, 'TS2304'],
        ['fixture/README.md', 16, 'TS2375'],
      ].sort(),
    );
  });
});
