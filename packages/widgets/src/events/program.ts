/** Public shapes shared by the purchase and multibrand events, and their mapping from wire payloads. */
import type { Program, ProgramConnection } from '@cosmopoints/protocol';

/** A loyalty program as events report it. */
export interface CosmoProgram {
  /** Cosmo's id of the program. */
  readonly id: string;
  /** Display name. */
  readonly name: string;
}

/** A program the user earns with, and the share of their earning it gets. */
export interface CosmoConnection {
  /** The connected program. */
  readonly program: CosmoProgram;
  /** Share of the user's earning sent to this program, in percent (0–100). */
  readonly share: number;
}

/** Copies the public fields of a wire program. */
export const toProgram = ({ id, name }: Program): CosmoProgram => ({ id, name });

/** Copies the public fields of a wire connection. */
export const toConnection = ({ program, share }: ProgramConnection): CosmoConnection => ({ program: toProgram(program), share });
