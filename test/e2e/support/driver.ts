/**
 * The end-to-end tests' thin driver: one small interface over each engine's automation library, so the same tests
 * run in Chromium (Playwright), Firefox (`firefox-esr`, puppeteer-core over WebDriver BiDi) and WebKit (WebKitGTK's
 * MiniBrowser, WebdriverIO over classic WebDriver through WebKitWebDriver). `COSMO_ENGINE` picks the engine
 * (scripts/test.mjs runs the e2e layer once per engine); the binaries come from scripts/find-browsers.mjs.
 *
 * Everything a test does is built from these few operations (demo-page.ts, widget-actions.ts): navigate, evaluate
 * a function in the page or inside a widget's cross-origin iframe, a trusted click, the pointer moved over an
 * element, typing, Enter on a focused element. Queries and waits are evaluations polled by the helpers, so they behave the same in every engine.
 *
 * What a user's day does to a page (real-world.test.ts) is here too, where the engine can do it for real: history
 * back (every engine), the network gone and back (`setOffline`: Chromium and Firefox; WebKitGTK has no network
 * emulation over WebDriver), the tab hidden and shown (`setHidden`: Firefox puts another tab in front, WebKitGTK
 * minimizes its window; headless Chromium keeps every page visible), and, at launch, the back/forward cache and each
 * engine's own third-party cookie setting ({@link LaunchOptions}).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Frame, LaunchOptions as PlaywrightLaunchOptions, Page } from 'playwright-core';
import * as puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import { sleep } from '../../browser-support/sleep.mjs';
import { WEBDRIVER_OPTIONS, startWebKitDriver, webkitCapabilities } from '../../browser-support/webkit-driver.mjs';

/** The three engines. */
export type Engine = 'chromium' | 'firefox' | 'webkit';
/** How reports name each engine. */
export const ENGINE_LABELS: Record<Engine, string> = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

/** The engine of this run (`COSMO_ENGINE`, default `chromium`). */
export const ENGINE: Engine = (() => {
  const engine = process.env.COSMO_ENGINE ?? 'chromium';
  if (engine !== 'chromium' && engine !== 'firefox' && engine !== 'webkit') throw new Error(`COSMO_ENGINE must be chromium, firefox or webkit, not "${engine}"`);
  return engine;
})();

/** Chromium flags: no sandbox (containers), no GPU, no background traffic to Google. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] as const;

/** A CSS selector of a widget element: the operation then runs inside that element's iframe (any origin). */
export type FrameHost = string;

/** One page (a fresh profile or context) in one engine. */
export interface PageDriver {
  readonly engine: Engine;
  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void>;
  /** Runs `fn(arg)` in the page, or inside `frame`'s iframe; `fn` must be self-contained (it is serialised). */
  evaluate<R, A = undefined>(fn: (arg: A) => R, arg?: A, frame?: FrameHost): Promise<Awaited<R>>;
  /** A trusted mouse click on the first element matching `selector` (it must exist). */
  click(selector: string, frame?: FrameHost): Promise<void>;
  /** Moves the mouse pointer over the middle of the first element matching `selector` in the page (a real `pointerenter`). */
  hover(selector: string): Promise<void>;
  /** Replaces the value of the input matching `selector` by typing `value`. */
  fill(selector: string, value: string, frame?: FrameHost): Promise<void>;
  /** Focuses the element matching `selector` in the page and presses Enter. */
  pressEnter(selector: string): Promise<void>;
  /**
   * Uncaught errors of the page so far. Chromium and Firefox report every one; WebKit's classic WebDriver has no
   * events, so there it is what a listener installed after each `goto` recorded.
   */
  pageErrors(): Promise<string[]>;
  /** History back; resolves once the previous page is shown again (restored from the back/forward cache, or loaded anew). */
  back(): Promise<void>;
  /**
   * Takes the browser offline, for real (`navigator.onLine` false, `offline` fired, every request fails in the
   * browser), or back online. Absent where the engine cannot (WebKitGTK: no network emulation over WebDriver).
   */
  readonly setOffline?: (offline: boolean) => Promise<void>;
  /**
   * Hides the page for real (`document.visibilityState` becomes `hidden`), or shows it again; resolves once the page
   * says so. Absent where the engine cannot (headless Chromium: every page stays visible).
   */
  readonly setHidden?: (hidden: boolean) => Promise<void>;
  close(): Promise<void>;
}

