/** Builds the webhook events (shapes from `@cosmopoints/protocol/webhook-events`) from state changes. */
import type { KnownWebhookEvent } from '@cosmopoints/protocol/webhook-events';
import { findProgram } from './programs.js';
import type { Connection, ConnectionChange, Transaction } from './store.js';

/** `{id, name}` of a program, as every wire message carries it. */
export function programRef(programId: string): { id: string; name: string } {
  return { id: programId, name: findProgram(programId)?.name ?? programId };
}

/** A connection as the wire carries it: `{program: {id, name}, share}`. */
export function connectionRef(connection: Connection): { program: { id: string; name: string }; share: number } {
  return { program: programRef(connection.programId), share: connection.share };
}

/** `transaction.confirmed` for a ledger entry. */
export function transactionConfirmed(transaction: Transaction): KnownWebhookEvent {
  return {
    type: 'transaction.confirmed',
    timestamp: new Date().toISOString(),
    data: {
      transactionId: transaction.id,
      userId: transaction.userId,
      program: programRef(transaction.programId),
      points: transaction.points,
      amount: { ...transaction.amount },
      confirmedAt: transaction.createdAt,
    },
  };
}

/** The `program_connection.*` event for a multibrand change. */
export function connectionChanged(kind: 'added' | 'removed' | 'updated', userId: string, change: ConnectionChange): KnownWebhookEvent {
  const timestamp = new Date().toISOString();
  const connections = change.connections.map(connectionRef);
  if (kind === 'removed') {
    return { type: 'program_connection.removed', timestamp, data: { userId, program: programRef(change.connection.programId), connections } };
  }
  if (kind === 'added') return { type: 'program_connection.added', timestamp, data: { userId, connection: connectionRef(change.connection), connections } };
  return {
    type: 'program_connection.updated',
    timestamp,
    data: { userId, connection: connectionRef(change.connection), connections, ...(change.previous ? { previous: connectionRef(change.previous) } : {}) },
  };
}
