/** Helpers of the element tests: mounting, waiting for events; the environment helpers are re-exported. */
import type { CosmoWidgetElement } from '../../src/index.js';
import { testConfig, uniqueKey } from '../../../../test/browser-support/environment.js';

export * from '../../../../test/browser-support/environment.js';

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

/** Every event the elements document (one list, kept by the WebView bridge). */
export { WIDGET_EVENT_NAMES as ALL_EVENTS } from '../../src/webview.js';

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

/** Mounts a purchase widget whose token never comes (it stays `loading`), rendered; `attributes` are added. */
export async function mountLoading<T extends CosmoWidgetElement>(attributes: Record<string, string> = {}): Promise<T> {
  const { widgetUrls } = await testConfig();
  const el = mount<T>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase, ...attributes }, { fetchToken: () => new Promise<string>(() => {}) });
  await el.updateComplete;
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
