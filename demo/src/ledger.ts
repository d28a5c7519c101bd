/**
 * Acme's own business state, changed ONLY by verified webhooks: each user's Acme points balance (debited
 * when Cosmo confirms a purchase) and the programs they earn with (from multibrand connection changes).
 * The DOM events the widgets fire in the browser never reach this file: they are not proof of anything.
 */

/** What Acme gives every new member, in Acme points. */
export const STARTING_BALANCE = 25_000;

/** A program connection as the ledger keeps it. */
export interface LedgerConnection {
  programId: string;
  programName: string;
  share: number;
}

/** One processed webhook, as the demo records it (the test suite asserts on this log). */
export interface ProcessedWebhook {
  /** Order of processing, from 1. */
  seq: number;
  /** The `webhook-id`: identical on every redelivery of the same event. */
  webhookId: string;
  type: string;
  userId: string;
  /** A one-line, human account of what the backend did. */
  summary: string;
  /** Balance after this event, for the user concerned. */
  balance: number;
  /** The event's `data`, as verified. */
  data: unknown;
  receivedAt: string;
}

/** A member's state as the page shows it. */
export interface Member {
  balance: number;
  connections: LedgerConnection[];
}

/** In-memory ledger of balances, connections and processed webhooks. */
export class Ledger {
  #members = new Map<string, Member>();
  #processed: ProcessedWebhook[] = [];

  /** Every webhook processed so far, oldest first (a copy). */
  get processed(): ProcessedWebhook[] {
    return [...this.#processed];
  }

  /** The member `userId` (created with the starting balance on first sight). */
  member(userId: string): Member {
    let member = this.#members.get(userId);
    if (!member) {
      member = { balance: STARTING_BALANCE, connections: [] };
      this.#members.set(userId, member);
    }
    return member;
  }

  /** Debits the points a confirmed purchase converted. */
  debit(userId: string, points: number): Member {
    const member = this.member(userId);
    member.balance -= points;
    return member;
  }

  /** Replaces the user's connection list with the one Cosmo reports after a change. */
  setConnections(userId: string, connections: readonly { program: { id: string; name: string }; share: number }[]): Member {
    const member = this.member(userId);
    member.connections = connections.map((connection) => ({
      programId: connection.program.id,
      programName: connection.program.name,
      share: connection.share,
    }));
    return member;
  }

  /** Appends to the processed log and returns the entry. */
  record(entry: Omit<ProcessedWebhook, 'seq' | 'receivedAt' | 'balance'>): ProcessedWebhook {
    const processed = {
      seq: this.#processed.length + 1,
      ...entry,
      balance: this.member(entry.userId).balance,
      receivedAt: new Date().toISOString(),
    };
    this.#processed.push(processed);
    return processed;
  }
}
