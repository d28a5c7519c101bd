/**
 * `verify`'s fast paths must never change an answer.
 * - The typed event: the known events' camelCase shape is checked by hand (src/webhooks/known-event.ts) before the
 *   protocol's schema and tolerant reader. Over thousands of generated payloads (valid events of all four types, then
 *   each mutated: keys removed, added, snake_cased; values swapped for near misses at every boundary zod checks),
 *   `verify` on both crypto paths must return exactly what `readWebhookEvent` (the protocol's reader, the oracle)
 *   returns, key order included, or reject with its message.
 * - The signature header: a single `v1,` entry of 44 characters is checked only when it does not match, if the body
 *   is already in hand. Every malformed single entry must fail exactly as before, whatever the payload type, and a
 *   `Request`'s body must still not be read for it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { knownWebhookEventSchema, readWebhookEvent, transactionConfirmedSchema } from '@cosmopoints/protocol/webhook-events';
import { readExactKnownEvent } from '../../src/webhooks/known-event.js';
import { CRYPTO_PATHS, SECRET, transactionConfirmed } from './fixtures.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A small seeded PRNG (mulberry32), so a failure names a reproducible case. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DATETIMES = [
  '2025-01-02T03:04:05.000Z', '2024-02-29T00:00:00Z', '2025-01-02T03:04:05+01:00', '2025-01-02T03:04:05.123456789-11:30',
  '2023-02-29T00:00:00Z', '2025-01-02T03:04Z', '2025-01-02 03:04:05Z', '2025-13-01T00:00:00Z', '2025-01-02T24:00:00Z',
  '2025-01-02T03:04:05+24:00', '2025-01-02T03:04:05', ' 2025-01-02T03:04:05Z', '2025-04-31T00:00:00Z', '2025-01-02T03:04:05.Z',
];
const NUMBERS = [0, 1, 50, 100, 101, -1, 1.5, 12.5, 2 ** 53 - 1, 2 ** 53, 1e308, -1e-7];
const STRINGS = ['', 'x', 'EUR', 'EU', 'EURO', '€€€', '💶x', 'prog_air', 'SkyMiles Ünïcødé ✈️'];
const TYPES = ['transaction.confirmed', 'program_connection.added', 'program_connection.removed', 'program_connection.updated', 'points.expired', 'Transaction.Confirmed'];
const EXTRA_KEYS = ['extra', 'transaction_id', 'user_id', 'confirmed_at', '__proto__', 'amount', 'previous', 'known', 'id', 'then', 'a_b'];

function validEvent(pick: <T>(list: readonly T[]) => T, chance: (p: number) => boolean): { [key: string]: Json } {
  const program = () => ({ id: pick(['prog_air', 'prog_rail']), name: pick(['Air', 'SkyMiles Ünïcødé ✈️', '']) });
  const connection = () => ({ program: program(), share: pick([0, 25, 50, 100]) });
  const connections = () => Array.from({ length: pick([0, 1, 2, 3]) }, connection);
  const timestamp = pick(DATETIMES.slice(0, 4));
  switch (pick([0, 1, 2, 3])) {
    case 0: {
      const data: { [key: string]: Json } = { transactionId: 'txn_1', userId: 'user-42', program: program(), points: pick([1, 1500, 2 ** 53 - 1]) };
      if (chance(0.7)) data.amount = { value: pick([12.5, 0, -3, 1e21]), currency: pick(['EUR', 'USD']) };
      data.confirmedAt = pick(DATETIMES.slice(0, 4));
      return { type: 'transaction.confirmed', timestamp, data };
    }
    case 1:
      return { type: 'program_connection.added', timestamp, data: { userId: 'user-42', connection: connection(), connections: connections() } };
    case 2:
      return { type: 'program_connection.removed', timestamp, data: { userId: 'user-42', program: program(), connections: connections() } };
    default: {
      const data: { [key: string]: Json } = { userId: 'user-42', connection: connection(), connections: connections() };
      if (chance(0.5)) data.previous = connection();
      return { type: 'program_connection.updated', timestamp, data };
    }
  }
}

/** Every container (object or array) in `value`, with itself first. */
function containers(value: Json, into: (Json[] | { [key: string]: Json })[] = []): (Json[] | { [key: string]: Json })[] {
  if (typeof value === 'object' && value !== null) {
    into.push(value);
    for (const item of Object.values(value)) containers(item, into);
  }
  return into;
}

