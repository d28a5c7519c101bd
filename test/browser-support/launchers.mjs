/**
 * The browsers of the @web/test-runner configs, one engine per run (`COSMO_ENGINE`: `chromium` (default), `firefox`
 * or `webkit`; scripts/test.mjs runs each config once per engine and counts each engine apart):
 *
 * - Chromium through Playwright (`CHROME_PATH`);
 * - Firefox (`firefox-esr`) through puppeteer-core over WebDriver BiDi (`FIREFOX_PATH`), with wtr's Chrome launcher,
 *   which takes any puppeteer;
 * - WebKit: WebKitGTK's MiniBrowser through WebKitWebDriver on its own Xvfb display (webkit-driver.mjs), with wtr's WebDriver
 *   launcher.
 *
 * Each engine has a desktop browser, a phone (390×844, touch where the engine can emulate it) for the WebView tests,
 * and a desktop browser whose user prefers reduced motion, set the way that engine's users set it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromeLauncher } from '@web/test-runner-chrome';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import * as puppeteer from 'puppeteer-core';
import { WEBDRIVER_OPTIONS, startWebKitDriver, webkitCapabilities } from './webkit-driver.mjs';

/** `'chromium' | 'firefox' | 'webkit'`: the engine of this run. */
export const ENGINE = process.env.COSMO_ENGINE || 'chromium';
if (!['chromium', 'firefox', 'webkit'].includes(ENGINE)) throw new Error(`COSMO_ENGINE must be chromium, firefox or webkit, not "${ENGINE}"`);

/** The phone of the WebView tests (an iPhone 14's CSS viewport). */
export const PHONE = { width: 390, height: 844 };

/**
 * What each engine's phone can emulate, for the tests to assert (`GET /__test/config` → `phone`). WebKitGTK has no
 * touch emulation over WebDriver, and its window cannot be narrower than its toolbar: the WebKit phone is a narrow
 * desktop window.
 */
export const PHONE_EMULATION = {
  chromium: { touch: true, exactViewport: true },
  firefox: { touch: true, exactViewport: true },
  webkit: { touch: false, exactViewport: false },
}[ENGINE];

const CHROMIUM_OPTIONS = {
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

const firefoxOptions = (prefs = {}) => ({
  browser: 'firefox',
  executablePath: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr',
  headless: true,
  // Quiet and offline: no update checks, no telemetry, no first-run pages.
  extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false, 'browser.shell.checkDefaultBrowser': false, ...prefs },
});

/** Touch and a coarse pointer in Firefox: what Firefox for Android reports. */
const FIREFOX_TOUCH_PREFS = { 'dom.w3c_touch_events.enabled': 1, 'dom.maxtouchpoints.testing.value': 5, 'ui.primaryPointerCapabilities': 1, 'ui.allPointerCapabilities': 1 };

/** wtr's WebDriver launcher over a WebKitWebDriver this launcher starts and stops itself (with `env` added). */
class WebKitLauncher extends WebdriverLauncher {
  #driver;
  #env;

  constructor({ env = {} } = {}) {
    super({ ...WEBDRIVER_OPTIONS, capabilities: webkitCapabilities() });
    this.#env = env;
  }

  async initialize(config, testFiles) {
    this.#driver = await startWebKitDriver({ env: this.#env });
    Object.assign(this.options, { hostname: this.#driver.hostname, port: this.#driver.port });
    await super.initialize(config, testFiles);
    this.name = 'WebKit';
  }

  async stop() {
    await super.stop();
    await this.#driver?.close();
  }
}

/** A desktop browser of {@link ENGINE}. */
export function desktopLauncher() {
  if (ENGINE === 'firefox') return chromeLauncher({ puppeteer, launchOptions: firefoxOptions() });
  if (ENGINE === 'webkit') return new WebKitLauncher();
  return playwrightLauncher({ launchOptions: CHROMIUM_OPTIONS });
}

/** A phone of {@link ENGINE}: 390×844 with touch (see {@link PHONE_EMULATION}). */
export function phoneLauncher() {
  if (ENGINE === 'firefox') return chromeLauncher({ puppeteer, launchOptions: firefoxOptions(FIREFOX_TOUCH_PREFS) });
  if (ENGINE === 'webkit') return new WebKitLauncher();
  return playwrightLauncher({
    launchOptions: CHROMIUM_OPTIONS,
    createBrowserContext: ({ browser }) => browser.newContext({ viewport: PHONE, deviceScaleFactor: 3, isMobile: true, hasTouch: true }),
  });
}

/**
 * A GTK configuration folder (for `XDG_CONFIG_HOME`) whose settings turn animations off: WebKitGTK answers
 * `prefers-reduced-motion: reduce` when GTK's `gtk-enable-animations` is false, the desktop's "reduce animations"
 * switch. WebDriver has no media emulation, so this is how the WebKit run gets a user who prefers reduced motion.
 */
function gtkConfigWithoutAnimations() {
  const dir = fileURLToPath(new URL('../../.tmp/gtk-reduced-motion', import.meta.url));
  for (const gtk of ['gtk-3.0', 'gtk-4.0']) {
    mkdirSync(join(dir, gtk), { recursive: true });
    writeFileSync(join(dir, gtk, 'settings.ini'), '[Settings]\ngtk-enable-animations=false\n');
  }
  return dir;
}

/**
 * A desktop browser of {@link ENGINE} whose user prefers reduced motion: Playwright's `reducedMotion` in Chromium,
 * the `ui.prefersReducedMotion` preference in Firefox (puppeteer has no media emulation over BiDi), GTK's animations
 * switched off in WebKitGTK.
 */
export function reducedMotionLauncher() {
  if (ENGINE === 'firefox') return chromeLauncher({ puppeteer, launchOptions: firefoxOptions({ 'ui.prefersReducedMotion': 1 }) });
  if (ENGINE === 'webkit') return new WebKitLauncher({ env: { XDG_CONFIG_HOME: gtkConfigWithoutAnimations() } });
  return playwrightLauncher({ launchOptions: CHROMIUM_OPTIONS, createBrowserContext: ({ browser }) => browser.newContext({ reducedMotion: 'reduce' }) });
}
