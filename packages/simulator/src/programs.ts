/**
 * The simulator's organisation: its business profile and a fixed, deterministic set of partner programs with prices,
 * limits, required member fields and seeded members, so tests and the demo can name them. `prog_decline` is a test
 * fixture like Stripe's decline cards: every transaction with it fails.
 */

/** A destination-user field a program can require (the names Cosmo's reference documents). */
export type MemberField = 'destinationUserId' | 'destinationUserEmail';

/** A member of a partner program, as member validation checks them. */
export interface SimulatedMember {
  /** The member's id with the program (e.g. a frequent-flyer number). */
  readonly destinationUserId: string;
  readonly destinationUserEmail: string;
}

/** A partner loyalty program as the simulator holds it. */
export interface SimulatedProgram {
  /** Stable id, e.g. `prog_skyair`. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** The partner company behind the program. */
  readonly businessName: string;
  /** What the program's points are called. */
  readonly pointsName: string;
  /** Disabled programs are not listed and refuse transactions and connections (409 `program-inactive`). */
  readonly active: boolean;
  /** Sector, for display. */
  readonly category: 'airline' | 'hotel' | 'retail' | 'rail' | 'test';
  /** The program's own currency. */
  readonly programCurrency: string;
  /** Price of one point in {@link PRICE_CURRENCY}, a decimal string: `totalPoints = floor(value / pricePerPoint)`. */
  readonly pricePerPoint: string;
  /** Smallest and largest fiat `value` one transaction may carry, in {@link PRICE_CURRENCY}. */
  readonly minValue: number;
  readonly maxValue: number;
  /** Fewest and most points one API transaction may create. */
  readonly minAmountOfPoints: number;
  readonly maxAmountOfPoints: number;
  /** The destination-user fields member validation requires. */
  readonly requiredFields: readonly MemberField[];
  /** The program's seeded members. */
  readonly members: readonly SimulatedMember[];
  /** Every transaction is declined (test fixture); not offered by the multibrand widget. */
  readonly declines: boolean;
  /**
   * The user must sign in with the program (on its own page, outside the widget) before the multibrand widget may
   * connect it: the widget API refuses the connection without a completed sign-in (403 `sign-in-required`).
   */
  readonly signInRequired: boolean;
}

/** The organisation's configured currency: every `value` and price is in it. */
export const PRICE_CURRENCY = 'USD';
/** Most points one purchase in the purchase widget may carry. */
export const MAX_POINTS_PER_TRANSACTION = 1_000_000;

const ADA = { destinationUserEmail: 'ada@example.com' };
const GRACE = { destinationUserEmail: 'grace@example.com' };

const limits = { minValue: 1, maxValue: 10_000, minAmountOfPoints: 1, maxAmountOfPoints: MAX_POINTS_PER_TRANSACTION };

/** The seeded programs, in display order. */
export const PROGRAMS: readonly SimulatedProgram[] = Object.freeze([
  {
    id: 'prog_skyair',
    name: 'SkyAir Miles',
    businessName: 'SkyAir',
    pointsName: 'miles',
    active: true,
    category: 'airline',
    programCurrency: 'USD',
    pricePerPoint: '0.025',
    ...limits,
    minAmountOfPoints: 100,
    requiredFields: ['destinationUserId'],
    members: [
      { destinationUserId: 'SKY-100200', ...ADA },
      { destinationUserId: 'SKY-100201', ...GRACE },
    ],
    declines: false,
    signInRequired: false,
  },
  {
    id: 'prog_staywell',
    name: 'StayWell Hotels',
    businessName: 'StayWell Hospitality',
    pointsName: 'points',
    active: true,
    category: 'hotel',
    programCurrency: 'EUR',
    pricePerPoint: '0.008',
    ...limits,
    maxValue: 5_000,
    requiredFields: ['destinationUserEmail'],
    members: [
      { destinationUserId: 'SW-7001', ...ADA },
      { destinationUserId: 'SW-7002', ...GRACE },
    ],
    declines: false,
    signInRequired: false,
  },
  {
    id: 'prog_cartly',
    name: 'Cartly Rewards',
    businessName: 'Cartly',
    pointsName: 'stars',
    active: true,
    category: 'retail',
    programCurrency: 'USD',
    pricePerPoint: '0.01',
    ...limits,
    requiredFields: ['destinationUserId', 'destinationUserEmail'],
    members: [{ destinationUserId: 'CART-42', ...ADA }],
    declines: false,
    signInRequired: false,
  },
  {
    id: 'prog_orbitrail',
    name: 'Orbit Rail Club',
    businessName: 'Orbit Rail',
    pointsName: 'points',
    active: true,
    category: 'rail',
    programCurrency: 'GBP',
    pricePerPoint: '0.015',
    ...limits,
    maxValue: 2_000,
    requiredFields: ['destinationUserId'],
    members: [{ destinationUserId: 'ORB-9', ...GRACE }],
    declines: false,
    signInRequired: true,
  },
  {
    id: 'prog_legacy',
    name: 'Legacy Lounge',
    businessName: 'Legacy Airways',
    pointsName: 'points',
    active: false,
    category: 'airline',
    programCurrency: 'USD',
    pricePerPoint: '0.02',
    ...limits,
    requiredFields: ['destinationUserId'],
    members: [{ destinationUserId: 'LEG-1', ...ADA }],
    declines: false,
    signInRequired: false,
  },
  {
    id: 'prog_decline',
    name: 'Decline Test Program',
    businessName: 'Cosmo test fixtures',
    pointsName: 'points',
    active: true,
    category: 'test',
    programCurrency: 'USD',
    pricePerPoint: '0.01',
    ...limits,
    requiredFields: ['destinationUserId'],
    members: [{ destinationUserId: 'DECLINE-1', ...ADA }],
    declines: true,
    signInRequired: false,
  },
]);

/** The organisation every simulated client belongs to: its business profile, newest documented fields. */
export const BUSINESS_PROFILE = Object.freeze({
  name: 'Acme Rewards',
  programId: 'prog_acme',
  programName: 'Acme Points',
  legalEntity: 'Acme Rewards Ltd',
  logo: 'https://acme.example/logo.svg',
  industry: 'Retail',
  country: 'United States',
  address: '1 Example Way',
  city: 'Springfield',
  zipCode: '12345',
  localCurrency: PRICE_CURRENCY,
  technicalContact: 'Ada Lovelace',
  technicalContactEmail: 'tech@acme.example',
  billingContact: 'Grace Hopper',
  billingContactEmail: 'billing@acme.example',
  countryCode: 'US',
  phone: '+1 555 0100',
});

/** The program every new user starts connected to (100 % of earning) in the multibrand widget. */
export const INITIAL_CONNECTION_PROGRAM_ID = 'prog_skyair';

/** Looks a program up by id. */
export const findProgram = (id: string): SimulatedProgram | undefined => PROGRAMS.find((program) => program.id === id);

/** Price of `points` with `program`, rounded to cents (the purchase widget's amounts). */
export const priceOf = (program: SimulatedProgram, points: number): number => Math.round(points * Number(program.pricePerPoint) * 100) / 100;

/** Whole points a fiat `value` buys with `program`, computed exactly on the decimal price (no binary rounding). */
export function pointsFor(program: SimulatedProgram, value: number): number {
  const [whole = '0', fraction = ''] = program.pricePerPoint.split('.');
  const scale = 10n ** BigInt(fraction.length);
  const price = BigInt(whole + fraction);
  return Number((BigInt(value) * scale) / price);
}
