/**
 * The Cosmo API client for the partner backend: access tokens (cached, refreshed ahead of expiry, single-flight,
 * shared through a pluggable cache), the whole classic flow as Cosmo's API reference documents it (profile, programs,
 * program fields, member validation, preview, issuing points exactly once per `referenceNumber`, listing and getting
 * transactions) and widget tokens. Config is explicit and validated eagerly; it never reads `process.env`. Wire
 * shapes and every guess about paths come from `@cosmopoints/protocol/cosmo-api`.
 */
import {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  accessTokenRequestBody,
  accessTokenResponseSchema,
  businessProfileSchema,
  DUPLICATE_REFERENCE,
  fillPath,
  issuePointsRequestSchema,
  issuePointsResponseSchema,
  previewTransactionRequestSchema,
  previewTransactionResponseSchema,
  programFieldsResponseSchema,
  programsResponseSchema,
  transactionListResponseSchema,
  transactionResponseSchema,
  validateMemberRequestSchema,
  validateMemberResponseSchema,
  widgetTokenResponseFromCosmoSchema,
} from '@cosmopoints/protocol/cosmo-api';
import type {
  AuthRequestStyle,
  CosmoBusinessProfile,
  CosmoProgram,
  CosmoProgramField,
  CosmoTransaction,
  IssuedTransaction,
  IssuePointsRequest,
} from '@cosmopoints/protocol/cosmo-api';
import { ENVIRONMENTS, isEnvironment, WIDGET_KINDS } from '@cosmopoints/protocol';
import type { Environment, WidgetKind } from '@cosmopoints/protocol';
import type * as z from 'zod';
import { CosmoServerError, CosmoServerErrorCode } from '../errors.js';
import { badArgument, epochSeconds, inputObject, pathArgument, wireBody } from './arguments.js';
import { expiryToEpochMs } from './expiry.js';
import { send, upstreamCodeOf } from './http.js';
import type { HttpRequest, HttpResponse, HttpSettings } from './http.js';
import { issueOnce } from './issue-once.js';
import { resolvePaths } from './paths.js';
import type { CosmoApiPathOverrides } from './paths.js';
import { createTokenSource, guardTokenCache, MemoryTokenCache } from './token-cache.js';
import type { CachedAccessToken, TokenCache } from './token-cache.js';

/** Config of {@link createCosmoClient}. */
export interface CosmoClientConfig {
  /** Your Client ID (the same in sandbox and production). */
  clientId: string;
  /** The Client Secret of this environment. Server-side only. */
  clientSecret: string;
  /** `'sandbox'` (default) or `'production'`; ignored when `baseUrl` is set. */
  environment?: Environment;
  /** API base URL override, e.g. the simulator's `url`. */
  baseUrl?: string;
  /** A `fetch` implementation; defaults to the global one. */
  fetch?: typeof fetch;
  /** Per-attempt timeout in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Retries after the first attempt (network errors, timeouts, 429, 5xx only). Default 2. */
  retries?: number;
  /** Base of the exponential backoff, in milliseconds (full jitter). Default 250. */
  retryBaseDelayMs?: number;
  /** Longest wait between attempts, also the largest `Retry-After` honoured; longer ones fail at once. Default 10 000. */
  maxRetryDelayMs?: number;
  /** Shared access-token cache; defaults to one private to this client. */
  tokenCache?: TokenCache;
  /** Path overrides, by operation (`widgetTokens` by widget kind); each keeps its default's placeholders. */
  paths?: CosmoApiPathOverrides;
  /**
   * The access-token request body: `'snake_case'` (default, the newest documented form:
   * `{client_id, client_secret, grant_type: 'client_credentials'}`) or `'camelCase'` (the older `{clientId, clientSecret}`).
   */
  authRequestStyle?: AuthRequestStyle;
  /**
   * How widget-token requests are authorised: `'access-token'` (default) sends `Authorization: Bearer` with the cached
   * classic-flow access token (one token fetch serves any number of mints) and body `{userId}`;
   * `'client-credentials'` sends `{clientId, clientSecret, userId}` in the body instead.
   */
  widgetTokenAuth?: 'access-token' | 'client-credentials';
  /** Shapes the widget-token request body (default `{userId}`, or `{clientId, clientSecret, userId}` with `widgetTokenAuth: 'client-credentials'`). */
  widgetTokenRequestBody?: (input: { widget: WidgetKind; userId: string; clientId: string; clientSecret: string }) => unknown;
  /** The clock, in milliseconds (like `Date.now`). */
  now?: () => number;
}

