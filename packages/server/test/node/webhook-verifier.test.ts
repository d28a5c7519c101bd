import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '@cosmopoints/simulator';
import { Webhook } from 'standardwebhooks';
import type { WebhookVerificationReason } from '../../src/index.js';
import { CRYPTO_PATHS, OTHER_SECRET, SECRET, transactionConfirmed, VECTOR } from './fixtures.js';

const NOW_S = 1_700_000_000;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const now = () => NOW_S * 1000;

for (const { name, api } of CRYPTO_PATHS) {
  const { createWebhookVerifier, signWebhook, WebhookVerificationError, CosmoServerError } = api;

  /** Signs `payload` with `secret` at `timestamp` and returns the pieces. */
  async function signed(payload: string | object = transactionConfirmed(), options: { secret?: string; timestamp?: number; id?: string } = {}) {
    return signWebhook({ secret: options.secret ?? SECRET, payload, timestamp: options.timestamp ?? NOW_S, id: options.id ?? 'msg_1' });
  }

  async function rejects(promise: Promise<unknown>, reason: WebhookVerificationReason) {
    await assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof WebhookVerificationError, `expected WebhookVerificationError, got ${String(error)}`);
      assert.ok(error instanceof CosmoServerError);
      assert.equal(error.code, 'webhook-verification-failed');
      assert.equal(error.reason, reason);
      assert.match(error.message, /^@cosmopoints\/server: /);
      return true;
    });
  }

  describe(`webhook verifier (${name})`, () => {
    const verifier = createWebhookVerifier({ secrets: SECRET, now });

    test('signWebhook reproduces the Standard Webhooks reference signature', async () => {
      const result = await signWebhook({ secret: VECTOR.secret, payload: VECTOR.body, id: VECTOR.id, timestamp: VECTOR.timestamp });
      assert.equal(result.headers['webhook-signature'], VECTOR.signature);
      assert.equal(result.headers['webhook-id'], VECTOR.id);
      assert.equal(result.headers['webhook-timestamp'], String(VECTOR.timestamp));
      assert.equal(result.body, VECTOR.body);
    });

    test('accepts the Standard Webhooks reference vector and returns the raw body', async () => {
      const vectorVerifier = createWebhookVerifier({ secrets: VECTOR.secret, now: () => VECTOR.timestamp * 1000 });
      const headers = { 'webhook-id': VECTOR.id, 'webhook-timestamp': String(VECTOR.timestamp), 'webhook-signature': VECTOR.signature };
      assert.deepEqual(await vectorVerifier.verifyRaw(VECTOR.body, headers), { id: VECTOR.id, timestamp: VECTOR.timestamp, payload: VECTOR.body });
      // The vector's body is not a Cosmo event: the signature holds, the event check is what fails.
      await rejects(vectorVerifier.verify(VECTOR.body, headers), 'invalid-event');
      await rejects(vectorVerifier.verify('{"test": 2432232315}', headers), 'signature-mismatch');
    });

    test('returns the typed event with its webhook id, camelising snake_case keys', async () => {
      const { body, headers } = await signed();
      const event = await verifier.verify(body, headers);
      assert.equal(event.id, 'msg_1');
      assert.equal(event.known, true);
      assert.equal(event.type, 'transaction.confirmed');
      if (event.type !== 'transaction.confirmed') throw new Error('narrowing');
      assert.equal(event.data.points, 1500);
      assert.equal(event.data.confirmedAt, '2025-01-02T03:04:05.000Z');
    });

    test('signs a random msg_ id and the current time by default', async () => {
      const before = Math.floor(Date.now() / 1000);
      const a = await signWebhook({ secret: SECRET, payload: {} });
      const b = await signWebhook({ secret: SECRET, payload: {} });
      assert.match(a.headers['webhook-id'], /^msg_[0-9a-f]{32}$/);
      assert.notEqual(a.headers['webhook-id'], b.headers['webhook-id']);
      assert.ok(Math.abs(Number(a.headers['webhook-timestamp']) - before) <= 1);
      assert.equal(a.body, '{}');
    });

    const tamper: { name: string; make: () => Promise<[string | Uint8Array | ArrayBuffer, Record<string, string>]>; reason: WebhookVerificationReason }[] = [
      { name: 'tampered body', reason: 'signature-mismatch', make: async () => { const s = await signed(); return [s.body.replace('1500', '15000'), s.headers]; } },
      { name: 'tampered id', reason: 'signature-mismatch', make: async () => { const s = await signed(); return [s.body, { ...s.headers, 'webhook-id': 'msg_2' }]; } },
      { name: 'tampered timestamp', reason: 'signature-mismatch', make: async () => { const s = await signed(); return [s.body, { ...s.headers, 'webhook-timestamp': String(NOW_S + 1) }]; } },
      { name: 'wrong secret', reason: 'signature-mismatch', make: async () => { const s = await signed(undefined, { secret: OTHER_SECRET }); return [s.body, s.headers]; } },
      { name: 'timestamp older than the window', reason: 'timestamp-too-old', make: async () => { const s = await signed(undefined, { timestamp: NOW_S - 301 }); return [s.body, s.headers]; } },
      { name: 'timestamp further ahead than the window', reason: 'timestamp-too-new', make: async () => { const s = await signed(undefined, { timestamp: NOW_S + 301 }); return [s.body, s.headers]; } },
      { name: 'missing webhook-id', reason: 'missing-headers', make: async () => { const { 'webhook-id': _, ...h } = (await signed()).headers; return ['{}', h]; } },
      { name: 'missing webhook-timestamp', reason: 'missing-headers', make: async () => { const { 'webhook-timestamp': _, ...h } = (await signed()).headers; return ['{}', h]; } },
      { name: 'missing webhook-signature', reason: 'missing-headers', make: async () => { const { 'webhook-signature': _, ...h } = (await signed()).headers; return ['{}', h]; } },
      { name: 'empty webhook-signature', reason: 'missing-headers', make: async () => { const s = await signed(); return [s.body, { ...s.headers, 'webhook-signature': '' }]; } },
      { name: 'overlong webhook-id', reason: 'missing-headers', make: async () => { const s = await signed(undefined, { id: 'x'.repeat(300) }); return [s.body, s.headers]; } },
      ...['12a', '-5', '1.5', ' 1700000000', '1e9', '0x10', '1700000000 '].map((timestamp) => ({
        name: `malformed timestamp ${JSON.stringify(timestamp)}`,
        reason: 'malformed-timestamp' as const,
        make: async (): Promise<[string, Record<string, string>]> => { const s = await signed(); return [s.body, { ...s.headers, 'webhook-timestamp': timestamp }]; },
      })),
      ...[
        ['no comma', 'v1'],
        ['not base64', 'v1,not*base64!'],
        ['unpadded base64', 'v1,' + Buffer.alloc(32).toString('base64').replace(/=+$/, '')],
        ['31-byte signature', 'v1,' + Buffer.alloc(31).toString('base64')],
        ['url-safe alphabet', 'v1,' + Buffer.alloc(32, 0xfb).toString('base64url') + '='],
        ['empty version', ',' + Buffer.alloc(32).toString('base64')],
      ].map(([label, header]) => ({
        name: `malformed signature: ${label}`,
        reason: 'malformed-signature' as const,
        make: async (): Promise<[string, Record<string, string>]> => { const s = await signed(); return [s.body, { ...s.headers, 'webhook-signature': header! }]; },
      })),
      { name: 'only an unknown signature version', reason: 'unsupported-signature-version', make: async () => { const s = await signed(); return [s.body, { ...s.headers, 'webhook-signature': s.headers['webhook-signature'].replace('v1,', 'v2,') }]; } },
      { name: 'signed body that is not JSON', reason: 'invalid-json', make: async () => { const s = await signed('not json'); return [s.body, s.headers]; } },
      { name: 'signed bytes that are not UTF-8', reason: 'invalid-json', make: async () => {
        // Sign raw bytes independently of our code, straight from the spec: HMAC-SHA256 over "id.timestamp.body".
        const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
        const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
        const signature = createHmac('sha256', key).update(`msg_1.${NOW_S}.`).update(bytes).digest('base64');
        return [bytes, { 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW_S), 'webhook-signature': `v1,${signature}` }];
      } },
      { name: 'signed JSON without a type', reason: 'invalid-event', make: async () => { const s = await signed({ hello: 'world' }); return [s.body, s.headers]; } },
      { name: 'known type with a wrong shape', reason: 'invalid-event', make: async () => { const s = await signed({ ...transactionConfirmed(), data: { points: -1 } }); return [s.body, s.headers]; } },
    ];

    for (const row of tamper) {
      test(`rejects ${row.name} with reason ${row.reason}`, async () => {
        const [body, headers] = await row.make();
        await rejects(verifier.verify(body, headers), row.reason);
      });
    }

    test('accepts timestamps exactly at the edge of the window in both directions', async () => {
      for (const timestamp of [NOW_S - 300, NOW_S + 300]) {
        const { body, headers } = await signed(undefined, { timestamp });
        assert.equal((await verifier.verify(body, headers)).id, 'msg_1');
      }
    });

    test('honours a configured tolerance and an injected clock', async () => {
      const strict = createWebhookVerifier({ secrets: SECRET, toleranceSeconds: 10, now });
      const late = await signed(undefined, { timestamp: NOW_S - 11 });
      await rejects(strict.verify(late.body, late.headers), 'timestamp-too-old');
      const later = createWebhookVerifier({ secrets: SECRET, toleranceSeconds: 10, now: () => (NOW_S - 5) * 1000 });
      assert.equal((await later.verify(late.body, late.headers)).type, 'transaction.confirmed');
    });

    test('accepts any of several secrets during a rotation', async () => {
      const rotating = createWebhookVerifier({ secrets: [OTHER_SECRET, SECRET], now });
      for (const secret of [SECRET, OTHER_SECRET]) {
        const { body, headers } = await signed(undefined, { secret });
        assert.equal((await rotating.verify(body, headers)).id, 'msg_1');
      }
      const third = `whsec_${Buffer.alloc(24, 1).toString('base64')}`;
      const { body, headers } = await signed(undefined, { secret: third });
      await rejects(rotating.verify(body, headers), 'signature-mismatch');
    });

    test('accepts a header with several signatures when any v1 entry matches, skipping unknown versions', async () => {
      const good = await signed();
      const bad = await signed(undefined, { secret: OTHER_SECRET });
      const header = `v1a,abc v2,${Buffer.alloc(32).toString('base64')} ${bad.headers['webhook-signature']} ${good.headers['webhook-signature']}`;
      assert.equal((await verifier.verify(good.body, { ...good.headers, 'webhook-signature': header })).id, 'msg_1');
      const malformedButMatching = `v1,!!! ${good.headers['webhook-signature']}`;
      assert.equal((await verifier.verify(good.body, { ...good.headers, 'webhook-signature': malformedButMatching })).id, 'msg_1');
    });

    test('verifies UTF-8 bodies identically as string, Uint8Array, ArrayBuffer and Request, without consuming the Request', async () => {
      const { body, headers } = await signed();
      const bytes = new TextEncoder().encode(body);
      assert.ok(bytes.length > body.length, 'the body has multi-byte characters');
      const request = new Request('https://partner.example/webhooks/cosmo', { method: 'POST', body, headers });
      const results = [
        await verifier.verify(body, headers),
        await verifier.verify(bytes, headers),
        await verifier.verify(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), headers),
        await verifier.verify(Buffer.from(bytes), headers),
        await verifier.verify(request),
      ];
      for (const result of results) assert.deepEqual(result, results[0]);
      assert.equal(results[0]!.known && results[0]!.type === 'transaction.confirmed' && results[0]!.data.program.name, 'SkyMiles Ünïcødé ✈️');
      assert.equal(request.bodyUsed, false);
      assert.equal(await request.text(), body);
      await rejects(verifier.verify(request), 'invalid-body-type');
    });

    test('refuses a non-canonical twin of the right signature, and other malformed entries, as malformed-signature on every payload type, before reading a Request', async () => {
      const { body, headers } = await signed();
      const good = headers['webhook-signature'].slice('v1,'.length);
      // The same 32 bytes to a lenient decoder (atob and Buffer ignore the unused low bits): only the canonical text may match.
      const twin = `${good.slice(0, 42)}${BASE64_ALPHABET[BASE64_ALPHABET.indexOf(good[42]!) + 1]}=`;
      assert.deepEqual(Buffer.from(twin, 'base64'), Buffer.from(good, 'base64'));
      const malformed = [
        twin,
        Buffer.alloc(31).toString('base64'), // 31 bytes: 44 characters ending "=="
        Buffer.alloc(32, 0xfb).toString('base64url') + '=', // URL-safe alphabet
        `${good.slice(0, 43)}é`, // a non-ASCII character
        '!'.repeat(44),
      ];
      for (const candidate of malformed) {
        const tampered = { ...headers, 'webhook-signature': `v1,${candidate}` };
        let pulls = 0;
        const stream = new ReadableStream<Uint8Array>({ pull(controller) { pulls++; controller.enqueue(new TextEncoder().encode(body)); controller.close(); } }, { highWaterMark: 0 });
        const request = new Request('https://partner.example/webhooks', { method: 'POST', body: stream, headers: tampered, duplex: 'half' } as RequestInit);
        for (const payload of [body, new TextEncoder().encode(body), request]) await rejects(verifier.verify(payload, tampered), 'malformed-signature');
        assert.equal(pulls, 0, `the Request body was read for ${candidate}`);
      }
      assert.equal((await verifier.verify(body, headers)).id, 'msg_1');
    });

    test('reads headers from a Headers object or a record in any letter case, and from arrays', async () => {
      const { body, headers } = await signed();
      assert.equal((await verifier.verify(body, new Headers(headers))).id, 'msg_1');
      const upper = { 'Webhook-Id': headers['webhook-id'], 'WEBHOOK-TIMESTAMP': headers['webhook-timestamp'], 'webhook-signature': [headers['webhook-signature']] };
      assert.equal((await verifier.verify(body, upper)).id, 'msg_1');
    });

    test('refuses a parsed object or other non-bytes as the payload', async () => {
      const { headers } = await signed();
      for (const payload of [transactionConfirmed(), 42, null, undefined]) {
        await rejects(verifier.verify(payload as never, headers), 'invalid-body-type');
      }
    });

    test('delivers unknown event types as known: false instead of failing', async () => {
      const { body, headers } = await signed({ type: 'points.expired', timestamp: '2025-01-01T00:00:00Z', data: { userId: 'u' } });
      const event = await verifier.verify(body, headers);
      assert.equal(event.known, false);
      assert.equal(event.type, 'points.expired');
      assert.deepEqual(event.data, { userId: 'u' });
    });

    test('interoperates with the standardwebhooks package in both directions', async () => {
      const wh = new Webhook(SECRET);
      const body = JSON.stringify(transactionConfirmed());
      const theirs = wh.sign('msg_x', new Date(NOW_S * 1000), body);
      assert.equal((await verifier.verify(body, { 'webhook-id': 'msg_x', 'webhook-timestamp': String(NOW_S), 'webhook-signature': theirs })).id, 'msg_x');
      const ours = await signWebhook({ secret: SECRET, payload: body, id: 'msg_y' });
      assert.deepEqual(wh.verify(ours.body, ours.headers), transactionConfirmed());
    });

    const badConfigs: [string, unknown][] = [
      ['no secret', { secrets: '' }],
      ['an empty secret list', { secrets: [] }],
      ['whitespace in a secret', { secrets: `${SECRET}\n` }],
      ['a secret that is not base64', { secrets: 'whsec_not*base64' }],
      ['a secret shorter than 16 bytes', { secrets: `whsec_${Buffer.alloc(8).toString('base64')}` }],
      ['a non-string secret', { secrets: [SECRET, 42] }],
      ['a zero tolerance', { secrets: SECRET, toleranceSeconds: 0 }],
      ['a non-function clock', { secrets: SECRET, now: 5 }],
    ];
    for (const [label, config] of badConfigs) {
      test(`refuses a config with ${label} eagerly`, () => {
        assert.throws(() => createWebhookVerifier(config as never), (error: unknown) => error instanceof CosmoServerError && error.code === 'invalid-config');
      });
    }

    test('accepts a secret without the whsec_ prefix', async () => {
      const bare = createWebhookVerifier({ secrets: SECRET.slice('whsec_'.length), now });
      const { body, headers } = await signed();
      assert.equal((await bare.verify(body, headers)).id, 'msg_1');
    });

    test('signWebhook refuses a malformed secret, id or timestamp', async () => {
      await assert.rejects(signWebhook({ secret: 'whsec_???', payload: {} }), { code: 'invalid-config' });
      await assert.rejects(signWebhook({ secret: SECRET, payload: {}, id: 'has space' }), { code: 'invalid-argument' });
      await assert.rejects(signWebhook({ secret: SECRET, payload: {}, timestamp: 1.5 }), { code: 'invalid-argument' });
    });
  });
}

