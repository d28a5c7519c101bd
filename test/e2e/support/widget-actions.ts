/**
 * What a user does inside the simulator's widget apps (cross-origin frames), through their documented
 * `data-testid`s (see packages/simulator/apps/*). Each helper waits until the app is idle before acting.
 */
import type { FrameHost, PageDriver } from './driver.js';
import { attribute, count, STEP_TIMEOUT_MS, testId, text, waitFor, waitForSelector, waitForStillBox, widgetFrame } from './demo-page.js';

/** Clicks a test id inside the widget frame once the frame has stopped moving in the page (see waitForStillBox). */
async function click(page: PageDriver, frame: FrameHost, id: string): Promise<void> {
  await waitForSelector(page, testId(id), { frame });
  await waitForStillBox(page, frame, 150, true);
  await page.click(testId(id), frame);
}

/** Waits until the app root reports `state` (`select`, `ready`, `success`…). */
async function appState(page: PageDriver, frame: FrameHost, state: string): Promise<void> {
  await waitForSelector(page, `#app[data-state="${state}"]`, { frame });
}

/** Buys `points` with `programId` in the purchase widget (inline, or the dialog's); resolves with the transaction id the app shows. */
export async function buyPoints(page: PageDriver, input: { programId: string; points: number }, name: 'purchase' | 'dialog' = 'purchase'): Promise<string> {
  const frame = await widgetFrame(page, name);
  await appState(page, frame, 'select');
  await click(page, frame, `program-${input.programId}`);
  await waitForSelector(page, testId('points-input'), { frame });
  await page.fill(testId('points-input'), String(input.points), frame);
  await click(page, frame, 'confirm');
  await waitForSelector(page, testId('success'), { frame });
  return ((await text(page, testId('transaction-id'), 0, frame)) ?? '').trim();
}

/** Presses "Done" on the purchase widget's success screen: the app posts `close` (reason `done`) to its element. */
export async function finishPurchase(page: PageDriver, name: 'purchase' | 'dialog' = 'purchase'): Promise<void> {
  await click(page, await widgetFrame(page, name), 'done');
}

/** Returns the purchase widget to its program list after a success screen ("Buy more"). */
export async function buyAgain(page: PageDriver): Promise<void> {
  const frame = await widgetFrame(page, 'purchase');
  await click(page, frame, 'again');
  await appState(page, frame, 'select');
}

/** Multibrand: connects `programId`. */
export async function connectProgram(page: PageDriver, programId: string): Promise<void> {
  const frame = await widgetFrame(page, 'multibrand');
  await appState(page, frame, 'ready');
  await click(page, frame, `connect-${programId}`);
  await settled(page, frame);
}

/** Multibrand: sets a connected program's share of earning, in percent. */
export async function setShare(page: PageDriver, programId: string, share: number): Promise<void> {
  const frame = await widgetFrame(page, 'multibrand');
  await appState(page, frame, 'ready');
  await waitForSelector(page, testId(`share-${programId}`), { frame });
  await page.fill(testId(`share-${programId}`), String(share), frame);
  await click(page, frame, `save-${programId}`);
  await settled(page, frame);
}

/** Waits for the multibrand app's outcome notice after an action; throws the app's error when it failed. */
async function settled(page: PageDriver, frame: FrameHost): Promise<void> {
  await waitFor('the multibrand outcome', async () => (await count(page, `#app[data-state="ready"] ${testId('status')}:not(:empty), #app ${testId('action-error')}`, frame)) > 0, STEP_TIMEOUT_MS);
  if ((await count(page, testId('action-error'), frame)) > 0) {
    throw new Error(`multibrand action failed: ${await attribute(page, testId('action-error'), 'data-code', frame)}: ${await text(page, testId('action-error'), 0, frame)}`);
  }
}

/** Multibrand: disconnects `programId`. */
export async function disconnectProgram(page: PageDriver, programId: string): Promise<void> {
  const frame = await widgetFrame(page, 'multibrand');
  await appState(page, frame, 'ready');
  await click(page, frame, `disconnect-${programId}`);
  await settled(page, frame);
}