const snake = (key: string) => key.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`);

/** Applies one to three random mutations in place (or none, for a share of valid events). */
function mutate(event: { [key: string]: Json }, pick: <T>(list: readonly T[]) => T, chance: (p: number) => boolean): void {
  if (chance(0.25)) return;
  const count = pick([1, 1, 1, 2, 3]);
  for (let step = 0; step < count; step++) {
    const target = pick(containers(event));
    const keys = Object.keys(target);
    const key = keys.length > 0 ? pick(keys) : undefined;
    const current = key === undefined ? undefined : (target as { [key: string]: Json })[key];
    // Mostly near misses of the same kind (boundary numbers, almost-datetimes, almost-currencies), sometimes anything.
    const near: Json = typeof current === 'number' ? pick(NUMBERS) : typeof current === 'string' ? pick([...STRINGS, ...DATETIMES]) : { id: 'p', name: 'n' };
    const values: Json[] = [near, near, near, null, true, [], {}, pick(NUMBERS), pick(STRINGS), pick(DATETIMES), pick(TYPES)];
    switch (pick(['delete', 'add', 'snake', 'replace', 'replace', 'type'])) {
      case 'delete':
        if (key !== undefined) {
          if (Array.isArray(target)) target.splice(Number(key), 1);
          else delete target[key];
        }
        break;
      case 'add':
        if (Array.isArray(target)) target.push(pick(values));
        else Object.defineProperty(target, pick(EXTRA_KEYS), { value: pick(values), enumerable: true, configurable: true, writable: true });
        break;
      case 'snake':
        if (key !== undefined && !Array.isArray(target)) {
          const value = target[key]!;
          if (chance(0.5)) delete target[key]; // renamed, or else a snake_case twin beside the camelCase key
          target[snake(key)] = value;
        }
        break;
      case 'replace':
        if (key !== undefined) (target as { [key: string]: Json })[key] = pick(values);
        break;
      default:
        event.type = pick(TYPES);
    }
  }
}

/** The JSON text; some numbers are rewritten in forms JSON.stringify never writes but a sender may. */
function serialise(event: Json, pick: <T>(list: readonly T[]) => T, chance: (p: number) => boolean): string {
  const text = JSON.stringify(event);
  if (!chance(0.15)) return text;
  const field = pick(['points', 'share', 'value']);
  return text.replace(new RegExp(`"${field}":(\\d+)(?=[,}])`), (_, digits: string) => `"${field}":${pick([`-0`, `${digits}.0`, `${digits}e0`, `-${digits}`, '9007199254740993', '1E2', '100.000', '1e400', '-1e400'])}`);
}

function generate(count: number, seed: number): string[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const chance = (p: number) => next() < p;
  return Array.from({ length: count }, () => {
    const event = validEvent(pick, chance);
    mutate(event, pick, chance);
    return serialise(event, pick, chance);
  });
}

const BODIES = [
  ...generate(4000, 20260101),
  // By hand: prototype keys, duplicate keys, and -0 where zod's positive() and min(0) disagree.
  '{"type":"transaction.confirmed","timestamp":"2025-01-02T03:04:05Z","__proto__":{},"data":{"transactionId":"t","userId":"u","program":{"id":"p","name":"n"},"points":1,"confirmedAt":"2025-01-02T03:04:05Z"}}',
  '{"type":"transaction.confirmed","timestamp":"2025-01-02T03:04:05Z","data":{"transactionId":"t","transactionId":"t2","userId":"u","program":{"id":"p","name":"n"},"points":1,"confirmedAt":"2025-01-02T03:04:05Z"}}',
  '{"type":"transaction.confirmed","timestamp":"2025-01-02T03:04:05Z","data":{"transactionId":"t","userId":"u","program":{"id":"p","name":"n"},"points":-0,"confirmedAt":"2025-01-02T03:04:05Z"}}',
  '{"type":"program_connection.added","timestamp":"2025-01-02T03:04:05Z","data":{"userId":"u","connection":{"program":{"id":"p","name":"n"},"share":-0},"connections":[]}}',
  '[]', 'null', '"transaction.confirmed"', '{}',
];

/** The protocol reader's answer for `body`, shaped as `verify` resolves or rejects. */
function oracle(body: string, id: string): { ok: true; event: object } | { ok: false; message: string } {
  const result = readWebhookEvent(JSON.parse(body));
  if (!result.ok) return { ok: false, message: `the signature holds but the body is not a valid event (${result.error.message})` };
  return { ok: true, event: { ...result.event, id } };
}

test('the datetime pattern the hand check uses is the schema’s own', () => {
  const shape = transactionConfirmedSchema.shape;
  for (const field of [shape.timestamp, shape.data.shape.confirmedAt]) assert.ok(field.def.pattern instanceof RegExp);
  // and the hand check agrees with the schema on each sample datetime
  for (const value of DATETIMES) {
    const event = { type: 'program_connection.removed', timestamp: value, data: { userId: 'u', program: { id: 'p', name: 'n' }, connections: [] } };
    assert.equal(readExactKnownEvent(event, 'msg') !== undefined, knownWebhookEventSchema.safeParse(event).success, value);
  }
});

test('the hand check accepts only what the schema accepts, with the same value and key order', () => {
  let accepted = 0;
  for (const body of BODIES) {
    const exact = readExactKnownEvent(JSON.parse(body), 'msg_x');
    if (exact === undefined) continue;
    accepted++;
    const expected = oracle(body, 'msg_x');
    assert.ok(expected.ok, `hand check accepted what the reader rejects: ${body}`);
    assert.equal(JSON.stringify(exact), JSON.stringify(expected.event), body);
    assert.deepEqual(exact, expected.event, body);
  }
  // Both sides of the fast path are exercised: a generator that never hit it (or always did) proves nothing.
  assert.ok(accepted > BODIES.length / 10, `only ${accepted} of ${BODIES.length} bodies took the fast path`);
  assert.ok(accepted < BODIES.length * 0.9, `${accepted} of ${BODIES.length} bodies took the fast path`);
});

for (const { name, api } of CRYPTO_PATHS) {
  test(`verify (${name}) answers exactly as the protocol's reader over ${BODIES.length} generated payloads`, async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const verifier = api.createWebhookVerifier({ secrets: SECRET });
    const outcomes = { accepted: 0, rejected: 0 };
    for (const [index, body] of BODIES.entries()) {
      const id = `msg_${index}`;
      const { headers } = await api.signWebhook({ secret: SECRET, payload: body, id, timestamp });
      const expected = oracle(body, id);
      const payload = index % 2 === 0 ? body : new TextEncoder().encode(body);
      if (expected.ok) {
        const event = await verifier.verify(payload, headers);
        assert.equal(JSON.stringify(event), JSON.stringify(expected.event), body);
        assert.deepEqual(event, expected.event, body);
        outcomes.accepted++;
      } else {
        await assert.rejects(verifier.verify(payload, headers), (error: unknown) => {
          assert.ok(error instanceof api.WebhookVerificationError, body);
          assert.equal(error.reason, 'invalid-event', body);
          assert.ok(error.message.endsWith(`: ${expected.message}`), `${error.message} / ${body}`);
          return true;
        });
        outcomes.rejected++;
      }
    }
    assert.ok(outcomes.accepted > 500 && outcomes.rejected > 500, JSON.stringify(outcomes));
  });
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

