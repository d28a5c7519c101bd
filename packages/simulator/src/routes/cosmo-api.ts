/**
 * The Cosmo partner API as DESIGN.md §2–3 assume it: classic client-credentials auth, programs,
 * transactions with idempotency, and the two widget-token endpoints. Server-to-server only: no CORS.
 */
import type { WidgetKind } from '@cosmopoints/protocol';
import { COSMO_API_PATHS, accessTokenRequestSchema, issuePointsRequestSchema, widgetTokenRequestSchema } from '@cosmopoints/protocol/cosmo-api';
import type * as z from 'zod';
import { ApiErrorCode } from '../api-errors.js';
import { ROUTES } from '../faults.js';
import type { SimulatorContext } from '../internal/context.js';
import { transactionConfirmed } from '../internal/events.js';
import { HttpError, bearerToken, readJson, sendJson } from '../internal/http.js';
import type { Route, RouteRequest } from '../internal/router.js';
import { PROGRAMS } from '../programs.js';
import type { Transaction } from '../store.js';

/** The widget-token paths, per widget kind (purchase → point-exchange; see DESIGN.md §2 on the guide's swap). */
export const WIDGET_TOKEN_PATHS: Readonly<Record<WidgetKind, string>> = COSMO_API_PATHS.widgetTokens;

// The simulator serves the paths the SDK assumes, from the one module that holds the assumptions.
const exactly = (path: string, rest = '') => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}${rest}$`);

/** Parses a body with a zod schema, or throws a 400 naming the first problem. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new HttpError(400, ApiErrorCode.InvalidRequest, `${where}${issue?.message ?? 'invalid body'}`);
}

/** The public shape of a transaction in API responses. */
export function transactionBody(transaction: Transaction): Record<string, unknown> {
  const { environment: _environment, source: _source, ...rest } = transaction;
  return rest;
}

/** The Cosmo API routes. */
export function cosmoApiRoutes(ctx: SimulatorContext): Route[] {
  const widgetToken = (widget: WidgetKind): Route => ({
    method: 'POST',
    pattern: exactly(WIDGET_TOKEN_PATHS[widget]),
    names: [ROUTES.WidgetToken],
    async handle({ req, res, environment }) {
      const body = parseBody(widgetTokenRequestSchema, await readJson(req));
      // Bearer access token (the default of @cosmopoints/server), or the client credentials in the body.
      const bearer = bearerToken(req);
      const client =
        bearer || body.clientId === undefined || body.clientSecret === undefined
          ? ctx.store.clientOfAccessToken(bearer, environment)
          : ctx.store.authenticateClient(body.clientId, body.clientSecret, environment);
      const record = ctx.store.issueWidgetToken(client, widget, body.userId, ctx.widgetTokenTtlSeconds);
      sendJson(res, 200, { token: record.token, expiresIn: ctx.widgetTokenTtlSeconds, expiresAt: new Date(record.expiresAt).toISOString() });
    },
  });

  return [
    {
      method: 'POST',
      pattern: exactly(COSMO_API_PATHS.accessToken),
      names: [ROUTES.AccessToken],
      async handle({ req, res, environment }) {
        const body = parseBody(accessTokenRequestSchema, await readJson(req));
        const client = ctx.store.authenticateClient(body.clientId, body.clientSecret, environment);
        const record = ctx.store.issueAccessToken(client, ctx.accessTokenTtlSeconds);
        sendJson(res, 200, { accessToken: record.token, tokenType: 'Bearer', expiresIn: ctx.accessTokenTtlSeconds });
      },
    },
    widgetToken('purchase'),
    widgetToken('multibrand'),
    {
      method: 'GET',
      pattern: exactly(COSMO_API_PATHS.programs),
      names: [ROUTES.Programs],
      handle({ req, res, url, environment }) {
        ctx.store.checkAccessToken(bearerToken(req), environment);
        const onlyActive = url.searchParams.get('active') === 'true';
        const programs = PROGRAMS.filter((program) => !onlyActive || program.active).map(({ id, name, active, pointsName }) => ({ id, name, active, pointsName }));
        sendJson(res, 200, { programs });
      },
    },
    {
      method: 'POST',
      pattern: exactly(COSMO_API_PATHS.transactions),
      names: [ROUTES.Transactions],
      async handle(request: RouteRequest) {
        const { req, res, environment } = request;
        const access = ctx.store.checkAccessToken(bearerToken(req), environment);
        const raw = await readJson(req);
        const body = parseBody(issuePointsRequestSchema, raw);
        const key = headerValue(req.headers['idempotency-key']);
        const result = ctx.store.idempotent(`api\u0000${access.environment}\u0000${access.clientId}`, key, JSON.stringify(body), () => {
          const transaction = ctx.store.createTransaction({ ...body, environment: access.environment, source: 'api' });
          ctx.webhooks.emit(transactionConfirmed(transaction));
          return { status: 201, body: transactionBody(transaction) };
        });
        sendJson(res, result.status, result.body, result.replayed ? { 'idempotent-replayed': 'true' } : {});
      },
    },
    {
      method: 'GET',
      pattern: exactly(COSMO_API_PATHS.transactions, '/([^/]+)'),
      names: [ROUTES.Transactions],
      handle({ req, res, params, environment }) {
        const access = ctx.store.checkAccessToken(bearerToken(req), environment);
        const transaction = ctx.store.transaction(params[0] ?? '', access.environment);
        if (!transaction) throw new HttpError(404, ApiErrorCode.TransactionNotFound, `no transaction ${params[0]}`);
        sendJson(res, 200, transactionBody(transaction));
      },
    },
  ];
}

/** A single header value (the first, when repeated). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
