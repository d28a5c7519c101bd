/**
 * Cosmo's partner API on the wire: every request and response its published API reference documents
 * (field by field), and every guess where the reference is silent, in this one module.
 *
 * - Readers are tolerant: they accept every documented version (snake_case or camelCase keys, `accessToken` /
 *   `access_token` / `token`, prices as strings or numbers, `null` for an absent field) and expose one shape.
 * - Writers send the newest documented form (auth body `client_id`, `client_secret`, `grant_type`), with the older
 *   camelCase auth body one option away.
 * - Guesses (paths other than `POST /transactions`, the shapes of program fields and of the duplicate-reference
 *   answer, list envelopes) are marked `guess` below and listed in the server README; each is overridable there.
 *
 * The simulator writes these shapes; `@cosmopoints/server` reads them.
 */
import * as z from 'zod';
import { camelizeKeys } from './internal/camelize.js';
import type { WidgetKind } from './messages.js';

/** Camelises every object key (snake_case → camelCase), as the tolerant readers below do; for the other side of the wire. */
export { camelizeKeys };

/** One operation of Cosmo's API: its method, its default path, and whether Cosmo's reference documents that path. */
export interface CosmoApiOperation {
  readonly method: 'GET' | 'POST';
  /** Relative to the environment's API base; `{programId}` / `{transactionId}` are filled in, URL-encoded. */
  readonly path: string;
  /** `true` only where Cosmo's API reference names the path; otherwise the path is our guess. */
  readonly documented: boolean;
  /** The widget kind a widget-token operation mints for (its path goes under `paths.widgetTokens`). */
  readonly widget?: WidgetKind;
}

/**
 * Every operation the SDK calls, with its default path: the one table the server's paths, path parameters and
 * `paths` option, and the simulator's routes, are derived from. Only `POST /transactions` is documented (Cosmo's
 * partner guide links to it by name); the other paths are guesses (the captured reference stops before them), so
 * each one is overridable in the server config (`paths`). The two widget-token paths come from the partner guide,
 * which lists them under swapped widgets: which path serves which widget is our reading (purchase is Cosmo's "Simple
 * Point Exchange").
 */
export const COSMO_API_OPERATIONS = {
  /** Client-credentials authentication. */
  accessToken: { method: 'POST', path: '/auth/token', documented: false },
  /** The organisation's business profile. */
  profile: { method: 'GET', path: '/business-info', documented: false },
  /** The enabled partner programs, with prices and limits. */
  programs: { method: 'GET', path: '/programs', documented: false },
  /** The destination-user fields a program requires. */
  programFields: { method: 'GET', path: '/programs/{programId}/fields', documented: false },
  /** Whether a user is a member of a program (the program is not in the documented body, so it goes in the path). */
  validateMember: { method: 'POST', path: '/programs/{programId}/validate-member', documented: false },
  /** The points a fiat value buys with a program. */
  previewTransaction: { method: 'POST', path: '/transactions/preview', documented: false },
  /** Issue points: documented. */
  issuePoints: { method: 'POST', path: '/transactions', documented: true },
  /** Transactions in an interval (`startDate`, `endDate`, optional `programId` in the query). */
  listTransactions: { method: 'GET', path: '/transactions', documented: false },
  /** One transaction, by Cosmo's id or by the partner's reference number. */
  getTransaction: { method: 'GET', path: '/transactions/{transactionId}', documented: false },
  /** Widget token for the purchase widget ("Simple Point Exchange"). */
  purchaseWidgetToken: { method: 'POST', path: '/auth/widget/point-exchange', documented: false, widget: 'purchase' },
  /** Widget token for the multibrand widget. */
  multibrandWidgetToken: { method: 'POST', path: '/auth/widget/multibrand', documented: false, widget: 'multibrand' },
} as const satisfies Record<string, CosmoApiOperation>;

/** Name of an operation in {@link COSMO_API_OPERATIONS}. */
export type CosmoApiOperationName = keyof typeof COSMO_API_OPERATIONS;

