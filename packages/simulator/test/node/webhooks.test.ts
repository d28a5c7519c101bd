/**
 * Signed webhook delivery to a real receiver on loopback that checks every signature with node:crypto
 * (independently of the signing code), and the signing itself against the Standard Webhooks reference vector.
 * (@cosmopoints/server's verifier checks these deliveries in its own tests: the simulator does not depend on it.)
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, describe, it } from 'node:test';
import { readWebhookEvent } from '@cosmopoints/protocol/webhook-events';
import { DEFAULT_WEBHOOK_RETRY, DEFAULT_WEBHOOK_SECRET, SimulatorError, backoffDelay, startSimulator } from '../../src/index.js';
import { signatureHeaders, webhookKey } from '../../src/webhooks.js';
import type { Simulator, SimulatorOptions } from '../../src/index.js';
import { sleep } from '../../src/internal/sleep.js';
import { accessToken, call, eventually, startReceiver, widgetToken } from './helpers.js';
import type { Receiver } from './helpers.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const FAST = { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 200, timeoutMs: 2000 };

describe('webhook delivery', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });
  after(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  const setup = async (options: SimulatorOptions = {}): Promise<{ sim: Simulator; receiver: Receiver }> => {
    const receiver = await startReceiver(options.webhookSecret ?? SECRET);
    cleanup.push(() => receiver.close());
    const sim = await startSimulator({ webhookUrl: receiver.url, webhookSecret: SECRET, webhookRetry: FAST, ...options });
    cleanup.push(() => sim.close());
    return { sim, receiver };
  };

  const purchase = async (sim: Simulator, userId = 'user_w', value = 100) => {
    const token = await accessToken(sim.url);
    const response = await call(sim.url, 'POST', '/transactions', { token, body: { userId, programId: 'prog_skyair', value, referenceNumber: randomUUID() } });
    assert.equal(response.status, 201);
    return response.body as { id: string };
  };

  it('delivers a signed transaction.confirmed for an API transaction, in the protocol’s event shape', async () => {
    const { sim, receiver } = await setup();
    const transaction = await purchase(sim, 'user_w', 10);
    const [hook] = await receiver.waitFor(1);
    assert.ok(hook?.valid, 'the signature verifies');
    assert.equal(hook?.headers['content-type'], 'application/json');
    assert.match(String(hook?.headers['webhook-id']), /^msg_[0-9a-f]{32}$/);
    assert.ok(Math.abs(Number(hook?.headers['webhook-timestamp']) - Date.now() / 1000) < 5);
    const read = readWebhookEvent(JSON.parse(hook?.body ?? ''));
    assert.ok(read.ok && read.event.known && read.event.type === 'transaction.confirmed');
    assert.deepEqual(read.event.data, {
      transactionId: transaction.id,
      userId: 'user_w',
      program: { id: 'prog_skyair', name: 'SkyAir Miles' },
      points: 400,
      amount: { value: 10, currency: 'USD' },
      confirmedAt: read.event.data.confirmedAt,
    });
    await sim.control.waitForDeliveries();
    assert.deepEqual(sim.control.deliveries().map((d) => [d.type, d.attempt, d.status, d.outcome]), [['transaction.confirmed', 1, 204, 'delivered']]);
  });

  it('signs the Standard Webhooks reference vector', () => {
    const key = webhookKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    assert.deepEqual(signatureHeaders(key, 'msg_p5jXN8AQM9LWM0D4loKWxJek', '{"test": 2432232314}', 1614265330), {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
      'content-type': 'application/json',
    });
  });

  it('refuses a webhook secret that is not whsec_ and padded base64 of at least 16 bytes', async () => {
    for (const secret of ['', 'whsec_', 'whsec_abc', 'whsec_not*base64!', `whsec_${Buffer.alloc(8).toString('base64')}`, ` ${SECRET}`, 42]) {
      await assert.rejects(startSimulator({ webhookSecret: secret as string }), (error: unknown) => error instanceof SimulatorError && error.code === 'invalid-option', String(secret));
    }
    assert.equal(webhookKey(SECRET.slice('whsec_'.length)).length, 24, 'the prefix is optional');
  });

  it('delivers program_connection.added / updated / removed for multibrand changes, with the resulting list', async () => {
    const { sim, receiver } = await setup();
    const token = await widgetToken(sim.url, 'multibrand', 'user_m');
    await call(sim.url, 'POST', '/widget-api/connections', { token, body: { programId: 'prog_cartly' } });
    await call(sim.url, 'PATCH', '/widget-api/connections/prog_cartly', { token, body: { share: 70 } });
    await call(sim.url, 'DELETE', '/widget-api/connections/prog_skyair', { token });
    const hooks = await receiver.waitFor(3);
    assert.ok(hooks.every((hook) => hook.valid));
    const events = hooks.map((hook) => {
      const read = readWebhookEvent(JSON.parse(hook.body));
      assert.ok(read.ok && read.event.known, `known event: ${hook.body}`);
      return read.event;
    });
    const byType = new Map(events.map((event) => [event.type, event]));
    const added = byType.get('program_connection.added');
    const updated = byType.get('program_connection.updated');
    const removed = byType.get('program_connection.removed');
    assert.ok(added?.type === 'program_connection.added' && updated?.type === 'program_connection.updated' && removed?.type === 'program_connection.removed');
    assert.deepEqual([added.data.userId, added.data.connection.program.id, added.data.connections.length], ['user_m', 'prog_cartly', 2]);
    assert.deepEqual([updated.data.previous?.share, updated.data.connection.share], [50, 70]);
    assert.deepEqual(removed.data.program, { id: 'prog_skyair', name: 'SkyAir Miles' });
    assert.deepEqual(removed.data.connections, [{ program: { id: 'prog_cartly', name: 'Cartly Rewards' }, share: 100 }]);
  });

  it('retries with backoff until the endpoint answers 2xx, keeping the webhook-id and re-signing each attempt', async () => {
    const { sim, receiver } = await setup();
    receiver.statuses.push(500, 503, 502);
    await purchase(sim);
    const hooks = await receiver.waitFor(4);
    await sim.control.waitForDeliveries();
    assert.deepEqual(hooks.map((hook) => hook.status), [500, 503, 502, 204]);
    assert.ok(hooks.every((hook) => hook.valid));
    assert.equal(new Set(hooks.map((hook) => hook.headers['webhook-id'])).size, 1, 'one webhook-id across attempts');
    const log = sim.control.deliveries();
    assert.deepEqual(log.map((d) => [d.attempt, d.status, d.outcome]), [
      [1, 500, 'retrying'],
      [2, 503, 'retrying'],
      [3, 502, 'retrying'],
      [4, 204, 'delivered'],
    ]);
    // Delays grow: each is within [ceiling/2, ceiling] of its capped exponential ceiling.
    log.slice(0, 3).forEach((entry, index) => {
      const ceiling = Math.min(FAST.maxDelayMs, FAST.baseDelayMs * 2 ** index);
      assert.ok(entry.nextDelayMs !== undefined && entry.nextDelayMs >= ceiling / 2 && entry.nextDelayMs <= ceiling, `delay ${entry.nextDelayMs} for retry ${index + 1}`);
    });
  });

  it('keeps retrying while the endpoint is down and delivers everything once it is back', async () => {
    const probe = await startReceiver(SECRET);
    const port = probe.port;
    await probe.close();
    const sim = await startSimulator({ webhookUrl: `http://127.0.0.1:${port}/webhooks/cosmo`, webhookSecret: SECRET, webhookRetry: { maxAttempts: 30, baseDelayMs: 20, maxDelayMs: 100 } });
    cleanup.push(() => sim.close());
    await purchase(sim, 'u1');
    await purchase(sim, 'u2');
    await eventually(() => sim.control.deliveries().filter((d) => d.outcome === 'retrying').length >= 4, 5000, 'failed attempts while down');
    assert.ok(sim.control.deliveries().every((d) => d.status === 0 && d.error), 'connection errors are logged');
    const receiver = await startReceiver(SECRET, port);
    cleanup.push(() => receiver.close());
    await sim.control.waitForDeliveries({ signal: AbortSignal.timeout(5000) });
    const delivered = sim.control.deliveries().filter((d) => d.outcome === 'delivered');
    assert.equal(delivered.length, 2);
    assert.equal(receiver.received.length, 2);
    assert.deepEqual(new Set(receiver.received.map((hook) => JSON.parse(hook.body).data.userId)), new Set(['u1', 'u2']));
  });

  it('gives up after maxAttempts and logs the delivery as failed', async () => {
    const { sim, receiver } = await setup({ webhookRetry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
    receiver.statuses.push(500, 500, 500, 500);
    await purchase(sim);
    await sim.control.waitForDeliveries();
    assert.deepEqual(sim.control.deliveries().map((d) => d.outcome), ['retrying', 'retrying', 'failed']);
    assert.equal(receiver.received.length, 3);
  });

  it('drop: the next n deliveries are never sent, later ones are', async () => {
    const { sim, receiver } = await setup();
    const settings = await call(sim.url, 'POST', '/__control/webhooks', { body: { drop: 1 } });
    assert.deepEqual(settings.body, { url: receiver.url, drop: 1, duplicate: 0 });
    await purchase(sim, 'dropped');
    await purchase(sim, 'kept');
    await sim.control.waitForDeliveries();
    await receiver.waitFor(1);
    assert.deepEqual(receiver.received.map((hook) => JSON.parse(hook.body).data.userId), ['kept']);
    assert.deepEqual(sim.control.deliveries().map((d) => d.outcome).sort(), ['delivered', 'dropped']);
    assert.equal(sim.control.events().length, 2, 'both events exist; one delivery was dropped');
  });

  it('duplicate: the next n events arrive twice with the same webhook-id and body', async () => {
    const { sim, receiver } = await setup();
    await sim.control.webhooks({ duplicate: 1 });
    await purchase(sim);
    const hooks = await receiver.waitFor(2);
    await sim.control.waitForDeliveries();
    assert.equal(hooks[0]?.headers['webhook-id'], hooks[1]?.headers['webhook-id']);
    assert.equal(hooks[0]?.body, hooks[1]?.body);
    assert.deepEqual(sim.control.deliveries().map((d) => Boolean(d.duplicate)).sort(), [false, true]);
    await purchase(sim);
    await receiver.waitFor(3);
    await sim.control.waitForDeliveries();
    assert.equal(receiver.received.length, 3, 'only the next event was duplicated');
  });

  it('records events without sending when no webhook URL is configured, and can be pointed at one later', async () => {
    const receiver = await startReceiver(SECRET);
    cleanup.push(() => receiver.close());
    const sim = await startSimulator({ webhookSecret: SECRET });
    cleanup.push(() => sim.close());
    await purchase(sim);
    assert.deepEqual(sim.control.deliveries().map((d) => d.outcome), ['no-endpoint']);
    await sim.control.webhooks({ url: receiver.url });
    await purchase(sim);
    await receiver.waitFor(1);
    assert.equal(sim.control.events().length, 2);
  });

  it('signs with DEFAULT_WEBHOOK_SECRET when none is given', async () => {
    const receiver = await startReceiver(DEFAULT_WEBHOOK_SECRET);
    cleanup.push(() => receiver.close());
    const sim = await startSimulator({ webhookUrl: receiver.url });
    cleanup.push(() => sim.close());
    await purchase(sim);
    const [hook] = await receiver.waitFor(1);
    assert.ok(hook?.valid);
  });

  it('close() cancels pending retries: no request reaches the endpoint afterwards', async () => {
    const receiver = await startReceiver(SECRET);
    cleanup.push(() => receiver.close());
    receiver.statuses.push(...Array.from({ length: 50 }, () => 500));
    const sim = await startSimulator({ webhookUrl: receiver.url, webhookSecret: SECRET, webhookRetry: { maxAttempts: 50, baseDelayMs: 50, maxDelayMs: 50 } });
    await purchase(sim);
    await receiver.waitFor(2);
    await sim.close();
    const count = receiver.received.length;
    await sleep(200);
    assert.equal(receiver.received.length, count);
    assert.equal(sim.control.deliveries().at(-1)?.outcome, 'cancelled');
  });

  it('refuses malformed webhook settings', async () => {
    await assert.rejects(startSimulator({ webhookSecret: 'whsec_short' }), { code: 'invalid-option' });
    await assert.rejects(startSimulator({ webhookUrl: 'ftp://x' }), { code: 'invalid-option' });
    await assert.rejects(startSimulator({ webhookRetry: { maxAttempts: 0 } }), { code: 'invalid-option' });
    const sim = await startSimulator();
    cleanup.push(() => sim.close());
    const response = await call(sim.url, 'POST', '/__control/webhooks', { body: { duplicate: -1 } });
    assert.equal(response.status, 400);
  });

  it('backoffDelay grows exponentially, is capped, and jitters within [ceiling/2, ceiling]', () => {
    const options = { ...DEFAULT_WEBHOOK_RETRY };
    assert.deepEqual([1, 2, 3, 4].map((retry) => backoffDelay(retry, options, () => 1)), [1000, 2000, 4000, 8000]);
    assert.deepEqual([1, 2, 3].map((retry) => backoffDelay(retry, options, () => 0)), [500, 1000, 2000]);
    assert.equal(backoffDelay(20, options, () => 1), options.maxDelayMs);
  });
});
