/**
 * The widget apps' own backend (`/widget-api/...`), authenticated with the widget token as Bearer and nothing else:
 * no cookie is read or set, so a browser that blocks third-party cookies and storage changes nothing. Same origin as
 * the apps, so no CORS. An expired token answers 401 `token-expired`: the app asks its host for a fresh token and
 * retries.
 */
import type { WidgetKind } from '@cosmopoints/protocol';
import * as z from 'zod';
import type { SimulatorContext } from '../context.js';
import { SimulatorError, SimulatorErrorCode } from '../errors.js';
import { connectionChanged, connectionRef, programRef, transactionConfirmed } from '../events.js';
import { ROUTES } from '../faults.js';
import { parseBody, readJson } from '../http.js';
import type { Route, RouteRequest } from '../http.js';
import { bearerToken, headerValue, requestOrigin, sendJson } from '../internal/http.js';
import { MAX_POINTS_PER_TRANSACTION, PRICE_CURRENCY, PROGRAMS, findProgram } from '../programs.js';
import type { SignIn, SignInOwner } from '../sign-ins.js';
import type { WidgetTokenRecord } from '../store.js';
import { programTermsPath, signInPagePath } from './program-pages.js';

const purchaseSchema = z.object({ programId: z.string().min(1).max(128), points: z.number().int().positive() });
const connectSchema = z.object({ programId: z.string().min(1).max(128), signInId: z.string().min(1).max(128).optional() });
const shareSchema = z.object({ share: z.number() });
const signInSchema = z.object({ programId: z.string().min(1).max(128) });

/** Who a widget token's sign-ins belong to. */
const ownerOf = (record: WidgetTokenRecord): SignInOwner => ({ clientId: record.clientId, environment: record.environment, userId: record.userId });

/** A sign-in as the widget app sees it: no owner (the token is the owner). */
const signInBody = (signIn: SignIn) => ({ signInId: signIn.signInId, url: signIn.url, program: programRef(signIn.programId), status: signIn.status, expiresAt: signIn.expiresAt });