type Operations = typeof COSMO_API_OPERATIONS;
/** The widget-token operations (their paths go under `widgetTokens`, by widget kind). */
type WidgetTokenOperation = { [K in CosmoApiOperationName]: Operations[K] extends { widget: WidgetKind } ? K : never }[CosmoApiOperationName];
/** Every other operation: one path each. */
type PathOperation = Exclude<CosmoApiOperationName, WidgetTokenOperation>;

/** The placeholders of a path template, as a union: `'programId'` for `/programs/{programId}/fields`. */
export type PathParameterName<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParameterName<Rest> : never;

/** The placeholders of a path template, in order: `['programId']` for `/programs/{programId}/fields`. */
export const pathParameters = (template: string): string[] => Array.from(template.matchAll(/\{(\w+)\}/g), (match) => match[1]!);

const rows = Object.entries(COSMO_API_OPERATIONS) as [CosmoApiOperationName, CosmoApiOperation][];

/**
 * Default paths, relative to the environment's API base, in the shape of the server's `paths` option: one per
 * operation, and the widget-token paths by widget kind under `widgetTokens`. Derived from {@link COSMO_API_OPERATIONS}.
 */
export const COSMO_API_PATHS = {
  ...Object.fromEntries(rows.filter(([, operation]) => operation.widget === undefined).map(([name, operation]) => [name, operation.path])),
  widgetTokens: Object.fromEntries(rows.flatMap(([, operation]) => (operation.widget === undefined ? [] : [[operation.widget, operation.path]]))),
} as { readonly [K in PathOperation]: Operations[K]['path'] } & {
  readonly widgetTokens: { readonly [K in WidgetTokenOperation as Operations[K]['widget']]: Operations[K]['path'] };
};

/** The placeholders each path template must contain, by operation (only the operations that have some). */
export const PATH_PARAMETERS = Object.fromEntries(
  rows.flatMap(([name, operation]) => (pathParameters(operation.path).length > 0 ? [[name, pathParameters(operation.path)]] : [])),
) as Readonly<Partial<Record<PathOperation, readonly string[]>>>;

/** Fills `{name}` placeholders of a path template with URL-encoded values. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? encodeURIComponent(params[name]!) : whole));
}

/** An anchored pattern matching a path template; each placeholder becomes one captured, non-empty path segment. */
export function pathPattern(template: string): RegExp {
  const source = template
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('([^/?#]+)');
  return new RegExp(`^${source}$`);
}

/** Lifetime of an access token when Cosmo's answer does not say: "every token is valid for 10 minutes". */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 600;

/** Longest `referenceNumber` the SDK sends (our bound; Cosmo documents none). */
export const REFERENCE_NUMBER_MAX_LENGTH = 128;
/**
 * A reference number: 1 to {@link REFERENCE_NUMBER_MAX_LENGTH} printable ASCII characters, no whitespace (an order id
 * such as `ORD/2026/0001` fits; it is URL-encoded where it goes in a path).
 */
export const REFERENCE_NUMBER_PATTERN = /^[\x21-\x7e]{1,128}$/;

/**
 * How Cosmo answers an issue with a `referenceNumber` it already holds. Guess: Cosmo documents the reference as
 * unique but not the answer. The simulator answers this status with this code and the existing `transactionId`; the
 * client treats any 409 from `POST /transactions` as "maybe a duplicate" and fetches the transaction by reference.
 */
export const DUPLICATE_REFERENCE = { status: 409, code: 'duplicate-reference-number' } as const;

// ─── readers' building blocks ────────────────────────────────────────────────────────────────────────────────────

/** Drops `null`-valued keys (read as absent), recursively; the reference shows optional fields as `null` at times. */
function withoutNulls(value: unknown, depth = 0): unknown {
  if (depth > 20 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => withoutNulls(item, depth + 1));
  return Object.fromEntries(Object.entries(value).flatMap(([key, item]) => (item === null ? [] : [[key, withoutNulls(item, depth + 1)]])));
}

