/**
 * The Cosmo API client for the partner backend: access tokens (cached, single-flight, shared through a pluggable
 * cache), the classic flow (programs, issuing points) and widget tokens. Config is explicit and validated eagerly;
 * it never reads `process.env`. Wire shapes come from `@cosmopoints/protocol/cosmo-api` (DESIGN.md §3).
 */
import {
  accessTokenResponseSchema,
  COSMO_API_PATHS,
  issuePointsRequestSchema,
  programsResponseSchema,
  transactionSchema,
  widgetTokenResponseFromCosmoSchema,
} from '@cosmopoints/protocol/cosmo-api';
import type { CosmoProgram, CosmoTransaction } from '@cosmopoints/protocol/cosmo-api';
import { ENVIRONMENTS, isEnvironment, WIDGET_KINDS } from '@cosmopoints/protocol';
import type { Environment, WidgetKind } from '@cosmopoints/protocol';
import type * as z from 'zod';
import { CosmoServerError, CosmoServerErrorCode } from '../errors.js';
import { expiryToEpochMs } from './expiry.js';
import { send, upstreamCodeOf } from './http.js';
import type { HttpRequest, HttpResponse, HttpSettings } from './http.js';
import { createTokenSource, guardTokenCache, MemoryTokenCache } from './token-cache.js';
import type { CachedAccessToken, TokenCache } from './token-cache.js';

/** API paths relative to the base URL; every one is overridable. */
export interface CosmoApiPaths {
  accessToken: string;
  programs: string;
  transactions: string;
  /** Widget-token paths by kind. Defaults: purchase → `/auth/widget/point-exchange`, multibrand → `/auth/widget/multibrand` (see README). */
  widgetTokens: Record<WidgetKind, string>;
}

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
  /** Path overrides. */
  paths?: Partial<Omit<CosmoApiPaths, 'widgetTokens'>> & { widgetTokens?: Partial<Record<WidgetKind, string>> };
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

/** Input of {@link CosmoClient.issuePoints}. */
export interface IssuePointsInput extends CallOptions {
  userId: string;
  programId: string;
  points: number;
  /** Required: the same key on a retry makes Cosmo apply the transaction once. Use your own order or event id. */
  idempotencyKey: string;
  /** Free-form reference shown on Cosmo's ledger. */
  reference?: string;
}

/** The Cosmo API client. */
export interface CosmoClient {
  /** The resolved API base URL. */
  readonly baseUrl: string;
  /** Mints a widget token for one of your users (`userId` is your opaque id for them). */
  createWidgetToken(input: { widget: WidgetKind; userId: string } & CallOptions): Promise<MintedWidgetToken>;
  /** Lists the organisation's active partners (programs). */
  listPrograms(options?: CallOptions): Promise<CosmoProgram[]>;
  /** Issues points to a user with a partner; a transaction on Cosmo's ledger. */
  issuePoints(input: IssuePointsInput): Promise<CosmoTransaction>;
  /** A valid access token for the classic flow (cached, one request for any number of concurrent callers). */
  getAccessToken(options?: CallOptions): Promise<string>;
}

const REFRESH_MARGIN_MS = 60_000;
const invalid = (message: string) => new CosmoServerError(CosmoServerErrorCode.InvalidConfig, `createCosmoClient: ${message}`);
const badArgument = (message: string) => new CosmoServerError(CosmoServerErrorCode.InvalidArgument, message);

function credential(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`${name} is missing`);
  if (/\s/.test(value)) throw invalid(`${name} contains whitespace; check for a stray newline or space when it was copied`);
  return value;
}

function path(value: unknown, name: string): string {
  if (typeof value !== 'string' || !value.startsWith('/')) throw invalid(`paths.${name} must start with "/"`);
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
  const given = config.paths ?? {};
  const paths: CosmoApiPaths = {
    accessToken: path(given.accessToken ?? COSMO_API_PATHS.accessToken, 'accessToken'),
    programs: path(given.programs ?? COSMO_API_PATHS.programs, 'programs'),
    transactions: path(given.transactions ?? COSMO_API_PATHS.transactions, 'transactions'),
    widgetTokens: {
      purchase: path(given.widgetTokens?.purchase ?? COSMO_API_PATHS.widgetTokens.purchase, 'widgetTokens.purchase'),
      multibrand: path(given.widgetTokens?.multibrand ?? COSMO_API_PATHS.widgetTokens.multibrand, 'widgetTokens.multibrand'),
    },
  };
  if (config.widgetTokenRequestBody !== undefined && typeof config.widgetTokenRequestBody !== 'function') throw invalid('widgetTokenRequestBody must be a function');
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
    const response = await call({ method: 'POST', path: paths.accessToken, body: { grantType: 'client_credentials', clientId, clientSecret }, signal });
    if (response.status >= 400) throw rejected(response, label, CosmoServerErrorCode.Unauthorized);
    const token = read(accessTokenResponseSchema, response, label);
    const issuedAt = now();
    const expiresAt = expiryToEpochMs(token, issuedAt);
    if (expiresAt !== undefined) {
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

  /** A classic-flow call with the bearer token; on a 401 the token is dropped and the call retried once. */
  async function authorized(request: Omit<HttpRequest, 'url' | 'label' | 'headers'> & { path: string; headers?: Record<string, string> }): Promise<HttpResponse> {
    const label = `${request.method} ${request.path}`;
    for (let attempt = 0; ; attempt++) {
      const token = await getAccessToken({ signal: request.signal });
      const response = await call({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } });
      if (response.status === 401 && attempt === 0) {
        const cached = await cache.get(cacheKey);
        if (cached?.accessToken === token) await cache.delete(cacheKey);
        continue;
      }
      if (response.status >= 400) throw rejected(response, label, CosmoServerErrorCode.Unauthorized);
      return response;
    }
  }

  return {
    baseUrl,
    getAccessToken,

    async createWidgetToken(input) {
      if (typeof input !== 'object' || input === null) throw badArgument('createWidgetToken: pass {widget, userId}');
      const { widget, userId, signal } = input;
      if (!(WIDGET_KINDS as readonly unknown[]).includes(widget)) throw badArgument(`createWidgetToken: widget must be one of ${WIDGET_KINDS.join(', ')}`);
      if (typeof userId !== 'string' || userId.length === 0 || userId.length > 256) throw badArgument('createWidgetToken: userId must be a non-empty string of at most 256 characters');
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

    async listPrograms(options = {}) {
      const response = await authorized({ method: 'GET', path: paths.programs, signal: options.signal });
      return read(programsResponseSchema, response, `GET ${paths.programs}`).filter((program) => program.active !== false);
    },

    async issuePoints(input) {
      if (typeof input !== 'object' || input === null) throw badArgument('issuePoints: pass {userId, programId, points, idempotencyKey}');
      const { idempotencyKey, signal, ...rest } = input;
      if (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0 || idempotencyKey.length > 255 || /\s/.test(idempotencyKey)) {
        throw badArgument('issuePoints: idempotencyKey must be a non-empty string (at most 255 characters, no whitespace)');
      }
      const body = issuePointsRequestSchema.safeParse(rest);
      if (!body.success) throw badArgument(`issuePoints: ${body.error.issues[0]?.path.join('.')}: ${body.error.issues[0]?.message}`);
      const response = await authorized({ method: 'POST', path: paths.transactions, body: body.data, headers: { 'idempotency-key': idempotencyKey }, signal });
      return read(transactionSchema, response, `POST ${paths.transactions}`);
    },
  };
}
