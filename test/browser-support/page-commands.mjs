/**
 * Page-level wtr server commands with one implementation per engine's automation library, for what wtr's own
 * commands do only in Playwright and puppeteer-over-CDP: the viewport size (wtr's `setViewport` has no WebDriver
 * implementation) and key chords (wtr's `sendKeys` sends `Shift+Tab` as text over puppeteer's BiDi and WebDriver).
 * Playwright drives Chromium, puppeteer-core over WebDriver BiDi drives Firefox, WebdriverIO over classic WebDriver
 * drives WebKit (launchers.mjs).
 */
import { sleep } from './sleep.mjs';

/**
 * Resizes the page's viewport to `width` × `height` CSS pixels and resolves with what the page then reports
 * (`innerWidth`, `innerHeight`). WebKitGTK has no viewport emulation: its window is resized by the difference
 * between its outer and inner size, and it stops at its narrowest (about 447 px wide, its toolbar's width).
 */
export async function setViewport(session, { width, height }) {
  const { browser } = session;
  if (browser.type === 'playwright') {
    const page = browser.getPage(session.id);
    await page.setViewportSize({ width, height });
    return page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
  }
  if (browser.type === 'puppeteer') {
    const page = browser.getPage(session.id);
    await page.setViewport({ width, height });
    return page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
  }
  const { driver } = browser;
  const [outerWidth, outerHeight, innerWidth, innerHeight] = await driver.execute(() => [window.outerWidth, window.outerHeight, window.innerWidth, window.innerHeight]);
  await driver.setWindowSize(width + outerWidth - innerWidth, height + outerHeight - innerHeight);
  // The new size reaches the page after a layout: wait until it stops changing.
  let size = { width: innerWidth, height: innerHeight };
  for (let i = 0; i < 20; i += 1) {
    const [w, h] = await driver.execute(() => [window.innerWidth, window.innerHeight]);
    if (w === size.width && h === size.height && i > 0) break;
    size = { width: w, height: h };
    await sleep(50);
  }
  return size;
}

/** WebDriver's code points for the named keys the tests press (W3C WebDriver, "keyboard actions"). */
const WEBDRIVER_KEYS = { Shift: '\uE008', Control: '\uE009', Alt: '\uE00A', Meta: '\uE03D', Tab: '\uE004', Enter: '\uE007', Escape: '\uE00C', Space: '\uE00D', ArrowUp: '\uE013', ArrowDown: '\uE015', ArrowLeft: '\uE012', ArrowRight: '\uE014' };

/**
 * Presses a key chord on the focused element, as a user's keyboard would (trusted events): every key of `keys`
 * down in order, then up in reverse, e.g. `['Shift', 'Tab']`. Names are the DOM `KeyboardEvent.key` names.
 */
export async function pressKeys(session, keys) {
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('press-keys takes a non-empty array of key names');
  const { browser } = session;
  if (browser.type === 'playwright') return void (await browser.getPage(session.id).keyboard.press(keys.join('+')));
  if (browser.type === 'puppeteer') {
    const { keyboard } = browser.getPage(session.id);
    for (const key of keys) await keyboard.down(key);
    for (const key of [...keys].reverse()) await keyboard.up(key);
    return undefined;
  }
  const values = keys.map((key) => WEBDRIVER_KEYS[key] ?? (key.length === 1 ? key : undefined));
  if (values.includes(undefined)) throw new Error(`press-keys: no WebDriver key for ${keys.join('+')}`);
  await browser.driver.performActions([
    { type: 'key', id: 'keyboard', actions: [...values.map((value) => ({ type: 'keyDown', value })), ...[...values].reverse().map((value) => ({ type: 'keyUp', value }))] },
  ]);
  await browser.driver.releaseActions();
  return undefined;
}

/**
 * Closes every tab or window of the test's browser but the test page's own, and brings the test page back to the
 * front; resolves with how many were closed. A tab a test opened for real (`window.open`) would otherwise stay in
 * front of the next test files' page, whose timers and rendering a background tab throttles.
 */
export async function closeOtherPages(session) {
  const { browser } = session;
  if (browser.type === 'playwright' || browser.type === 'puppeteer') {
    const page = browser.getPage(session.id);
    const pages = browser.type === 'playwright' ? page.context().pages() : await page.browser().pages();
    const others = pages.filter((other) => other !== page);
    for (const other of others) await other.close();
    await page.bringToFront();
    return others.length;
  }
  const { driver } = browser;
  const own = await driver.getWindowHandle();
  const others = (await driver.getWindowHandles()).filter((handle) => handle !== own);
  for (const handle of others) {
    await driver.switchToWindow(handle);
    await driver.closeWindow();
  }
  await driver.switchToWindow(own);
  return others.length;
}
