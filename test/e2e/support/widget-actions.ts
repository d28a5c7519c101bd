/**
 * What a user does inside the simulator's widget apps (cross-origin frames), through their documented
 * `data-testid`s (see packages/simulator/apps/*). Each helper waits until the app is idle before acting.
 */
import type { Frame, Page } from 'playwright-core';
import { STEP_TIMEOUT_MS, waitForStillBox, widgetFrame } from './demo-page.js';

const byTestId = (frame: Frame, id: string) => frame.locator(`[data-testid="${id}"]`);

/** Clicks a test id inside the widget frame once the frame has stopped moving in the page (see waitForStillBox). */
async function click(frame: Frame, id: string): Promise<void> {
  const target = byTestId(frame, id);
  await target.waitFor({ timeout: STEP_TIMEOUT_MS });
  await waitForStillBox(await frame.frameElement(), 150);
  await target.click();
}

/** Waits until the app root reports `state` (`select`, `ready`, `success`…). */
async function appState(frame: Frame, state: string): Promise<void> {
  await frame.locator(`#app[data-state="${state}"]`).waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
}

/** Buys `points` with `programId` in the purchase widget (inline, or the dialog's); resolves with the transaction id the app shows. */
export async function buyPoints(page: Page, input: { programId: string; points: number }, name: 'purchase' | 'dialog' = 'purchase'): Promise<string> {
  const frame = await widgetFrame(page, name);
  await appState(frame, 'select');
  await click(frame, `program-${input.programId}`);
  await byTestId(frame, 'points-input').fill(String(input.points));
  await click(frame, 'confirm');
  await byTestId(frame, 'success').waitFor({ timeout: STEP_TIMEOUT_MS });
  return (await byTestId(frame, 'transaction-id').innerText()).trim();
}

/** Returns the purchase widget to its program list after a success screen ("Buy more"). */
export async function buyAgain(page: Page): Promise<void> {
  const frame = await widgetFrame(page, 'purchase');
  await click(frame, 'again');
  await appState(frame, 'select');
}

/** Multibrand: connects `programId`. */
export async function connectProgram(page: Page, programId: string): Promise<void> {
  const frame = await widgetFrame(page, 'multibrand');
  await appState(frame, 'ready');
  await click(frame, `connect-${programId}`);
  await settled(frame);
}

/** Multibrand: sets a connected program's share of earning, in percent. */
export async function setShare(page: Page, programId: string, share: number): Promise<void> {
  const frame = await widgetFrame(page, 'multibrand');
  await appState(frame, 'ready');
  await byTestId(frame, `share-${programId}`).fill(String(share));
  await click(frame, `save-${programId}`);
  await settled(frame);
}

/** Waits for the multibrand app's outcome notice after an action; throws the app's error when it failed. */
async function settled(frame: Frame): Promise<void> {
  const outcome = frame.locator('#app[data-state="ready"] [data-testid="status"]:not(:empty), #app [data-testid="action-error"]');
  await outcome.first().waitFor({ timeout: STEP_TIMEOUT_MS });
  const error = byTestId(frame, 'action-error');
  if ((await error.count()) > 0) throw new Error(`multibrand action failed: ${await error.getAttribute('data-code')}: ${await error.innerText()}`);
}

/** Multibrand: disconnects `programId`. */
export async function disconnectProgram(page: Page, programId: string): Promise<void> {
  const frame = await widgetFrame(page, 'multibrand');
  await appState(frame, 'ready');
  await click(frame, `disconnect-${programId}`);
  await settled(frame);
}
