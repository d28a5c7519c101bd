// @ts-check
/**
 * Reads the reports the test runners write (scripts/test.mjs keeps each run's in `.tmp/test-reports/run-<i>/`) and
 * what the runner prints from them after the runs:
 *
 * - node:test's TAP report (`<layer>.tap`): the pass and fail counts, as the summary has always counted them;
 * - node:test's event report (`<layer>.events.jsonl`, scripts/node-test-events.mjs): each test's file, full name,
 *   outcome, duration and failure message;
 * - @web/test-runner's JUnit report (`browser-<package>-<engine>.xml`): the same per test case, and the counts.
 *
 * From those, over every run: each test that failed at least once (in how many runs, with which messages), and the
 * slowest test files (median time over the runs).
 */
import { posix, relative, sep } from 'node:path';

/**
 * One test's outcome in one run. `file` is relative to the repository, with `/`.
 * @typedef {{ file: string, name: string, status: 'passed' | 'failed' | 'skipped', durationMs: number, message?: string }} TestOutcome
 */

/**
 * What one report says: its tests, and the time of each test file. For node:test, a file's whole process (loading its
 * modules included); for @web/test-runner, the sum of its tests' times (not the loading of the page and its modules,
 * which the JUnit report does not give).
 * @typedef {{ tests: TestOutcome[], fileTimes: Record<string, number> }} ReportDetails
 */

/**
 * One layer's report in one engine and run. `engine` is the engine's label (`WebKit`), absent for the node layer.
 * @typedef {ReportDetails & { run: number, layer: string, engine?: string }} LayerReport
 */

/** @typedef {{ passed: number, failed: number }} Counts */

/**
 * `# pass N` / `# fail N` / `# cancelled N` of a node:test TAP report (a cancelled test is a failure).
 * @param {string} text
 * @returns {Counts}
 */
export function tapCounts(text) {
  const count = (/** @type {string} */ name) => [...text.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))].reduce((sum, match) => sum + Number(match[1]), 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled') };
}

/** @param {Record<string, number>} times @param {string} file @param {number} ms */
const addTime = (times, file, ms) => {
  times[file] = (times[file] ?? 0) + ms;
};

/**
 * The event report of scripts/node-test-events.mjs. A suite is not a test; it is listed only when it failed on its
 * own (a hook, its body), not merely because a test in it failed. A line cut short (a killed runner) is passed over.
 * @param {string} text
 * @param {string} root  the repository, to make the files relative to it
 * @returns {ReportDetails}
 */
export function readNodeEvents(text, root) {
  /** @type {TestOutcome[]} */
  const tests = [];
  /** @type {Record<string, number>} */
  const fileTimes = {};
  for (const line of text.split('\n')) {
    /** @type {import('./node-test-events.mjs').NodeTestEvent | import('./node-test-events.mjs').NodeFileEvent} */
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      continue;
    }
    const file = relative(root, event.file).split(sep).join('/');
    if ('wholeFile' in event) {
      addTime(fileTimes, file, event.durationMs);
      continue;
    }
    // A file whose process died or failed to load is reported as one top-level test named by its path.
    const name = event.nesting === 0 && event.path[0] === event.file ? '(the file itself)' : event.path.join(' > ');
    if (event.suite && (event.status !== 'failed' || event.failureType === 'subtestsFailed')) continue;
    /** @type {TestOutcome} */
    const outcome = { file, name: event.suite ? `${name} (the suite itself)` : name, status: event.status, durationMs: event.durationMs };
    if (event.message !== undefined) outcome.message = event.message;
    tests.push(outcome);
  }
  return { tests, fileTimes };
}

/** @param {string} value */
const unescapeXml = (value) =>
  value.replace(/&(#x[\da-f]+|#\d+|lt|gt|quot|apos|amp);/gi, (_, entity) => {
    const named = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[/** @type {string} */ (entity).toLowerCase()];
    if (named) return named;
    return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)));
  });

