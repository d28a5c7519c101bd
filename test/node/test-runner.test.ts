/**
 * The test command's own parts (scripts/test.mjs): its arguments (scripts/test-args.mjs), and what it reads from the
 * runners' reports after repeated runs (scripts/test-reports.mjs): each test that failed at least once, in how many
 * runs and with which messages, and the slowest files.
 *
 * The reports are real: node:test runs a small fixture here, twice, with the repo's event reporter
 * (scripts/node-test-events.mjs) and its TAP reporter; the JUnit file is one @web/test-runner wrote in a run of the
 * React package's browser tests in Chromium (test/node/fixtures/wtr-junit-react-chromium.xml, as written), with a
 * temporary file of failing tests added for that run.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parseTestArgs } from '../../scripts/test-args.mjs';
import { failuresAcrossRuns, firstLines, formatFailures, formatSlowest, junitCounts, median, readJunit, readNodeEvents, slowestFiles, tapCounts, withRunnerFailure } from '../../scripts/test-reports.mjs';
import type { LayerReport, ReportDetails } from '../../scripts/test-reports.mjs';
import { root } from './support/packages.js';

const ENGINES = ['chromium', 'firefox', 'webkit'];

describe('the arguments of pnpm test', () => {
  const parse = (...argv: string[]) => parseTestArgs(argv, ENGINES);

  it('runs every layer in every engine once by default, a `--` from pnpm aside', () => {
    assert.deepEqual(parse(), { layers: ['node', 'browser', 'e2e'], engines: ENGINES, repeat: 1 });
    assert.deepEqual(parse('--'), parse());
  });

  it('takes layers and engines by name, in any order, as before', () => {
    assert.deepEqual(parse('e2e', 'webkit', 'node'), { layers: ['node', 'e2e'], engines: ['webkit'], repeat: 1 });
  });

  it('takes --engine repeated, comma-separated or with =, and --repeat', () => {
    assert.deepEqual(parse('--', 'browser', '--engine', 'webkit', '--repeat', '10'), { layers: ['browser'], engines: ['webkit'], repeat: 10 });
    assert.deepEqual(parse('--engine', 'webkit', '--engine=chromium').engines, ['chromium', 'webkit']);
    assert.deepEqual(parse('--engine', 'firefox,webkit', 'chromium', '--repeat=3'), { layers: ['node', 'browser', 'e2e'], engines: ENGINES, repeat: 3 });
  });

  it('refuses what it does not know rather than running nothing or everything', () => {
    for (const argv of [['--engine', 'safari'], ['--engine'], ['--repeat', '0'], ['--repeat', 'ten'], ['--repeat'], ['--repeat', '2.5'], ['browsers'], ['--retries', '2']]) {
      assert.throws(() => parse(...argv), /usage: pnpm test/, argv.join(' '));
    }
  });
});

/** A node:test fixture: a suite with a test that always fails, one that fails in the first run only, nested names. */
const FIXTURE = {
  'slow.test.mjs': `import { test } from 'node:test';
test('waits', async () => { await new Promise((resolve) => setTimeout(resolve, 600)); });`,
  'mixed.test.mjs': `import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
describe('cart', () => {
  it('adds', () => {});
  it('always fails', () => { assert.equal(1, 2, 'one is not two'); });
  describe('totals', () => {
    it('is flaky', () => { if (process.env.FIXTURE_RUN === '1') throw new Error('raced the handshake\\nsecond line'); });
    it('is skipped', { skip: true }, () => {});
  });
});`,
  'dies.test.mjs': `import { test } from 'node:test';
test('exits', () => { process.exit(3); });`,
};

/** One real node:test run of the fixture, as scripts/test.mjs runs a layer: its TAP and event reports. */
async function runFixture(dir: string, run: number): Promise<{ tap: string; events: string }> {
  const tap = join(dir, `run-${run}.tap`);
  const events = join(dir, `run-${run}.events.jsonl`);
  // Without node:test's own marker: this file runs under node:test, and the child must report as a top-level run.
  const { NODE_TEST_CONTEXT, ...env } = process.env;
  const args = ['--test', '--test-reporter=tap', `--test-reporter-destination=${tap}`, `--test-reporter=${join(root, 'scripts/node-test-events.mjs')}`, `--test-reporter-destination=${events}`];
  await promisify(execFile)(process.execPath, [...args, ...Object.keys(FIXTURE)], { cwd: dir, env: { ...env, FIXTURE_RUN: String(run) } }).catch((error: { code?: number }) => {
    assert.equal(error.code, 1, 'the fixture run fails');
  });
  return { tap: readFileSync(tap, 'utf8'), events: readFileSync(events, 'utf8') };
}

