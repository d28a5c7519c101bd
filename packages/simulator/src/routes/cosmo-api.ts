/**
 * The Cosmo partner API as its published reference documents it: client-credentials auth, the business profile,
 * programs with prices and limits, program fields, member validation, preview, issuing points with a unique
 * `referenceNumber`, listing and getting transactions; and the two widget-token endpoints. Each route's method and
 * path come from the one operations table the server's client uses (`COSMO_API_OPERATIONS`). Server-to-server only:
 * no CORS.
 */
import type { WidgetKind } from '@cosmopoints/protocol';
import {
  COSMO_API_OPERATIONS,
  COSMO_API_PATHS,
  accessTokenRequestSchema,
  issuePointsRequestSchema,
  pathPattern,
  previewTransactionRequestSchema,
  validateMemberRequestSchema,
  widgetTokenRequestSchema,
} from '@cosmopoints/protocol/cosmo-api';
import type { CosmoApiOperationName } from '@cosmopoints/protocol/cosmo-api';
import type { SimulatorContext } from '../context.js';
import { SimulatorError, SimulatorErrorCode } from '../errors.js';
import { transactionConfirmed } from '../events.js';
import { ROUTES } from '../faults.js';
import type { RouteName } from '../faults.js';
import { parseBody, readJson } from '../http.js';
import type { Route, RouteRequest } from '../http.js';
import { bearerToken, sendJson } from '../internal/http.js';
import { PROGRAMS, findProgram } from '../programs.js';
import type { SimulatedProgram } from '../programs.js';
import type { ClientCredentials } from '../store.js';
import { accessTokenBody, issuedBody, profileBody, programBody, programFieldsBody, transactionRecordBody } from '../wire.js';

/** The widget-token paths, per widget kind (purchase → point-exchange; the server README explains the guide's swap). */
export const WIDGET_TOKEN_PATHS: Readonly<Record<WidgetKind, string>> = COSMO_API_PATHS.widgetTokens;

/** Epoch seconds of a list query parameter: required, exactly 10 digits (the documented format). */
function epochSeconds(url: URL, name: string): number {
  const value = url.searchParams.get(name);
  if (value === null || !/^\d{10}$/.test(value)) throw new SimulatorError(SimulatorErrorCode.InvalidRequest, `${name} is required: epoch seconds, 10 digits`);
  return Number(value);
}