test('both entries export the same public names and pick their crypto path', () => {
  const [node, web] = CRYPTO_PATHS;
  assert.deepEqual(Object.keys(node.api).sort(), Object.keys(web.api).sort());
  assert.equal(node.api.cryptoRuntime, 'node');
  assert.equal(web.api.cryptoRuntime, 'web');
});

describe("the simulator's deliveries: signed by an independent implementation of the spec", () => {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  before(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/cosmo`;
    sim = await startSimulator({ clients: [{ clientId: 'acme', clientSecret: 'acme-secret-sandbox', environment: 'sandbox' }], webhookUrl, webhookSecret: SECRET });
  });
  after(async () => {
    await sim.close();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  test('verify on both crypto paths, for each of the four event types', async () => {
    const client = CRYPTO_PATHS[0].api.createCosmoClient({ clientId: 'acme', clientSecret: 'acme-secret-sandbox', baseUrl: sim.url });
    await client.issuePoints({ programId: 'prog_skyair', value: 25, userId: 'SKY-100200', referenceNumber: 'interop-1' });
    const { token } = await client.createWidgetToken({ widget: 'multibrand', userId: 'user_m' });
    const widgetApi = (method: string, path: string, body?: unknown) =>
      fetch(`${sim.url}/widget-api/${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    await widgetApi('POST', 'connections', { programId: 'prog_cartly' });
    await widgetApi('PATCH', 'connections/prog_cartly', { share: 70 });
    await widgetApi('DELETE', 'connections/prog_skyair');
    await sim.control.waitForDeliveries();
    const sent = sim.control.events();
    assert.deepEqual(sent.map(({ event }) => event.type).sort(), ['program_connection.added', 'program_connection.removed', 'program_connection.updated', 'transaction.confirmed']);
    assert.equal(received.length, sent.length);
    for (const { name, api } of CRYPTO_PATHS) {
      const verifier = api.createWebhookVerifier({ secrets: SECRET });
      for (const { headers, body } of received) {
        const event = await verifier.verify(body, headers as Record<string, string>);
        const original = sent.find((record) => record.id === event.id);
        assert.ok(original && event.known, `${name}: ${event.id}`);
        assert.deepEqual({ type: event.type, data: event.data }, { type: original.event.type, data: original.event.data }, name);
      }
    }
  });
});
