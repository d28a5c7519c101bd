/**
 * The simulator's organisation: a fixed, deterministic set of partner programs, so tests and the demo
 * can name them. `prog_decline` is a test fixture like Stripe's decline cards: every purchase with it fails.
 */

/** A partner loyalty program as the simulator holds it. */
export interface SimulatedProgram {
  /** Stable id, e.g. `prog_skyair`. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** What the program's points are called. */
  readonly pointsName: string;
  /** Inactive programs are listed but refuse transactions and connections. */
  readonly active: boolean;
  /** Sector, for display. */
  readonly category: 'airline' | 'hotel' | 'retail' | 'rail' | 'test';
  /** Price of one point in {@link PRICE_CURRENCY}, used for the purchase widget's amounts. */
  readonly pricePerPoint: number;
  /** Every purchase is declined (test fixture); not offered by the multibrand widget. */
  readonly declines: boolean;
}

/** Currency of every simulated price. */
export const PRICE_CURRENCY = 'USD';
/** Most points one transaction may carry. */
export const MAX_POINTS_PER_TRANSACTION = 1_000_000;

/** The seeded programs, in display order. */
export const PROGRAMS: readonly SimulatedProgram[] = Object.freeze([
  { id: 'prog_skyair', name: 'SkyAir Miles', pointsName: 'miles', active: true, category: 'airline', pricePerPoint: 0.025, declines: false },
  { id: 'prog_staywell', name: 'StayWell Hotels', pointsName: 'points', active: true, category: 'hotel', pricePerPoint: 0.008, declines: false },
  { id: 'prog_cartly', name: 'Cartly Rewards', pointsName: 'stars', active: true, category: 'retail', pricePerPoint: 0.01, declines: false },
  { id: 'prog_orbitrail', name: 'Orbit Rail Club', pointsName: 'points', active: true, category: 'rail', pricePerPoint: 0.015, declines: false },
  { id: 'prog_legacy', name: 'Legacy Lounge', pointsName: 'points', active: false, category: 'airline', pricePerPoint: 0.02, declines: false },
  { id: 'prog_decline', name: 'Decline Test Program', pointsName: 'points', active: true, category: 'test', pricePerPoint: 0.01, declines: true },
]);

/** The program every new user starts connected to (100 % of earning) in the multibrand widget. */
export const INITIAL_CONNECTION_PROGRAM_ID = 'prog_skyair';

/** Looks a program up by id. */
export const findProgram = (id: string): SimulatedProgram | undefined => PROGRAMS.find((program) => program.id === id);

/** Price of `points` with `program`, rounded to cents. */
export const priceOf = (program: SimulatedProgram, points: number): number => Math.round(points * program.pricePerPoint * 100) / 100;
