#!/usr/bin/env node
/**
 * Finds the three engines the browser and end-to-end tests run in, or installs them where that is safe (as root with
 * apt-get, like find-chromium.mjs):
 *
 * - Chromium: see find-chromium.mjs (`CHROME_PATH`);
 * - Firefox: Debian's `firefox-esr`, driven over WebDriver BiDi by puppeteer-core (`FIREFOX_PATH`);
 * - WebKit: WebKitGTK's `MiniBrowser` driven by `WebKitWebDriver` (package `webkit2gtk-driver`), on a virtual
 *   display from `Xvfb` (package `xvfb`) (`WEBKIT_WEBDRIVER_PATH`, `MINIBROWSER_PATH`, `XVFB_PATH`).
 *
 * {@link findEngines} returns the environment variables the wtr configs and the end-to-end driver read; missing
 * engines are reported, not thrown, so the other engines still run. `node scripts/find-browsers.mjs` prints them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { aptInstall, canAptInstall, onPath, runs } from './apt-install.mjs';
import { findChromium } from './find-chromium.mjs';

/** The engines, in the order the summary prints them. */
export const ENGINES = ['chromium', 'firefox', 'webkit'];
/** How the summary names each engine. */
export const ENGINE_LABELS = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

function firefoxPath() {
  return [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox', onPath('firefox-esr'), onPath('firefox')].filter(Boolean).find((path) => runs(path));
}

/** MiniBrowser lives in libwebkit2gtk's private folder, not on PATH. */
function miniBrowserPath() {
  const fromLibs = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib', '/usr/libexec']
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir).filter((name) => /^webkit2?gtk-[\d.]+$/.test(name)).sort().reverse().map((name) => `${dir}/${name}/MiniBrowser`));
  return [process.env.MINIBROWSER_PATH, ...fromLibs].filter(Boolean).find((path) => existsSync(path));
}

function webkitPaths() {
  const driver = [process.env.WEBKIT_WEBDRIVER_PATH, '/usr/bin/WebKitWebDriver', onPath('WebKitWebDriver')].filter(Boolean).find((path) => runs(path, ['--help']));
  const miniBrowser = miniBrowserPath();
  const xvfb = [process.env.XVFB_PATH, onPath('Xvfb')].filter(Boolean).find((path) => existsSync(path));
  return driver && miniBrowser && xvfb ? { driver, miniBrowser, xvfb } : undefined;
}

const FINDERS = {
  chromium: { find: () => findChromium({ install: false, log: () => {} }), packages: ['chromium'] },
  firefox: { find: firefoxPath, packages: ['firefox-esr'] },
  webkit: { find: webkitPaths, packages: ['webkit2gtk-driver', 'xvfb'] },
};

const HINTS = {
  chromium: 'Debian/Ubuntu `sudo apt-get install chromium`, or point CHROME_PATH at any Chrome/Chromium binary',
  firefox: 'Debian `sudo apt-get install firefox-esr`, or point FIREFOX_PATH at a Firefox 129+ binary',
  webkit: 'Debian `sudo apt-get install webkit2gtk-driver xvfb` (WebKitWebDriver, MiniBrowser, Xvfb), or set WEBKIT_WEBDRIVER_PATH, MINIBROWSER_PATH and XVFB_PATH',
};

function safeFind(engine) {
  try {
    return FINDERS[engine].find();
  } catch {
    return undefined;
  }
}

/**
 * Finds each engine in `engines`, installing what is missing in one apt-get run when allowed. Returns the
 * environment the tests read, and a message per engine that could not be had.
 */
export function findEngines(engines = ENGINES, { install = true, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  let found = Object.fromEntries(engines.map((engine) => [engine, safeFind(engine)]));
  const missing = engines.filter((engine) => !found[engine]);
  if (missing.length > 0 && install && canAptInstall()) {
    try {
      aptInstall([...new Set(missing.flatMap((engine) => FINDERS[engine].packages))], log);
    } catch (error) {
      log(`apt-get failed: ${error.message}`);
    }
    found = Object.fromEntries(engines.map((engine) => [engine, found[engine] ?? safeFind(engine)]));
  }
  const env = {};
  if (found.chromium) env.CHROME_PATH = found.chromium;
  if (found.firefox) env.FIREFOX_PATH = found.firefox;
  if (found.webkit) Object.assign(env, { WEBKIT_WEBDRIVER_PATH: found.webkit.driver, MINIBROWSER_PATH: found.webkit.miniBrowser, XVFB_PATH: found.webkit.xvfb });
  const errors = Object.fromEntries(engines.filter((engine) => !found[engine]).map((engine) => [engine, `No ${ENGINE_LABELS[engine]} found. Install it and run again: ${HINTS[engine]}.`]));
  return { env, available: engines.filter((engine) => found[engine]), errors };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { env, errors } = findEngines();
  for (const [name, value] of Object.entries(env)) process.stdout.write(`${name}=${value}\n`);
  for (const message of Object.values(errors)) process.stderr.write(`${message}\n`);
  process.exit(Object.keys(errors).length === 0 ? 0 : 1);
}
