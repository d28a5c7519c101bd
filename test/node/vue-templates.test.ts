/**
 * Vue template type checks of `@cosmopoints/widgets/vue` with the real template checker: vue-tsc 3 with
 * `strictTemplates` (test/vue-templates, which pins TypeScript 5 because vue-tsc needs TypeScript's JS
 * API and the repository's tsc 7 has none). The demo's Vue page and fixtures/good.vue (every input and
 * every event of both tags) must pass; each fixtures/bad-*.vue holds one misuse that must be an error
 * on its own line, for the right reason. Needs the built `@cosmopoints/widgets` (the runner builds first).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { root } from './support/packages.js';

const project = join(root, 'test/vue-templates');
const fromProject = createRequire(join(project, 'package.json'));
const vueTsc = fromProject.resolve('vue-tsc/bin/vue-tsc.js');

/** Runs vue-tsc on one of test/vue-templates' tsconfig files. */
function vueTscRun(config: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [vueTsc, '-p', config, '--noEmit', '--pretty', 'false', ...args], {
    cwd: project,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly code: string;
  /** The message with its indented continuation lines. */
  readonly message: string;
}

/** Parses `file(line,col): error TSxxxx: message` diagnostics (`--pretty false`). */
function diagnostics(output: string): Diagnostic[] {
  const found: { file: string; line: number; code: string; message: string }[] = [];
  for (const text of output.split('\n')) {
    const match = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(text);
    if (match) found.push({ file: match[1]!, line: Number(match[2]), code: match[3]!, message: match[4]! });
    else if (/^\s/.test(text) && found.length > 0) found[found.length - 1]!.message += `\n${text.trim()}`;
  }
  return found;
}

/** Each bad fixture: the text of its misuse (found to get the expected line), the error code, the message. */
const misuses: Record<string, { at: string; code: string; message: RegExp }> = {
  'bad-appearance-number.vue': { at: ':appearance="42"', code: 'TS2559', message: /Type 'number' has no properties in common with type '\{ borderRadius/ },
  'bad-environment.vue': { at: 'environment="prod"', code: 'TS2322', message: /Type '"prod"' is not assignable to type '"sandbox" \| "production" \| undefined'/ },
  'bad-timeout-string.vue': { at: 'timeout="20000"', code: 'TS2322', message: /Type 'string' is not assignable to type 'number'/ },
  'bad-unknown-prop.vue': { at: 'token="eyJ..."', code: 'TS2353', message: /'token' does not exist in type/ },
  'bad-handler-type.vue': {
    at: '@cosmo-transaction-complete="onFail"',
    code: 'TS2322',
    message: /'\(e: CosmoTransactionFailEvent\) => string' is not assignable to type '\(event: CosmoTransactionCompleteEvent\) => void'/,
  },
  'bad-detail-field.vue': { at: 'e.detail.share', code: 'TS2339', message: /Property 'share' does not exist on type 'CosmoTransactionCompleteDetail'/ },
  'bad-event-of-other-tag.vue': { at: '@cosmo-program-connect="onConnect"', code: 'TS2353', message: /'onCosmoProgramConnect' does not exist in type/ },
};

test('vue-tsc in test/vue-templates runs on TypeScript 5 (a JS API), not the repository tsc 7', () => {
  const typescript = createRequire(vueTsc)('typescript/package.json') as { version: string };
  assert.match(typescript.version, /^5\./);
});

test('vue-tsc (strictTemplates) passes the demo page demo/apps/vue/App.vue and fixtures/good.vue (every input and event of both tags)', () => {
  const { status, output } = vueTscRun('tsconfig.json', '--listFiles');
  assert.equal(status, 0, output);
  for (const file of ['demo/apps/vue/App.vue', 'test/vue-templates/fixtures/good.vue', 'packages/widgets/dist/frameworks/vue.d.ts']) {
    assert.ok(output.includes(join(root, file)), `${file} is in the checked program`);
  }
  // good.vue really uses every input and every on<Event> of both tags.
  const good = readFileSync(join(project, 'fixtures/good.vue'), 'utf8');
  const inputs = ['token-url', 'fetch-token', 'environment', 'widget-url', 'locale', 'appearance', 'timeout', 'debug', 'frame-title'];
  const shared = ['ready', 'resize', 'close', 'error', 'token-refresh', 'open-url'];
  const purchase = good.slice(good.indexOf('<cosmo-purchase-widget'), good.indexOf('/>', good.indexOf('<cosmo-purchase-widget')));
  for (const input of inputs) assert.match(purchase, new RegExp(`\\s:?${input}=`), `purchase widget sets ${input}`);
  for (const event of [...shared, 'transaction-complete', 'transaction-fail']) assert.ok(purchase.includes(`@cosmo-${event}=`), `purchase widget listens to cosmo-${event}`);
  const multibrand = good.slice(good.indexOf('<cosmo-multibrand-widget'));
  for (const event of [...shared, 'program-connect', 'program-disconnect', 'program-update']) assert.ok(multibrand.includes(`@cosmo-${event}=`), `multibrand widget listens to cosmo-${event}`);
});

test('vue-tsc (strictTemplates) rejects each bad fixture with one error on its misuse line, for the expected reason', () => {
  const fixtures = readdirSync(join(project, 'fixtures')).filter((file) => file.startsWith('bad-'));
  assert.deepEqual(fixtures.sort(), Object.keys(misuses).sort(), 'every bad fixture has an expectation');
  const { status, output } = vueTscRun('tsconfig.bad.json');
  assert.notEqual(status, 0, output);
  const all = diagnostics(output);
  for (const [fixture, { at, code, message }] of Object.entries(misuses)) {
    const lines = readFileSync(join(project, 'fixtures', fixture), 'utf8').split('\n');
    // The misuse is in the template (a comment in the script may quote it).
    const template = lines.findIndex((text) => text.startsWith('<template>'));
    const expectedLine = lines.findIndex((text, index) => index > template && text.includes(at)) + 1;
    assert.ok(template >= 0 && expectedLine > 0, `${fixture} has ${at} in its template`);
    const errors = all.filter((diagnostic) => diagnostic.file === `fixtures/${fixture}`);
    assert.ok(errors.length > 0, `${fixture}: no error\n${output}`);
    assert.deepEqual(
      errors.map((error) => error.line),
      errors.map(() => expectedLine),
      `${fixture}: every error is on line ${expectedLine} (${at})\n${output}`,
    );
    assert.ok(
      errors.some((error) => error.code === code && message.test(error.message)),
      `${fixture}: expected ${code} ${message}\n${output}`,
    );
  }
  assert.equal(all.length, all.filter((diagnostic) => diagnostic.file.startsWith('fixtures/bad-')).length, `no error outside the bad fixtures\n${output}`);
});
