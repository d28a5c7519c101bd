import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessTokenResponseSchema, programsResponseSchema, transactionSchema, widgetTokenResponseFromCosmoSchema } from '@cosmopoints/protocol/cosmo-api';
import { readWebhookEvent } from '@cosmopoints/protocol/webhook-events';

describe('Cosmo API readers tolerate camelCase and snake_case', () => {
  const tokens: [unknown, { accessToken: string; expiresIn?: number }][] = [
    [{ accessToken: 'at', expiresIn: 3600 }, { accessToken: 'at', expiresIn: 3600 }],
    [{ access_token: 'at', expires_in: 60, token_type: 'Bearer' }, { accessToken: 'at', expiresIn: 60 }],
    [{ token: 'at' }, { accessToken: 'at' }],
  ];
  for (const [input, expected] of tokens) {
    it(`reads access token ${JSON.stringify(input)}`, () => {
      const read = accessTokenResponseSchema.parse(input);
      assert.equal(read.accessToken, expected.accessToken);
      assert.equal(read.expiresIn, expected.expiresIn);
    });
  }
  for (const input of [{}, { access_token: '' }, { expires_in: 3600 }, null, { accessToken: 'at', expiresIn: -5 }]) {
    it(`rejects access token ${JSON.stringify(input)}`, () => assert.equal(accessTokenResponseSchema.safeParse(input).success, false));
  }
  it('reads a widget token with an absolute expiry in snake_case', () => {
    assert.deepEqual(widgetTokenResponseFromCosmoSchema.parse({ access_token: 'wt', expires_at: '2026-11-25T10:00:00Z' }), {
      token: 'wt',
      expiresIn: undefined,
      expiresAt: '2026-11-25T10:00:00Z',
    });
  });
  it('reads programs as a bare array, {programs} or {data}', () => {
    const program = { id: 'p1', name: 'SkyAir', points_name: 'Miles' };
    for (const body of [[program], { programs: [program] }, { data: [program] }]) {
      assert.deepEqual(programsResponseSchema.parse(body), [{ id: 'p1', name: 'SkyAir', pointsName: 'Miles' }]);
    }
  });
  it('reads a transaction id from id or transaction_id', () => {
    const rest = { user_id: 'u', program_id: 'p', points: 5, status: 'completed' };
    assert.equal(transactionSchema.parse({ transaction_id: 't1', ...rest }).id, 't1');
    assert.equal(transactionSchema.parse({ id: 't2', ...rest }).id, 't2');
    assert.equal(transactionSchema.safeParse(rest).success, false);
  });
});

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
