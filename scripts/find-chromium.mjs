#!/usr/bin/env node
/**
 * Finds a Chromium for the browser and end-to-end tests, or installs one where that is safe.
 * Order: $CHROME_PATH, system Chromium/Chrome, Playwright's own download (where one exists),
 * Debian's `chromium` package when running as root with apt-get, else a clear message.
 * Prints the path on stdout; exits 1 with what to install when none can be had.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { aptInstall, canAptInstall } from './apt-install.mjs';

const SYSTEM_CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

function playwrightChromium() {
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  if (!existsSync(cache)) return undefined;
  for (const dir of readdirSync(cache).filter((name) => name.startsWith('chromium-')).sort().reverse()) {
    for (const exe of ['chrome-linux/chrome', 'chrome-linux64/chrome', 'chrome-mac/Chromium.app/Contents/MacOS/Chromium']) {
      const path = join(cache, dir, exe);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

const works = (path) => spawnSync(path, ['--version'], { stdio: 'ignore', timeout: 30_000 }).status === 0;

/** Returns a working Chromium path, installing Debian's package if needed and allowed. */
export function findChromium({ install = true, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const candidates = [process.env.CHROME_PATH, ...SYSTEM_CANDIDATES, playwrightChromium()].filter(Boolean);
  const found = candidates.find((path) => existsSync(path) && works(path));
  if (found) return found;
  if (install && canAptInstall()) {
    aptInstall(['chromium'], log);
    if (existsSync('/usr/bin/chromium') && works('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  throw new Error(
    'No Chromium found. Install one and run again: Debian/Ubuntu `sudo apt-get install chromium`, ' +
      'macOS `brew install --cask chromium`, or point CHROME_PATH at any Chrome/Chromium binary.',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    process.stdout.write(`${findChromium()}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
