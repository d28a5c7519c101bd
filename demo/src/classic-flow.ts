/**
 * The classic (API-only) flow, the way Acme's backend issues points without any widget: find the program, learn which
 * member fields it needs, validate the member, preview what a fiat value buys, issue it under Acme's own order number,
 * and fetch the transaction back by that reference. Copy this when you reward users from your own checkout.
 *
 * `issuePoints` is exactly-once per `referenceNumber`: a retry after a lost answer, a 5xx or a timeout re-sends the same
 * reference, and a reference Cosmo already holds is answered with the existing transaction. So a crash between "issue"
 * and "mark the order rewarded" is safe: run the flow again with the same order number.
 */
import type { CosmoClient, CosmoProgramField, CosmoTransaction, IssuedTransaction } from '@cosmopoints/server';

/** What to issue, and to whom. */
export interface ClassicFlowInput {
  /** The partner program, e.g. `prog_skyair`. */
  programId: string;
  /** The member's id and/or email with that program (which one it needs: see its fields). */
  member: { destinationUserId?: string; destinationUserEmail?: string };
  /** A fiat amount in your organisation's currency (an integer), not a number of points. */
  value: number;
  /** Your own unique reference: the order number. The same one on every retry. */
  referenceNumber: string;
  description?: string;
  signal?: AbortSignal;
  /** Called with a line per step (the CLI prints them). */
  log?: (line: string) => void;
}

/** Everything the walk learned, step by step. */
export interface ClassicFlowResult {
  fields: CosmoProgramField[];
  isValid: boolean;
  totalPoints: number;
  issued?: IssuedTransaction;
  fetched?: CosmoTransaction;
}

/**
 * Walks validate → preview → issue → fetch back by reference. Stops after validation when the member is not valid
 * (nothing issued).
 * @example
 * const result = await runClassicFlow(cosmo, { programId: 'prog_skyair', member: { destinationUserId: 'SKY-100200' }, value: 25, referenceNumber: order.id });
 */
export async function runClassicFlow(client: CosmoClient, input: ClassicFlowInput): Promise<ClassicFlowResult> {
  const { programId, member, value, referenceNumber, signal } = input;
  const log = input.log ?? (() => {});

  const fields = await client.getProgramFields(programId, { signal });
  const required = fields.filter((field) => field.required).map((field) => field.name);
  log(`1. ${programId} needs ${required.join(' and ') || 'no member field'}`);

  const { isValid } = await client.validateMember({ programId, ...member, signal });
  log(`2. member ${JSON.stringify(member)} is ${isValid ? 'valid' : 'NOT valid: nothing issued'}`);
  if (!isValid) return { fields, isValid, totalPoints: 0 };

  const { totalPoints } = await client.previewTransaction({ programId, value, signal });
  log(`3. ${value} buys ${totalPoints} points`);

  const issued = await client.issuePoints({
    programId,
    value,
    // The destination user is the member's id with the program.
    userId: member.destinationUserId ?? member.destinationUserEmail ?? '',
    referenceNumber,
    ...(input.description === undefined ? {} : { description: input.description }),
    signal,
  });
  log(`4. issued ${issued.totalPoints} points: transaction ${issued.id}, reference ${issued.referenceNumber}, ${issued.date}`);

  const fetched = await client.getTransaction(referenceNumber, { signal });
  log(`5. fetched back by reference ${referenceNumber}: transaction ${fetched.id}, ${fetched.totalPoints} points`);
  return { fields, isValid, totalPoints, issued, fetched };
}
