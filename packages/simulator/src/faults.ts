/**
 * Fault injection for tests: "the next N requests on this route fail with status S, or are delayed", either instead
 * of the operation or after it committed (the lost response that makes exactly-once issuing matter). Rules are
 * consumed in the order they were added.
 */
import { SimulatorError, SimulatorErrorCode } from './errors.js';
import { sleep } from './internal/sleep.js';

/** Route names the request log and the fault rules use: one per Cosmo API operation, plus the widget side. */
export const ROUTES = {
  /** `POST /auth/token`. */
  AccessToken: 'access-token',
  /** `POST /auth/widget/point-exchange` and `POST /auth/widget/multibrand`. */
  WidgetToken: 'widget-token',
  /** `GET /business-info`. */
  Profile: 'profile',
  /** `GET /programs`. */
  Programs: 'programs',
  /** `GET /programs/{programId}/fields`. */
  ProgramFields: 'program-fields',
  /** `POST /programs/{programId}/validate-member`. */
  ValidateMember: 'validate-member',
  /** `POST /transactions/preview`. */
  PreviewTransaction: 'preview-transaction',
  /** `POST /transactions` (issue points), and the purchase widget's `POST /widget-api/transactions`. */
  Transactions: 'transactions',
  /** `GET /transactions?startDate&endDate`. */
  ListTransactions: 'list-transactions',
  /** `GET /transactions/{transactionId}` (by id or reference number). */
  GetTransaction: 'get-transaction',
  /** Every `/widget-api/...` call a widget app makes. */
  WidgetApi: 'widget-api',
  /** The widget pages and their assets under `/widgets/...`. */
  WidgetApp: 'widget-app',
  /** The pages a widget app asks its host to open outside the widget: a program's terms and its sign-in page. */
  ProgramPages: 'program-pages',
  /** Anything else (`/`, unknown paths). */
  Other: 'other',
} as const;

/** Union of {@link ROUTES} values. */
export type RouteName = (typeof ROUTES)[keyof typeof ROUTES];

/** A fault rule, as `POST /__control/fail` takes it. */
export interface FailRule {
  /** Which route; `*` for any (control routes are never affected). */
  route: RouteName | '*';
  /** How many of the next matching requests are affected; 1 by default. */
  count?: number;
  /**
   * HTTP status to answer with (400–599), or 0 to drop the connection without an answer.
   * Defaults to 500, or to "succeed normally" when only `delayMs` is given.
   */
  status?: number;
  /** Wait this long before answering (or failing). */
  delayMs?: number;
  /**
   * `before` (default): the fault replaces the operation, which never runs. `after`: the operation runs and commits
   * (a transaction is recorded, its webhook sent), then the fault hits its response: `status: 0` drops the connection
   * (the response is lost), another status answers that error instead, `delayMs` holds the real response back.
   */
  when?: 'before' | 'after';
  /** The error code in the body; `simulated-failure` (or `rate-limited` for 429) by default. */
  code?: string;
}

/** What a matching rule does to one request. */
export interface FaultAction {
  when: 'before' | 'after';
  delayMs: number;
  /** `undefined`: proceed normally after the delay. */
  status?: number;
  code?: string;
}

const ROUTE_NAMES = new Set<string>([...Object.values(ROUTES), '*']);

/**
 * Validates a fault rule from untrusted input.
 * @throws {SimulatorError} `invalid-option`
 */
export function parseFailRule(input: unknown): Required<Pick<FailRule, 'route' | 'count'>> & FailRule {
  const bad = (message: string) => new SimulatorError(SimulatorErrorCode.InvalidOption, `fail rule: ${message}`);
  if (typeof input !== 'object' || input === null) throw bad('expected an object {route, count?, status?, delayMs?, code?, when?}');
  const { route, count = 1, status, delayMs, code, when } = input as Record<string, unknown>;
  if (typeof route !== 'string' || !ROUTE_NAMES.has(route)) throw bad(`route must be one of ${[...ROUTE_NAMES].join(', ')}`);
  if (!Number.isInteger(count) || (count as number) < 1 || (count as number) > 10_000) throw bad('count must be an integer from 1 to 10000');
  if (status !== undefined && (!Number.isInteger(status) || ((status as number) !== 0 && ((status as number) < 400 || (status as number) > 599)))) {
    throw bad('status must be 0 (drop the connection) or an integer from 400 to 599');
  }
  if (delayMs !== undefined && (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0 || delayMs > 120_000)) throw bad('delayMs must be from 0 to 120000');
  if (code !== undefined && (typeof code !== 'string' || !/^[a-z0-9-]{1,64}$/.test(code))) throw bad('code must be lowercase letters, digits and dashes');
  if (when !== undefined && when !== 'before' && when !== 'after') throw bad('when must be "before" or "after"');
  return {
    route: route as FailRule['route'],
    count: count as number,
    ...(status === undefined ? {} : { status: status as number }),
    ...(delayMs === undefined ? {} : { delayMs }),
    ...(code === undefined ? {} : { code }),
    ...(when === undefined ? {} : { when }),
  };
}

/** The queue of pending fault rules, and the requests they hold. */
export class FaultInjector {
  #rules: { rule: FailRule; remaining: number }[] = [];
  /** Aborted by {@link FaultInjector.release}: every `delayMs` being waited out ends at once. */
  #release = new AbortController();

  /**
   * Waits out a rule's `delayMs`, or less when {@link FaultInjector.release} is called meanwhile (a test that held a
   * request until it had looked at the state in between). Rejects only when `signal` aborts.
   */
  async hold(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await sleep(ms, AbortSignal.any([signal, this.#release.signal]));
    } catch (error) {
      if (signal.aborted) throw error;
    }
  }

  /** Ends every delay being waited out now: the held requests go on (answered, failed or committed, as their rule says). */
  release(): void {
    this.#release.abort();
    this.#release = new AbortController();
  }

  /** Adds a rule (validated). */
  add(input: FailRule): void {
    const rule = parseFailRule(input);
    this.#rules.push({ rule, remaining: rule.count });
  }

  /** Consumes the first rule matching any of `routes`; `undefined` when none applies. */
  take(routes: readonly RouteName[]): FaultAction | undefined {
    const entry = this.#rules.find(({ rule }) => rule.route === '*' || routes.includes(rule.route as RouteName));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#rules.splice(this.#rules.indexOf(entry), 1);
    const { status, delayMs, code, when = 'before' } = entry.rule;
    const resolved = status ?? (delayMs === undefined ? 500 : undefined);
    return { when, delayMs: delayMs ?? 0, ...(resolved === undefined ? {} : { status: resolved }), ...(code === undefined ? {} : { code }) };
  }

  /** The rules still pending, with how many requests each will still affect. */
  pending(): (FailRule & { remaining: number })[] {
    return this.#rules.map(({ rule, remaining }) => ({ ...rule, remaining }));
  }

  /** Drops every pending rule and releases the requests held now. */
  clear(): void {
    this.release();
    this.#rules = [];
  }
}
