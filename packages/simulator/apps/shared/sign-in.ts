/**
 * A program sign-in outside the widget, on the widget token alone. The app asks its widget API for a sign-in, asks
 * its host page to open the sign-in's page (`open-url`, purpose `sign-in`: a new tab, or the native in-app browser
 * inside a mobile WebView), and polls the widget API until the page completes it, the user cancels, or it expires.
 *
 * Nothing comes back through the host, a cookie, storage or `window.opener`: the opened page shares none of them with
 * this frame (a browser blocking third-party storage, an in-app browser, a tab opened with `noopener`), so the widget
 * API, which the page completes on the server, is the one place both sides can meet.
 */
import type { HostConnection } from '@cosmopoints/protocol/iframe';
import { SimulatorErrorCode } from '../../src/errors.js';
import { sleep } from '../../src/internal/sleep.js';
import { WidgetApiError } from './api.js';
import type { WidgetApi } from './api.js';

/** How often the app asks whether the sign-in is done. */
export const SIGN_IN_POLL_INTERVAL_MS = 500;
/** How long the app gives its best-effort "cancel" call, made after the user gave up. */
const CANCEL_TIMEOUT_MS = 5_000;

/** A sign-in as the widget API answers it. */
export interface SignInSession {
  signInId: string;
  /** The sign-in page, on the simulator's origin. */
  url: string;
  program: { id: string; name: string };
  status: 'pending' | 'completed' | 'cancelled' | 'expired';
  expiresAt: string;
}

/** How a sign-in ended: completed (connect with its id), or cancelled by the user, here or on the page. */
export type SignInOutcome = { status: 'completed'; signInId: string } | { status: 'cancelled' };

/** Options of {@link signInWithProgram}. */
export interface SignInOptions {
  /** Aborting it (the user's "Cancel", the page going away) stops polling and cancels the sign-in: the outcome is `cancelled`. */
  signal: AbortSignal;
  /** Called once the host was asked to open the page: the app shows its waiting state. */
  onWaiting(session: SignInSession): void;
}

/**
 * Signs the user in with a program, as described in the module comment.
 * @throws {WidgetApiError} the widget API's error, `sign-in-expired` when the sign-in expired before it was
 * completed, or `open-url-refused` when the protocol would not let the app ask for the page (not https, and not on a
 * loopback host)
 */
export async function signInWithProgram(api: WidgetApi, host: HostConnection, programId: string, { signal, onWaiting }: SignInOptions): Promise<SignInOutcome> {
  let session: SignInSession;
  try {
    session = await api.call<SignInSession>('POST', '/sign-ins', { body: { programId }, signal });
  } catch (error) {
    if (signal.aborted) return { status: 'cancelled' };
    throw error;
  }
  const path = `/sign-ins/${encodeURIComponent(session.signInId)}`;
  const cancel = () => void api.call('POST', `${path}/cancel`, { signal: AbortSignal.timeout(CANCEL_TIMEOUT_MS) }).catch(() => undefined);
  try {
    host.openUrl(session.url, { purpose: 'sign-in' });
  } catch (error) {
    cancel();
    throw new WidgetApiError(0, SimulatorErrorCode.OpenUrlRefused, `The sign-in page could not be opened (${error instanceof Error ? error.message : 'refused'}).`, false);
  }
  onWaiting(session);
  try {
    for (;;) {
      await sleep(SIGN_IN_POLL_INTERVAL_MS, signal);
      const { status } = await api.call<SignInSession>('GET', path, { signal });
      if (status === 'completed') return { status, signInId: session.signInId };
      if (status === 'cancelled') return { status };
      if (status === 'expired') throw new WidgetApiError(0, SimulatorErrorCode.SignInExpired, `The sign-in with ${session.program.name} expired. Try again.`, true);
    }
  } catch (error) {
    // An abort ends the wait (as a failed fetch when it lands mid-call): the user gave up, so the page should say so.
    if (!signal.aborted) throw error;
    cancel();
    return { status: 'cancelled' };
  }
}
