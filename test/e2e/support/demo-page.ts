/**
 * Drives Acme Rewards' demo page the way a person would: sign in, watch the two logs, and reach into the
 * widgets' cross-origin iframes. Selectors live here only, so a markup change touches one file.
 */
import type { Frame, Locator, Page } from 'playwright-core';

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

/** Opens the page and waits until the live feed (SSE) is connected, so no webhook can be missed. */
export async function openDemo(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('html[data-live="open"]').waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  await page.locator('html[data-session]').waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
}

/** Signs in through the page's own form (a real form post that sets the HttpOnly cookie). */
export async function signIn(page: Page, name: string): Promise<void> {
  await page.locator('#sign-in-name').fill(name);
  await Promise.all([page.waitForURL((url) => url.pathname === '/', { waitUntil: 'load' }), page.getByTestId('sign-in').click()]);
  await page.locator('html[data-session="signed-in"][data-live="open"]').waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
}

/** The widget element. */
export function widget(page: Page, name: WidgetName): Locator {
  return page.locator(WIDGET_TAGS[name]);
}

/** Waits until the widget reports `state="ready"` and returns its iframe's `Frame` (cross-origin). */
export async function widgetFrame(page: Page, name: WidgetName): Promise<Frame> {
  await page.locator(`${WIDGET_TAGS[name]}[state="ready"]`).waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  const handle = await page.locator(`${WIDGET_TAGS[name]} iframe`).elementHandle({ timeout: STEP_TIMEOUT_MS });
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error(`no iframe content for <${WIDGET_TAGS[name]}>`);
  return frame;
}

/** Entries of the page's DOM-event log for one event name. */
export function domEvents(page: Page, eventName: string): Locator {
  return page.locator(`[data-testid="dom-log"] li[data-event="${eventName}"]`);
}

/** Entries of the page's verified-webhook log for one event type. */
export function webhookEntries(page: Page, type: string): Locator {
  return page.locator(`[data-testid="webhook-log"] li[data-type="${type}"]`);
}

/** Parses the JSON detail shown in a log entry. */
export async function entryDetail<T = Record<string, unknown>>(entry: Locator): Promise<T> {
  return JSON.parse(await entry.locator('pre.detail').innerText()) as T;
}

/**
 * Presses a page button with the keyboard (focus, Enter), once its box has stopped moving.
 *
 * Why not a mouse click: right after a cross-origin widget frame resizes, headless Chromium can still route a
 * mouse event at the frame's old rectangle to that frame, so a click on the page below it is lost. Keyboard
 * events go to the focused element, and Enter on a button is a click for the page.
 */
export async function pressButton(target: Locator, stillForMs = 300): Promise<void> {
  await waitForStillBox(target, stillForMs);
  await target.focus();
  await target.press('Enter');
}

/**
 * Resolves once `target`'s box in the page has not moved for `stillForMs`. A mouse click is aimed at coordinates: on
 * an element (or a frame) still moving because a widget frame above it resized, it can land somewhere else.
 */
export async function waitForStillBox(target: { boundingBox(): Promise<unknown>; toString(): string }, stillForMs = 300): Promise<void> {
  let previous = '';
  let stillSince = Date.now();
  await waitFor(`a still box for ${target}`, async () => {
    const box = JSON.stringify(await target.boundingBox());
    if (box !== previous) {
      previous = box;
      stillSince = Date.now();
    }
    return Date.now() - stillSince >= stillForMs;
  });
}

/** Polls `probe` until it returns a value other than `undefined`/`false`, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = STEP_TIMEOUT_MS, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
