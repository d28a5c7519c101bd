import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtocolError } from '@cosmopoints/protocol';
import { camelizeKeys } from '@cosmopoints/protocol/cosmo-api';
import { knownWebhookEventSchema, readWebhookEvent } from '@cosmopoints/protocol/webhook-events';

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
  it('reads a camelCase event exactly as the schema reads its camelised copy, snake_case twins and extra keys included', () => {
    const confirmedAt = '2026-11-25T10:00:00Z';
    const cases: unknown[] = [
      { type: 'transaction.confirmed', timestamp: confirmedAt, data: transaction },
      { type: 'transaction.confirmed', timestamp: confirmedAt, data: { ...transaction, amount: { value: 1.5, currency: 'EUR' }, extra: 1 }, id: 'x' },
      // A camelCase key wins over its snake_case twin, whichever comes first and whatever the twin holds.
      { type: 'transaction.confirmed', timestamp: confirmedAt, data: { user_id: 'twin', ...transaction, transaction_id: 42 } },
      { type: 'transaction.confirmed', timestamp: confirmedAt, data: { ...transaction, confirmedAt: 'yesterday', confirmed_at: confirmedAt } },
      { type: 'program_connection.updated', timestamp: confirmedAt, data: { userId: 'u', connection: { program, share: 60 }, connections: [{ program, share: 60, share_x: 1 }] } },
    ];
    for (const body of cases) {
      const schema = knownWebhookEventSchema.safeParse(camelizeKeys(body));
      const read = readWebhookEvent(body);
      assert.equal(read.ok, schema.success, JSON.stringify(body));
      if (read.ok && schema.success) assert.deepEqual(read.event, { ...schema.data, known: true });
    }
  });
  it('never throws, whatever the input', () => {
    const cyclic: Record<string, unknown> = { type: 'transaction.confirmed' };
    cyclic.data = cyclic;
    for (const body of [undefined, null, 42, [], { type: 42 }, cyclic]) assert.equal(readWebhookEvent(body).ok, false);
  });
});