const tolerant = <T extends z.ZodType>(schema: T) => z.preprocess((value) => withoutNulls(camelizeKeys(value)), schema);

/** An identifier: a non-empty string, or an integer (read as its decimal string). */
const identifier = z.union([z.string().min(1).max(256), z.number().int().nonnegative().transform(String)], {
  error: 'expected an id: a non-empty string of at most 256 characters',
});

/** A count (points, limits, fiat values): a finite number ≥ 0, or a string of one. */
const count = z.union([
  z.number().finite().nonnegative(),
  z
    .string()
    .regex(/^\s*\d+(\.\d+)?\s*$/, 'expected a number')
    .transform(Number),
]);

/** Writes a non-negative number as a plain decimal string, never in exponent form (`1e-7` → `"0.0000001"`). */
export function toDecimalString(value: number): string {
  const text = String(value);
  const exponent = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/i.exec(text);
  if (!exponent) return text;
  const [, whole = '', fraction = '', power = '0'] = exponent;
  const digits = whole + fraction;
  const point = whole.length + Number(power);
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`.replace(/0+$/, '');
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Canonical decimal string: no leading zeros, no trailing fractional zeros (`"0.10"` → `"0.1"`, `".5"` → `"0.5"`). */
function canonicalDecimal(text: string): string {
  const [whole = '', fraction = ''] = text.trim().split('.');
  const integer = whole.replace(/^0+(?=\d)/, '') || '0';
  const decimals = fraction.replace(/0+$/, '');
  return decimals ? `${integer}.${decimals}` : integer;
}

/**
 * A price: a decimal string or a number (both are documented), exposed as a canonical decimal string so that no
 * binary rounding creeps in (`0.1` and `"0.10"` both read as `"0.1"`).
 */
const price = z.union([
  z.string().regex(/^\s*(\d+(\.\d*)?|\.\d+)\s*$/, 'expected a decimal price').transform(canonicalDecimal),
  z.number().finite().nonnegative().transform((value) => canonicalDecimal(toDecimalString(value))),
]);

/** A date Cosmo sent: kept as its string, or an epoch number (seconds, or milliseconds when 13 digits) as ISO 8601. */
const date = z.union([
  z.string().min(1),
  z
    .number()
    .finite()
    .positive()
    .transform((value) => new Date(value < 1e11 ? value * 1000 : value).toISOString()),
]);

const text = z.string();

// ─── authentication ──────────────────────────────────────────────────────────────────────────────────────────────

/** Which body the access-token request sends: the newest documented form, or the older camelCase one. */
export type AuthRequestStyle = 'snake_case' | 'camelCase';

/**
 * The access-token request body. Newest documented form: `{client_id, client_secret, grant_type: "client_credentials"}`;
 * older: `{clientId, clientSecret}` (no grant type), still documented on the newest page.
 */
export function accessTokenRequestBody(credentials: { clientId: string; clientSecret: string }, style: AuthRequestStyle = 'snake_case'): Record<string, string> {
  return style === 'camelCase'
    ? { clientId: credentials.clientId, clientSecret: credentials.clientSecret }
    : { client_id: credentials.clientId, client_secret: credentials.clientSecret, grant_type: 'client_credentials' };
}

/** Reads an access-token request in either documented form (for the simulator). */
export const accessTokenRequestSchema = tolerant(
  z.object({
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    grantType: z.optional(z.literal('client_credentials')),
  }),
);
export type AccessTokenRequest = z.output<typeof accessTokenRequestSchema>;

const expiry = {
  /** Lifetime in seconds from now. */
  expiresIn: z.optional(z.union([z.number().positive(), z.string().regex(/^\s*\d+\s*$/).transform(Number)])),
  /** Absolute expiry: ISO 8601 or Unix seconds. */
  expiresAt: z.optional(z.union([z.iso.datetime({ offset: true }), z.number().positive()])),
};

/**
 * The access-token response, every documented version: `{access_token, expires_in, token_type}` (newest),
 * `{accessToken, expiresIn}`, `{accessToken}`, `{token}` (earliest). Read as `{accessToken, expiresIn?, expiresAt?}`.
 */
export const accessTokenResponseSchema = tolerant(
  z
    .object({ accessToken: z.optional(z.string().min(1)), token: z.optional(z.string().min(1)), tokenType: z.optional(z.string()), ...expiry })
    .refine((value) => value.accessToken ?? value.token, 'missing access_token')
    .transform(({ accessToken, token, expiresIn, expiresAt, tokenType }) => ({
      accessToken: (accessToken ?? token)!,
      ...(expiresIn === undefined ? {} : { expiresIn }),
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...(tokenType === undefined ? {} : { tokenType }),
    })),
);
export type AccessTokenResponse = z.output<typeof accessTokenResponseSchema>;

// ─── widget tokens (guess: not in the reference) ─────────────────────────────────────────────────────────────────

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

// ─── business profile ────────────────────────────────────────────────────────────────────────────────────────────

const optionalText = z.optional(text);

/**
 * The business profile, every documented version: newest (`name, programId, programName, legalEntity, …`), older
 * `{name, programId}`, oldest `{businessName, currency}`. `name` is read from `name` or `businessName`,
 * `localCurrency` from `localCurrency` or `currency`.
 */
export const businessProfileSchema = tolerant(
  z
    .object({
      name: optionalText,
      businessName: optionalText,
      programId: z.optional(identifier),
      programName: optionalText,
      legalEntity: optionalText,
      logo: optionalText,
      industry: optionalText,
      country: optionalText,
      address: optionalText,
      city: optionalText,
      zipCode: z.optional(z.union([text, z.number().transform(String)])),
      localCurrency: optionalText,
      currency: optionalText,
      technicalContact: optionalText,
      technicalContactEmail: optionalText,
      billingContact: optionalText,
      billingContactEmail: optionalText,
      countryCode: optionalText,
      phone: z.optional(z.union([text, z.number().transform(String)])),
    })
    .refine((value) => value.name ?? value.businessName, 'missing name')
    .transform(({ name, businessName, currency, localCurrency, ...rest }) => defined({ name: (name ?? businessName)!, ...rest, localCurrency: localCurrency ?? currency })),
);
/** The organisation's business profile; only `name` is in every version. */
export type CosmoBusinessProfile = z.output<typeof businessProfileSchema>;

/** `T` with every key that may be `undefined` made optional. */
type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & { [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined> };
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Drops keys whose value is `undefined`, so results compare and print cleanly. */
function defined<T extends object>(value: T): Simplify<Defined<T>> {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as Simplify<Defined<T>>;
}

// ─── programs ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * One enabled partner program, newest documented fields. Prices (`pricePerPoint*`) are decimal strings whatever
 * Cosmo sent (strings in the newest version, numbers before); limits are numbers. Fields the reference lists beyond
 * these are dropped.
 */
export const cosmoProgramSchema = tolerant(
  z
    .object({
      id: identifier,
      name: text,
      businessName: optionalText,
      logo: optionalText,
      industry: optionalText,
      termsAndConditionsUrl: optionalText,
      brandDescription: optionalText,
      programCurrency: optionalText,
      localCurrency: optionalText,
      /** Price of one point in the organisation's currency: what `value` buys (`totalPoints = value / pricePerPoint`). */
      pricePerPoint: z.optional(price),
      pricePerPointInUsd: z.optional(price),
      pricePerPointInLocalCurrency: z.optional(price),
      minAmountOfPoints: z.optional(count),
      maxAmountOfPoints: z.optional(count),
      minValue: z.optional(count),
      maxValue: z.optional(count),
    })
    .transform(defined),
);
/** A partner program: prices as decimal strings, limits as numbers. */
export type CosmoProgram = z.output<typeof cosmoProgramSchema>;

/** The programs list: a bare array (documented); `{programs: […]}` and `{data: […]}` are read too. */
export const programsResponseSchema = tolerant(
  z
    .union([z.array(cosmoProgramSchema), z.object({ programs: z.array(cosmoProgramSchema) }), z.object({ data: z.array(cosmoProgramSchema) })])
    .transform((value) => (Array.isArray(value) ? value : 'programs' in value ? value.programs : value.data)),
);

/** The destination-user fields a program can require (documented names). */
export const DESTINATION_USER_FIELDS = ['destinationUserId', 'destinationUserEmail'] as const;

const programField = z
  .object({
    name: optionalText,
    field: optionalText,
    key: optionalText,
    required: z.optional(z.boolean()),
    label: optionalText,
    type: optionalText,
  })
  .refine((value) => value.name ?? value.field ?? value.key, 'missing field name')
  .transform(({ name, field, key, required, label, type }) => defined({ name: (name ?? field ?? key)!, required: required ?? true, label, type }));

/**
 * Program fields (guess: the reference names the operation, not its shape). Read from a bare array of
 * `{name, required?, label?, type?}` (`field` or `key` for `name`; `required` defaults to true), `{fields: […]}`,
 * or a map `{destinationUserId: true, destinationUserEmail: false}` of field → required.
 */
export const programFieldsResponseSchema = tolerant(
  z
    .union([
      z.array(programField),
      z.object({ fields: z.array(programField) }),
      z
        .partialRecord(z.enum(DESTINATION_USER_FIELDS), z.boolean())
        .refine((map) => Object.keys(map).length > 0, 'no field')
        .transform((map) => Object.entries(map).map(([name, required]) => ({ name, required: required! }))),
    ])
    .transform((value) => (Array.isArray(value) ? value : value.fields)),
);
/** One destination-user field of a program: its name (e.g. `destinationUserEmail`) and whether it is required. */
export type CosmoProgramField = z.output<typeof programField>;

// ─── member validation, preview ──────────────────────────────────────────────────────────────────────────────────

/** Body of member validation: `destinationUserId` and/or `destinationUserEmail` (which one depends on the program). */
export const validateMemberRequestSchema = tolerant(
  z
    .object({
      destinationUserId: z.optional(z.string({ error: 'expected a string' }).min(1, 'expected a non-empty string').max(256, 'expected at most 256 characters')),
      destinationUserEmail: z.optional(z.string({ error: 'expected a string' }).max(320, 'expected at most 320 characters').regex(/^[^\s@]+@[^\s@]+$/, 'expected an email address')),
    })
    .refine((value) => value.destinationUserId !== undefined || value.destinationUserEmail !== undefined, 'destinationUserId or destinationUserEmail is required'),
);
export type ValidateMemberRequest = z.output<typeof validateMemberRequestSchema>;

/** Member validation answer: `{isValid}`. */
export const validateMemberResponseSchema = tolerant(z.object({ isValid: z.boolean() }));
export type ValidateMemberResponse = z.output<typeof validateMemberResponseSchema>;

/** A fiat value: an integer amount in the organisation's configured currency (documented). */
const VALUE_MESSAGE = 'expected a positive integer: a fiat amount in your organisation’s currency, not a number of points';
const value = z.number({ error: VALUE_MESSAGE }).int(VALUE_MESSAGE).positive(VALUE_MESSAGE).max(Number.MAX_SAFE_INTEGER, VALUE_MESSAGE);

/** Body of the preview: `{programId, value}`. */
export const previewTransactionRequestSchema = tolerant(z.object({ programId: identifier, value }));
export type PreviewTransactionRequest = z.output<typeof previewTransactionRequestSchema>;

/** Preview answer: `{totalPoints}`. */
export const previewTransactionResponseSchema = tolerant(z.object({ totalPoints: count }));
export type PreviewTransactionResponse = z.output<typeof previewTransactionResponseSchema>;

// ─── transactions ────────────────────────────────────────────────────────────────────────────────────────────────

/** Body of `POST /transactions` (documented): fiat `value`, destination `userId`, unique `referenceNumber`. */
export const issuePointsRequestSchema = tolerant(
  z.object({
    programId: identifier,
    value,
    userId: z.string({ error: 'expected the user’s id with the program (a string)' }).min(1, 'expected a non-empty string').max(256, 'expected at most 256 characters'),
    referenceNumber: z.string({ error: 'expected a string: your unique reference for this transaction' }).regex(REFERENCE_NUMBER_PATTERN, 'expected 1 to 128 printable ASCII characters without whitespace'),
    description: z.optional(z.string({ error: 'expected a string' }).max(500, 'expected at most 500 characters')),
    bonus: z.optional(z.boolean({ error: 'expected a boolean' })),
  }),
);
export type IssuePointsRequest = z.output<typeof issuePointsRequestSchema>;

/** Answer of `POST /transactions` (documented): `{id, totalPoints, referenceNumber, date}`. */
export const issuePointsResponseSchema = tolerant(z.object({ id: identifier, totalPoints: count, referenceNumber: z.string().min(1), date }));
/** An issued transaction: Cosmo's id, the points created, your reference, and when. */
export type IssuedTransaction = z.output<typeof issuePointsResponseSchema>;

/**
 * One transaction as the list and get operations document it: `id, referenceNumber, sourceValue, description,
 * createdAt, pointTransactions: [{destinationNumberOfPoints, type}], partnership: {destination: {name, programId}}`.
 * `destinationNumberOfPoints` (a string on the wire) reads as a number; `totalPoints` is their sum.
 */
export const transactionRecordSchema = tolerant(
  z
    .object({
      id: identifier,
      referenceNumber: optionalText,
      sourceValue: z.optional(count),
      description: optionalText,
      createdAt: date,
      pointTransactions: z.optional(z.array(z.object({ destinationNumberOfPoints: count, type: optionalText }).transform(defined))),
      partnership: z.optional(z.object({ destination: z.optional(z.object({ name: optionalText, programId: z.optional(identifier) }).transform(defined)) })),
    })
    .transform(({ pointTransactions = [], ...rest }) =>
      defined({ ...rest, pointTransactions, totalPoints: pointTransactions.reduce((sum, entry) => sum + entry.destinationNumberOfPoints, 0) }),
    ),
);
/** A transaction read back from Cosmo (list or get). */
export type CosmoTransaction = z.output<typeof transactionRecordSchema>;

/** The transactions list: a bare array; `{transactions: […]}` and `{data: […]}` are read too (guess: not documented). */
export const transactionListResponseSchema = tolerant(
  z
    .union([z.array(transactionRecordSchema), z.object({ transactions: z.array(transactionRecordSchema) }), z.object({ data: z.array(transactionRecordSchema) })])
    .transform((list) => (Array.isArray(list) ? list : 'transactions' in list ? list.transactions : list.data)),
);

/** One transaction: the record itself; `{transaction: …}` and `{data: …}` are read too (guess: not documented). */
export const transactionResponseSchema = tolerant(
  z
    .union([z.object({ transaction: transactionRecordSchema }), z.object({ data: transactionRecordSchema }), transactionRecordSchema])
    .transform((body) => ('transaction' in body ? body.transaction : 'data' in body ? body.data : body)),
);

// ─── errors (guess) ──────────────────────────────────────────────────────────────────────────────────────────────

/** An error body from Cosmo: `{error: {code, message}}` or `{error, message}`; read only for its code (guess). */
export const cosmoErrorSchema = tolerant(
  z.union([
    z.object({ error: z.object({ code: z.string(), message: z.optional(z.string()) }) }),
    z.object({ error: z.string(), message: z.optional(z.string()) }),
  ]),
);
