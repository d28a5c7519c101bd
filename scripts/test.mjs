#!/usr/bin/env node
/**
 * The whole test suite, every layer, one summary line at the end (`N passed, N failed`), which CI reads.
 *
 *   pnpm test                      build, then node, browser and end-to-end layers, in every engine
 *   pnpm test -- node e2e          only the named layers (build always runs)
 *   pnpm test -- browser webkit    only the named engines (chromium, firefox, webkit) of the browser and e2e layers
 *
 * Layers: node (node:test over every package's test/node and the repo's test/node), browser
 * (@web/test-runner for each package with a web-test-runner.config.mjs, once per engine), e2e (node:test over
 * test/e2e, once per engine: the demo and the Next.js app driven through test/e2e/support/driver.ts). The engines
 * (Chromium, Firefox, WebKit) are found or installed by scripts/find-browsers.mjs; the summary counts each engine
 * apart before the last line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_LABELS, ENGINES, findEngines } from './find-browsers.mjs';
import { findRedisServer } from './find-redis.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = join(root, '.tmp', 'test-reports');
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const requested = args.filter((arg) => !ENGINES.includes(arg));
const wants = (layer) => requested.length === 0 || requested.includes(layer);
const requestedEngines = args.filter((arg) => ENGINES.includes(arg));
const engines = requestedEngines.length > 0 ? requestedEngines : ENGINES;

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

/** Reads `# pass N` / `# fail N` / `# cancelled N` from a node:test TAP report. */
function tapCounts(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const count = (name) => [...text.matchAll(new RegExp(`^# ${name} (\\d+)$`, 'gm'))].reduce((sum, match) => sum + Number(match[1]), 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled') };
}

/** Reads a JUnit XML report: test cases, and those with a failure or error. */
function junitCounts(file) {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const cases = text.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
  const failed = cases.filter((testCase) => /<(failure|error)\b/.test(testCase)).length;
  const skipped = cases.filter((testCase) => /<skipped\b/.test(testCase)).length;
  return { passed: cases.length - failed - skipped, failed };
}

async function nodeLayer(name, files, env, extraArgs = []) {
  if (files.length === 0) return { passed: 0, failed: 0 };
  const tap = join(reports, `${name}.tap`);
  const code = await run(
    process.execPath,
    ['--import', 'tsx', '--test', ...extraArgs, '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
    { env },
  );
  const counts = tapCounts(tap);
  // A runner that died before reporting still fails the run.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

/** One wtr run per package and engine; returns the counts per engine. */
async function browserLayer(env, engines) {
  const perEngine = Object.fromEntries(engines.map((engine) => [engine, { passed: 0, failed: 0 }]));
  for (const dir of packages.filter((pkg) => existsSync(join(pkg, 'web-test-runner.config.mjs')))) {
    for (const engine of engines) {
      console.log(`\n-- ${relative(root, dir)} in ${ENGINE_LABELS[engine]} --`);
      const junit = join(reports, `browser-${relative(join(root, 'packages'), dir)}-${engine}.xml`);
      const code = await run(process.execPath, [join(root, 'node_modules/@web/test-runner/dist/bin.js'), '--config', 'web-test-runner.config.mjs'], {
        cwd: dir,
        env: { ...env, COSMO_ENGINE: engine, WTR_JUNIT_PATH: junit },
      });
      const counts = junitCounts(junit);
      if (code !== 0 && counts.failed === 0) counts.failed = 1;
      perEngine[engine].passed += counts.passed;
      perEngine[engine].failed += counts.failed;
    }
  }
  return perEngine;
}

const started = Date.now();
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const results = [];
const record = (layer, counts, engine) => {
  results.push({ layer, engine, ...counts });
  console.log(`\n[${layer}${engine ? ` ${ENGINE_LABELS[engine]}` : ''}] ${counts.passed} passed, ${counts.failed} failed\n`);
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

if (buildCode === 0) {
  if (wants('node')) {
    console.log('\n== node ==');
    const files = [...packages.flatMap((pkg) => testFiles(join(pkg, 'test', 'node'))), ...testFiles(join(root, 'test', 'node'))];
    record('node', await nodeLayer('node', files, env));
  }
  if (available.length > 0 && wants('browser')) {
    console.log('\n== browser ==');
    for (const [engine, counts] of Object.entries(await browserLayer(env, available))) record('browser', counts, engine);
  }
  if (available.length > 0 && wants('e2e')) {
    for (const engine of available) {
      console.log(`\n== e2e in ${ENGINE_LABELS[engine]} ==`);
      // One file at a time: each starts the demo's servers and a browser.
      record('e2e', await nodeLayer(`e2e-${engine}`, testFiles(join(root, 'test', 'e2e')), { ...env, COSMO_ENGINE: engine }, ['--test-concurrency=1']), engine);
    }
  }
}

const sum = (rows) => rows.reduce((total, row) => ({ passed: total.passed + row.passed, failed: total.failed + row.failed }), { passed: 0, failed: 0 });
const { passed, failed } = sum(results);
const line = (name, counts) => console.log(`  ${name.padEnd(9)} ${counts.passed} passed, ${counts.failed} failed`);
console.log('\nSummary by layer:');
for (const layer of [...new Set(results.map((result) => result.layer))]) line(layer, sum(results.filter((result) => result.layer === layer)));
if (results.some((result) => result.engine)) {
  console.log('Summary by engine (browser and e2e layers):');
  for (const engine of engines) line(ENGINE_LABELS[engine], sum(results.filter((result) => result.engine === engine)));
}
console.log(`  time      ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
