/**
 * Acting inside a widget's cross-origin iframe from a wtr server command, one implementation per engine's automation
 * library: Playwright (Chromium), puppeteer-core over WebDriver BiDi (Firefox), WebdriverIO over classic WebDriver
 * (WebKit). Each returns the same small driver for the frame whose URL carries `channel=<channel>`; the operations
 * the tests ask for (`widget-frame` in wtr.mjs) are written once on top of it.
 */
import { sleep } from './sleep.mjs';

/**
 * @typedef {object} FrameDriver
 * @property {(fn: string | ((arg: any) => unknown), arg?: unknown) => Promise<any>} evaluate  runs in the frame: a function with one JSON argument, or an expression string (evaluated by the automation protocol, so the frame's CSP does not apply)
 * @property {(selector: string, timeout: number) => Promise<void>} waitFor  until an element matches
 * @property {(selector: string, timeout: number) => Promise<void>} click  a trusted mouse click
 * @property {(selector: string, timeout: number) => Promise<void>} tap  a trusted touch tap (a click where the engine cannot emulate touch)
 * @property {(selector: string, value: string, timeout: number) => Promise<void>} fill  types into an input
 * @property {(selector: string, value: string, timeout: number) => Promise<void>} select  picks an option of a select
 * @property {() => Promise<string>} box  the iframe element's box in the page, serialised (to see it stand still)
 */

/** Polls `find` until it returns something, or throws `what` after `timeout` ms. */
async function poll(find, what, timeout = 5000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(25);
  }
}

const hasChannel = (channel) => (frame) => frame.url().includes(`channel=${channel}`);

/** Chromium: Playwright's Page (the wtr playwright launcher). */
async function playwrightFrame(page, channel) {
  const frame = await poll(() => page.frames().find(hasChannel(channel)), `a frame with channel ${channel}`);
  const target = (selector) => frame.locator(selector).first();
  return {
    evaluate: (fn, arg) => frame.evaluate(fn, arg),
    waitFor: (selector, timeout) => target(selector).waitFor({ timeout }),
    click: (selector, timeout) => target(selector).click({ timeout }),
    tap: (selector, timeout) => target(selector).tap({ timeout }),
    fill: (selector, value, timeout) => target(selector).fill(value, { timeout }),
    select: (selector, value, timeout) => target(selector).selectOption(value, { timeout }).then(() => undefined),
    box: async () => JSON.stringify(await (await frame.frameElement()).boundingBox()),
  };
}

/** Firefox: a puppeteer Page over WebDriver BiDi (wtr's Chrome launcher with puppeteer-core). */
async function puppeteerFrame(page, channel) {
  const frame = await poll(() => page.frames().find(hasChannel(channel)), `a frame with channel ${channel}`);
  const handle = async (selector, timeout) => frame.waitForSelector(selector, { timeout });
  return {
    evaluate: (fn, arg) => (typeof fn === 'string' ? frame.evaluate(fn) : frame.evaluate(fn, arg)),
    waitFor: async (selector, timeout) => void (await handle(selector, timeout)),
    click: async (selector, timeout) => (await handle(selector, timeout)).click(),
    tap: async (selector, timeout) => (await handle(selector, timeout)).tap(),
    fill: async (selector, value, timeout) => {
      await handle(selector, timeout);
      await frame.locator(selector).setTimeout(timeout).fill(value);
    },
    select: async (selector, value, timeout) => {
      await handle(selector, timeout);
      await frame.select(selector, value);
    },
    box: async () => JSON.stringify(await (await frame.frameElement()).boundingBox()),
  };
}

/**
 * Runs in a document through WebDriver: the iframe (in any shadow root) whose src has `channel=…`, as `[iframe, true]`;
 * or, when that iframe sits inside a same-origin iframe of this document (a test page in a frame), `[that frame,
 * false]`, to switch into and search again; or null.
 */
function findIframe(channel) {
  const search = (doc) => {
    const frames = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.tagName === 'IFRAME') frames.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(doc);
    const target = frames.find((frame) => frame.src.includes(`channel=${channel}`));
    if (target) return target;
    for (const frame of frames) {
      let inner = null;
      try {
        inner = frame.contentDocument && search(frame.contentDocument);
      } catch {
        inner = null; // another origin
      }
      if (inner) return frame;
    }
    return null;
  };
  const found = search(document);
  return found && [found, found.src.includes(`channel=${channel}`)];
}
const IFRAME_BOX = `const found = (${findIframe})(arguments[0]); const r = found && found[0].getBoundingClientRect(); return r ? [r.x, r.y, r.width, r.height, found[1]] : null;`;

