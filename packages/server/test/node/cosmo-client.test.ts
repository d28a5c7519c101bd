import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startSimulator } from './simulator.js';
import type { Simulator } from './simulator.js';
import { createCosmoClient, CosmoServerError } from '../../src/index.js';
import type { CosmoClientConfig, TokenCache } from '../../src/index.js';

const CLIENT = { clientId: 'acme', clientSecret: 'acme-secret-sandbox' };
let sim: Simulator;

before(async () => {
  sim = await startSimulator({ clients: [{ ...CLIENT, environment: 'sandbox' }] });
});
after(() => sim.close());
beforeEach(() => sim.control.reset());

const client = (config: Partial<CosmoClientConfig> = {}) =>
  createCosmoClient({ ...CLIENT, baseUrl: sim.url, retryBaseDelayMs: 5, timeoutMs: 2000, ...config });
const count = (route: string) => sim.control.requests({ route }).length;

async function session(token: string) {
  const response = await fetch(`${sim.url}/widget-api/session`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return (await response.json()) as { widget: string; userId: string };
}

async function rejectsWith(promise: Promise<unknown>, code: string, extra: (error: CosmoServerError) => void = () => {}) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof CosmoServerError, String(error));
    assert.equal(error.code, code, error.message);
    assert.doesNotMatch(error.message, new RegExp(CLIENT.clientSecret));
    extra(error);
    return true;
  });
}

describe('widget tokens', () => {
  for (const widget of ['purchase', 'multibrand'] as const) {
    test(`mints a ${widget} token for the user with an ISO expiry from Cosmo's expiresIn/expiresAt`, async () => {
      const before = Date.now();
      const minted = await client().createWidgetToken({ widget, userId: 'user-7' });
      assert.deepEqual(Object.keys(minted).sort(), ['expiresAt', 'token']);
      const expires = Date.parse(minted.expiresAt!);
      assert.match(minted.expiresAt!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(expires >= before + 899_000 && expires <= Date.now() + 901_000, minted.expiresAt);
      assert.deepEqual(await session(minted.token).then(({ widget, userId }) => ({ widget, userId })), { widget, userId: 'user-7' });
    });
  }

  test('posts purchase to /auth/widget/point-exchange and multibrand to /auth/widget/multibrand by default', async () => {
    await client().createWidgetToken({ widget: 'purchase', userId: 'u' });
    await client().createWidgetToken({ widget: 'multibrand', userId: 'u' });
    assert.deepEqual(sim.control.requests({ route: 'widget-token' }).map((entry) => entry.path), ['/auth/widget/point-exchange', '/auth/widget/multibrand']);
  });

  test('uses overridden widget-token paths (the guide lists them the other way round)', async () => {
    const swapped = client({ paths: { widgetTokens: { purchase: '/auth/widget/multibrand', multibrand: '/auth/widget/point-exchange' } } });
    const minted = await swapped.createWidgetToken({ widget: 'purchase', userId: 'u' });
    assert.deepEqual(sim.control.requests({ route: 'widget-token' }).map((entry) => entry.path), ['/auth/widget/multibrand']);
    assert.equal((await session(minted.token)).widget, 'multibrand', 'the simulator minted what the path names');
  });

  test('omits expiresAt when Cosmo gives no expiry', async () => {
    // Strips the expiry from the widget-token answer only (the access token keeps its own).
    const stripExpiry: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/auth/widget/')) return response;
      const { token } = (await response.json()) as { token: string };
      return Response.json({ token }, { status: response.status });
    };
    assert.deepEqual(Object.keys(await client({ fetch: stripExpiry }).createWidgetToken({ widget: 'purchase', userId: 'u' })), ['token']);
  });

  test('refuses a bad widget kind or user id before calling Cosmo', async () => {
    await rejectsWith(client().createWidgetToken({ widget: 'other' as never, userId: 'u' }), 'invalid-argument');
    await rejectsWith(client().createWidgetToken({ widget: 'purchase', userId: '' }), 'invalid-argument');
    assert.equal(count('widget-token'), 0);
  });

  test('reports rejected credentials as unauthorized without retrying or echoing the secret', async () => {
    await rejectsWith(client({ clientSecret: 'wrong-secret' }).createWidgetToken({ widget: 'purchase', userId: 'u' }), 'unauthorized', (error) => {
      assert.equal(error.status, 401);
      assert.doesNotMatch(error.message, /wrong-secret/);
    });
    assert.equal(count('access-token'), 1);
    assert.equal(count('widget-token'), 0);
  });

  test('sends the credentials in the body with widgetTokenAuth client-credentials', async () => {
    const minted = await client({ widgetTokenAuth: 'client-credentials' }).createWidgetToken({ widget: 'multibrand', userId: 'u' });
    assert.equal((await session(minted.token)).widget, 'multibrand');
    assert.equal(count('access-token'), 0);
    await rejectsWith(client({ widgetTokenAuth: 'client-credentials', clientSecret: 'wrong-secret' }).createWidgetToken({ widget: 'purchase', userId: 'u' }), 'unauthorized');
  });

  test('refuses an unknown widgetTokenAuth eagerly', () => {
    assert.throws(() => client({ widgetTokenAuth: 'cookie' as never }), { code: 'invalid-config' });
  });
});

