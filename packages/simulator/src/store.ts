/**
 * The simulator's in-memory state: clients, access and widget tokens, the transaction ledger,
 * idempotency records and each user's multibrand connections. Nothing is persisted.
 *
 * A refused operation throws a {@link SimulatorError} with its domain code; the HTTP layer (`http.ts`) picks the
 * status, so nothing here knows HTTP.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Environment, WidgetKind } from '@cosmopoints/protocol';
import { SimulatorError, SimulatorErrorCode as C } from './errors.js';
import { apportion } from './internal/split.js';
import { INITIAL_CONNECTION_PROGRAM_ID, MAX_POINTS_PER_TRANSACTION as MAX_POINTS, PRICE_CURRENCY, findProgram, pointsFor, priceOf } from './programs.js';
import type { SimulatedProgram } from './programs.js';

/** A partner's API credentials for one environment. The client id is the same in both; the secret differs. */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  /** Which environment these credentials belong to; `sandbox` when omitted. */
  environment?: Environment;
}

/** An access token issued by `POST /auth/token`. */
export interface AccessTokenRecord {
  readonly token: string;
  readonly clientId: string;
  readonly environment: Environment;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** A widget token issued by `POST /auth/widget/{kind}`. */
export interface WidgetTokenRecord {
  readonly token: string;
  readonly widget: WidgetKind;
  readonly userId: string;
  readonly clientId: string;
  readonly environment: Environment;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** A confirmed transaction on the simulated ledger. */
export interface Transaction {
  id: string;
  /** The partner's reference (`POST /transactions`), or a generated `widget_…` one for a purchase in the widget. */
  referenceNumber: string;
  userId: string;
  programId: string;
  /** Points created (`totalPoints`). */
  points: number;
  /** The fiat value paid (`value` of the API, or the widget's price), in {@link PRICE_CURRENCY}. */
  amount: { value: number; currency: string };
  description?: string;
  bonus: boolean;
  status: 'confirmed';
  /** ISO 8601 with milliseconds; also the issue answer's `date`. */
  createdAt: string;
  /** The organisation: client id and environment. */
  clientId: string;
  environment: Environment;
  /** `api` for `POST /transactions`, `widget` for a purchase in the purchase widget. */
  source: 'api' | 'widget';
}

/** One multibrand connection: a program and its share of the user's earning, in percent. */
export interface Connection {
  programId: string;
  share: number;
}

/** The result of a connection change. */
export interface ConnectionChange {
  connection: Connection;
  previous?: Connection;
  connections: Connection[];
}

const randomId = (prefix: string, bytes = 18) => `${prefix}_${randomBytes(bytes).toString('base64url')}`;

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The whole mutable state of one simulator. */
export class SimulatorStore {
  readonly #clients: readonly Required<ClientCredentials>[];
  #accessTokens = new Map<string, AccessTokenRecord>();
  #widgetTokens = new Map<string, WidgetTokenRecord>();
  #transactions: Transaction[] = [];
  #idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  #users = new Map<string, Connection[]>();

  constructor(clients: readonly ClientCredentials[]) {
    this.#clients = clients.map((client) => ({ ...client, environment: client.environment ?? 'sandbox' }));
  }

  /** Forgets every token, transaction, idempotency record and connection. */
  reset(): void {
    this.#accessTokens.clear();
    this.#widgetTokens.clear();
    this.#transactions = [];
    this.#idempotency.clear();
    this.#users.clear();
  }

  /**
   * Finds the client these credentials belong to. With `environment` pinned (an `/sandbox` or
   * `/production` path prefix), only that environment's credentials are accepted.
   * @throws {SimulatorError} `invalid-client`
   */
  authenticateClient(clientId: string, clientSecret: string, environment?: Environment): Required<ClientCredentials> {
    const candidates = this.#clients.filter((client) => client.clientId === clientId);
    // Compare against every candidate so the time taken does not reveal which secret matched.
    const matches = candidates.filter((client) => sameSecret(client.clientSecret, clientSecret));
    const match = matches.find((client) => !environment || client.environment === environment);
    if (!match) {
      const other = matches[0];
      throw new SimulatorError(C.InvalidClient, other && environment ? `these credentials are for ${other.environment}, not ${environment}` : 'unknown client id or wrong client secret');
    }
    return match;
  }

  /** Issues an access token for a client. */
  issueAccessToken(client: Required<ClientCredentials>, ttlSeconds: number): AccessTokenRecord {
    const record: AccessTokenRecord = { token: randomId('at', 24), clientId: client.clientId, environment: client.environment, expiresAt: Date.now() + ttlSeconds * 1000 };
    this.#accessTokens.set(record.token, record);
    return record;
  }

