/** Helpers of the React browser tests: environment URLs, the token log, acting inside the widget's cross-origin frame. */
import { executeServerCommand } from '@web/test-runner-commands';
import type { CosmoWidgetElement } from '@cosmopoints/widgets';

/** URLs of the test environment (see web-test-runner.config.mjs). */
export interface TestConfig {
  simulatorUrl: string;
  widgetUrls: { purchase: string; multibrand: string };
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
}
/** Reads the test token endpoint's log for `key`. */
export const tokenLog = (key: string): Promise<TokenLog> => fetch(`/__test/token-log?key=${key}`).then((r) => r.json() as Promise<TokenLog>);

/** Calls the simulator's control API (`POST /__control/<path>`). */
export const control = (path: string, body?: unknown) => executeServerCommand<{ status: number; body: unknown }, unknown>('simulator-control', { path, body });

/** The channel id in the element's iframe URL. */
function channelOf(el: CosmoWidgetElement): string {
  const src = el.shadowRoot?.querySelector('iframe')?.src;
  if (!src) throw new Error('no iframe yet');
  return new URL(src).searchParams.get('channel')!;
}

/** Acts inside the iframe of `el` through Playwright: click, fill or wait for `selector`. */
export function inFrame(el: CosmoWidgetElement, op: 'click' | 'wait', selector: string): Promise<unknown>;
export function inFrame(el: CosmoWidgetElement, op: 'fill', selector: string, value: string | number): Promise<unknown>;
export function inFrame(el: CosmoWidgetElement, op: 'click' | 'fill' | 'wait', selector: string, value?: string | number): Promise<unknown> {
  return executeServerCommand('widget-frame', { channel: channelOf(el), op, selector, value });
}

/** `[data-testid="id"]`. */
export const testId = (id: string): string => `[data-testid="${id}"]`;

/** Polls `check` until it returns a truthy value or `ms` pass. */
export async function until<T>(check: () => T | Promise<T>, ms = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits `ms` milliseconds: the time a duplicate event would have needed to show up. */
export const settle = (ms = 300): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