describe('access tokens', () => {
  test('fetches one access token for 50 concurrent calls (single flight) and reuses it afterwards', async () => {
    const cosmo = client();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => cosmo.getAccessToken()));
    assert.equal(new Set(tokens).size, 1);
    await Promise.all(Array.from({ length: 50 }, () => cosmo.listPrograms()));
    assert.equal(count('access-token'), 1);
    assert.equal(count('programs'), 50);
  });

  test('drops a token Cosmo rejects with 401 and retries the call once with a fresh one', async () => {
    const cosmo = client();
    await cosmo.listPrograms();
    sim.control.expireTokens('access');
    const programs = await cosmo.listPrograms();
    assert.ok(programs.length > 0);
    assert.equal(count('access-token'), 2);
    assert.deepEqual(sim.control.requests({ route: 'programs' }).map((entry) => entry.status), [200, 401, 200]);
  });

  test('does not cache a token that comes without an expiry', async () => {
    const stripExpiry: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('/auth/token')) return response;
      const { accessToken } = (await response.json()) as { accessToken: string };
      return Response.json({ access_token: accessToken }, { status: response.status });
    };
    const cosmo = client({ fetch: stripExpiry });
    await cosmo.listPrograms();
    await cosmo.listPrograms();
    assert.equal(count('access-token'), 2);
  });

  test('shares tokens between clients through a pluggable cache, keyed without the secret', async () => {
    const entries = new Map<string, { accessToken: string; expiresAt: number }>();
    const cache: TokenCache = { get: async (key) => entries.get(key), set: async (key, value) => void entries.set(key, value), delete: async (key) => void entries.delete(key) };
    await client({ tokenCache: cache }).listPrograms();
    await client({ tokenCache: cache }).listPrograms();
    assert.equal(count('access-token'), 1);
    assert.equal(entries.size, 1);
    for (const key of entries.keys()) assert.doesNotMatch(key, new RegExp(CLIENT.clientSecret));
  });
});

describe('classic flow', () => {
  test('lists active programs, typed', async () => {
    const programs = await client().listPrograms();
    assert.ok(programs.length > 0);
    for (const program of programs) {
      assert.equal(typeof program.id, 'string');
      assert.equal(typeof program.name, 'string');
      assert.notEqual(program.active, false);
    }
  });

  test('issues points once per idempotency key', async () => {
    const cosmo = client();
    const [program] = await cosmo.listPrograms();
    const input = { userId: 'user-7', programId: program!.id, points: 250, idempotencyKey: 'order-1001' };
    const first = await cosmo.issuePoints(input);
    const second = await cosmo.issuePoints(input);
    assert.equal(first.id, second.id);
    assert.equal(first.points, 250);
    assert.equal(first.userId, 'user-7');
    assert.equal(sim.control.transactions().length, 1);
    const third = await cosmo.issuePoints({ ...input, idempotencyKey: 'order-1002' });
    assert.notEqual(third.id, first.id);
  });

  test('refuses invalid points input before calling Cosmo', async () => {
    const cosmo = client();
    await rejectsWith(cosmo.issuePoints({ userId: 'u', programId: 'p', points: 10, idempotencyKey: '' }), 'invalid-argument');
    await rejectsWith(cosmo.issuePoints({ userId: 'u', programId: 'p', points: -1, idempotencyKey: 'k' }), 'invalid-argument');
    await rejectsWith(cosmo.issuePoints({ userId: 'u', programId: 'p', points: 1.5, idempotencyKey: 'k' }), 'invalid-argument');
    assert.equal(count('transactions'), 0);
  });

  test('reports an unknown program as a rejected request with Cosmo status and code', async () => {
    await rejectsWith(client().issuePoints({ userId: 'u', programId: 'no-such-program', points: 10, idempotencyKey: 'k' }), 'request-rejected', (error) => {
      assert.ok(error.status! >= 400 && error.status! < 500);
    });
    assert.equal(count('transactions'), 1);
  });
});

