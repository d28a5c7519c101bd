/** Machine-readable reasons a simulator operation failed. Codes are public API; messages are not. */
export const SimulatorErrorCode = {
  /** An option passed to `startSimulator()`, the CLI or a control operation is malformed. */
  InvalidOption: 'invalid-option',
  /** The HTTP server could not listen (port in use, permission denied). */
  ListenFailed: 'listen-failed',
  /** The simulator was already closed. */
  Closed: 'closed',
} as const;

/** Union of {@link SimulatorErrorCode} values. */
export type SimulatorErrorCode = (typeof SimulatorErrorCode)[keyof typeof SimulatorErrorCode];

/** The one error type of `@cosmopoints/simulator`. */
export class SimulatorError extends Error {
  override readonly name = 'SimulatorError';
  constructor(
    /** Why it failed; stable across releases. */
    readonly code: SimulatorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`@cosmopoints/simulator: ${message}`, options);
  }
}
