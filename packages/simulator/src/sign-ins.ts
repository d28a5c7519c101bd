/**
 * Program sign-ins: the step where a user signs in with a loyalty program on the program's own page, outside the
 * widget (a tab, or the native in-app browser the host opens), before the multibrand widget may connect it.
 *
 * The widget app creates a sign-in with its widget token, asks its host to open the sign-in page (`open-url`), and
 * polls with the same token until the page, or the control API, completes it. Nothing travels back through the host,
 * a cookie or storage: the sign-in's random id is the only link between the page and the app, and only its owner (the
 * token's organisation, environment and user) may read it. Nothing here knows HTTP: refusals are SimulatorErrors.
 */
import { randomBytes } from 'node:crypto';
import type { Environment } from '@cosmopoints/protocol';
import { SimulatorError, SimulatorErrorCode as C } from './errors.js';

/** How long a sign-in stays pending before it expires: 10 minutes. */
export const SIGN_IN_TTL_SECONDS = 600;

/** Where a sign-in stands. Only `pending` moves: to `completed`, `cancelled` or (by time or the control API) `expired`. */
export const SignInStatus = {
  Pending: 'pending',
  Completed: 'completed',
  Cancelled: 'cancelled',
  Expired: 'expired',
} as const;
/** Union of {@link SignInStatus} values. */
export type SignInStatus = (typeof SignInStatus)[keyof typeof SignInStatus];

/** Who a sign-in belongs to: the widget token's organisation (client id and environment) and user. */
export interface SignInOwner {
  readonly clientId: string;
  readonly environment: Environment;
  readonly userId: string;
}

/** A program sign-in, as the control API lists it. */
export interface SignIn extends SignInOwner {
  /** Random and unguessable: whoever holds the sign-in page's URL may complete it, as with a program's real sign-in link. */
  readonly signInId: string;
  /** The sign-in page, `{simulator}/sign-in/{signInId}`, on the origin the widget app reached the simulator at. */
  readonly url: string;
  readonly programId: string;
  readonly status: SignInStatus;
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601: a sign-in still pending then is `expired`. */
  readonly expiresAt: string;
}

interface SignInRecord extends SignInOwner {
  signInId: string;
  url: string;
  programId: string;
  status: SignInStatus;
  createdAt: number;
  expiresAt: number;
}

const sameOwner = (a: SignInOwner, b: SignInOwner) => a.clientId === b.clientId && a.environment === b.environment && a.userId === b.userId;

/** Every sign-in of one simulator, in memory. */
export class SignInStore {
  #records = new Map<string, SignInRecord>();

  /** Starts a pending sign-in with `programId` for `owner`; `pageUrl` makes the sign-in page's URL from its id. */
  create(owner: SignInOwner, programId: string, pageUrl: (signInId: string) => string): SignIn {
    const signInId = `si_${randomBytes(18).toString('base64url')}`;
    const now = Date.now();
    const record: SignInRecord = {
      clientId: owner.clientId,
      environment: owner.environment,
      userId: owner.userId,
      signInId,
      url: pageUrl(signInId),
      programId,
      status: SignInStatus.Pending,
      createdAt: now,
      expiresAt: now + SIGN_IN_TTL_SECONDS * 1000,
    };
    this.#records.set(signInId, record);
    return view(record);
  }

  /**
   * A sign-in by id; with `owner`, only that owner's (another user's reads as unknown, so ids cannot be probed).
   * @throws {SimulatorError} `sign-in-not-found`
   */
  get(signInId: string, owner?: SignInOwner): SignIn {
    return view(this.#find(signInId, owner));
  }

  /**
   * Completes a pending sign-in (the user signed in on the program's page); completing it again changes nothing.
   * @throws {SimulatorError} `sign-in-not-found`, `sign-in-closed` (cancelled or expired; `status` in its details)
   */
  complete(signInId: string): SignIn {
    const record = this.#find(signInId);
    if (record.status === SignInStatus.Pending) record.status = SignInStatus.Completed;
    if (record.status !== SignInStatus.Completed) {
      throw new SimulatorError(C.SignInClosed, `sign-in ${signInId} is ${record.status}: start a new one`, { details: { status: record.status } });
    }
    return view(record);
  }

  /**
   * Cancels a pending sign-in (the user gave up, in the widget or on the page). A sign-in no longer pending is left as
   * it is, and returned: whoever cancels learns where it stands.
   * @throws {SimulatorError} `sign-in-not-found`
   */
  cancel(signInId: string, owner?: SignInOwner): SignIn {
    const record = this.#find(signInId, owner);
    if (record.status === SignInStatus.Pending) record.status = SignInStatus.Cancelled;
    return view(record);
  }

  /**
   * Checks that `signInId` names a completed sign-in of `owner` with `programId`, before a connection that needs it.
   * @throws {SimulatorError} `sign-in-required`
   */
  requireCompleted(signInId: string | undefined, owner: SignInOwner, programId: string): void {
    const record = signInId === undefined ? undefined : this.#records.get(signInId);
    if (record) expire(record);
    if (!record || !sameOwner(record, owner) || record.programId !== programId || record.status !== SignInStatus.Completed) {
      const why = !record || !sameOwner(record, owner) ? 'no completed sign-in was given' : record.programId !== programId ? `sign-in ${signInId} is for another program` : `sign-in ${signInId} is ${record.status}`;
      throw new SimulatorError(C.SignInRequired, `this program requires the user to sign in with it first: ${why}`);
    }
  }

  /** Expires every pending sign-in now; returns how many were still pending. */
  expireAll(): number {
    let count = 0;
    const now = Date.now();
    for (const record of this.#records.values()) {
      expire(record); // one already past its time is not counted as expired by this call
      if (record.status !== SignInStatus.Pending) continue;
      record.expiresAt = Math.min(record.expiresAt, now);
      record.status = SignInStatus.Expired;
      count += 1;
    }
    return count;
  }

  /** Every sign-in, oldest first. */
  list(): SignIn[] {
    return [...this.#records.values()].map((record) => view(record));
  }

  /** Forgets every sign-in. */
  clear(): void {
    this.#records.clear();
  }

  #find(signInId: string, owner?: SignInOwner): SignInRecord {
    const record = this.#records.get(signInId);
    if (!record || (owner && !sameOwner(record, owner))) throw new SimulatorError(C.SignInNotFound, `no sign-in ${signInId.slice(0, 64)}`);
    expire(record);
    return record;
  }
}

/** A pending sign-in past its time becomes `expired` when next read: no timer to clear on close or reset. */
function expire(record: SignInRecord): void {
  if (record.status === SignInStatus.Pending && Date.now() >= record.expiresAt) record.status = SignInStatus.Expired;
}

/** A snapshot of a record, its expiry applied first. */
function view(record: SignInRecord): SignIn {
  expire(record);
  const { createdAt, expiresAt, ...rest } = record;
  return { ...rest, createdAt: new Date(createdAt).toISOString(), expiresAt: new Date(expiresAt).toISOString() };
}
