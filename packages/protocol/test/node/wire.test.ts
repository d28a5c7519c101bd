import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readWebhookEvent } from '@cosmopoints/protocol/webhook-events';

describe('readWebhookEvent', () => {
  const program = { id: 'p1', name: 'SkyAir' };
  it('reads a confirmed transaction', () => {
    const read = readWebhookEvent({
      type: 'transaction.confirmed',
      timestamp: '2026-11-25T10:00:00Z',
      data: { transaction_id: 't1', user_id: 'u1', program, points: 100, confirmed_at: '2026-11-25T10:00:00Z' },
    });
    assert.ok(read.ok && read.event.known && read.event.type === 'transaction.confirmed');
    assert.equal(read.ok && read.event.type === 'transaction.confirmed' && read.event.data.transactionId, 't1');
  });
  it('reads each connection change', () => {
    const connection = { program, share: 100 };
    const cases = [
      { type: 'program_connection.added', data: { userId: 'u', connection, connections: [connection] } },
      { type: 'program_connection.removed', data: { userId: 'u', program, connections: [] } },
      { type: 'program_connection.updated', data: { userId: 'u', connection, previous: { program, share: 50 }, connections: [connection] } },
    ];
    for (const body of cases) {
      const read = readWebhookEvent({ ...body, timestamp: '2026-11-25T10:00:00Z' });
      assert.ok(read.ok && read.event.known, body.type);
    }
  });
  it('passes an unknown event type through as known: false', () => {
    const read = readWebhookEvent({ type: 'card.issued', timestamp: '2026-11-25T10:00:00Z', data: { id: 'c1' } });
    assert.deepEqual(read.ok && read.event, { type: 'card.issued', timestamp: '2026-11-25T10:00:00Z', data: { id: 'c1' }, known: false });
  });
  it('rejects a known type with a wrong shape and a body without a type', () => {
    assert.equal(readWebhookEvent({ type: 'transaction.confirmed', timestamp: '2026-11-25T10:00:00Z', data: {} }).ok, false);
    assert.equal(readWebhookEvent({ data: {} }).ok, false);
    assert.equal(readWebhookEvent('x').ok, false);
  });
});
