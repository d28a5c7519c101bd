/**
 * What the simulated API writes, in the shapes Cosmo's published API reference documents, and which documented version of each
 * shape it writes. The newest version is the default; the older ones are one option (or control call) away, so a
 * client can be tested against every version Cosmo has published.
 */
import { SimulatorError, SimulatorErrorCode } from './errors.js';
import { BUSINESS_PROFILE, PRICE_CURRENCY, findProgram } from './programs.js';
import type { SimulatedProgram } from './programs.js';
import type { Transaction } from './store.js';

/** Which documented version of each response shape the simulator writes. */
export interface WireVersions {
  /**
   * The access-token answer: `newest` `{access_token, expires_in, token_type}`, `camelCase` `{accessToken, expiresIn}`,
   * `accessToken` `{accessToken}` (no lifetime), `token` `{token}` (the earliest).
   */
  accessToken: 'newest' | 'camelCase' | 'accessToken' | 'token';
  /** Program prices: `string` (newest, `"0.025"`) or `number` (the version before, `0.025`). */
  prices: 'string' | 'number';
  /** The business profile: `newest` (every field), `older` `{name, programId}`, `oldest` `{businessName, currency}`. */
  profile: 'newest' | 'older' | 'oldest';
}

/** The newest documented version of everything. */
export const DEFAULT_WIRE_VERSIONS: Readonly<WireVersions> = Object.freeze({ accessToken: 'newest', prices: 'string', profile: 'newest' });

const CHOICES: { [K in keyof WireVersions]: readonly WireVersions[K][] } = {
  accessToken: ['newest', 'camelCase', 'accessToken', 'token'],
  prices: ['string', 'number'],
  profile: ['newest', 'older', 'oldest'],
};

/**
 * Validates a partial {@link WireVersions} from untrusted input and merges it over `base`.
 * @throws {SimulatorError} `invalid-option`
 */
export function mergeWireVersions(base: Readonly<WireVersions>, input: unknown): WireVersions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new SimulatorError(SimulatorErrorCode.InvalidOption, 'wire versions: expected an object {accessToken?, prices?, profile?}');
  const merged: WireVersions = { ...base };
  for (const [key, value] of Object.entries(input)) {
    const choices = (CHOICES as Record<string, readonly string[]>)[key];
    if (!choices) throw new SimulatorError(SimulatorErrorCode.InvalidOption, `wire versions: unknown key "${key.slice(0, 40)}" (accessToken, prices, profile)`);
    if (!choices.includes(value as string)) throw new SimulatorError(SimulatorErrorCode.InvalidOption, `wire versions: ${key} must be one of ${choices.join(', ')}`);
    (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/** The access-token answer in the chosen version. */
export function accessTokenBody(version: WireVersions['accessToken'], token: string, ttlSeconds: number): Record<string, unknown> {
  switch (version) {
    case 'camelCase':
      return { accessToken: token, expiresIn: ttlSeconds };
    case 'accessToken':
      return { accessToken: token };
    case 'token':
      return { token };
    default:
      return { access_token: token, expires_in: ttlSeconds, token_type: 'Bearer' };
  }
}

/** The business profile in the chosen version. */
export function profileBody(version: WireVersions['profile']): Record<string, unknown> {
  if (version === 'oldest') return { businessName: BUSINESS_PROFILE.name, currency: BUSINESS_PROFILE.localCurrency };
  if (version === 'older') return { name: BUSINESS_PROFILE.name, programId: BUSINESS_PROFILE.programId };
  return { ...BUSINESS_PROFILE };
}

/** One program of the programs list, newest documented fields, prices in the chosen version. */
export function programBody(program: SimulatedProgram, prices: WireVersions['prices']): Record<string, unknown> {
  const price = prices === 'number' ? Number(program.pricePerPoint) : program.pricePerPoint;
  return {
    id: program.id,
    name: program.name,
    businessName: program.businessName,
    logo: `https://cdn.cosmo-sim.invalid/logos/${program.id}.svg`,
    industry: program.category,
    termsAndConditionsUrl: `https://cdn.cosmo-sim.invalid/terms/${program.id}`,
    brandDescription: `${program.name}: earn ${program.pointsName} with ${program.businessName}.`,
    programCurrency: program.programCurrency,
    // The organisation's currency is USD, so the three prices agree here.
    pricePerPointInUsd: price,
    pricePerPointInLocalCurrency: price,
    pricePerPoint: price,
    minAmountOfPoints: program.minAmountOfPoints,
    maxAmountOfPoints: program.maxAmountOfPoints,
    minValue: program.minValue,
    maxValue: program.maxValue,
    localCurrency: PRICE_CURRENCY,
  };
}

/**
 * A program's destination-user fields (guess: Cosmo documents the operation, not its shape): a bare array of
 * `{name, required, label, type}`, one entry per documented field.
 */
export function programFieldsBody(program: SimulatedProgram): Record<string, unknown>[] {
  return [
    { name: 'destinationUserId', required: program.requiredFields.includes('destinationUserId'), label: `${program.name} member number`, type: 'string' },
    { name: 'destinationUserEmail', required: program.requiredFields.includes('destinationUserEmail'), label: 'Email address', type: 'email' },
  ];
}

/** The answer of `POST /transactions`, as documented: `{id, totalPoints, referenceNumber, date}`. */
export function issuedBody(transaction: Transaction): Record<string, unknown> {
  return { id: transaction.id, totalPoints: transaction.points, referenceNumber: transaction.referenceNumber, date: transaction.createdAt };
}

/**
 * A transaction as list and get document it: `id, referenceNumber, sourceValue, description, createdAt,
 * pointTransactions: [{destinationNumberOfPoints (a string), type}], partnership: {destination: {name, programId}}`.
 */
export function transactionRecordBody(transaction: Transaction): Record<string, unknown> {
  return {
    id: transaction.id,
    referenceNumber: transaction.referenceNumber,
    sourceValue: transaction.amount.value,
    description: transaction.description ?? null,
    createdAt: transaction.createdAt,
    pointTransactions: [{ destinationNumberOfPoints: String(transaction.points), type: transaction.bonus ? 'bonus' : 'regular' }],
    partnership: { destination: { name: findProgram(transaction.programId)?.name ?? transaction.programId, programId: transaction.programId } },
  };
}