for (const { name, api } of CRYPTO_PATHS) {
  test(`a malformed single signature entry fails as malformed-signature on every payload type, never reading a Request (${name})`, async () => {
    const verifier = api.createWebhookVerifier({ secrets: SECRET });
    const { body, headers } = await api.signWebhook({ secret: SECRET, payload: transactionConfirmed(), id: 'msg_1' });
    const good = headers['webhook-signature'].slice(3);
    // Each is `v1,` and 44 characters (the fast path's shape) but not canonical base64 of 32 bytes.
    const malformed = [
      Buffer.alloc(31).toString('base64'), // 31 bytes: 44 characters ending "=="
      Buffer.alloc(32, 0xfb).toString('base64url') + '=', // URL-safe alphabet
      // The same 32 bytes to a lenient decoder (atob ignores the unused low bits): only the canonical text may match.
      `${good.slice(0, 42)}${BASE64_ALPHABET[BASE64_ALPHABET.indexOf(good[42]!) + 1]}=`,
      `${good.slice(0, 20)} ${good.slice(21)}`, // whitespace inside
      `${good.slice(0, 43)}é`, // a non-ASCII character
      '!'.repeat(44),
    ];
    for (const candidate of malformed) {
      assert.equal(candidate.length, 44, candidate);
      const tampered = { ...headers, 'webhook-signature': `v1,${candidate}` };
      let pulls = 0;
      const stream = new ReadableStream<Uint8Array>({ pull(controller) { pulls++; controller.enqueue(new TextEncoder().encode(body)); controller.close(); } }, { highWaterMark: 0 });
      const request = new Request('https://partner.example/webhooks', { method: 'POST', body: stream, headers: tampered, duplex: 'half' } as RequestInit);
      for (const payload of [body, new TextEncoder().encode(body), request]) {
        await assert.rejects(verifier.verify(payload, tampered), (error: unknown) => {
          assert.ok(error instanceof api.WebhookVerificationError);
          assert.equal(error.reason, 'malformed-signature', candidate);
          return true;
        });
      }
      assert.equal(pulls, 0, `the Request body was read for ${candidate}`);
    }
    // The well-formed signature of another secret is a plain mismatch, and the right one passes.
    const other = await api.signWebhook({ secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`, payload: body, id: 'msg_1', timestamp: Number(headers['webhook-timestamp']) });
    await assert.rejects(verifier.verify(body, { ...headers, 'webhook-signature': other.headers['webhook-signature'] }), { reason: 'signature-mismatch' });
    assert.equal((await verifier.verify(body, headers)).id, 'msg_1');
  });
}
