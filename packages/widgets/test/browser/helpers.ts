/** Shared helpers of the browser tests: the test environment's URLs, mounting, waiting for events, acting inside the widget frame. */
import { executeServerCommand } from '@web/test-runner-commands';
import type { CosmoWidgetElement } from '../../src/index.js';

/** URLs of the test environment (see web-test-runner.config.mjs). */
export interface TestConfig {
  simulatorUrl: string;
  widgetUrls: { purchase: string; multibrand: string };
  /** A third origin whose page posts the JSON array in its URL hash to its parent. */
  otherOrigin: string;
  /** A URL on a port nobody listens on. */
  closedPortUrl: string;
}

let config: Promise<TestConfig> | undefined;
/** The environment's URLs. */
export const testConfig = (): Promise<TestConfig> => (config ??= fetch('/__test/config').then((r) => r.json() as Promise<TestConfig>));

/** A fresh key that keeps a test's token-endpoint counters apart. */
export const uniqueKey = (): string => Math.random().toString(36).slice(2);

/** What the test token endpoint saw for a key. */
export interface TokenLog {
  received: number;
  completed: number;
  aborted: number;
  bodies: string[];
}
/** Reads the test token endpoint's log for `key`. */
export const tokenLog = (key: string): Promise<TokenLog> => fetch(`/__test/token-log?key=${key}`).then((r) => r.json() as Promise<TokenLog>);

/** Calls the simulator's control API (`POST /__control/<path>`). */
export const control = (path: string, body?: unknown) =>
  executeServerCommand<{ status: number; body: unknown }, unknown>('simulator-control', { path, body });

/** Operations inside a widget's iframe, run by Playwright. */
export type FrameOp =
  | { op: 'post'; message: unknown }
  | { op: 'click' | 'tap' | 'wait' | 'text'; selector: string; timeout?: number }
  | { op: 'fill' | 'select'; selector: string; value: string | number; timeout?: number }
  | { op: 'eval'; expression: string }
  | { op: 'html' | 'reload' };

/** Runs `op` inside the iframe of `el`. */
export function inFrame<R = unknown>(el: CosmoWidgetElement, op: FrameOp): Promise<R> {
  return executeServerCommand<R, unknown>('widget-frame', { channel: channelOf(el), ...op });
}

/** The element's iframe, if rendered. */
export const iframeOf = (el: CosmoWidgetElement): HTMLIFrameElement | null => el.shadowRoot!.querySelector('iframe');

/** The channel id in the element's iframe URL. */
export function channelOf(el: CosmoWidgetElement): string {
  const src = iframeOf(el)?.src;
  if (!src) throw new Error('no iframe yet');
  return new URL(src).searchParams.get('channel')!;
}

/** Resolves with the next `name` event on `target`, or rejects after `ms`. */
export function nextEvent<K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, name: K, ms = 10_000): Promise<GlobalEventHandlersEventMap[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(name, listener);
      reject(new Error(`no ${name} within ${ms} ms`));
    }, ms);
    const listener = (event: Event) => {
      clearTimeout(timer);
      target.removeEventListener(name, listener);
      resolve(event as GlobalEventHandlersEventMap[K]);
    };
    target.addEventListener(name, listener);
  });
}

/** Records every `cosmo-*` event dispatched on `el`. */
export function recordEvents(el: EventTarget, names: readonly string[]): { type: string; detail: unknown }[] {
  const seen: { type: string; detail: unknown }[] = [];
  for (const name of names) el.addEventListener(name, (event) => seen.push({ type: event.type, detail: (event as CustomEvent).detail }));
  return seen;
}

/** Every event the elements document. */
export const ALL_EVENTS = [
  'cosmo-ready',
  'cosmo-resize',
  'cosmo-close',
  'cosmo-error',
  'cosmo-token-refresh',
  'cosmo-transaction-complete',
  'cosmo-transaction-fail',
  'cosmo-program-connect',
  'cosmo-program-disconnect',
  'cosmo-program-update',
] as const;

/** Polls `check` until it returns a truthy value or `ms` pass. */
export async function until<T>(check: () => T | Promise<T>, ms = 5000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits `ms` milliseconds: the time a dropped message would have needed to become an event. */
export const settle = (ms = 300): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates a widget element with attributes and properties, appends it to the body, and returns it. */
export function mount<T extends CosmoWidgetElement>(
  tag: 'cosmo-purchase-widget' | 'cosmo-multibrand-widget',
  attributes: Record<string, string> = {},
  properties: Partial<CosmoWidgetElement> = {},
): T {
  const el = document.createElement(tag) as unknown as T;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  Object.assign(el, properties);
  document.body.append(el);
  return el;
}

/** Mounts a widget against the simulator with the test token endpoint, and waits for `cosmo-ready`. */
export async function mountReady<T extends CosmoWidgetElement>(
  tag: 'cosmo-purchase-widget' | 'cosmo-multibrand-widget',
  attributes: Record<string, string> = {},
  properties: Partial<CosmoWidgetElement> = {},
): Promise<T> {
  const { widgetUrls } = await testConfig();
  const widget = tag === 'cosmo-purchase-widget' ? 'purchase' : 'multibrand';
  const el = mount<T>(tag, { 'token-url': `/api/cosmo/token?key=${uniqueKey()}`, 'widget-url': widgetUrls[widget], ...attributes }, properties);
  await nextEvent(el, 'cosmo-ready');
  return el;
}
