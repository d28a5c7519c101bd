import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtocolError } from '@cosmopoints/protocol';
import { readWebhookEvent } from '@cosmopoints/protocol/webhook-events';

describe('readWebhookEvent', () => {
  const program = { id: 'p1', name: 'SkyAir' };
  const transaction = { transactionId: 't1', userId: 'u1', program, points: 100, confirmedAt: '2026-11-25T10:00:00Z' };
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
  it('rejects a known type with a wrong shape, a body without a type and a non-object, with a ProtocolError naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'transaction.confirmed', timestamp: '2026-11-25T10:00:00Z', data: { ...transaction, points: -1 } }, /webhook event: data\.points: /],
      [{ type: 'transaction.confirmed', timestamp: '2026-11-25T10:00:00Z', data: {} }, /webhook event: data\.transactionId: /],
      [{ data: {} }, /webhook event: type: /],
      ['x', /webhook event: body: /],
    ];
    for (const [body, message] of cases) {
      const read = readWebhookEvent(body);
      assert.equal(read.ok, false, JSON.stringify(body));
      const error = !read.ok ? read.error : undefined;
      assert.ok(error instanceof ProtocolError, 'a ProtocolError, like every other parser');
      assert.equal(error.code, 'invalid-webhook-event');
      assert.match(error.message, /^@cosmopoints\/protocol: /);
      assert.match(error.message, message);
      assert.ok(error.cause instanceof Error, 'zod\'s error is kept as the cause');
    }
  });
  it('never throws, whatever the input', () => {
    const cyclic: Record<string, unknown> = { type: 'transaction.confirmed' };
    cyclic.data = cyclic;
    for (const body of [undefined, null, 42, [], { type: 42 }, cyclic]) assert.equal(readWebhookEvent(body).ok, false);
  });
});
