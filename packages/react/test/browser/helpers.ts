/**
 * Helpers of the React browser tests. The environment, token log and frame commands are the widgets
 * package's (same wtr support module); React flows take longer (StrictMode, re-renders), so the waits
 * here default to 10 s.
 */
import type { CosmoWidgetElement } from '@cosmopoints/widgets';
import { inFrame as widgetFrame, until as waitUntil } from '../../../../test/browser-support/environment.js';

export { control, settle, testConfig, tokenLog, uniqueKey } from '../../../../test/browser-support/environment.js';
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