/** The widget-api routes. */
export function widgetApiRoutes(ctx: SimulatorContext): Route[] {
  const session = (request: RouteRequest, widget?: WidgetKind): WidgetTokenRecord => {
    const record = ctx.store.checkWidgetToken(bearerToken(request.req), widget);
    if (request.environment && record.environment !== request.environment) throw new SimulatorError(SimulatorErrorCode.InvalidToken, 'unknown widget token');
    return record;
  };
  const api = [ROUTES.WidgetApi] as const;

  return [
    {
      method: 'GET',
      pattern: /^\/widget-api\/session$/,
      names: api,
      handle(request) {
        const record = session(request);
        sendJson(request.res, 200, { widget: record.widget, userId: record.userId, environment: record.environment, expiresAt: new Date(record.expiresAt).toISOString() });
      },
    },
    {
      method: 'GET',
      pattern: /^\/widget-api\/programs$/,
      names: api,
      handle(request) {
        const record = session(request);
        const origin = requestOrigin(request.req);
        const programs = PROGRAMS.filter((program) => program.active && (record.widget === 'purchase' || !program.declines)).map((program) => ({
          id: program.id,
          name: program.name,
          pointsName: program.pointsName,
          category: program.category,
          pricePerPoint: Number(program.pricePerPoint),
          currency: PRICE_CURRENCY,
          termsUrl: `${origin}${programTermsPath(program.id)}`,
          signInRequired: program.signInRequired,
        }));
        sendJson(request.res, 200, { programs, maxPoints: MAX_POINTS_PER_TRANSACTION });
      },
    },
    {
      method: 'POST',
      pattern: /^\/widget-api\/transactions$/,
      names: [ROUTES.WidgetApi, ROUTES.Transactions],
      async handle(request) {
        const record = session(request, 'purchase');
        const body = parseBody(purchaseSchema, await readJson(request.req));
        const key = headerValue(request.req.headers['idempotency-key']);
        const result = ctx.store.idempotent(`widget\u0000${record.environment}\u0000${record.userId}`, key, JSON.stringify(body), () => {
          const transaction = ctx.store.purchase({ clientId: record.clientId, environment: record.environment, userId: record.userId, programId: body.programId, points: body.points });
          ctx.webhooks.emit(transactionConfirmed(transaction));
          return {
            status: 201,
            body: {
              transaction: {
                transactionId: transaction.id,
                program: programRef(transaction.programId),
                points: transaction.points,
                amount: transaction.amount,
                completedAt: transaction.createdAt,
              },
            },
          };
        });
        sendJson(request.res, result.status, result.body, result.replayed ? { 'idempotent-replayed': 'true' } : {});
      },
    },
    {
      method: 'GET',
      pattern: /^\/widget-api\/connections$/,
      names: api,
      handle(request) {
        const record = session(request, 'multibrand');
        sendJson(request.res, 200, { connections: ctx.store.connections(record.environment, record.userId).map(connectionRef) });
      },
    },
    {
      method: 'POST',
      pattern: /^\/widget-api\/connections$/,
      names: api,
      async handle(request) {
        const record = session(request, 'multibrand');
        const body = parseBody(connectSchema, await readJson(request.req));
        if (findProgram(body.programId)?.signInRequired) ctx.signIns.requireCompleted(body.signInId, ownerOf(record), body.programId);
        const change = ctx.store.connect(record.environment, record.userId, body.programId);
        ctx.webhooks.emit(connectionChanged('added', record.userId, change));
        sendJson(request.res, 201, { connection: connectionRef(change.connection), connections: change.connections.map(connectionRef) });
      },
    },
    {
      method: 'POST',
      pattern: /^\/widget-api\/sign-ins$/,
      names: api,
      async handle(request) {
        const record = session(request);
        const body = parseBody(signInSchema, await readJson(request.req));
        const program = ctx.store.activeProgram(body.programId);
        const origin = requestOrigin(request.req);
        sendJson(request.res, 201, signInBody(ctx.signIns.create(ownerOf(record), program.id, (signInId) => `${origin}${signInPagePath(signInId)}`)));
      },
    },
    {
      method: 'GET',
      pattern: /^\/widget-api\/sign-ins\/([^/]+)$/,
      names: api,
      handle(request) {
        const record = session(request);
        sendJson(request.res, 200, signInBody(ctx.signIns.get(request.params[0] ?? '', ownerOf(record))));
      },
    },
    {
      method: 'POST',
      pattern: /^\/widget-api\/sign-ins\/([^/]+)\/cancel$/,
      names: api,
      handle(request) {
        const record = session(request);
        sendJson(request.res, 200, signInBody(ctx.signIns.cancel(request.params[0] ?? '', ownerOf(record))));
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/widget-api\/connections\/([^/]+)$/,
      names: api,
      async handle(request) {
        const record = session(request, 'multibrand');
        const body = parseBody(shareSchema, await readJson(request.req));
        const change = ctx.store.updateShare(record.environment, record.userId, request.params[0] ?? '', body.share);
        ctx.webhooks.emit(connectionChanged('updated', record.userId, change));
        sendJson(request.res, 200, {
          connection: connectionRef(change.connection),
          ...(change.previous ? { previous: connectionRef(change.previous) } : {}),
          connections: change.connections.map(connectionRef),
        });
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/widget-api\/connections\/([^/]+)$/,
      names: api,
      handle(request) {
        const record = session(request, 'multibrand');
        const change = ctx.store.disconnect(record.environment, record.userId, request.params[0] ?? '');
        ctx.webhooks.emit(connectionChanged('removed', record.userId, change));
        sendJson(request.res, 200, { program: programRef(change.connection.programId), connections: change.connections.map(connectionRef) });
      },
    },
  ];
}
