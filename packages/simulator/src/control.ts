/**
 * The control API: test hooks over the simulator's state. The same operations are served over HTTP
 * under `/__control/...` (see `routes/control.ts`).
 */
import type { Environment, ProgramConnection } from '@cosmopoints/protocol';
import { SimulatorError, SimulatorErrorCode } from './errors.js';
import type { FailRule } from './faults.js';
import type { SimulatorContext } from './context.js';
import { connectionRef } from './events.js';
import type { RequestLogEntry } from './request-log.js';
import type { SignIn } from './sign-ins.js';
import type { Transaction } from './store.js';
import type { DeliveryLogEntry, WebhookEventRecord } from './webhooks.js';
import { mergeWireVersions } from './wire.js';
import type { WireVersions } from './wire.js';

/** Which tokens `expireTokens` expires. */
export type TokenKind = 'widget' | 'access' | 'all';

/** Options of {@link SimulatorControl.webhooks}. */
export interface WebhookControlOptions {
  /** Drop the next n deliveries (no request is made; logged as `dropped`). */
  drop?: number;
  /** Deliver each of the next n events twice, with the same `webhook-id`. */
  duplicate?: number;
  /** Change the endpoint (`null` stops delivering). */
  url?: string | null;
  /** Change the signing secret (`whsec_…`). */
  secret?: string;
}

/** Test hooks over a running simulator. */
export interface SimulatorControl {
  /** Forgets tokens, transactions, connections, sign-ins, idempotency keys, fault rules, the request log, webhook events and deliveries (pending ones are cancelled), and restores the wire versions given at start. Configuration (webhook URL and secret) is kept. */
  reset(): Promise<void>;
  /** Switches the documented version of response shapes the API writes (see {@link WireVersions}); returns the resulting settings. */
  wire(versions: Partial<WireVersions>): WireVersions;
  /** Expires every token of that kind issued so far (`widget` by default). Returns how many were still live. */
  expireTokens(kind?: TokenKind): { expired: number };
  /** Makes the next `count` requests on a route fail or wait. See {@link FailRule}. */
  fail(rule: FailRule): void;
  /** The fault rules still pending. */
  failures(): (FailRule & { remaining: number })[];
  /** Ends the `delayMs` of every request a rule holds now: they go on at once (a test's "release the held answer"). */
  release(): void;
  /** Arms the drop / duplicate hooks or changes the endpoint; returns the resulting settings. */
  webhooks(options: WebhookControlOptions): Promise<{ url: string | null; drop: number; duplicate: number }>;
  /** The API request log, oldest first (optionally one route's). */
  requests(filter?: { route?: string }): RequestLogEntry[];
  /** The webhook delivery log, oldest first: one entry per attempt. */
  deliveries(): DeliveryLogEntry[];
  /** Every webhook event generated, with its `webhook-id`. */
  events(): WebhookEventRecord[];
  /** The transaction ledger, oldest first. */
  transactions(): Transaction[];
  /** A user's multibrand connections. */
  connections(userId: string, environment?: Environment): ProgramConnection[];
  /** Resolves when no webhook delivery is pending (all delivered, failed, dropped or cancelled). */
  waitForDeliveries(options?: { signal?: AbortSignal }): Promise<void>;
  /** Every program sign-in, oldest first, with its page URL and status. */
  signIns(): SignIn[];
  /**
   * Completes a pending sign-in as if the user had signed in on its page, so a test (a browser test, a WebView's
   * native side) can finish the step without driving a second tab. Completing it again changes nothing.
   * @throws {SimulatorError} `sign-in-not-found`, `sign-in-closed` (cancelled or expired)
   */
  completeSignIn(signInId: string): SignIn;
  /** Expires every pending sign-in now. Returns how many were pending. */
  expireSignIns(): { expired: number };
}

/** Builds the control object over a simulator's parts. */
export function createControl(ctx: SimulatorContext): SimulatorControl {
  return {
    async reset() {
      ctx.wire.current = ctx.wire.initial;
      ctx.store.reset();
      ctx.signIns.clear();
      ctx.faults.clear();
      ctx.log.clear();
      await ctx.webhooks.reset();
    },
    expireTokens(kind = 'widget') {
      if (kind !== 'widget' && kind !== 'access' && kind !== 'all') throw new SimulatorError(SimulatorErrorCode.InvalidOption, 'expire-tokens: kind must be widget, access or all');
      return { expired: ctx.store.expireTokens(kind) };
    },
    wire(versions) {
      ctx.wire.current = mergeWireVersions(ctx.wire.current, versions);
      return { ...ctx.wire.current };
    },
    fail(rule) {
      ctx.faults.add(rule);
    },
    failures() {
      return ctx.faults.pending();
    },
    release() {
      ctx.faults.release();
    },
    async webhooks(options) {
      if (typeof options !== 'object' || options === null) throw new SimulatorError(SimulatorErrorCode.InvalidOption, 'webhooks: expected an object {drop?, duplicate?, url?, secret?}');
      await ctx.webhooks.configure(options);
      return { url: ctx.webhooks.url ?? null, ...ctx.webhooks.hooks() };
    },
    requests(filter) {
      return ctx.log.list(filter);
    },
    deliveries() {
      return ctx.webhooks.deliveries();
    },
    events() {
      return ctx.webhooks.events();
    },
    transactions() {
      return ctx.store.transactions();
    },
    connections(userId, environment = 'sandbox') {
      if (typeof userId !== 'string' || userId === '') throw new SimulatorError(SimulatorErrorCode.InvalidOption, 'connections: userId is required');
      if (environment !== 'sandbox' && environment !== 'production') throw new SimulatorError(SimulatorErrorCode.InvalidOption, 'connections: environment must be sandbox or production');
      return ctx.store.connections(environment, userId).map(connectionRef);
    },
    waitForDeliveries({ signal } = {}) {
      return ctx.webhooks.idle(signal);
    },
    signIns() {
      return ctx.signIns.list();
    },
    completeSignIn(signInId) {
      if (typeof signInId !== 'string' || signInId === '') throw new SimulatorError(SimulatorErrorCode.InvalidOption, 'completeSignIn: signInId is required');
      return ctx.signIns.complete(signInId);
    },
    expireSignIns() {
      return { expired: ctx.signIns.expireAll() };
    },
  };
}
