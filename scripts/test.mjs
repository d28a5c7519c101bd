#!/usr/bin/env node
/**
 * The whole test suite, every layer, one summary line at the end (`N passed, N failed`), which CI reads.
 *
 *   pnpm test                                  build, then node, browser and end-to-end layers, in every engine
 *   pnpm test -- node e2e                      only the named layers (build always runs)
 *   pnpm test -- browser webkit                only the named engines (chromium, firefox, webkit) of the browser and e2e layers
 *   pnpm test -- browser --engine webkit       the same (--engine repeats, or lists: --engine chromium,firefox)
 *   pnpm test -- browser --engine webkit --repeat 10   flake hunting: one build, then the chosen layers and engines 10 times
 *
 * Layers: node (node:test over every package's test/node and the repo's test/node), browser
 * (@web/test-runner for each package with a web-test-runner.config.mjs, once per engine), e2e (node:test over
 * test/e2e, once per engine: the demo and the Next.js app driven through test/e2e/support/driver.ts). The engines
 * (Chromium, Firefox, WebKit) are found or installed by scripts/find-browsers.mjs; the summary counts each engine
 * apart before the last line.
 *
 * Each run's reports go to `.tmp/test-reports/run-<i>/` (node:test's TAP and event reports, wtr's JUnit files). After
 * the runs it prints every test that failed at least once (in how many runs, with which messages; see
 * scripts/test-reports.mjs), the summaries, the ten slowest test files, then the last line over every run. Nothing
 * retries a test: a flaky test fails its run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_LABELS, ENGINES, findEngines } from './find-browsers.mjs';
import { findRedisServer } from './find-redis.mjs';
import { USAGE, parseTestArgs } from './test-args.mjs';
import { failuresAcrossRuns, formatFailures, formatSlowest, junitCounts, median, readJunit, readNodeEvents, slowestFiles, tapCounts, withRunnerFailure } from './test-reports.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = join(root, '.tmp', 'test-reports');
/** node:test's reporter of each test's file, name, outcome and time (the TAP report has no file for a passing test). */
const EVENTS_REPORTER = fileURLToPath(new URL('./node-test-events.mjs', import.meta.url));

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
let cli;
try {
  cli = parseTestArgs(process.argv.slice(2), ENGINES);
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const { engines, repeat } = cli;
const wants = (layer) => cli.layers.includes(layer);

/** Runs a command with inherited output; resolves with its exit code. */
function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options, env: { ...process.env, ...options.env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(error);
      resolve(1);
    });
  });
}

/** Test files under `dir` whose names end in `.test.ts`, recursively. */
function testFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.test\.tsx?$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)))
    .sort();
}

const packages = readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name)).filter((dir) => existsSync(join(dir, 'package.json')));

/** pnpm, however this script was started (`npx pnpm test`, a global pnpm, or plain node). */
function pnpm(args) {
  const execPath = process.env.npm_execpath;
  // pnpm 12 ships as a native binary; older versions as a JavaScript file run by node.
  if (execPath && /pnpm/.test(execPath)) return /\.[cm]?js$/.test(execPath) ? run(process.execPath, [execPath, ...args]) : run(execPath, args);
  return run('npx', ['-y', 'pnpm@12.4.2', ...args]);
}

/** A report's text; none when the runner died before writing it. */
const readReport = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/**
 * One node:test run over `files`, its reports in `runDir` named after `name`: the counts (from the TAP report, as
 * always) and each test's outcome and time (from the event report). `what` names the run in the failures when the
 * runner died.
 */
async function nodeLayer({ name, what, files, env, runDir, extraArgs = [] }) {
  if (files.length === 0) return { counts: { passed: 0, failed: 0 }, details: { tests: [], fileTimes: {} } };
  const tap = join(runDir, `${name}.tap`);
  const events = join(runDir, `${name}.events.jsonl`);
  // Three reporters make Node print a MaxListenersExceededWarning about `TestsStream` (nodejs/node#57605): its own
  // listeners, not a leak in the tests.
  const code = await run(
    process.execPath,
    [
      '--import', 'tsx', '--test', ...extraArgs,
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      `--test-reporter=${EVENTS_REPORTER}`, `--test-reporter-destination=${events}`,
      ...files,
    ],
    { env },
  );
  const counts = tapCounts(readReport(tap));
  // A runner that died before reporting still fails the run.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return { counts, details: withRunnerFailure(readNodeEvents(readReport(events), root), code, what) };
}

/** One wtr run per package and engine, reports in `runDir`; returns the counts and the test outcomes per engine. */
async function browserLayer(env, engines, runDir) {
  const perEngine = Object.fromEntries(engines.map((engine) => [engine, { counts: { passed: 0, failed: 0 }, details: { tests: [], fileTimes: {} } }]));
  for (const dir of packages.filter((pkg) => existsSync(join(pkg, 'web-test-runner.config.mjs')))) {
    const pkg = relative(root, dir).split(sep).join('/');
    for (const engine of engines) {
      console.log(`\n-- ${pkg} in ${ENGINE_LABELS[engine]} --`);
      const junit = join(runDir, `browser-${relative(join(root, 'packages'), dir)}-${engine}.xml`);
      const code = await run(process.execPath, [join(root, 'node_modules/@web/test-runner/dist/bin.js'), '--config', 'web-test-runner.config.mjs'], {
        cwd: dir,
        env: { ...env, COSMO_ENGINE: engine, WTR_JUNIT_PATH: junit },
      });
      const counts = junitCounts(readReport(junit));
      if (code !== 0 && counts.failed === 0) counts.failed = 1;
      const details = withRunnerFailure(readJunit(readReport(junit), pkg), code, pkg);
      const total = perEngine[engine];
      total.counts.passed += counts.passed;
      total.counts.failed += counts.failed;
      total.details.tests.push(...details.tests);
      Object.assign(total.details.fileTimes, details.fileTimes);
    }
  }
  return perEngine;
}

