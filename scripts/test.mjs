#!/usr/bin/env node
/**
 * The whole test suite, every layer, one summary line at the end (`N passed, N failed`), which CI reads.
 *
 *   pnpm test                 build, then node, browser and end-to-end layers
 *   pnpm test -- node e2e     only the named layers (build always runs)
 *
 * Layers: node (node:test over every package's test/node and the repo's test/node), browser
 * (@web/test-runner in Chromium for each package with a web-test-runner.config.mjs), e2e (node:test
 * driving Chromium through Playwright over the demo, test/e2e). Chromium is found or installed by
 * scripts/find-chromium.mjs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-chromium.mjs';
import { findRedisServer } from './find-redis.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = join(root, '.tmp', 'test-reports');
const requested = process.argv.slice(2).filter((arg) => arg !== '--');
const wants = (layer) => requested.length === 0 || requested.includes(layer);

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

async function browserLayer(env) {
  const totals = { passed: 0, failed: 0 };
  for (const dir of packages.filter((pkg) => existsSync(join(pkg, 'web-test-runner.config.mjs')))) {
    const junit = join(reports, `browser-${relative(join(root, 'packages'), dir)}.xml`);
    const code = await run(process.execPath, [join(root, 'node_modules/@web/test-runner/dist/bin.js'), '--config', 'web-test-runner.config.mjs'], {
      cwd: dir,
      env: { ...env, WTR_JUNIT_PATH: junit },
    });
    const counts = junitCounts(junit);
    if (code !== 0 && counts.failed === 0) counts.failed = 1;
    totals.passed += counts.passed;
    totals.failed += counts.failed;
  }
  return totals;
}

const started = Date.now();
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const results = [];
const record = (layer, counts) => {
  results.push({ layer, ...counts });
  console.log(`\n[${layer}] ${counts.passed} passed, ${counts.failed} failed\n`);
};

console.log('\n== build ==');
const buildCode = await pnpm(['run', 'build']);
if (buildCode !== 0) record('build', { passed: 0, failed: 1 });

let chromePath;
if (buildCode === 0 && (wants('browser') || wants('e2e'))) {
  try {
    chromePath = findChromium();
    console.log(`Chromium: ${chromePath}`);
  } catch (error) {
    console.error(error.message);
    record('chromium', { passed: 0, failed: 1 });
  }
}
const env = { CHROME_PATH: chromePath ?? '', FORCE_COLOR: '0' };
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
  if (chromePath && wants('browser')) {
    console.log('\n== browser ==');
    record('browser', await browserLayer(env));
  }
  if (chromePath && wants('e2e')) {
    console.log('\n== e2e ==');
    // One file at a time: each starts the demo's servers and a browser.
    record('e2e', await nodeLayer('e2e', testFiles(join(root, 'test', 'e2e')), env, ['--test-concurrency=1']));
  }
}

const passed = results.reduce((sum, result) => sum + result.passed, 0);
const failed = results.reduce((sum, result) => sum + result.failed, 0);
console.log('\nSummary by layer:');
for (const result of results) console.log(`  ${result.layer.padEnd(8)} ${result.passed} passed, ${result.failed} failed`);
console.log(`  time     ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
