/** Shared test fixtures: both crypto paths, sample events, secrets. Not a test file itself. */
import * as nodeEntry from '../../src/index.node.js';
import * as webEntry from '../../src/index.js';

/** Both builds of the public API, so every webhook test runs against each crypto path. */
export const CRYPTO_PATHS = [
  { name: 'node:crypto', api: nodeEntry },
  { name: 'Web Crypto', api: webEntry },
] as const;

/** The Standard Webhooks reference vector. */
export const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
} as const;

/** Two distinct 32-byte secrets. */
export const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
export const OTHER_SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;

/** A valid `transaction.confirmed` event body. */
export function transactionConfirmed(transactionId = 'txn_1', userId = 'user-42') {
  return {
    type: 'transaction.confirmed',
    timestamp: '2025-01-02T03:04:05.000Z',
    data: {
      transactionId,
      userId,
      program: { id: 'prog_air', name: 'SkyMiles Ünïcødé ✈️' },
      points: 1500,
      amount: { value: 12.5, currency: 'EUR' },
      confirmed_at: '2025-01-02T03:04:05.000Z',
    },
  };
}

/** A valid `program_connection.added` event body. */
export function connectionAdded(userId = 'user-42') {
  const connection = { program: { id: 'prog_air', name: 'Air' }, share: 50 };
  return { type: 'program_connection.added', timestamp: '2025-01-02T03:04:05.000Z', data: { userId, connection, connections: [connection] } };
}