const started = Date.now();
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
/** Counts per layer (and engine), per run; the build and the browser and Redis lookups once. */
const results = [];
/** Each layer's test outcomes and file times, per engine and run (scripts/test-reports.mjs). */
const layerReports = [];
const record = (layer, counts, engine, runNumber) => {
  results.push({ layer, engine, ...counts });
  const ofRuns = repeat > 1 && runNumber ? `, run ${runNumber} of ${repeat}` : '';
  console.log(`\n[${layer}${engine ? ` ${ENGINE_LABELS[engine]}` : ''}${ofRuns}] ${counts.passed} passed, ${counts.failed} failed\n`);
};
const collect = (runNumber, layer, engine, { counts, details }) => {
  record(layer, counts, engine, runNumber);
  layerReports.push({ run: runNumber, layer, ...(engine ? { engine: ENGINE_LABELS[engine] } : {}), ...details });
};

console.log('\n== build ==');
const buildCode = await pnpm(['run', 'build']);
if (buildCode !== 0) record('build', { passed: 0, failed: 1 });

let available = [];
let engineEnv = {};
// The browser and e2e layers run in `engines`; the node layer needs Chromium as well (the simulator's widget-app test
// drives it), so a node-only run finds (or installs) it too.
const browserEngines = wants('browser') || wants('e2e') ? engines : [];
const neededEngines = [...new Set([...browserEngines, ...(wants('node') ? ['chromium'] : [])])];
if (buildCode === 0 && neededEngines.length > 0) {
  const found = findEngines(neededEngines);
  available = found.available.filter((engine) => browserEngines.includes(engine));
  engineEnv = found.env;
  for (const engine of found.available) console.log(`${ENGINE_LABELS[engine]}: ${engine === 'webkit' ? found.env.MINIBROWSER_PATH : found.env[engine === 'chromium' ? 'CHROME_PATH' : 'FIREFOX_PATH']}`);
  // A missing engine is a failure of that engine, not a reason to skip the others.
  for (const [engine, message] of Object.entries(found.errors)) {
    console.error(message);
    record('browsers', { passed: 0, failed: 1 }, engine);
  }
}
const env = { ...engineEnv, FORCE_COLOR: '0' };
// The server package's Redis stores are tested against a real redis-server (found or installed like Chromium).
if (buildCode === 0 && wants('node')) {
  try {
    env.REDIS_SERVER = findRedisServer();
  } catch (error) {
    console.error(error.message);
    record('redis', { passed: 0, failed: 1 });
  }
}

/** Each run's time, build and lookups not included. */
const runTimes = [];
for (let runNumber = 1; buildCode === 0 && runNumber <= repeat; runNumber += 1) {
  const runStarted = Date.now();
  const runDir = join(reports, `run-${runNumber}`);
  mkdirSync(runDir, { recursive: true });
  if (repeat > 1) console.log(`\n==== run ${runNumber} of ${repeat} ====`);
  if (wants('node')) {
    console.log('\n== node ==');
    const files = [...packages.flatMap((pkg) => testFiles(join(pkg, 'test', 'node'))), ...testFiles(join(root, 'test', 'node'))];
    collect(runNumber, 'node', undefined, await nodeLayer({ name: 'node', what: 'the node layer', files, env, runDir }));
  }
  if (available.length > 0 && wants('browser')) {
    console.log('\n== browser ==');
    for (const [engine, layer] of Object.entries(await browserLayer(env, available, runDir))) collect(runNumber, 'browser', engine, layer);
  }
  if (available.length > 0 && wants('e2e')) {
    for (const engine of available) {
      console.log(`\n== e2e in ${ENGINE_LABELS[engine]} ==`);
      // One file at a time: each starts the demo's servers and a browser.
      const files = testFiles(join(root, 'test', 'e2e'));
      const layer = await nodeLayer({ name: `e2e-${engine}`, what: 'test/e2e', files, env: { ...env, COSMO_ENGINE: engine }, runDir, extraArgs: ['--test-concurrency=1'] });
      collect(runNumber, 'e2e', engine, layer);
    }
  }
  runTimes.push((Date.now() - runStarted) / 1000);
}

const failures = formatFailures(failuresAcrossRuns(layerReports), repeat);
if (failures.length > 0) console.log(`\n${failures.join('\n')}`);

const sum = (rows) => rows.reduce((total, row) => ({ passed: total.passed + row.passed, failed: total.failed + row.failed }), { passed: 0, failed: 0 });
const { passed, failed } = sum(results);
const line = (name, counts) => console.log(`  ${name.padEnd(9)} ${counts.passed} passed, ${counts.failed} failed`);
console.log(`\nSummary by layer${repeat > 1 ? ` (${repeat} runs)` : ''}:`);
for (const layer of [...new Set(results.map((result) => result.layer))]) line(layer, sum(results.filter((result) => result.layer === layer)));
if (results.some((result) => result.engine)) {
  console.log('Summary by engine (browser and e2e layers):');
  for (const engine of engines) line(ENGINE_LABELS[engine], sum(results.filter((result) => result.engine === engine)));
}
if (runTimes.length > 1) console.log(`  per run   median ${median(runTimes).toFixed(0)} s, max ${Math.max(...runTimes).toFixed(0)} s (build not included)`);
console.log(`  time      ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
const slowest = formatSlowest(slowestFiles(layerReports), repeat);
if (slowest.length > 0) console.log(`${slowest.join('\n')}\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