describe('the reports of repeated runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cosmo-test-reports-'));
  let runs: { tap: string; events: string }[] = [];
  before(async () => {
    for (const [name, text] of Object.entries(FIXTURE)) writeFileSync(join(dir, name), text);
    runs = [await runFixture(dir, 1), await runFixture(dir, 2)];
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const nodeReports = (): LayerReport[] => runs.map(({ events }, index) => ({ run: index + 1, layer: 'node', ...readNodeEvents(events, dir) }));

  it('counts from the TAP report as before, and the event report agrees', () => {
    assert.deepEqual(tapCounts(runs[0]!.tap), { passed: 2, failed: 3 });
    assert.deepEqual(tapCounts(runs[1]!.tap), { passed: 3, failed: 2 });
    for (const [index, { tap, events }] of runs.entries()) {
      const { tests } = readNodeEvents(events, dir);
      const count = (status: string) => tests.filter((test) => test.status === status).length;
      assert.deepEqual({ passed: count('passed'), failed: count('failed') }, tapCounts(tap), `run ${index + 1}`);
    }
  });

  it('reads each test of a node:test run: file, full name, outcome, message; a file that died is a failure', () => {
    const { tests } = readNodeEvents(runs[0]!.events, dir);
    const byName = Object.fromEntries(tests.map((test) => [`${test.file}: ${test.name}`, test]));
    assert.deepEqual(Object.keys(byName).sort(), [
      'dies.test.mjs: (the file itself)',
      'mixed.test.mjs: cart > adds',
      'mixed.test.mjs: cart > always fails',
      'mixed.test.mjs: cart > totals > is flaky',
      'mixed.test.mjs: cart > totals > is skipped',
      'slow.test.mjs: waits',
    ]);
    assert.equal(byName['mixed.test.mjs: cart > totals > is skipped']!.status, 'skipped');
    assert.equal(byName['mixed.test.mjs: cart > totals > is flaky']!.message, 'raced the handshake\nsecond line');
    assert.match(byName['mixed.test.mjs: cart > always fails']!.message!, /^one is not two\n/);
    assert.equal(byName['dies.test.mjs: (the file itself)']!.message, 'test failed (exit code 3)');
  });

  it('lists every test that failed at least once: how many runs, and each distinct message once, the most often failing first', () => {
    const failures = failuresAcrossRuns([...nodeReports(), { run: 2, layer: 'e2e', engine: 'WebKit', tests: [{ file: 'test/e2e/purchase.test.ts', name: 'buys', status: 'failed', durationMs: 1, message: 'timed out after 5000 ms waiting for the iframe' }], fileTimes: {} }]);
    assert.deepEqual(
      failures.map(({ layer, engine, file, name, failedRuns, messages }) => [layer, engine, file, name, failedRuns, messages]),
      [
        ['node', undefined, 'dies.test.mjs', '(the file itself)', 2, [{ text: 'test failed (exit code 3)', count: 2 }]],
        ['node', undefined, 'mixed.test.mjs', 'cart > always fails', 2, [{ text: 'one is not two | 1 !== 2', count: 2 }]],
        ['e2e', 'WebKit', 'test/e2e/purchase.test.ts', 'buys', 1, [{ text: 'timed out after 5000 ms waiting for the iframe', count: 1 }]],
        ['node', undefined, 'mixed.test.mjs', 'cart > totals > is flaky', 1, [{ text: 'raced the handshake | second line', count: 1 }]],
      ],
    );
    assert.deepEqual(formatFailures(failures, 2).slice(0, 4), ['Failed at least once (4 tests, 2 runs):', '  2 of 2  node  dies.test.mjs', '      (the file itself)', '        2× test failed (exit code 3)']);
    assert.deepEqual(formatFailures([], 2), [], 'nothing printed when every test passed');
  });

  it('counts a failure once per run, and tells different messages of one test apart', () => {
    const report = (run: number, messages: string[]): LayerReport => ({ run, layer: 'browser', engine: 'WebKit', fileTimes: {}, tests: messages.map((message) => ({ file: 'a.test.ts', name: 'x', status: 'failed', durationMs: 0, message })) });
    const [failure] = failuresAcrossRuns([report(1, ['expected 1 to equal 0\n    at stack']), report(2, ['expected 1 to equal 0', 'timed out']), report(3, [])]);
    assert.equal(failure!.failedRuns, 2);
    assert.deepEqual(failure!.messages, [{ text: 'expected 1 to equal 0 | at stack', count: 1 }, { text: 'expected 1 to equal 0', count: 1 }, { text: 'timed out', count: 1 }]);
  });

  it("keeps a message's first lines, and the changed lines of a node:assert diff rather than its legend", () => {
    const diff = (() => {
      try {
        assert.deepEqual(['1', 'visible', false], ['0', 'visible', true]);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    assert.equal(firstLines(diff), "Expected values to be strictly deep-equal: | + '1', | - '0', | + false | - true");
    assert.equal(firstLines('timed out\n\n  after 5000 ms\nthird'), 'timed out | after 5000 ms');
    assert.equal(firstLines(''), '(no message)');
  });

  it('ranks the slowest files by their median time over the runs, each layer and engine apart', () => {
    const times = (run: number, fileTimes: Record<string, number>, engine?: string): LayerReport => ({ run, layer: engine ? 'browser' : 'node', ...(engine ? { engine } : {}), tests: [], fileTimes });
    const ranked = slowestFiles([
      times(1, { 'a.test.ts': 100, 'b.test.ts': 900, 'c.test.ts': 50 }),
      times(2, { 'a.test.ts': 300, 'b.test.ts': 10, 'c.test.ts': 60 }),
      times(3, { 'a.test.ts': 200, 'b.test.ts': 20, 'c.test.ts': 70 }),
      times(1, { 'a.test.ts': 250 }, 'WebKit'),
    ], 3);
    assert.deepEqual(ranked.map(({ layer, engine, file, medianMs, maxMs, runs }) => [layer, engine, file, medianMs, maxMs, runs]), [
      ['browser', 'WebKit', 'a.test.ts', 250, 250, 1],
      ['node', undefined, 'a.test.ts', 200, 300, 3],
      ['node', undefined, 'c.test.ts', 60, 70, 3],
    ]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.deepEqual(formatSlowest(ranked, 3), [
      "Slowest test files, median and max of 3 runs (a node:test file's whole process; a browser test file's tests, without loading its page):",
      '     0.3 s  (max 0.3 s)  browser WebKit  a.test.ts',
      '     0.2 s  (max 0.3 s)  node            a.test.ts',
      '     0.1 s  (max 0.1 s)  node            c.test.ts',
    ]);
  });

  it('times a node:test file by its whole process, its tests included: the real slow file first', () => {
    const [first, ...rest] = slowestFiles(nodeReports());
    assert.equal(first!.file, 'slow.test.mjs');
    const waits = nodeReports().map(({ tests }) => tests.find((test) => test.name === 'waits')!.durationMs);
    assert.ok(first!.medianMs > median(waits) && median(waits) >= 590, `the file ${first!.medianMs} ms, its test ${median(waits)} ms`);
    assert.deepEqual(rest.map((file) => [file.file, file.runs]).sort(), [['dies.test.mjs', 2], ['mixed.test.mjs', 2]]);
    assert.ok(rest.every((file) => file.medianMs > 0));
  });
});

describe('the JUnit report of @web/test-runner', () => {
  const xml = readFileSync(join(root, 'test/node/fixtures/wtr-junit-react-chromium.xml'), 'utf8');

  it('reads each test case: its file (from the repository), suites and name, outcome, failure message and time', () => {
    const { tests, fileTimes } = readJunit(xml, 'packages/react');
    assert.equal(tests.length, 10);
    assert.deepEqual(junitCounts(xml), { passed: 8, failed: 2 });
    assert.deepEqual(
      tests.filter((test) => test.status === 'failed'),
      [
        { file: 'packages/react/test/browser/zz-temporary-failures.test.tsx', name: 'temporary failures > always fails', status: 'failed', durationMs: 3, message: "expected [ '1', 'visible', false ] to deeply equal [ '0', 'visible', true ]" },
        { file: 'packages/react/test/browser/zz-temporary-failures.test.tsx', name: 'temporary failures nested > fails about half the time', status: 'failed', durationMs: 0, message: 'roll low: expected 0.03666702463196725 to be above 0.5' },
      ],
    );
    // Names come unescaped: `&lt;`, `&apos;`.
    assert.ok(tests.some((test) => test.name === "<CosmoPurchaseWidget> in StrictMode > fires onError once, after the element's own retries, when the token endpoint keeps failing: one session in StrictMode"));
    assert.deepEqual(Object.fromEntries(Object.entries(fileTimes).map(([file, ms]) => [file, Math.round(ms)])), {
      'packages/react/test/browser/ssr-upgrade.test.tsx': 1776,
      'packages/react/test/browser/strict-mode.test.tsx': 6906,
      'packages/react/test/browser/zz-temporary-failures.test.tsx': 3,
    });
  });

  it('a runner that exited with an error without naming a failing test still fails, once', () => {
    const none: ReportDetails = { tests: [], fileTimes: {} };
    assert.deepEqual(withRunnerFailure(none, 0, 'packages/react'), none);
    const failed = withRunnerFailure(none, 1, 'packages/react');
    assert.deepEqual(failed.tests.map(({ file, name, status }) => [file, name, status]), [['packages/react', '(the runner)', 'failed']]);
    const { tests } = readJunit(xml, 'packages/react');
    assert.equal(withRunnerFailure({ tests, fileTimes: {} }, 1, 'packages/react').tests.length, tests.length, 'its report already names the failure');
  });
});
