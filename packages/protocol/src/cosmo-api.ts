/**
 * Cosmo API wire format, as DESIGN.md §3 assumes it: every guess about the partner API in one module.
 * Readers are tolerant: snake_case or camelCase keys, and the token field names seen in OAuth-style APIs.
 * The simulator writes these shapes; `@cosmopoints/server` reads them.
 */
import * as z from 'zod';
import { camelizeKeys } from './internal/camelize.js';

/** Camelises every object key (snake_case → camelCase), as the tolerant readers below do; for the other side of the wire. */
export { camelizeKeys };

/** Default paths, relative to the environment's API base. Every one is overridable in the server config. */
export const COSMO_API_PATHS = {
  accessToken: '/auth/token',
  programs: '/programs',
  transactions: '/transactions',
  /**
   * Cosmo's guide lists `/auth/widget/multibrand` under the Purchase widget and `/auth/widget/point-exchange`
   * under the Multibrand widget; its own naming ("Simple Point Exchange" is the purchase widget) says they are
   * swapped. We default to purchase → point-exchange, multibrand → multibrand.
   */
  widgetTokens: { purchase: '/auth/widget/point-exchange', multibrand: '/auth/widget/multibrand' },
} as const;

const tolerant = <T extends z.ZodType>(schema: T) => z.preprocess((value) => camelizeKeys(value), schema);
const expiry = {
  /** Lifetime in seconds from now. */
  expiresIn: z.optional(z.number().positive()),
  /** Absolute expiry: ISO 8601 or Unix seconds. */
  expiresAt: z.optional(z.union([z.iso.datetime({ offset: true }), z.number().positive()])),
};

/** Body of `POST /auth/token` (client-credentials grant). */
export const accessTokenRequestSchema = z.object({
  grantType: z.literal('client_credentials'),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});
export type AccessTokenRequest = z.infer<typeof accessTokenRequestSchema>;

/** Response of `POST /auth/token`: `accessToken` or `access_token`, optional expiry. */
export const accessTokenResponseSchema = tolerant(
  z
    .object({ accessToken: z.optional(z.string().min(1)), token: z.optional(z.string().min(1)), tokenType: z.optional(z.string()), ...expiry })
    .refine((value) => value.accessToken ?? value.token, 'missing accessToken')
    .transform(({ accessToken, token, expiresIn, expiresAt }) => ({ accessToken: (accessToken ?? token)!, expiresIn, expiresAt })),
);
export type AccessTokenResponse = z.output<typeof accessTokenResponseSchema>;

/**
 * Body of `POST /auth/widget/{kind}`: the partner's opaque id for the user. The call is authorised like every
 * classic-flow call, with `Authorization: Bearer <access token>`; a partner whose Cosmo account expects the client
 * credentials in the body instead sends `clientId` and `clientSecret` here (server option `widgetTokenAuth`).
 */
export const widgetTokenRequestSchema = z.object({
  clientId: z.optional(z.string().min(1)),
  clientSecret: z.optional(z.string().min(1)),
  userId: z.string().min(1).max(256),
});
export type WidgetTokenRequest = z.infer<typeof widgetTokenRequestSchema>;

/** Response of `POST /auth/widget/{kind}`: `token`, `accessToken` or `access_token`, optional expiry. */
export const widgetTokenResponseFromCosmoSchema = tolerant(
  z
    .object({ token: z.optional(z.string().min(1)), accessToken: z.optional(z.string().min(1)), ...expiry })
    .refine((value) => value.token ?? value.accessToken, 'missing token')
    .transform(({ token, accessToken, expiresIn, expiresAt }) => ({ token: (token ?? accessToken)!, expiresIn, expiresAt })),
);
export type WidgetTokenFromCosmo = z.output<typeof widgetTokenResponseFromCosmoSchema>;

/** One partner (loyalty program) of the organisation. */
export const cosmoProgramSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  active: z.optional(z.boolean()),
  pointsName: z.optional(z.string()),
});
export type CosmoProgram = z.infer<typeof cosmoProgramSchema>;

/** Response of `GET /programs`: `{programs: [...]}`, `{data: [...]}` or a bare array. */
export const programsResponseSchema = tolerant(
  z
    .union([z.array(cosmoProgramSchema), z.object({ programs: z.array(cosmoProgramSchema) }), z.object({ data: z.array(cosmoProgramSchema) })])
    .transform((value) => (Array.isArray(value) ? value : 'programs' in value ? value.programs : value.data)),
);

/** Body of `POST /transactions`: issue points to a user with a partner. */
export const issuePointsRequestSchema = z.object({
  userId: z.string().min(1).max(256),
  programId: z.string().min(1),
  points: z.number().int().positive(),
  reference: z.optional(z.string().max(256)),
});
export type IssuePointsRequest = z.infer<typeof issuePointsRequestSchema>;

/** A transaction on Cosmo's ledger. */
export const transactionSchema = tolerant(
  z
    .object({
      id: z.optional(z.string().min(1)),
      transactionId: z.optional(z.string().min(1)),
      userId: z.string(),
      programId: z.string(),
      points: z.number(),
      status: z.string(),
      createdAt: z.optional(z.string()),
    })
    .refine((value) => value.id ?? value.transactionId, 'missing id')
    .transform(({ id, transactionId, ...rest }) => ({ id: (id ?? transactionId)!, ...rest })),
);
export type CosmoTransaction = z.output<typeof transactionSchema>;

/** An error body from Cosmo: `{error: {code, message}}` or `{error, message}`; read only for its code. */
export const cosmoErrorSchema = tolerant(
  z.union([
    z.object({ error: z.object({ code: z.string(), message: z.optional(z.string()) }) }),
    z.object({ error: z.string(), message: z.optional(z.string()) }),
  ]),
);