/** A widget token for the browser: `{token, expiresAt}` with `expiresAt` in ISO 8601 when Cosmo gave an expiry. */
export interface MintedWidgetToken {
  token: string;
  expiresAt?: string;
}

/** Common call options. */
export interface CallOptions {
  /** Cancels the call (and its retries). */
  signal?: AbortSignal;
}

/** Input of {@link CosmoClient.validateMember}: the program, and the member's id and/or email with it (which one the program requires: see its fields). */
export interface ValidateMemberInput extends CallOptions {
  programId: string;
  destinationUserId?: string;
  destinationUserEmail?: string;
}

/** Input of {@link CosmoClient.previewTransaction}. */
export interface PreviewTransactionInput extends CallOptions {
  programId: string;
  /** A fiat amount: an integer in your organisation's configured currency (not a number of points). */
  value: number;
}

/** Input of {@link CosmoClient.issuePoints}: the documented body of `POST /transactions`. */
export interface IssuePointsInput extends CallOptions {
  programId: string;
  /** A fiat amount: an integer in your organisation's configured currency (not a number of points). */
  value: number;
  /** The destination user's id with the partner program (e.g. their membership number). */
  userId: string;
  /**
   * Required and unique: your reference for this transaction (an order or event id), 1–128 printable ASCII characters,
   * no whitespace. Reusing it on a retry makes the call exactly-once (see README).
   */
  referenceNumber: string;
  /** A short description attached to the transaction. */
  description?: string;
  /** The points are bonus points. */
  bonus?: boolean;
}

/** Input of {@link CosmoClient.listTransactions}: an interval (a `Date` or epoch seconds; sent as epoch seconds). */
export interface ListTransactionsInput extends CallOptions {
  startDate: Date | number;
  endDate: Date | number;
  programId?: string;
}

/** The Cosmo API client. */
export interface CosmoClient {
  /** The resolved API base URL. */
  readonly baseUrl: string;
  /** Mints a widget token for one of your users (`userId` is your opaque id for them). */
  createWidgetToken(input: { widget: WidgetKind; userId: string } & CallOptions): Promise<MintedWidgetToken>;
  /** Your organisation's business profile. */
  getProfile(options?: CallOptions): Promise<CosmoBusinessProfile>;
  /** Your enabled partner programs, with prices (decimal strings) and limits. */
  listPrograms(options?: CallOptions): Promise<CosmoProgram[]>;
  /** The destination-user fields a program requires (`destinationUserId`, `destinationUserEmail`). */
  getProgramFields(programId: string, options?: CallOptions): Promise<CosmoProgramField[]>;
  /** Whether a user is a member of a program. */
  validateMember(input: ValidateMemberInput): Promise<{ isValid: boolean }>;
  /** The points a fiat value buys with a program. */
  previewTransaction(input: PreviewTransactionInput): Promise<{ totalPoints: number }>;
  /** Issues points for a fiat value: one transaction per `referenceNumber`, whatever happens on the wire. */
  issuePoints(input: IssuePointsInput): Promise<IssuedTransaction>;
  /** Your transactions created in an interval, optionally one program's. */
  listTransactions(input: ListTransactionsInput): Promise<CosmoTransaction[]>;
  /** One transaction, by Cosmo's id or by your reference number. */
  getTransaction(idOrReferenceNumber: string, options?: CallOptions): Promise<CosmoTransaction>;
  /** A valid access token for the classic flow (cached, one request for any number of concurrent callers). */
  getAccessToken(options?: CallOptions): Promise<string>;
}

const REFRESH_MARGIN_MS = 60_000;
const invalid = (message: string) => new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `createCosmoClient: ${message}`);

function credential(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`${name} is missing`);
  if (/\s/.test(value)) throw invalid(`${name} contains whitespace; check for a stray newline or space when it was copied`);
  return value;
}

function positive(value: unknown, name: string, fallback: number, { integer = false, min = 1 } = {}): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw invalid(`${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}`);
  }
  return value;
}