/** How a browser starts, beyond the defaults every test gets. */
export interface LaunchOptions {
  /**
   * Lets pages into the back/forward cache. Playwright starts Chromium with it switched off
   * (`--disable-back-forward-cache`); Firefox and WebKitGTK keep it on, as their users have it.
   */
  readonly backForwardCache?: boolean;
  /**
   * Third-party cookies and storage, set the way each engine's user sets them: Chromium's "Block third-party
   * cookies" (the profile preference `profile.cookie_controls_mode`, 1 or 0), Firefox's
   * `network.cookie.cookieBehavior` (1: reject foreign cookies and storage; 0: accept all), WebKitGTK's cookie policy
   * and Intelligent Tracking Prevention (`--cookies-policy=no-third-party --enable-itp`, Safari's "Prevent
   * cross-site tracking"; or `--cookies-policy=always`). Unset: the engine's default.
   */
  readonly thirdPartyStorage?: 'blocked' | 'allowed';
}

/** A running browser of one engine. */
export interface BrowserDriver {
  readonly engine: Engine;
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<PageDriver>;
  close(): Promise<void>;
}

const DEFAULT_VIEWPORT = { width: 1280, height: 900 };

/** How long a page may take to show again after `back()` or to change visibility. */
const SHOWN_TIMEOUT_MS = 15_000;

/** Polls `probe` (a failed probe counts as "not yet": the page may be navigating) until true; throws after {@link SHOWN_TIMEOUT_MS}. */
async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + SHOWN_TIMEOUT_MS;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${SHOWN_TIMEOUT_MS} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Runs in the page: whether it is a loaded document other than `from`, shown. */
function shownOtherThan(from: string): boolean {
  return location.href !== from && document.readyState === 'complete' && document.visibilityState === 'visible';
}

/** Navigates back with `traverse` and resolves once the previous page is shown (see {@link PageDriver.back}). */
async function backWith(page: Pick<PageDriver, 'evaluate'>, traverse: () => Promise<unknown>): Promise<void> {
  const from = await page.evaluate(() => location.href);
  await traverse();
  await until('the previous page, shown again', () => page.evaluate(shownOtherThan, from));
}

/** Resolves once the page's `document.visibilityState` is `hidden` or `visible`, as asked. */
function visibility(page: Pick<PageDriver, 'evaluate'>, hidden: boolean): Promise<void> {
  const state = hidden ? 'hidden' : 'visible';
  return until(`document.visibilityState === '${state}'`, async () => (await page.evaluate(() => document.visibilityState)) === state);
}

/** Chromium through Playwright; `playwright` is the Playwright page, for what only Chromium needs (screenshots). */
export interface ChromiumPageDriver extends PageDriver {
  readonly playwright: Page;
}