/** One WebDriver session has one current frame: frame operations of a session run one at a time. */
const queues = new WeakMap();

/**
 * WebKit: classic WebDriver (WebdriverIO) has one "current browsing context" per session, so each operation switches
 * into the frame and back to the top-level page, one at a time.
 */
async function webdriverFrame(driver, channel) {
  await poll(() => driver.execute(findIframe, channel), `a frame with channel ${channel}`);
  const inFrame = (work) => {
    const previous = queues.get(driver) ?? Promise.resolve();
    const run = previous.then(async () => {
      let depth = 0;
      try {
        for (;;) {
          const found = await driver.execute(findIframe, channel);
          if (!found) throw new Error(`the frame with channel ${channel} is gone`);
          await driver.switchFrame(found[0]);
          depth += 1;
          if (found[1]) break;
        }
        return await work();
      } finally {
        for (; depth > 0; depth -= 1) await driver.switchToParentFrame();
      }
    });
    queues.set(driver, run.catch(() => undefined));
    return run;
  };
  const element = async (selector, timeout) => {
    const el = await driver.$(selector);
    await el.waitForExist({ timeout });
    return el;
  };
  return {
    evaluate: (fn, arg) => inFrame(() => (typeof fn === 'string' ? driver.execute(`return (${fn});`) : driver.execute(fn, arg))),
    waitFor: (selector, timeout) => inFrame(async () => void (await element(selector, timeout))),
    click: (selector, timeout) => inFrame(async () => (await element(selector, timeout)).click()),
    // WebKitGTK's WebDriver has no touch input: a tap is a click there.
    tap: (selector, timeout) => inFrame(async () => (await element(selector, timeout)).click()),
    fill: (selector, value, timeout) => inFrame(async () => (await element(selector, timeout)).setValue(value)),
    select: (selector, value, timeout) => inFrame(async () => (await element(selector, timeout)).selectByAttribute('value', value)),
    box: async () => JSON.stringify(await driver.execute(IFRAME_BOX, channel)),
  };
}

/** The frame driver for `channel` in a wtr session, whichever engine runs it. */
export function frameDriver(session, channel) {
  const { browser } = session;
  if (browser.type === 'playwright') return playwrightFrame(browser.getPage(session.id), channel);
  if (browser.type === 'puppeteer') return puppeteerFrame(browser.getPage(session.id), channel);
  if (browser.type === 'webdriver') return webdriverFrame(browser.driver, channel);
  throw new Error(`no frame driver for browser type ${browser.type}`);
}

/**
 * Waits until the frame's box in the page has not moved for `stillForMs`. A click is aimed at coordinates: while the
 * iframe is still moving (it just resized, or content above it did), a click can land on another element.
 */
export async function frameAtRest(frame, stillForMs = 150, timeout = 5000) {
  const deadline = Date.now() + timeout;
  let previous = '';
  let since = Date.now();
  while (Date.now() < deadline) {
    const box = await frame.box();
    if (box !== previous) {
      previous = box;
      since = Date.now();
    } else if (Date.now() - since >= stillForMs) return;
    await sleep(25);
  }
}

/**
 * Runs one `widget-frame` operation (see FrameOp in environment.ts): `post`, `click`, `tap`, `fill`, `select`,
 * `wait`, `text`, `html`, `eval`, `reload`.
 */
export async function runFrameOp(session, payload) {
  const { op, channel, selector, value, message, expression, timeout = 5000 } = payload;
  const frame = await frameDriver(session, channel);
  switch (op) {
    case 'post':
      await frame.evaluate((data) => parent.postMessage(data, '*'), message);
      return true;
    case 'click':
    case 'tap':
      await frame.waitFor(selector, timeout);
      await frameAtRest(frame);
      await frame[op](selector, timeout);
      return true;
    case 'fill':
      await frame.fill(selector, String(value), timeout);
      return true;
    case 'select':
      await frame.select(selector, String(value), timeout);
      return true;
    case 'wait':
      await frame.waitFor(selector, timeout);
      return true;
    case 'text':
      await frame.waitFor(selector, timeout);
      return frame.evaluate((sel) => document.querySelector(sel).textContent, selector);
    case 'html':
      return frame.evaluate(() => document.documentElement.outerHTML);
    case 'eval':
      return frame.evaluate(String(expression));
    case 'reload':
      await frame.evaluate(() => void setTimeout(() => location.reload()));
      return true;
    default:
      throw new Error(`unknown widget-frame op ${op}`);
  }
}
