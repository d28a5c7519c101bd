#!/usr/bin/env node
/**
 * Finds a Chromium for the browser and end-to-end tests, or installs one where that is safe.
 * Order: $CHROME_PATH, system Chromium/Chrome, Playwright's own download (where one exists),
 * Debian's `chromium` package when running as root with apt-get, else a clear message.
 * Prints the path on stdout; exits 1 with what to install when none can be had.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findOrInstall, printFound } from './apt-install.mjs';

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

/** Returns a working Chromium path, installing Debian's package if needed and allowed. */
export const findChromium = ({ install = true, log } = {}) =>
  findOrInstall({
    candidates: () => [process.env.CHROME_PATH, ...SYSTEM_CANDIDATES, playwrightChromium()],
    packages: ['chromium'],
    missing:
      'No Chromium found. Install one and run again: Debian/Ubuntu `sudo apt-get install chromium`, ' +
      'macOS `brew install --cask chromium`, or point CHROME_PATH at any Chrome/Chromium binary.',
    install,
    log,
  });

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) printFound(findChromium);
