/**
 * Exactly-once issuing on top of Cosmo's unique `referenceNumber`, as a unit of its own: the client gives it the two
 * calls (`post` the issue, `lookup` the transaction a reference names), and it decides what one call with one reference
 * returns, whatever happened on the wire:
 * - the issue answered: its transaction;
 * - Cosmo said it already holds the reference (a 409, our guess of its answer): the transaction found under it;
 * - every attempt failed in a way that may have committed (network error, timeout, 5xx: the answer may be what was
 *   lost): the transaction found under the reference, else the original error;
 * - anything else (a 4xx, an abort, a reference found with another program or value): that error.
 * Retrying the same body (so the same reference) is `post`'s job (`send` in `http.ts`).
 */
import { CosmoServerError, CosmoServerErrorCode } from '../errors.js';

/** What one issue came back with: the transaction, or Cosmo's "already holds this reference" (thrown when nothing is found under it). */
export type IssueAnswer<T> = { issued: T } | { duplicate: CosmoServerError };

/** The two calls exactly-once issuing is made of. */
export interface IssueOnceCalls<T> {
  /** Sends the issue (retries included); throws a `CosmoServerError` when it failed. */
  post(): Promise<IssueAnswer<T>>;
  /** The transaction the reference names, or undefined when Cosmo has none; throws `reference-conflict` for another program or value. */
  lookup(): Promise<T | undefined>;
}

/** Failures after which the issue may have committed with its answer lost. */
const MAY_HAVE_COMMITTED: readonly CosmoServerErrorCode[] = [CosmoServerErrorCode.NetworkError, CosmoServerErrorCode.Timeout, CosmoServerErrorCode.UpstreamError];

/** One transaction for one reference: see the module comment. */
export async function issueOnce<T>({ post, lookup }: IssueOnceCalls<T>): Promise<T> {
  let answer: IssueAnswer<T>;
  try {
    answer = await post();
  } catch (error) {
    if (!(error instanceof CosmoServerError) || !MAY_HAVE_COMMITTED.includes(error.code)) throw error;
    // Maybe committed: look once. Nothing there, or no answer, and the original error stands; a reference found with
    // another program or value is still the conflict it is.
    const existing = await lookup().catch((failure: unknown) => {
      if (failure instanceof CosmoServerError && failure.code === CosmoServerErrorCode.ReferenceConflict) throw failure;
      return undefined;
    });
    if (existing !== undefined) return existing;
    throw error;
  }
  if ('issued' in answer) return answer.issued;
  const existing = await lookup();
  if (existing !== undefined) return existing;
  throw answer.duplicate;
}