  /**
   * Checks a bearer access token.
   * @throws {SimulatorError} `unauthorized`, `invalid-token` or `token-expired`
   */
  checkAccessToken(token: string | undefined, environment?: Environment): AccessTokenRecord {
    if (!token) throw new SimulatorError(C.Unauthorized, 'missing Authorization: Bearer <access token>');
    const record = this.#accessTokens.get(token);
    if (!record || (environment && record.environment !== environment)) throw new SimulatorError(C.InvalidToken, 'unknown access token');
    if (Date.now() >= record.expiresAt) throw new SimulatorError(C.TokenExpired, 'access token expired');
    return record;
  }

  /**
   * The client a valid access token was issued to.
   * @throws {SimulatorError} as {@link checkAccessToken}
   */
  clientOfAccessToken(token: string | undefined, environment?: Environment): Required<ClientCredentials> {
    const record = this.checkAccessToken(token, environment);
    const client = this.#clients.find((candidate) => candidate.clientId === record.clientId && candidate.environment === record.environment);
    if (!client) throw new SimulatorError(C.InvalidToken, 'unknown access token');
    return client;
  }

  /** Issues a widget token for one user and one widget kind. */
  issueWidgetToken(client: Required<ClientCredentials>, widget: WidgetKind, userId: string, ttlSeconds: number): WidgetTokenRecord {
    const record: WidgetTokenRecord = {
      token: randomId(widget === 'purchase' ? 'wtp' : 'wtm', 24),
      widget,
      userId,
      clientId: client.clientId,
      environment: client.environment,
      expiresAt: Date.now() + ttlSeconds * 1000,
    };
    this.#widgetTokens.set(record.token, record);
    return record;
  }

  /**
   * Checks a bearer widget token, and its kind when `widget` is given.
   * @throws {SimulatorError} `unauthorized`, `invalid-token`, `token-expired`, `wrong-widget`
   */
  checkWidgetToken(token: string | undefined, widget?: WidgetKind): WidgetTokenRecord {
    if (!token) throw new SimulatorError(C.Unauthorized, 'missing Authorization: Bearer <widget token>');
    const record = this.#widgetTokens.get(token);
    if (!record) throw new SimulatorError(C.InvalidToken, 'unknown widget token');
    if (Date.now() >= record.expiresAt) throw new SimulatorError(C.TokenExpired, 'widget token expired');
    if (widget && record.widget !== widget) throw new SimulatorError(C.WrongWidget, `this token is for the ${record.widget} widget`);
    return record;
  }