async function chromiumBrowser(launchOptions: LaunchOptions): Promise<BrowserDriver> {
  const launch: PlaywrightLaunchOptions = {
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS],
    headless: true,
    ...(launchOptions.backForwardCache ? { ignoreDefaultArgs: ['--disable-back-forward-cache'] } : {}),
  };
  // The third-party cookie setting is a preference of a profile: such a run gets a profile of its own, written before
  // launch, and its pages share that one context; other runs get a fresh (incognito) context per page.
  let profile: string | undefined;
  let persistent: BrowserContext | undefined;
  if (launchOptions.thirdPartyStorage) {
    profile = mkdtempSync(join(tmpdir(), 'cosmo-chromium-profile-'));
    mkdirSync(join(profile, 'Default'));
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: launchOptions.thirdPartyStorage === 'blocked' ? 1 : 0 } }));
  }
  const browser = profile ? undefined : await chromium.launch(launch);
  if (profile) persistent = await chromium.launchPersistentContext(profile, { ...launch, viewport: DEFAULT_VIEWPORT });
  return {
    engine: 'chromium',
    async newPage(options = {}): Promise<ChromiumPageDriver> {
      const viewport = options.viewport ?? DEFAULT_VIEWPORT;
      const context = persistent ?? (await browser!.newContext({ viewport }));
      const page = await context.newPage();
      if (persistent) await page.setViewportSize(viewport);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
      const frameOf = async (host: FrameHost): Promise<Frame> => {
        const frame = await (await page.locator(`${host} iframe`).elementHandle())?.contentFrame();
        if (!frame) throw new Error(`no iframe content for ${host}`);
        return frame;
      };
      const scope = (frame?: FrameHost) => (frame ? frameOf(frame) : Promise.resolve(page));
      const driver: ChromiumPageDriver = {
        engine: 'chromium',
        playwright: page,
        goto: async (url) => void (await page.goto(url)),
        evaluate: async (fn, arg, frame) => (await scope(frame)).evaluate(fn as never, arg) as never,
        click: async (selector, frame) => (await scope(frame)).locator(selector).first().click(),
        hover: (selector) => page.locator(selector).first().hover(),
        fill: async (selector, value, frame) => (await scope(frame)).locator(selector).first().fill(value),
        pressEnter: async (selector) => {
          await page.locator(selector).first().focus();
          await page.keyboard.press('Enter');
        },
        pageErrors: async () => [...errors],
        // A page restored from the back/forward cache fires no load event: wait for the commit, then for the page.
        back: () => backWith(driver, () => page.goBack({ waitUntil: 'commit' })),
        // Emulated network conditions of the whole context: navigator.onLine, `offline`/`online`, failing requests.
        setOffline: (offline) => context.setOffline(offline),
        close: () => (persistent ? page.close() : context.close()),
      };
      return driver;
    },
    async close() {
      await (persistent ?? browser)?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Puppeteer's BiDi frame: its browsing context traverses history without waiting for a load event. */
interface BidiFrame {
  readonly browsingContext?: { traverseHistory(delta: number): Promise<void> };
}

async function firefoxBrowser(launchOptions: LaunchOptions): Promise<BrowserDriver> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: {
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      ...(launchOptions.thirdPartyStorage ? { 'network.cookie.cookieBehavior': launchOptions.thirdPartyStorage === 'blocked' ? 1 : 0 } : {}),
    },
  });
  return {
    engine: 'firefox',
    async newPage(options = {}) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(options.viewport ?? DEFAULT_VIEWPORT);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error)));
      const frameOf = async (host: FrameHost): Promise<puppeteer.Frame> => {
        const element = await page.$(host);
        const iframe = (await element?.evaluateHandle((el) => el.shadowRoot?.querySelector('iframe') ?? el.querySelector('iframe')))?.asElement();
        const frame = await (iframe as puppeteer.ElementHandle<HTMLIFrameElement> | null | undefined)?.contentFrame();
        if (!frame) throw new Error(`no iframe content for ${host}`);
        return frame;
      };
      const scope = (frame?: FrameHost) => (frame ? frameOf(frame) : Promise.resolve(page.mainFrame()));
      // The tab put in front of this one to hide it (a hidden tab is a background tab).
      let cover: puppeteer.Page | undefined;
      const driver: PageDriver = {
        engine: 'firefox',
        goto: async (url) => void (await page.goto(url)),
        evaluate: async (fn, arg, frame) => (await scope(frame)).evaluate(fn as never, arg) as never,
        click: async (selector, frame) => {
          const element = await (await scope(frame)).$(selector);
          if (!element) throw new Error(`nothing matches ${selector}`);
          await element.click();
        },
        hover: async (selector) => {
          const element = await page.$(selector);
          if (!element) throw new Error(`nothing matches ${selector}`);
          await element.hover();
        },
        fill: async (selector, value, frame) => (await scope(frame)).locator(selector).fill(value),
        pressEnter: async (selector) => {
          await page.focus(selector);
          await page.keyboard.press('Enter');
        },
        pageErrors: async () => [...errors],
        // puppeteer's goBack() waits for a navigation that a back/forward-cache restore never reports: traverse the
        // history with the BiDi command itself (`browsingContext.traverseHistory`).
        back: () =>
          backWith(driver, () => {
            const browsingContext = (page.mainFrame() as unknown as BidiFrame).browsingContext;
            if (!browsingContext) throw new Error('puppeteer-core no longer exposes the BiDi browsing context of a frame');
            return browsingContext.traverseHistory(-1);
          }),
        // WebDriver BiDi's emulation.setNetworkConditions (offline): navigator.onLine, `offline`/`online`, failing requests.
        setOffline: (offline) => page.setOfflineMode(offline),
        setHidden: async (hidden) => {
          if (hidden) {
            cover ??= await context.newPage();
            await cover.bringToFront();
          } else {
            await page.bringToFront();
            await cover?.close();
            cover = undefined;
          }
          await visibility(driver, hidden);
        },
        close: () => context.close(),
      };
      return driver;
    },
    close: () => browser.close(),
  };
}

/** Runs in the page: the iframe of a widget element (in its shadow root). */
function iframeOf(host: string): HTMLIFrameElement | null {
  const element = document.querySelector(host);
  return element?.shadowRoot?.querySelector('iframe') ?? element?.querySelector('iframe') ?? null;
}

/** Runs in the page: records uncaught errors, for WebKit where WebDriver reports none. */
function recordErrors(): void {
  const w = window as unknown as { __e2eErrors?: string[] };
  if (w.__e2eErrors) return;
  const errors: string[] = [];
  w.__e2eErrors = errors;
  window.addEventListener('error', (event) => errors.push(`${event.error?.name ?? 'Error'}: ${event.message}`));
  window.addEventListener('unhandledrejection', (event) => errors.push(`Unhandled rejection: ${String(event.reason)}`));
}

