/**
 * The browser side of the shared test support (wtr.mjs is the server side), used by the widgets' and the React
 * package's browser tests: the test environment's URLs and engine, the token endpoint's log, the simulator's control
 * API, and acting inside a widget's cross-origin frame in every engine.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { sleep } from './sleep.mjs';

/** The one `sleep` of the test support (sleep.mjs): resolves after `ms`, or early when `signal` aborts. */
export { sleep };

/** The engine of this run (launchers.mjs). */
export type Engine = 'chromium' | 'firefox' | 'webkit';

/** URLs of the test environment (see wtr.mjs and each package's web-test-runner.config.mjs). */
export interface TestConfig {
  /** The engine running the tests. */
  engine: Engine;
  /** The phone of the WebView tests: its size, whether touch is emulated, whether the viewport is exactly that size. */
  phone: { width: number; height: number; touch: boolean; exactViewport: boolean };
  simulatorUrl: string;
  widgetUrls: { purchase: string; multibrand: string };
  /** A third origin whose page posts the JSON array in its URL hash to its parent (widgets package only). */
  otherOrigin: string;
  /** A URL on a port nobody listens on (widgets package only). */
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
  /** The `Cookie` header of each request. */
  credentials: string[];
  /** When each request arrived (server clock, ms). */
  at: number[];
}
/**
 * A hand-written token source, as a partner's own `fetchToken` would be: posts the widget kind as JSON to the test
 * token endpoint (`/api/cosmo/token?key=…`, whose log {@link tokenLog} reads) and answers its JSON.
 */
export async function fetchTestToken(key: string, { widget, signal }: { widget: string; signal?: AbortSignal }): Promise<{ token: string; expiresAt?: string }> {
  const response = await fetch(`/api/cosmo/token?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ widget }), signal });
  return (await response.json()) as { token: string; expiresAt?: string };
}

/** Reads the test token endpoint's log for `key`. */
export const tokenLog = (key: string): Promise<TokenLog> => fetch(`/__test/token-log?key=${key}`).then((r) => r.json() as Promise<TokenLog>);

/** Calls the simulator's control API (`POST /__control/<path>`, or `GET` to read). */
export const control = (path: string, body?: unknown, method: 'POST' | 'GET' = 'POST') =>
  executeServerCommand<{ status: number; body: unknown }, unknown>('simulator-control', { path, body, method });

/** Operations inside a widget's iframe, run by the engine's automation library (frame-drivers.mjs). */
export type FrameOp =
  | { op: 'post'; message: unknown }
  | { op: 'click' | 'tap' | 'wait' | 'text'; selector: string; timeout?: number }
  | { op: 'fill' | 'select'; selector: string; value: string | number; timeout?: number }
  | { op: 'eval'; expression: string }
  | { op: 'html' | 'reload' };

/** Runs `op` inside the iframe of `el`. */
export function inFrame<R = unknown>(el: Element, op: FrameOp): Promise<R> {
  return executeServerCommand<R, unknown>('widget-frame', { channel: channelOf(el), ...op });
}

/** The element's iframe, if rendered. */
export const iframeOf = (el: Element): HTMLIFrameElement | null => el.shadowRoot!.querySelector('iframe');

/** The channel id in the element's iframe URL. */
export function channelOf(el: Element): string {
  const src = iframeOf(el)?.src;
  if (!src) throw new Error('no iframe yet');
  return new URL(src).searchParams.get('channel')!;
}

/** Polls `check` until it returns a truthy value or `ms` pass. */
export async function until<T>(check: () => T | Promise<T>, ms = 5000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Waits `ms` milliseconds: the time a dropped message would have needed to become an event. */
export const settle = (ms = 300): Promise<void> => sleep(ms);

/** Sets the page back to the phone's size (wtr resets every page to 800×600), in every engine. */
export const phoneViewport = (): Promise<unknown> => executeServerCommand('phone-viewport');

/**
 * Resizes the viewport, in every engine (page-commands.mjs); resolves with the size the page then has, once the page
 * has rendered a frame at that size. WebKitGTK's window stops at its narrowest (about 447 px), so a narrower request
 * gets that there.
 */
export async function resizeViewport(size: { width: number; height: number }): Promise<{ width: number; height: number }> {
  const actual = await executeServerCommand<{ width: number; height: number }, { width: number; height: number }>('viewport', size);
  // Measure only after the page has rendered at the new size (its media queries evaluated, resize observers run):
  // a WebDriver window resize returns when the window has its size, not when the page has rendered it.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return actual;
}

/** Closes the tabs a test opened (every page of the browser but the test's own); resolves with how many there were. */
export const closeOtherPages = (): Promise<number> => executeServerCommand<number, undefined>('close-other-pages');

/** Presses a key chord on the focused element with the engine's real keyboard input, e.g. `pressKeys('Shift', 'Tab')`. */
export const pressKeys = async (...keys: string[]): Promise<void> => void (await executeServerCommand('press-keys', { keys }));