  /** Expires every token of the given kind issued so far; returns how many were live. */
  expireTokens(kind: 'widget' | 'access' | 'all'): number {
    const now = Date.now();
    let count = 0;
    const maps: Map<string, { expiresAt: number }>[] = [];
    if (kind !== 'access') maps.push(this.#widgetTokens);
    if (kind !== 'widget') maps.push(this.#accessTokens);
    for (const map of maps) {
      for (const record of map.values()) {
        if (record.expiresAt > now) count += 1;
        record.expiresAt = Math.min(record.expiresAt, now);
      }
    }
    return count;
  }

  /**
   * Runs `compute` once per idempotency key: a repeat with the same body replays the stored response,
   * a repeat with another body is a 409. Only successful (2xx) responses are stored, so a failed
   * attempt can be retried with the same key.
   */
  idempotent(scope: string, key: string | undefined, fingerprint: string, compute: () => { status: number; body: unknown }): { status: number; body: unknown; replayed: boolean } {
    if (!key) return { ...compute(), replayed: false };
    if (key.length > 255) throw new SimulatorError(C.InvalidRequest, 'Idempotency-Key must be at most 255 characters');
    const id = `${scope}\u0000${key}`;
    const stored = this.#idempotency.get(id);
    if (stored) {
      if (stored.fingerprint !== fingerprint) throw new SimulatorError(C.IdempotencyConflict, 'this Idempotency-Key was used with a different request body');
      return { status: stored.status, body: stored.body, replayed: true };
    }
    const result = compute();
    if (result.status >= 200 && result.status < 300) this.#idempotency.set(id, { fingerprint, ...result });
    return { ...result, replayed: false };
  }

  /**
   * The points a fiat `value` buys with a program, within the program's limits.
   * @throws {SimulatorError} `program-not-found`, `program-inactive`, `value-too-low` / `value-too-high` /
   * `points-too-low` / `points-too-high`
   */
  quote(programId: string, value: number): { program: SimulatedProgram; points: number } {
    const program = this.activeProgram(programId);
    if (value < program.minValue) throw new SimulatorError(C.ValueTooLow, `${program.name} takes a value of at least ${program.minValue} ${PRICE_CURRENCY}`);
    if (value > program.maxValue) throw new SimulatorError(C.ValueTooHigh, `${program.name} takes a value of at most ${program.maxValue} ${PRICE_CURRENCY}`);
    const points = pointsFor(program, value);
    if (points < program.minAmountOfPoints) throw new SimulatorError(C.PointsTooLow, `${value} ${PRICE_CURRENCY} buys ${points} points; ${program.name} issues at least ${program.minAmountOfPoints}`);
    if (points > program.maxAmountOfPoints) throw new SimulatorError(C.PointsTooHigh, `${value} ${PRICE_CURRENCY} buys ${points} points; ${program.name} issues at most ${program.maxAmountOfPoints}`);
    return { program, points };
  }

  /**
   * Issues points for a fiat value (`POST /transactions`). The `referenceNumber` is unique per organisation (client
   * id and environment): a second issue with it answers 409 `duplicate-reference-number` naming the existing
   * transaction, whatever its body, and creates nothing.
   * @throws {SimulatorError} `duplicate-reference-number`, the errors of {@link quote}, `declined`
   */
  issue(input: { clientId: string; environment: Environment; userId: string; programId: string; value: number; referenceNumber: string; description?: string; bonus?: boolean }): Transaction {
    const existing = this.findTransaction(input.clientId, input.environment, input.referenceNumber, 'reference');
    if (existing) {
      throw new SimulatorError(C.DuplicateReferenceNumber, `referenceNumber ${input.referenceNumber} already names transaction ${existing.id}`, {
        details: { transactionId: existing.id, referenceNumber: existing.referenceNumber },
      });
    }
    const { program, points } = this.quote(input.programId, input.value);
    return this.#record(program, { ...input, points, amount: { value: input.value, currency: PRICE_CURRENCY }, source: 'api' });
  }

  /**
   * Records a purchase made in the purchase widget (points, priced by the program), with a generated reference number.
   * @throws {SimulatorError} `program-not-found`, `program-inactive`, `declined`, `limit-exceeded`
   */
  purchase(input: { clientId: string; environment: Environment; userId: string; programId: string; points: number }): Transaction {
    const program = this.activeProgram(input.programId);
    if (input.points > MAX_POINTS) throw new SimulatorError(C.LimitExceeded, `at most ${MAX_POINTS} points per transaction`);
    return this.#record(program, { ...input, referenceNumber: randomId('widget', 9), amount: { value: priceOf(program, input.points), currency: PRICE_CURRENCY }, source: 'widget' });
  }

  #record(program: SimulatedProgram, input: Omit<Transaction, 'id' | 'status' | 'createdAt' | 'bonus' | 'programId'> & { bonus?: boolean | undefined; description?: string | undefined }): Transaction {
    if (program.declines) throw new SimulatorError(C.Declined, `${program.name} declined the transaction`);
    const { description, bonus, ...rest } = input;
    const transaction: Transaction = {
      ...rest,
      id: randomId('txn', 12),
      programId: program.id,
      status: 'confirmed',
      bonus: bonus ?? false,
      ...(description === undefined ? {} : { description }),
      createdAt: new Date().toISOString(),
    };
    this.#transactions.push(transaction);
    return transaction;
  }

  /** Finds an organisation's transaction by Cosmo's id, by reference number, or (`any`) by either, id first. */
  findTransaction(clientId: string, environment: Environment, key: string, by: 'id' | 'reference' | 'any' = 'any'): Transaction | undefined {
    const own = this.#transactions.filter((transaction) => transaction.clientId === clientId && transaction.environment === environment);
    const byId = by === 'reference' ? undefined : own.find((transaction) => transaction.id === key);
    return byId ?? (by === 'id' ? undefined : own.find((transaction) => transaction.referenceNumber === key));
  }

  /** An organisation's transactions created within `[start, end]` (epoch seconds, inclusive), optionally one program's, oldest first. */
  listTransactions(clientId: string, environment: Environment, filter: { start: number; end: number; programId?: string }): Transaction[] {
    return this.#transactions.filter((transaction) => {
      const second = Math.floor(Date.parse(transaction.createdAt) / 1000);
      return (
        transaction.clientId === clientId &&
        transaction.environment === environment &&
        second >= filter.start &&
        second <= filter.end &&
        (filter.programId === undefined || transaction.programId === filter.programId)
      );
    });
  }

