#!/usr/bin/env node
/**
 * `pnpm demo`: builds the packages and the script-tag bundle, then starts Acme Rewards' demo site with a Cosmo
 * simulator next to it, prints ONE URL to open, and stops cleanly on Ctrl-C.
 *
 *   pnpm demo                                  page on :3000, simulator on :4010
 *   pnpm demo -- --port 8080 --simulator-port 8090 --no-build
 *   DEMO_PORT=8080 SIMULATOR_PORT=8090 pnpm demo
 *
 * Environment: DEMO_PORT, SIMULATOR_PORT, COSMO_CLIENT_ID, COSMO_CLIENT_SECRET, COSMO_WEBHOOK_SECRET, DEMO_NO_BUILD=1.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'simulator-port': { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
});

if (values.help) {
  console.log(`Usage: pnpm demo [-- --port 3000] [--simulator-port 4010] [--no-build]

Starts Acme Rewards (a partner site using Cosmo's widgets) and a local Cosmo simulator.
Environment: DEMO_PORT, SIMULATOR_PORT, COSMO_CLIENT_ID, COSMO_CLIENT_SECRET, COSMO_WEBHOOK_SECRET, DEMO_NO_BUILD=1`);
  process.exit(0);
}

function port(value, name, fallback) {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) {
    console.error(`demo: ${name} must be a port number (0-65535), got "${value}"`);
    process.exit(2);
  }
  return number;
}
const pagePort = port(values.port ?? process.env.DEMO_PORT, '--port / DEMO_PORT', 3000);
const simulatorPort = port(values['simulator-port'] ?? process.env.SIMULATOR_PORT, '--simulator-port / SIMULATOR_PORT', 4010);

/** pnpm, however this script was started (`pnpm demo`, `npx pnpm demo` or plain node). */
function pnpm(args) {
  const execPath = process.env.npm_execpath;
  const [command, commandArgs] =
    execPath && /pnpm/.test(execPath)
      ? /\.[cm]?js$/.test(execPath)
        ? [process.execPath, [execPath, ...args]]
        : [execPath, args]
      : ['npx', ['-y', 'pnpm@12.4.2', ...args]];
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (error) => {
      console.error(error);
      resolve(1);
    });
  });
}

// Every package (the same build as `pnpm build`), then the script-tag bundle the page loads.
const BUILD_STEPS = [
  ['-r', '--filter', './packages/**', 'run', 'build'],
  ['--filter', '@cosmopoints/widgets', 'run', 'build:cdn'],
];
if (!values['no-build'] && process.env.DEMO_NO_BUILD !== '1') {
  console.log('demo: building the packages and the script-tag bundle…');
  for (const args of BUILD_STEPS) {
    const code = await pnpm(args);
    if (code !== 0) {
      console.error(`demo: "pnpm ${args.join(' ')}" failed (exit ${code})`);
      process.exit(code);
    }
  }
}

// The demo's backend is TypeScript a partner can read as-is; tsx runs it without a build step.
const { register } = await import('tsx/esm/api');
register();

// The React, Vue and Angular versions of the page (demo/apps, served under /apps/): optional extras.
if (!values['no-build'] && process.env.DEMO_NO_BUILD !== '1' && existsSync(new URL('../demo/apps/build.ts', import.meta.url))) {
  try {
    const { buildDemoApps } = await import('../demo/apps/build.ts');
    await buildDemoApps();
  } catch (error) {
    console.warn(`demo: the framework pages (/apps/) could not be built and will be missing: ${error?.message ?? error}`);
  }
}

const { startDemo } = await import('../demo/src/backend.ts');

let demo;
try {
  demo = await startDemo({
    port: pagePort,
    simulatorPort,
    clientId: process.env.COSMO_CLIENT_ID || undefined,
    clientSecret: process.env.COSMO_CLIENT_SECRET || undefined,
    webhookSecret: process.env.COSMO_WEBHOOK_SECRET || undefined,
  });
} catch (error) {
  if (error?.code === 'EADDRINUSE') console.error(`demo: port ${error.port} is in use; pick others with --port / --simulator-port`);
  else console.error('demo: could not start:', error);
  process.exit(1);
}

console.log(`
  Acme Rewards demo is running. Open:

    ${demo.url}

  Press Ctrl-C to stop.
`);

let stopping = false;
async function stop(signal) {
  if (stopping) process.exit(130);
  stopping = true;
  console.log(`\ndemo: ${signal}, stopping…`);
  const timer = setTimeout(() => process.exit(1), 5000);
  timer.unref();
  await demo.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