function resolveBaseUrl(config: CosmoClientConfig): string {
  if (config.baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(config.baseUrl);
    } catch {
      throw invalid('baseUrl is not a URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('baseUrl must be http(s)');
    if (url.search || url.hash || url.username || url.password) throw invalid('baseUrl must not carry a query, fragment or credentials');
    return url.href.replace(/\/+$/, '');
  }
  const environment = config.environment ?? 'sandbox';
  if (!isEnvironment(environment)) throw invalid(`environment must be "sandbox" or "production"`);
  return ENVIRONMENTS[environment].apiUrl;
}

/**
 * Creates a Cosmo API client.
 * @example
 * const cosmo = createCosmoClient({ clientId: env.COSMO_CLIENT_ID, clientSecret: env.COSMO_CLIENT_SECRET, environment: 'sandbox' });
 * const { token, expiresAt } = await cosmo.createWidgetToken({ widget: 'purchase', userId: user.id });
 */
export function createCosmoClient(config: CosmoClientConfig): CosmoClient {
  if (typeof config !== 'object' || config === null) throw invalid('pass a config object');
  const clientId = credential(config.clientId, 'clientId');
  const clientSecret = credential(config.clientSecret, 'clientSecret');
  const baseUrl = resolveBaseUrl(config);
  const fetchImpl = config.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw invalid('no fetch available; pass config.fetch');
  const settings: HttpSettings = {
    fetch: config.fetch ? fetchImpl : (input, init) => globalThis.fetch(input, init),
    timeoutMs: positive(config.timeoutMs, 'timeoutMs', 10_000),
    retries: positive(config.retries, 'retries', 2, { integer: true, min: 0 }),
    retryBaseDelayMs: positive(config.retryBaseDelayMs, 'retryBaseDelayMs', 250, { min: 0 }),
    maxRetryDelayMs: positive(config.maxRetryDelayMs, 'maxRetryDelayMs', 10_000, { min: 0 }),
  };
  if (settings.retries > 10) throw invalid('retries must be at most 10');
  const paths = resolvePaths(config.paths);
  if (config.widgetTokenRequestBody !== undefined && typeof config.widgetTokenRequestBody !== 'function') throw invalid('widgetTokenRequestBody must be a function');
  const authRequestStyle = config.authRequestStyle ?? 'snake_case';
  if (authRequestStyle !== 'snake_case' && authRequestStyle !== 'camelCase') throw invalid("authRequestStyle must be 'snake_case' or 'camelCase'");
  const widgetTokenAuth = config.widgetTokenAuth ?? 'access-token';
  if (widgetTokenAuth !== 'access-token' && widgetTokenAuth !== 'client-credentials') throw invalid("widgetTokenAuth must be 'access-token' or 'client-credentials'");
  const now = config.now ?? Date.now;
  const cache = guardTokenCache(config.tokenCache ?? new MemoryTokenCache({ now }), 'createCosmoClient');
  const cacheKey = `cosmo:access-token:${baseUrl}:${clientId}`;

  const call = (request: Omit<HttpRequest, 'url' | 'label'> & { path: string }): Promise<HttpResponse> =>
    send(settings, { ...request, url: baseUrl + request.path, label: `${request.method} ${request.path}` });

  function rejected(response: HttpResponse, label: string, unauthorizedCode: CosmoServerErrorCode = CosmoServerErrorCode.RequestRejected): CosmoServerError {
    const { status } = response;
    const code = status === 401 || status === 403 ? unauthorizedCode : CosmoServerErrorCode.RequestRejected;
    return new CosmoServerError(code, `${label}: Cosmo answered ${status}`, { status, upstreamCode: upstreamCodeOf(response.json) });
  }

  function read<S extends z.ZodType>(schema: S, response: HttpResponse, label: string): z.output<S> {
    const parsed = schema.safeParse(response.json);
    if (!parsed.success) {
      throw new CosmoServerError(CosmoServerErrorCode.InvalidResponse, `${label}: unexpected response shape (${parsed.error.issues[0]?.message ?? 'invalid'})`, { status: response.status });
    }
    return parsed.data;
  }

  async function fetchAccessToken(signal?: AbortSignal): Promise<string> {
    const label = `POST ${paths.accessToken}`;
    const body = accessTokenRequestBody({ clientId, clientSecret }, authRequestStyle);
    const response = await call({ method: 'POST', path: paths.accessToken, body, signal });
    if (response.status >= 400) throw rejected(response, label, CosmoServerErrorCode.Unauthorized);
    const token = read(accessTokenResponseSchema, response, label);
    const issuedAt = now();
    // `expires_in` / `expiresIn` when Cosmo sends it; otherwise the documented lifetime ("valid for 10 minutes").
    const expiresAt = expiryToEpochMs(token, issuedAt) ?? issuedAt + ACCESS_TOKEN_LIFETIME_SECONDS * 1000;
    if (expiresAt > issuedAt) {
      const lifetime = expiresAt - issuedAt;
      // Refresh a minute early, or at 90% of a short lifetime.
      const usableUntil = expiresAt - Math.min(REFRESH_MARGIN_MS, lifetime * 0.1);
      if (usableUntil > issuedAt) {
        const entry: CachedAccessToken = { accessToken: token.accessToken, expiresAt: usableUntil };
        await cache.set(cacheKey, entry, Math.ceil((usableUntil - issuedAt) / 1000));
      }
    }
    return token.accessToken;
  }

  // Cached, single flight per instance, and per fleet when the cache is shared and locks (token-cache.ts).
  const accessToken = createTokenSource({ cache, key: cacheKey, now, fetchToken: () => fetchAccessToken() });
  const getAccessToken = (options: CallOptions = {}): Promise<string> => accessToken(options.signal);

  /**
   * A classic-flow call with the bearer token; on a 401 the token is dropped and the call retried once. Other 4xx
   * answers throw, except the statuses `accept` lets through to the caller.
   */
  async function authorized(
    request: Omit<HttpRequest, 'url' | 'label' | 'headers'> & { path: string; headers?: Record<string, string>; accept?: number },
  ): Promise<HttpResponse> {
    const { accept, ...rest } = request;
    const label = `${request.method} ${request.path}`;
    for (let attempt = 0; ; attempt++) {
      const token = await getAccessToken({ signal: request.signal });
      const response = await call({ ...rest, headers: { ...request.headers, authorization: `Bearer ${token}` } });
      if (response.status === 401 && attempt === 0) {
        const cached = await cache.get(cacheKey);
        if (cached?.accessToken === token) await cache.delete(cacheKey);
        continue;
      }
      if (response.status >= 400 && response.status !== accept) throw rejected(response, label, CosmoServerErrorCode.Unauthorized);
      return response;
    }
  }

  /** An authorised `GET`, its answer read with `schema`. */
  async function getJson<S extends z.ZodType>(schema: S, route: string, signal: AbortSignal | undefined): Promise<z.output<S>> {
    return read(schema, await authorized({ method: 'GET', path: route, signal }), `GET ${route}`);
  }

  /** An authorised `POST` of `body`, its answer read with `schema`. */
  async function postJson<S extends z.ZodType>(schema: S, route: string, body: unknown, signal: AbortSignal | undefined): Promise<z.output<S>> {
    return read(schema, await authorized({ method: 'POST', path: route, body, signal }), `POST ${route}`);
  }

  async function getTransaction(idOrReferenceNumber: string, options: CallOptions = {}): Promise<CosmoTransaction> {
    const key = pathArgument(idOrReferenceNumber, 'getTransaction', 'idOrReferenceNumber');
    return getJson(transactionResponseSchema, fillPath(paths.getTransaction, { transactionId: key }), options.signal);
  }

  /**
   * The transaction a reference already names, as `issuePoints` answers, or undefined when Cosmo has none (404). A
   * transaction with another program or value under this reference is a {@link CosmoServerErrorCode.ReferenceConflict}:
   * the reference was reused for a different issue, and handing back that transaction would hide the mistake.
   */
  async function issuedUnder(body: IssuePointsRequest, signal: AbortSignal | undefined): Promise<IssuedTransaction | undefined> {
    let record: CosmoTransaction;
    try {
      record = await getTransaction(body.referenceNumber, { signal });
    } catch (error) {
      if (error instanceof CosmoServerError && error.status === 404) return undefined;
      throw error;
    }
    const programId = record.partnership?.destination?.programId;
    const differs = [
      programId !== undefined && programId !== body.programId ? `program ${programId}` : '',
      record.sourceValue !== undefined && record.sourceValue !== body.value ? `value ${record.sourceValue}` : '',
      record.referenceNumber !== undefined && record.referenceNumber !== body.referenceNumber ? 'another reference number' : '',
    ].filter(Boolean);
    if (differs.length > 0) {
      throw new CosmoServerError(
        CosmoServerErrorCode.ReferenceConflict,
        `issuePoints: referenceNumber already names transaction ${record.id} with ${differs.join(' and ')}; use a new reference for a new transaction`,
      );
    }
    return { id: record.id, totalPoints: record.totalPoints, referenceNumber: body.referenceNumber, date: record.createdAt };
  }

  return {
    baseUrl,
    getAccessToken,

    async createWidgetToken(input) {
      const { widget, userId, signal } = inputObject(input, 'createWidgetToken', '{widget, userId}');
      if (!(WIDGET_KINDS as readonly unknown[]).includes(widget)) throw badArgument('createWidgetToken', `widget must be one of ${WIDGET_KINDS.join(', ')}`);
      if (typeof userId !== 'string' || userId.length === 0 || userId.length > 256) throw badArgument('createWidgetToken', 'userId must be a non-empty string of at most 256 characters');
      const route = paths.widgetTokens[widget];
      const withCredentials = widgetTokenAuth === 'client-credentials';
      const body = config.widgetTokenRequestBody
        ? config.widgetTokenRequestBody({ widget, userId, clientId, clientSecret })
        : withCredentials
          ? { clientId, clientSecret, userId }
          : { userId };
      const label = `POST ${route}`;
      const response = withCredentials ? await call({ method: 'POST', path: route, body, signal }) : await authorized({ method: 'POST', path: route, body, signal });
      if (response.status >= 400) throw rejected(response, label, CosmoServerErrorCode.Unauthorized);
      const minted = read(widgetTokenResponseFromCosmoSchema, response, label);
      const expiresAt = expiryToEpochMs(minted, now());
      return expiresAt === undefined ? { token: minted.token } : { token: minted.token, expiresAt: new Date(expiresAt).toISOString() };
    },

    getProfile(options = {}) {
      return getJson(businessProfileSchema, paths.profile, options.signal);
    },

    listPrograms(options = {}) {
      return getJson(programsResponseSchema, paths.programs, options.signal);
    },

    async getProgramFields(programId, options = {}) {
      const id = pathArgument(programId, 'getProgramFields', 'programId');
      return getJson(programFieldsResponseSchema, fillPath(paths.programFields, { programId: id }), options.signal);
    },

    async validateMember(input) {
      const { programId, signal, ...fields } = inputObject(input, 'validateMember', '{programId, destinationUserId?, destinationUserEmail?}');
      const id = pathArgument(programId, 'validateMember', 'programId');
      const body = wireBody(validateMemberRequestSchema, fields, 'validateMember');
      return postJson(validateMemberResponseSchema, fillPath(paths.validateMember, { programId: id }), body, signal);
    },

    async previewTransaction(input) {
      const { signal, ...fields } = inputObject(input, 'previewTransaction', '{programId, value}');
      const body = wireBody(previewTransactionRequestSchema, fields, 'previewTransaction');
      return postJson(previewTransactionResponseSchema, paths.previewTransaction, body, signal);
    },

    /** Exactly once per `referenceNumber` (`issue-once.ts`): Cosmo's 409 for a held reference is let through to it. */
    async issuePoints(input) {
      const { signal, ...fields } = inputObject(input, 'issuePoints', '{programId, value, userId, referenceNumber, description?, bonus?}');
      const body = wireBody(issuePointsRequestSchema, fields, 'issuePoints');
      const label = `POST ${paths.issuePoints}`;
      return issueOnce<IssuedTransaction>({
        post: async () => {
          const response = await authorized({ method: 'POST', path: paths.issuePoints, body, signal, accept: DUPLICATE_REFERENCE.status });
          if (response.status === DUPLICATE_REFERENCE.status) return { duplicate: rejected(response, label) };
          return { issued: read(issuePointsResponseSchema, response, label) };
        },
        lookup: () => issuedUnder(body, signal),
      });
    },

    async listTransactions(input) {
      const { startDate, endDate, programId, signal } = inputObject(input, 'listTransactions', '{startDate, endDate, programId?}');
      const start = epochSeconds(startDate, 'listTransactions', 'startDate');
      const end = epochSeconds(endDate, 'listTransactions', 'endDate');
      if (start > end) throw badArgument('listTransactions', 'startDate must not be after endDate');
      const query = new URLSearchParams({ startDate: String(start), endDate: String(end) });
      if (programId !== undefined) query.set('programId', pathArgument(programId, 'listTransactions', 'programId'));
      const route = `${paths.listTransactions}${paths.listTransactions.includes('?') ? '&' : '?'}${query}`;
      return getJson(transactionListResponseSchema, route, signal);
    },

    getTransaction,
  };
}
