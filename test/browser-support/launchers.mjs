/**
 * The browsers of the @web/test-runner configs, one engine per run (`COSMO_ENGINE`: `chromium` (default), `firefox`
 * or `webkit`; scripts/test.mjs runs each config once per engine and counts each engine apart):
 *
 * - Chromium through Playwright (`CHROME_PATH`);
 * - Firefox (`firefox-esr`) through puppeteer-core over WebDriver BiDi (`FIREFOX_PATH`), with wtr's Chrome launcher,
 *   which takes any puppeteer;
 * - WebKit: WebKitGTK's MiniBrowser through WebKitWebDriver under xvfb-run (webkit-driver.mjs), with wtr's WebDriver
 *   launcher.
 *
 * Each engine has a desktop browser and a phone (390×844, touch where the engine can emulate it) for the WebView tests.
 */
import { chromeLauncher } from '@web/test-runner-chrome';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import * as puppeteer from 'puppeteer-core';
import { startWebKitDriver, webkitCapabilities } from './webkit-driver.mjs';

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

/** wtr's WebDriver launcher over a WebKitWebDriver this launcher starts and stops itself. */
class WebKitLauncher extends WebdriverLauncher {
  #driver;

  constructor() {
    super({ capabilities: webkitCapabilities(), logLevel: 'error' });
  }

  async initialize(config, testFiles) {
    this.#driver = await startWebKitDriver();
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
