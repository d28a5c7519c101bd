/**
 * Helpers of the React browser tests: the shared browser-test support (test/browser-support: the environment, the
 * token log, the frame commands) with waits that default to 10 s (React flows take longer: StrictMode, re-renders),
 * and the React root of each test, unmounted and removed after it.
 */
import type { ReactNode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import type { CosmoWidgetElement } from '@cosmopoints/widgets';
import { inFrame as widgetFrame, until as waitUntil } from '../../../../test/browser-support/environment.js';

export { control, fetchTestToken, settle, testConfig, tokenLog, uniqueKey } from '../../../../test/browser-support/environment.js';
export type { TestConfig, TokenLog } from '../../../../test/browser-support/environment.js';

/** Acts inside the iframe of `el` through Playwright: click, fill or wait for `selector`. */
export function inFrame(el: CosmoWidgetElement, op: 'click' | 'wait', selector: string): Promise<unknown>;
export function inFrame(el: CosmoWidgetElement, op: 'fill', selector: string, value: string | number): Promise<unknown>;
export function inFrame(el: CosmoWidgetElement, op: 'click' | 'fill' | 'wait', selector: string, value?: string | number): Promise<unknown> {
  const timeout = 10_000;
  return widgetFrame(el, op === 'fill' ? { op, selector, value: value ?? '', timeout } : { op, selector, timeout });
}

/** `[data-testid="id"]`. */
export const testId = (id: string): string => `[data-testid="${id}"]`;

/** Polls `check` until it returns a truthy value or `ms` (default 10 s) pass. */
export const until = <T>(check: () => T | Promise<T>, ms = 10_000, what = 'condition'): Promise<NonNullable<T>> => waitUntil(check, ms, what);

/** The current test's React root and its container. */
let mounted: { root?: Root; container: HTMLElement } | undefined;

/** A fresh container in the page, holding `html` (markup as a server wrote it); removed after the test. */
export function pageContainer(html = ''): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);
  mounted = { container };
  return container;
}

/** A React root on a fresh container; unmounted after the test. */
export function mountRoot(): { root: Root; container: HTMLElement } {
  const container = pageContainer();
  const root = createRoot(container);
  mounted = { root, container };
  return { root, container };
}

/** Hydrates the server's markup in `container` (from {@link pageContainer}) with `children`; unmounted after the test. */
export function hydrate(container: HTMLElement, children: ReactNode): Root {
  const root = hydrateRoot(container, children);
  mounted = { root, container };
  return root;
}

afterEach(() => {
  mounted?.root?.unmount();
  mounted?.container.remove();
  mounted = undefined;
});