/** MiniBrowser's switches for {@link LaunchOptions.thirdPartyStorage} (its default cookie policy is `no-third-party`). */
const WEBKIT_THIRD_PARTY_ARGS = { blocked: ['--cookies-policy=no-third-party', '--enable-itp'], allowed: ['--cookies-policy=always'] } as const;

async function webkitBrowser(launchOptions: LaunchOptions): Promise<BrowserDriver> {
  const server = await startWebKitDriver();
  const args = launchOptions.thirdPartyStorage ? WEBKIT_THIRD_PARTY_ARGS[launchOptions.thirdPartyStorage] : [];
  const sessions = new Set<WebdriverIO.Browser>();
  return {
    engine: 'webkit',
    async newPage(options = {}) {
      const driver = await remote({ ...WEBDRIVER_OPTIONS, hostname: server.hostname, port: server.port, capabilities: webkitCapabilities(args) as WebdriverIO.Capabilities }).catch((error: unknown) => {
        throw new Error(`WebKitWebDriver started no MiniBrowser session (${String(error)}); what the driver and MiniBrowser printed: ${server.output() || '(nothing)'}`, { cause: error });
      });
      sessions.add(driver);
      const viewport = options.viewport ?? DEFAULT_VIEWPORT;
      const [dw, dh] = await driver.execute(() => [window.outerWidth - window.innerWidth, window.outerHeight - window.innerHeight]);
      await driver.setWindowSize(viewport.width + (dw ?? 0), viewport.height + (dh ?? 0));
      // One current browsing context per session: frame operations switch in and back, one at a time.
      let queue: Promise<unknown> = Promise.resolve();
      const serial = <T>(work: () => Promise<T>): Promise<T> => {
        const run = queue.then(work);
        queue = run.catch(() => undefined);
        return run;
      };
      const within = <T>(frame: FrameHost | undefined, work: () => Promise<T>): Promise<T> =>
        serial(async () => {
          if (!frame) return work();
          const iframe = await driver.execute(iframeOf, frame);
          if (!iframe) throw new Error(`no iframe for ${frame}`);
          await driver.switchFrame(iframe as unknown as WebdriverIO.Element);
          try {
            return await work();
          } finally {
            await driver.switchToParentFrame();
          }
        });
      // The window's rectangle before it was minimized, to restore it.
      let restore: { x: number; y: number; width: number; height: number } | undefined;
      const page: PageDriver = {
        engine: 'webkit',
        goto: (url) =>
          serial(async () => {
            await driver.navigateTo(url);
            await driver.execute(recordErrors);
          }),
        evaluate: (fn, arg, frame) => within(frame, () => driver.execute(fn as never, arg) as never),
        click: (selector, frame) => within(frame, async () => (await driver.$(selector)).click()),
        hover: (selector) => serial(async () => (await driver.$(selector)).moveTo()),
        fill: (selector, value, frame) => within(frame, async () => (await driver.$(selector)).setValue(value)),
        pressEnter: (selector) =>
          serial(async () => {
            await driver.execute((sel: string) => (document.querySelector(sel) as HTMLElement).focus(), selector);
            await driver.keys('Enter');
          }),
        pageErrors: () => serial(async () => (await driver.execute(() => (window as unknown as { __e2eErrors?: string[] }).__e2eErrors ?? [])) as string[]),
        back: async () => {
          await backWith(page, () => serial(() => driver.back()));
          await serial(() => driver.execute(recordErrors)); // a page loaded anew (not restored) needs its recorder again
        },
        // A minimized window's page is hidden; setting the window's rectangle restores it.
        setHidden: (hidden) =>
          serial(async () => {
            if (hidden) {
              restore ??= await driver.getWindowRect();
              await driver.minimizeWindow();
            } else if (restore) {
              await driver.setWindowRect(restore.x, restore.y, restore.width, restore.height);
              restore = undefined;
            }
          }).then(() => visibility(page, hidden)),
        close: async () => {
          sessions.delete(driver);
          await driver.deleteSession().catch(() => undefined);
        },
      };
      return page;
    },
    async close() {
      await Promise.all([...sessions].map((driver) => driver.deleteSession().catch(() => undefined)));
      await server.close();
    },
  };
}

/** Starts a browser of `engine` (default: this run's {@link ENGINE}), with `options` (see {@link LaunchOptions}). */
export function launchBrowser(engine: Engine = ENGINE, options: LaunchOptions = {}): Promise<BrowserDriver> {
  if (engine === 'firefox') return firefoxBrowser(options);
  if (engine === 'webkit') return webkitBrowser(options);
  return chromiumBrowser(options);
}
