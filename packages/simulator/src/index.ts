/**
 * @cosmopoints/simulator: a local stand-in for Cosmo (its partner API, its two widget apps on their own
 * origin, signed webhook delivery) with a control API for tests, and the `cosmo-sim` CLI.
 */
export { DEFAULT_CLIENTS, DEFAULT_WEBHOOK_SECRET, startSimulator } from './simulator.js';
export type { Simulator, SimulatorOptions } from './simulator.js';
export type { SimulatorControl, TokenKind, WebhookControlOptions } from './control.js';
export { ApiErrorCode, SimulatorError, SimulatorErrorCode } from './errors.js';
export type { SimulatorErrorOptions } from './errors.js';
export { ROUTES } from './faults.js';
export type { FailRule, RouteName } from './faults.js';
export type { RequestLogEntry } from './request-log.js';
export { DEFAULT_WEBHOOK_RETRY, DELIVERY_OUTCOMES, backoffDelay } from './webhooks.js';
export type { DeliveryLogEntry, DeliveryOutcome, WebhookEventRecord, WebhookRetryOptions } from './webhooks.js';
export { BUSINESS_PROFILE, INITIAL_CONNECTION_PROGRAM_ID, MAX_POINTS_PER_TRANSACTION, PRICE_CURRENCY, PROGRAMS, pointsFor } from './programs.js';
export type { MemberField, SimulatedMember, SimulatedProgram } from './programs.js';
export { DEFAULT_WIRE_VERSIONS } from './wire.js';
export type { WireVersions } from './wire.js';
export type { ClientCredentials, Connection, Transaction } from './store.js';
export { SIGN_IN_TTL_SECONDS, SignInStatus } from './sign-ins.js';
export type { SignIn, SignInOwner } from './sign-ins.js';
export { WIDGET_TOKEN_PATHS } from './routes/cosmo-api.js';