  /** Every transaction, oldest first. */
  transactions(): Transaction[] {
    return this.#transactions.map((transaction) => ({ ...transaction, amount: { ...transaction.amount } }));
  }

  /** A user's connections; a user seen for the first time starts with {@link INITIAL_CONNECTION_PROGRAM_ID} at 100 %. */
  connections(environment: Environment, userId: string): Connection[] {
    return this.#connectionsOf(environment, userId).map((connection) => ({ ...connection }));
  }

  /**
   * Connects a program: it gets an equal share (100 / n) and the others are rescaled to fill the rest.
   * @throws {SimulatorError} `program-not-found`, `program-inactive` or `already-connected`
   */
  connect(environment: Environment, userId: string, programId: string): ConnectionChange {
    const program = this.activeProgram(programId);
    if (program.declines) throw new SimulatorError(C.ProgramInactive, `${program.name} cannot be connected`);
    const list = this.#connectionsOf(environment, userId);
    if (list.some((connection) => connection.programId === programId)) throw new SimulatorError(C.AlreadyConnected, `${program.name} is already connected`);
    const share = Math.round(100 / (list.length + 1));
    const rest = apportion(100 - share, list.map((connection) => connection.share));
    const next = [...list.map((connection, index) => ({ programId: connection.programId, share: rest[index] ?? 0 })), { programId, share }];
    this.#users.set(`${environment}\u0000${userId}`, next);
    return { connection: { programId, share }, connections: next.map((connection) => ({ ...connection })) };
  }

  /**
   * Sets a connection's share; the others are rescaled in proportion so the split still sums to 100.
   * @throws {SimulatorError} `not-connected`, `invalid-share`
   */
  updateShare(environment: Environment, userId: string, programId: string, share: number): ConnectionChange {
    if (!Number.isInteger(share) || share < 0 || share > 100) throw new SimulatorError(C.InvalidShare, 'share must be an integer from 0 to 100');
    const list = this.#connectionsOf(environment, userId);
    const index = list.findIndex((connection) => connection.programId === programId);
    const previous = list[index];
    if (!previous) throw new SimulatorError(C.NotConnected, `${programId} is not connected`);
    if (list.length === 1 && share !== 100) throw new SimulatorError(C.InvalidShare, 'a sole connection receives 100 % of earning');
    const others = list.filter((_, i) => i !== index);
    const rest = apportion(100 - share, others.map((connection) => connection.share));
    let k = 0;
    const next = list.map((connection, i) => (i === index ? { programId, share } : { programId: connection.programId, share: rest[k++] ?? 0 }));
    this.#users.set(`${environment}\u0000${userId}`, next);
    return { connection: { programId, share }, previous: { ...previous }, connections: next.map((connection) => ({ ...connection })) };
  }

  /**
   * Disconnects a program; the remaining shares are rescaled to sum to 100.
   * @throws {SimulatorError} `not-connected`
   */
  disconnect(environment: Environment, userId: string, programId: string): ConnectionChange {
    const list = this.#connectionsOf(environment, userId);
    const removed = list.find((connection) => connection.programId === programId);
    if (!removed) throw new SimulatorError(C.NotConnected, `${programId} is not connected`);
    const others = list.filter((connection) => connection !== removed);
    const shares = apportion(100, others.map((connection) => connection.share));
    const next = others.map((connection, i) => ({ programId: connection.programId, share: shares[i] ?? 0 }));
    this.#users.set(`${environment}\u0000${userId}`, next);
    return { connection: { ...removed }, connections: next.map((connection) => ({ ...connection })) };
  }

  #connectionsOf(environment: Environment, userId: string): Connection[] {
    const key = `${environment}\u0000${userId}`;
    let list = this.#users.get(key);
    if (!list) this.#users.set(key, (list = [{ programId: INITIAL_CONNECTION_PROGRAM_ID, share: 100 }]));
    return list;
  }

  /**
   * An active program by id.
   * @throws {SimulatorError} `program-not-found`, `program-inactive`
   */
  activeProgram(programId: string): SimulatedProgram {
    const program = findProgram(programId);
    if (!program) throw new SimulatorError(C.ProgramNotFound, `no program ${programId}`);
    if (!program.active) throw new SimulatorError(C.ProgramInactive, `${program.name} is not active`);
    return program;
  }
}