describe('retries and timeouts', () => {
  test('retries 5xx and succeeds', async () => {
    sim.control.fail({ route: 'widget-token', count: 2, status: 503 });
    await client().createWidgetToken({ widget: 'purchase', userId: 'u' });
    assert.deepEqual(sim.control.requests({ route: 'widget-token' }).map((entry) => entry.status), [503, 503, 200]);
  });

  test('gives up after the configured retries with upstream-error', async () => {
    sim.control.fail({ route: 'widget-token', count: 5, status: 500 });
    await rejectsWith(client({ retries: 1 }).createWidgetToken({ widget: 'purchase', userId: 'u' }), 'upstream-error', (error) => assert.equal(error.status, 500));
    assert.equal(count('widget-token'), 2);
  });

  test('retries 429 after Retry-After', async () => {
    sim.control.fail({ route: 'widget-token', count: 1, status: 429 });
    const started = Date.now();
    await client().createWidgetToken({ widget: 'purchase', userId: 'u' });
    assert.ok(Date.now() - started >= 950, 'waited for Retry-After: 1');
    assert.deepEqual(sim.control.requests({ route: 'widget-token' }).map((entry) => entry.status), [429, 200]);
  });

  test('fails at once with rate-limited when Retry-After exceeds the longest allowed wait', async () => {
    sim.control.fail({ route: 'widget-token', count: 1, status: 429 });
    await rejectsWith(client({ maxRetryDelayMs: 500 }).createWidgetToken({ widget: 'purchase', userId: 'u' }), 'rate-limited', (error) => assert.equal(error.status, 429));
    assert.equal(count('widget-token'), 1);
  });

  for (const status of [400, 404, 409]) {
    test(`never retries a ${status}`, async () => {
      sim.control.fail({ route: 'widget-token', count: 3, status });
      await rejectsWith(client().createWidgetToken({ widget: 'purchase', userId: 'u' }), 'request-rejected', (error) => assert.equal(error.status, status));
      assert.equal(count('widget-token'), 1);
    });
  }

  test('retries a dropped connection', async () => {
    sim.control.fail({ route: 'widget-token', count: 1, status: 0 });
    const minted = await client().createWidgetToken({ widget: 'purchase', userId: 'u' });
    assert.ok(minted.token);
    assert.deepEqual(sim.control.requests({ route: 'widget-token' }).map((entry) => entry.status), [0, 200]);
  });

  test('reports network-error when Cosmo is unreachable', async () => {
    await rejectsWith(client({ baseUrl: 'http://127.0.0.1:1', retries: 1 }).createWidgetToken({ widget: 'purchase', userId: 'u' }), 'network-error');
  });

  test('times out a slow attempt and retries it', async () => {
    sim.control.fail({ route: 'widget-token', count: 1, delayMs: 1500 });
    const started = Date.now();
    const minted = await client({ timeoutMs: 200 }).createWidgetToken({ widget: 'purchase', userId: 'u' });
    assert.ok(minted.token);
    assert.ok(count('widget-token') >= 1);
    assert.ok(Date.now() - started < 1400, 'did not wait for the slow answer');
  });

  test('reports timeout when every attempt is too slow', async () => {
    sim.control.fail({ route: 'widget-token', count: 2, delayMs: 1000 });
    await rejectsWith(client({ timeoutMs: 150, retries: 1 }).createWidgetToken({ widget: 'purchase', userId: 'u' }), 'timeout');
  });

  test('stops when the caller aborts, without further attempts', async () => {
    sim.control.fail({ route: 'widget-token', count: 1, delayMs: 1000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await rejectsWith(client().createWidgetToken({ widget: 'purchase', userId: 'u', signal: controller.signal }), 'aborted');
    await rejectsWith(client().createWidgetToken({ widget: 'purchase', userId: 'u', signal: AbortSignal.abort() }), 'aborted');
  });
});

describe('config validation', () => {
  const bad: [string, Partial<CosmoClientConfig> & Record<string, unknown>][] = [
    ['an empty client id', { clientId: '' }],
    ['an empty secret', { clientSecret: '' }],
    ['whitespace in the secret', { clientSecret: 'secret\n' }],
    ['whitespace in the client id', { clientId: 'a b' }],
    ['an unknown environment', { baseUrl: undefined, environment: 'staging' as never }],
    ['a baseUrl that is not a URL', { baseUrl: 'api.cosmo' }],
    ['a non-http baseUrl', { baseUrl: 'ftp://api.cosmo' }],
    ['a baseUrl with credentials', { baseUrl: 'https://user:pw@api.cosmo' }],
    ['a zero timeout', { timeoutMs: 0 }],
    ['fractional retries', { retries: 1.5 }],
    ['too many retries', { retries: 50 }],
    ['a path without a leading slash', { paths: { programs: 'programs' } }],
    ['a token cache without delete', { tokenCache: { get: () => undefined, set: () => {} } as never }],
  ];
  for (const [label, config] of bad) {
    test(`refuses ${label} eagerly`, () => {
      assert.throws(() => client(config), (error: unknown) => error instanceof CosmoServerError && error.code === 'invalid-config' && !error.message.includes(CLIENT.clientSecret));
    });
  }

  test('uses the environment table when no baseUrl is given', () => {
    assert.equal(createCosmoClient({ ...CLIENT }).baseUrl, 'https://api.sandbox.cosmopoints.com');
    assert.equal(createCosmoClient({ ...CLIENT, environment: 'production' }).baseUrl, 'https://api.cosmopoints.com');
  });
});
