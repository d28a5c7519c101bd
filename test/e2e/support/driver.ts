/**
 * The end-to-end tests' thin driver: one small interface over each engine's automation library, so the same tests
 * run in Chromium (Playwright), Firefox (`firefox-esr`, puppeteer-core over WebDriver BiDi) and WebKit (WebKitGTK's
 * MiniBrowser, WebdriverIO over classic WebDriver through WebKitWebDriver). `COSMO_ENGINE` picks the engine
 * (scripts/test.mjs runs the e2e layer once per engine); the binaries come from scripts/find-browsers.mjs.
 *
 * Everything a test does is built from these few operations (demo-page.ts, widget-actions.ts): navigate, evaluate
 * a function in the page or inside a widget's cross-origin iframe, a trusted click, the pointer moved over an
 * element, typing, Enter on a focused element. Queries and waits are evaluations polled by the helpers, so they behave the same in every engine.
 */
import { chromium } from 'playwright-core';
import type { Frame, Page } from 'playwright-core';
import * as puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
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
  close(): Promise<void>;
}

/** A running browser of one engine. */
export interface BrowserDriver {
  readonly engine: Engine;
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<PageDriver>;
  close(): Promise<void>;
}

const DEFAULT_VIEWPORT = { width: 1280, height: 900 };

/** Chromium through Playwright; `playwright` is the Playwright page, for what only Chromium needs (screenshots). */
export interface ChromiumPageDriver extends PageDriver {
  readonly playwright: Page;
}

async function chromiumBrowser(): Promise<BrowserDriver> {
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: [...CHROMIUM_ARGS], headless: true });
  return {
    engine: 'chromium',
    async newPage(options = {}): Promise<ChromiumPageDriver> {
      const context = await browser.newContext({ viewport: options.viewport ?? DEFAULT_VIEWPORT });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
      const frameOf = async (host: FrameHost): Promise<Frame> => {
        const frame = await (await page.locator(`${host} iframe`).elementHandle())?.contentFrame();
        if (!frame) throw new Error(`no iframe content for ${host}`);
        return frame;
      };
      const scope = (frame?: FrameHost) => (frame ? frameOf(frame) : Promise.resolve(page));
      return {
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
        close: () => context.close(),
      };
    },
    close: () => browser.close(),
  };
}

async function firefoxBrowser(): Promise<BrowserDriver> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: { 'app.update.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false },
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
      return {
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
        close: () => context.close(),
      };
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

async function webkitBrowser(): Promise<BrowserDriver> {
  const server = await startWebKitDriver();
  const sessions = new Set<WebdriverIO.Browser>();
  return {
    engine: 'webkit',
    async newPage(options = {}) {
      const driver = await remote({ ...WEBDRIVER_OPTIONS, hostname: server.hostname, port: server.port, capabilities: webkitCapabilities() as WebdriverIO.Capabilities });
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
      return {
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
        close: async () => {
          sessions.delete(driver);
          await driver.deleteSession().catch(() => undefined);
        },
      };
    },
    async close() {
      await Promise.all([...sessions].map((driver) => driver.deleteSession().catch(() => undefined)));
      await server.close();
    },
  };
}

/** Starts a browser of `engine` (default: this run's {@link ENGINE}). */
export function launchBrowser(engine: Engine = ENGINE): Promise<BrowserDriver> {
  if (engine === 'firefox') return firefoxBrowser();
  if (engine === 'webkit') return webkitBrowser();
  return chromiumBrowser();
}
