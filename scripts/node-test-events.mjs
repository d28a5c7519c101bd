// @ts-check
/**
 * A node:test reporter (`--test-reporter=scripts/node-test-events.mjs`) that writes one JSON line per finished test or
 * suite: its file, its full name (the names of the suites around it, then its own), whether it passed, failed or was
 * skipped, its duration and, for a failure, its message; and one line per test file when its process has ended, with
 * the whole file's time (starting the process and loading its modules included).
 *
 * Why not the TAP report: on Node 20 the TAP (and the built-in JUnit) report of a multi-file run says which file a
 * test is in only for a failure (`location:`), never for a passing test, and has no time per file. scripts/test.mjs
 * keeps the TAP report for the counts and reads this one (scripts/test-reports.mjs, `readNodeEvents`) for the
 * failures across repeated runs and the slowest files.
 *
 * A test's `file` is where node:test says the test was declared: a test declared by a shared helper (a contract suite
 * that two test files run) is under the helper's path; its suite names tell the two apart.
 */

/**
 * @typedef {object} NodeTestEvent  one line of this report
 * @property {string} file  the test file's absolute path
 * @property {string[]} path  the names of the enclosing suites, then the test's own
 * @property {number} nesting  0 for a test or suite at the top of its file
 * @property {boolean} suite  a `describe` (its duration covers its tests and hooks)
 * @property {'passed' | 'failed' | 'skipped'} status  skipped: `skip` and `todo` (a failing todo is not a failure)
 * @property {number} durationMs
 * @property {string} [failureType]  node:test's own: `testCodeFailure`, `hookFailed`, `subtestsFailed`, `testTimeoutFailure`, `cancelledByParent`…
 * @property {string} [message]  the error's message (its cause's, which is the test's own error), with the exit code of a file that died
 */

/**
 * The last line of a test file: its process ended after `durationMs`.
 * @typedef {{ file: string, wholeFile: true, durationMs: number }} NodeFileEvent
 */

/**
 * What node:test hands a reporter for `test:start`, `test:pass`, `test:fail` and `test:complete` (the fields read here).
 * @typedef {{ type: string, data: { file?: string, name: string, nesting: number, skip?: unknown, todo?: unknown, details?: { duration_ms?: number, type?: string, error?: any } } }} ReporterEvent
 */

/**
 * The message of a failure: node:test wraps the test's own error (`cause`) in an ERR_TEST_FAILURE.
 * @param {any} error
 */
function failureMessage(error) {
  if (!error) return undefined;
  const own = error.cause instanceof Error || typeof error.cause?.message === 'string' ? error.cause.message : undefined;
  const message = String(own ?? error.message ?? error);
  // A file whose process died: node:test reports it as a test named by the file, with the exit code or signal.
  const died = error.exitCode != null ? ` (exit code ${error.exitCode})` : error.signal ? ` (signal ${error.signal})` : '';
  return `${message}${died}`.slice(0, 4000);
}

/**
 * @param {AsyncIterable<ReporterEvent>} source
 * @returns {AsyncGenerator<string>}
 */
export default async function* nodeTestEvents(source) {
  // `test:start` comes in report order, before the events of the test's own subtests: the names of the suites
  // around the test being reported, per file (files may run side by side).
  /** @type {Map<string, string[]>} */
  const open = new Map();
  for await (const event of source) {
    const { type, data } = event;
    const file = data.file ?? '';
    if (type === 'test:start') {
      const names = open.get(file) ?? [];
      names.length = data.nesting;
      names[data.nesting] = data.name;
      open.set(file, names);
      continue;
    }
    const details = data.details ?? {};
    // node:test runs each file as a test named by the file's path, in its own process; it completes once the process ends.
    if (type === 'test:complete' && data.nesting === 0 && data.name === data.file) {
      /** @type {NodeFileEvent} */
      const line = { file, wholeFile: true, durationMs: details.duration_ms ?? 0 };
      yield `${JSON.stringify(line)}\n`;
      continue;
    }
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    const skipped = Boolean(data.skip || data.todo);
    /** @type {NodeTestEvent} */
    const line = {
      file,
      path: [...(open.get(file) ?? []).slice(0, data.nesting), data.name],
      nesting: data.nesting,
      suite: details.type === 'suite',
      status: skipped ? 'skipped' : type === 'test:pass' ? 'passed' : 'failed',
      durationMs: details.duration_ms ?? 0,
    };
    if (type === 'test:fail' && !skipped) {
      line.failureType = details.error?.failureType;
      line.message = failureMessage(details.error);
    }
    yield `${JSON.stringify(line)}\n`;
  }
}