/** The Cosmo API routes. */
export function cosmoApiRoutes(ctx: SimulatorContext): Route[] {
  /** The client (organisation) a bearer access token belongs to. */
  const client = (request: RouteRequest): Required<ClientCredentials> => ctx.store.clientOfAccessToken(bearerToken(request.req), request.environment);
  /** An enabled program named in the path. */
  const program = (request: RouteRequest): SimulatedProgram => {
    const found = findProgram(request.params[0] ?? '');
    if (!found) throw new SimulatorError(SimulatorErrorCode.ProgramNotFound, `no program ${request.params[0]}`);
    if (!found.active) throw new SimulatorError(SimulatorErrorCode.ProgramInactive, `${found.name} is not enabled for this organisation`);
    return found;
  };
  /** The route of an operation of the table, logged and faulted under `name`. */
  const operation = (operationName: CosmoApiOperationName, name: RouteName, handle: Route['handle']): Route => {
    const { method, path } = COSMO_API_OPERATIONS[operationName];
    return { method, pattern: pathPattern(path), names: [name], handle };
  };

  const widgetToken = (widget: WidgetKind): Route =>
    operation(`${widget}WidgetToken`, ROUTES.WidgetToken, async ({ req, res, environment }) => {
      const body = parseBody(widgetTokenRequestSchema, await readJson(req));
      // Bearer access token (the default of @cosmopoints/server), or the client credentials in the body.
      const bearer = bearerToken(req);
      const owner =
        bearer || body.clientId === undefined || body.clientSecret === undefined
          ? ctx.store.clientOfAccessToken(bearer, environment)
          : ctx.store.authenticateClient(body.clientId, body.clientSecret, environment);
      const record = ctx.store.issueWidgetToken(owner, widget, body.userId, ctx.widgetTokenTtlSeconds);
      sendJson(res, 200, { token: record.token, expiresIn: ctx.widgetTokenTtlSeconds, expiresAt: new Date(record.expiresAt).toISOString() });
    });

  return [
    operation('accessToken', ROUTES.AccessToken, async ({ req, res, environment }) => {
      const body = parseBody(accessTokenRequestSchema, await readJson(req));
      const owner = ctx.store.authenticateClient(body.clientId, body.clientSecret, environment);
      const record = ctx.store.issueAccessToken(owner, ctx.accessTokenTtlSeconds);
      sendJson(res, 200, accessTokenBody(ctx.wire.current.accessToken, record.token, ctx.accessTokenTtlSeconds));
    }),
    widgetToken('purchase'),
    widgetToken('multibrand'),
    operation('profile', ROUTES.Profile, (request) => {
      client(request);
      sendJson(request.res, 200, profileBody(ctx.wire.current.profile));
    }),
    operation('programs', ROUTES.Programs, (request) => {
      client(request);
      // "All your enabled partner programs": a bare array, disabled ones left out.
      sendJson(request.res, 200, PROGRAMS.filter((entry) => entry.active).map((entry) => programBody(entry, ctx.wire.current.prices)));
    }),
    operation('programFields', ROUTES.ProgramFields, (request) => {
      client(request);
      sendJson(request.res, 200, programFieldsBody(program(request)));
    }),
    operation('validateMember', ROUTES.ValidateMember, async (request) => {
      client(request);
      const partner = program(request);
      const body = parseBody(validateMemberRequestSchema, await readJson(request.req));
      const missing = partner.requiredFields.find((field) => body[field] === undefined);
      if (missing) throw new SimulatorError(SimulatorErrorCode.MemberFieldRequired, `${partner.name} requires ${missing}`);
      const email = body.destinationUserEmail?.toLowerCase();
      const isValid = partner.members.some(
        (member) =>
          (body.destinationUserId === undefined || member.destinationUserId === body.destinationUserId) &&
          (email === undefined || member.destinationUserEmail === email),
      );
      sendJson(request.res, 200, { isValid });
    }),
    operation('previewTransaction', ROUTES.PreviewTransaction, async (request) => {
      client(request);
      const body = parseBody(previewTransactionRequestSchema, await readJson(request.req));
      sendJson(request.res, 200, { totalPoints: ctx.store.quote(body.programId, body.value).points });
    }),
    operation('issuePoints', ROUTES.Transactions, async (request) => {
      const owner = client(request);
      const body = parseBody(issuePointsRequestSchema, await readJson(request.req));
      const transaction = ctx.store.issue({ ...body, clientId: owner.clientId, environment: owner.environment });
      ctx.webhooks.emit(transactionConfirmed(transaction));
      sendJson(request.res, 201, issuedBody(transaction));
    }),
    operation('listTransactions', ROUTES.ListTransactions, ({ req, res, url, environment }) => {
      const owner = ctx.store.clientOfAccessToken(bearerToken(req), environment);
      const start = epochSeconds(url, 'startDate');
      const end = epochSeconds(url, 'endDate');
      if (start > end) throw new SimulatorError(SimulatorErrorCode.InvalidRequest, 'startDate must not be after endDate');
      const programId = url.searchParams.get('programId') ?? undefined;
      const list = ctx.store.listTransactions(owner.clientId, owner.environment, { start, end, ...(programId ? { programId } : {}) });
      sendJson(res, 200, list.map(transactionRecordBody));
    }),
    operation('getTransaction', ROUTES.GetTransaction, (request) => {
      const owner = client(request);
      const key = request.params[0] ?? '';
      const transaction = ctx.store.findTransaction(owner.clientId, owner.environment, key);
      if (!transaction) throw new SimulatorError(SimulatorErrorCode.TransactionNotFound, 'no transaction with this id or reference number');
      sendJson(request.res, 200, transactionRecordBody(transaction));
    }),
  ];
}
