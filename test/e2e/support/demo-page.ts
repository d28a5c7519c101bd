/**
 * Drives Acme Rewards' demo page the way a person would: sign in, watch the two logs, and reach into the widgets'
 * cross-origin iframes. Selectors live here only, so a markup change touches one file. Built on the engine-neutral
 * driver (driver.ts): every query is an evaluation, every wait a poll of one.
 */
import { sleep } from '../../browser-support/sleep.mjs';
import type { FrameHost, PageDriver } from './driver.js';

/** Default wait for anything that crosses the network or an iframe. */
export const STEP_TIMEOUT_MS = 15_000;

/** A selector of each widget on the page: the two inline ones, and the purchase widget the "Buy points" dialog shows. */
export const WIDGET_TAGS = {
  purchase: 'cosmo-purchase-widget:not([presentation="dialog"])',
  multibrand: 'cosmo-multibrand-widget',
  dialog: 'cosmo-purchase-widget[presentation="dialog"]',
} as const;
/** `'purchase' | 'multibrand' | 'dialog'`. */
export type WidgetName = keyof typeof WIDGET_TAGS;

/** `[data-testid="id"]`. */
export const testId = (id: string): string => `[data-testid="${id}"]`;

/** Polls `probe` until it returns a value other than `undefined`/`false`, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = STEP_TIMEOUT_MS, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** How many elements match `selector` (in the page, or in `frame`'s iframe). */
export function count(page: PageDriver, selector: string, frame?: FrameHost): Promise<number> {
  return page.evaluate((sel) => document.querySelectorAll(sel).length, selector, frame);
}

/** The rendered text (`innerText`) of the `index`th element matching `selector`; undefined when there is none. */
export function text(page: PageDriver, selector: string, index = 0, frame?: FrameHost): Promise<string | undefined> {
  return page.evaluate(([sel, i]) => (document.querySelectorAll(sel)[i] as HTMLElement | undefined)?.innerText, [selector, index] as const, frame);
}

/** An attribute of the first element matching `selector`; null when absent. */
export function attribute(page: PageDriver, selector: string, name: string, frame?: FrameHost): Promise<string | null> {
  return page.evaluate(([sel, attr]) => document.querySelector(sel)?.getAttribute(attr) ?? null, [selector, name] as const, frame);
}

/** Whether the first element matching `selector` is rendered with a box. */
export function isVisible(page: PageDriver, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const box = document.querySelector(sel)?.getBoundingClientRect();
    return box !== undefined && box.width > 0 && box.height > 0;
  }, selector);
}

/** Waits until more than `index` elements match `selector` (the `index`th exists). */
export async function waitForSelector(page: PageDriver, selector: string, options: { index?: number; frame?: FrameHost; timeoutMs?: number } = {}): Promise<void> {
  const index = options.index ?? 0;
  // A probe that fails (the page is navigating, the frame is reloading) counts as "not yet".
  const probe = () => count(page, selector, options.frame).then((n) => n > index, () => false);
  await waitFor(`${selector}${index ? ` #${index + 1}` : ''}${options.frame ? ` in ${options.frame}` : ''}`, probe, options.timeoutMs);
}

/** Opens the page and waits until the live feed (SSE) is connected, so no webhook can be missed. */
export async function openDemo(page: PageDriver, url: string): Promise<void> {
  await page.goto(url);
  await waitForSelector(page, 'html[data-live="open"][data-session]');
}

/** Signs in through the page's own form (a real form post that sets the HttpOnly cookie). */
export async function signIn(page: PageDriver, name: string): Promise<void> {
  await page.fill('#sign-in-name', name);
  await page.click(testId('sign-in'));
  await waitForSelector(page, 'html[data-session="signed-in"][data-live="open"]');
}

/**
 * Waits until the widget reports `state="ready"` and its iframe has a document; returns the widget's selector, which
 * the driver and {@link inWidget} take to act inside its (cross-origin) iframe.
 */
export async function widgetFrame(page: PageDriver, name: WidgetName): Promise<FrameHost> {
  await waitForSelector(page, `${WIDGET_TAGS[name]}[state="ready"]`);
  await waitFor(`the iframe document of <${WIDGET_TAGS[name]}>`, () => page.evaluate(() => document.readyState === 'complete', undefined, WIDGET_TAGS[name]).catch(() => false));
  return WIDGET_TAGS[name];
}

/** The URL of the document in a widget's iframe. */
export function frameUrl(page: PageDriver, frame: FrameHost): Promise<string> {
  return page.evaluate(() => location.href, undefined, frame);
}

/** Selector of the page's DOM-event log entries for one event name. */
export const domEvents = (eventName: string): string => `[data-testid="dom-log"] li[data-event="${eventName}"]`;

/** Selector of the page's verified-webhook log entries for one event type. */
export const webhookEntries = (type: string): string => `[data-testid="webhook-log"] li[data-type="${type}"]`;

/** Parses the JSON detail shown in the `index`th log entry matching `entry`, once it exists. */
export async function entryDetail<T = Record<string, unknown>>(page: PageDriver, entry: string, index = 0): Promise<T> {
  await waitForSelector(page, entry, { index });
  return JSON.parse((await text(page, `${entry} pre.detail`, index)) ?? 'null') as T;
}

/**
 * Presses a page button with the keyboard (focus, Enter), once its box has stopped moving.
 *
 * Why not a mouse click: right after a cross-origin widget frame resizes, headless Chromium can still route a
 * mouse event at the frame's old rectangle to that frame, so a click on the page below it is lost. Keyboard
 * events go to the focused element, and Enter on a button is a click for the page.
 */
export async function pressButton(page: PageDriver, selector: string, stillForMs = 300): Promise<void> {
  await waitForStillBox(page, selector, stillForMs);
  await page.pressEnter(selector);
}

/** Runs in the page: the box of `selector`, or of the iframe inside that widget element when `inside` is set. */
function boxOf([selector, inside]: readonly [string, boolean]): string {
  const element = document.querySelector(selector);
  const target = inside ? element?.shadowRoot?.querySelector('iframe') : element;
  return JSON.stringify(target?.getBoundingClientRect() ?? null);
}

/**
 * Resolves once the box of `selector` (with `frame: true`, the iframe of that widget element) has not moved for
 * `stillForMs`. A mouse click is aimed at coordinates: on an element (or a frame) still moving because a widget frame
 * above it resized, it can land somewhere else.
 */
export async function waitForStillBox(page: PageDriver, selector: string, stillForMs = 300, frame = false): Promise<void> {
  let previous = '';
  let stillSince = Date.now();
  await waitFor(`a still box for ${selector}`, async () => {
    const box = await page.evaluate(boxOf, [selector, frame] as const);
    if (box !== previous) {
      previous = box;
      stillSince = Date.now();
    }
    return Date.now() - stillSince >= stillForMs;
  });
}