/** @param {string} attributes  `name="value"` pairs of one tag */
const readAttributes = (attributes) => Object.fromEntries([...attributes.matchAll(/([\w.:-]+)="([^"]*)"/g)].map(([, key, value]) => [key, unescapeXml(value ?? '')]));

/**
 * A JUnit report of @web/test-runner's junit reporter: one `<testcase>` per test, with `file` relative to the wtr
 * config's folder, `classname` the enclosing `describe`s (joined by spaces), `time` in seconds, and a `<failure>` or
 * `<error>` (its `message`) or `<skipped/>` inside.
 * @param {string} text
 * @param {string} base  the wtr config's folder, relative to the repository (`packages/widgets`)
 * @returns {ReportDetails}
 */
export function readJunit(text, base) {
  /** @type {TestOutcome[]} */
  const tests = [];
  /** @type {Record<string, number>} */
  const fileTimes = {};
  for (const [, attributes = '', , body = ''] of text.matchAll(/<testcase((?:\s+[\w.:-]+="[^"]*")*)\s*(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const { name = '', classname = '', file = '(unknown file)', time = '0' } = readAttributes(attributes);
    const path = posix.join(base, file);
    const durationMs = Number(time) * 1000 || 0;
    const failure = body.match(/<(?:failure|error)\b((?:\s+[\w.:-]+="[^"]*")*)\s*\/?>(?:<!\[CDATA\[([\s\S]*?)\]\]>)?/);
    /** @type {TestOutcome} */
    const outcome = { file: path, name: classname ? `${classname} > ${name}` : name, status: failure ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed', durationMs };
    if (failure) outcome.message = readAttributes(failure[1] ?? '').message || failure[2] || '';
    tests.push(outcome);
    addTime(fileTimes, path, durationMs);
  }
  return { tests, fileTimes };
}

/**
 * Passed and failed test cases of a JUnit report (a skipped one is neither).
 * @param {string} text
 * @returns {Counts}
 */
export function junitCounts(text) {
  const { tests } = readJunit(text, '.');
  const failed = tests.filter((test) => test.status === 'failed').length;
  return { passed: tests.filter((test) => test.status === 'passed').length, failed };
}

/**
 * A runner that exited with an error but whose report names no failing test (it died, or failed before its tests:
 * a file that did not load in the browser, a crashed browser) still failed the run: one outcome says so, under
 * `what` (the package or layer it ran).
 * @param {ReportDetails} details
 * @param {number} exitCode
 * @param {string} what
 * @returns {ReportDetails}
 */
export function withRunnerFailure(details, exitCode, what) {
  if (exitCode === 0 || details.tests.some((test) => test.status === 'failed')) return details;
  const message = `the runner exited with code ${exitCode} and its report names no failing test: see its output above`;
  return { ...details, tests: [...details.tests, { file: what, name: '(the runner)', status: 'failed', durationMs: 0, message }] };
}

/**
 * The first non-empty lines of a failure message, on one line: enough to tell two failures apart. For a diff of
 * node:assert (`Expected values to be strictly deep-equal:` then `+ actual - expected`), its first changed lines
 * instead of the legend.
 * @param {string | undefined} message
 * @param {number} [count]
 */
export function firstLines(message, count = 2) {
  const lines = (message ?? '').split('\n').map((line) => line.trim().replace(/\s+/g, ' ')).filter(Boolean);
  const kept = lines[1] === '+ actual - expected' ? [lines[0], ...lines.slice(2).filter((line) => /^[+-] /.test(line)).slice(0, 4)] : lines.slice(0, count);
  const text = kept.join(' | ');
  return (text.length > 240 ? `${text.slice(0, 239)}…` : text) || '(no message)';
}

/** @param {{ layer: string, engine?: string }} report */
export const where = ({ layer, engine }) => (engine ? `${layer} ${engine}` : layer);

/**
 * @typedef {object} RepeatedFailure  a test that failed in at least one run
 * @property {string} layer
 * @property {string} [engine]
 * @property {string} file
 * @property {string} name
 * @property {number} failedRuns  in how many runs it failed
 * @property {{ text: string, count: number }[]} messages  each distinct message (its first lines), and how many failures had it
 */

/**
 * Every test that failed at least once over the runs, the most often failing first.
 * @param {LayerReport[]} reports
 * @returns {RepeatedFailure[]}
 */
export function failuresAcrossRuns(reports) {
  /** @type {Map<string, RepeatedFailure & { runs: Set<number> }>} */
  const byTest = new Map();
  for (const report of reports) {
    for (const test of report.tests.filter((outcome) => outcome.status === 'failed')) {
      const key = JSON.stringify([report.layer, report.engine ?? '', test.file, test.name]);
      const entry = byTest.get(key) ?? { layer: report.layer, file: test.file, name: test.name, failedRuns: 0, messages: [], runs: new Set() };
      if (report.engine) entry.engine = report.engine;
      entry.runs.add(report.run);
      entry.failedRuns = entry.runs.size;
      const text = firstLines(test.message);
      const seen = entry.messages.find((message) => message.text === text);
      if (seen) seen.count += 1;
      else entry.messages.push({ text, count: 1 });
      byTest.set(key, entry);
    }
  }
  return [...byTest.values()]
    .map(({ runs, ...failure }) => failure)
    .sort((a, b) => b.failedRuns - a.failedRuns || where(a).localeCompare(where(b)) || a.file.localeCompare(b.file) || a.name.localeCompare(b.name));
}

/** @param {number[]} values  at least one */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? /** @type {number} */ (sorted[middle]) : (/** @type {number} */ (sorted[middle - 1]) + /** @type {number} */ (sorted[middle])) / 2;
}

/**
 * @typedef {object} FileTime  one test file's time in one layer and engine
 * @property {string} layer
 * @property {string} [engine]
 * @property {string} file
 * @property {number} medianMs  over the runs it ran in
 * @property {number} maxMs
 * @property {number} runs
 */

/**
 * The `count` slowest test files, each layer and engine apart (a file that runs in three engines is three files).
 * @param {LayerReport[]} reports
 * @param {number} [count]
 * @returns {FileTime[]}
 */
export function slowestFiles(reports, count = 10) {
  /** @type {Map<string, { layer: string, engine?: string, file: string, times: number[] }>} */
  const byFile = new Map();
  for (const report of reports) {
    for (const [file, ms] of Object.entries(report.fileTimes)) {
      const key = JSON.stringify([report.layer, report.engine ?? '', file]);
      const entry = byFile.get(key) ?? { layer: report.layer, ...(report.engine ? { engine: report.engine } : {}), file, times: [] };
      entry.times.push(ms);
      byFile.set(key, entry);
    }
  }
  return [...byFile.values()]
    .map(({ times, ...file }) => ({ ...file, medianMs: median(times), maxMs: Math.max(...times), runs: times.length }))
    .sort((a, b) => b.medianMs - a.medianMs || a.file.localeCompare(b.file))
    .slice(0, count);
}

/**
 * The failures section printed after the runs (nothing when every test passed every time).
 * @param {RepeatedFailure[]} failures
 * @param {number} runs
 * @returns {string[]}
 */
export function formatFailures(failures, runs) {
  if (failures.length === 0) return [];
  const lines = [`Failed at least once (${failures.length} ${failures.length === 1 ? 'test' : 'tests'}, ${runs} ${runs === 1 ? 'run' : 'runs'}):`];
  for (const failure of failures) {
    lines.push(`  ${failure.failedRuns} of ${runs}  ${where(failure)}  ${failure.file}`, `      ${failure.name}`);
    for (const message of failure.messages) lines.push(`        ${message.count}× ${message.text}`);
  }
  return lines;
}

/** @param {number} ms */
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The slowest-files section printed after the summary.
 * @param {FileTime[]} files
 * @param {number} runs
 * @returns {string[]}
 */
export function formatSlowest(files, runs) {
  if (files.length === 0) return [];
  const width = Math.max(...files.map((file) => where(file).length));
  const maxes = files.map((file) => `(max ${seconds(file.maxMs)})`);
  const maxWidth = Math.max(...maxes.map((max) => max.length));
  const what = "a node:test file's whole process; a browser test file's tests, without loading its page";
  const lines = [runs === 1 ? `Slowest test files (${what}):` : `Slowest test files, median and max of ${runs} runs (${what}):`];
  for (const [index, file] of files.entries()) {
    const max = runs === 1 ? '' : `  ${maxes[index]?.padEnd(maxWidth)}`;
    lines.push(`  ${seconds(file.medianMs).padStart(8)}${max}  ${where(file).padEnd(width)}  ${file.file}`);
  }
  return lines;
}
