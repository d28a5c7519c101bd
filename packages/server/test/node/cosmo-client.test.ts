/** The client's transport and tokens against the simulator over loopback: widget tokens, access tokens, retries, config. */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { startSimulator } from '@cosmopoints/simulator';
import { CLIENT, recordingFetch, rejectsWith, simulatorSuite } from './client-support.js';
import { createCosmoClient, CosmoServerError } from '../../src/index.js';
import type { CosmoClientConfig, TokenCache } from '../../src/index.js';
import { sleep } from '../../src/internal/sleep.js';

const suite = simulatorSuite();
const { client, count } = suite;

async function session(token: string) {
  const response = await fetch(`${suite.sim.url}/widget-api/session`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return (await response.json()) as { widget: string; userId: string };
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
    assert.deepEqual(suite.sim.control.requests({ route: 'widget-token' }).map((entry) => entry.path), ['/auth/widget/point-exchange', '/auth/widget/multibrand']);
  });

  test('uses overridden widget-token paths (the guide lists them the other way round)', async () => {
    const swapped = client({ paths: { widgetTokens: { purchase: '/auth/widget/multibrand', multibrand: '/auth/widget/point-exchange' } } });
    const minted = await swapped.createWidgetToken({ widget: 'purchase', userId: 'u' });
    assert.deepEqual(suite.sim.control.requests({ route: 'widget-token' }).map((entry) => entry.path), ['/auth/widget/multibrand']);
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
  test('sends the newest documented body: client_id, client_secret, grant_type (snake_case)', async () => {
    const wire = recordingFetch();
    await client({ fetch: wire.fetch }).getAccessToken();
    assert.deepEqual(wire.sent.map(({ method, url, body }) => [method, url.pathname, body]), [
      ['POST', '/auth/token', { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, grant_type: 'client_credentials' }],
    ]);
  });

  test("sends the older camelCase body with authRequestStyle: 'camelCase'", async () => {
    const wire = recordingFetch();
    await client({ fetch: wire.fetch, authRequestStyle: 'camelCase' }).getAccessToken();
    assert.deepEqual(wire.sent[0]?.body, { clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret });
  });

  for (const version of ['newest', 'camelCase', 'accessToken', 'token'] as const) {
    test(`reads the ${version} access-token answer and calls with it`, async () => {
      const programs = await client().listPrograms();
      suite.sim.control.wire({ accessToken: version });
      const cosmo = client();
      const token = await cosmo.getAccessToken();
      assert.match(token, /^at_/);
      assert.deepEqual(await cosmo.listPrograms(), programs);
      assert.deepEqual(suite.sim.control.requests({ route: 'programs' }).map((entry) => entry.status), [200, 200]);
    });
  }

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
    const programs = await cosmo.listPrograms();
    suite.sim.control.expireTokens('access');
    assert.deepEqual(await cosmo.listPrograms(), programs);
    assert.equal(count('access-token'), 2);
    assert.deepEqual(suite.sim.control.requests({ route: 'programs' }).map((entry) => entry.status), [200, 401, 200]);
  });

  /** A client on a clock the test moves; Cosmo's real tokens stay valid throughout, so any refresh is the client's own. */
  const clocked = () => {
    const clock = { now: Date.now() };
    return { clock, cosmo: client({ now: () => clock.now }) };
  };

  test('refreshes a 600-second token ahead of its expiry, before Cosmo ever answers 401', async () => {
    const { clock, cosmo } = clocked();
    await cosmo.listPrograms();
    clock.now += 539_000;
    await cosmo.listPrograms();
    assert.equal(count('access-token'), 1, 'still fresh at 539 s');
    clock.now += 2_000;
    await cosmo.listPrograms();
    assert.equal(count('access-token'), 2, 'refreshed at 541 s, a minute before expiry');
    assert.ok(suite.sim.control.requests({ route: 'programs' }).every((entry) => entry.status === 200), 'never a 401');
  });

  test('takes the lifetime from expires_in', async () => {
    const short = await startSimulator({ clients: [{ ...CLIENT }], accessTokenTtlSeconds: 120 });
    try {
      const clock = { now: Date.now() };
      const cosmo = createCosmoClient({ ...CLIENT, baseUrl: short.url, now: () => clock.now });
      await cosmo.listPrograms();
      clock.now += 100_000;
      await cosmo.listPrograms();
      assert.equal(short.control.requests({ route: 'access-token' }).length, 1);
      clock.now += 10_000; // 110 s: past 90 % of a 120-second lifetime
      await cosmo.listPrograms();
      assert.equal(short.control.requests({ route: 'access-token' }).length, 2);
    } finally {
      await short.close();
    }
  });

  for (const version of ['accessToken', 'token'] as const) {
    test(`assumes the documented 10 minutes when the answer has no lifetime (${version})`, async () => {
      suite.sim.control.wire({ accessToken: version });
      const { clock, cosmo } = clocked();
      await cosmo.listPrograms();
      clock.now += 539_000;
      await cosmo.listPrograms();
      assert.equal(count('access-token'), 1);
      clock.now += 2_000;
      await cosmo.listPrograms();
      assert.equal(count('access-token'), 2);
    });
  }

  test('shares tokens between clients through a pluggable cache, keyed without the secret', async () => {
    const entries = new Map<string, { accessToken: string; expiresAt: number }>();
    const cache: TokenCache = { get: async (key) => entries.get(key), set: async (key, value) => void entries.set(key, value), delete: async (key) => void entries.delete(key) };
    await client({ tokenCache: cache }).listPrograms();
    await client({ tokenCache: cache }).listPrograms();
    assert.equal(count('access-token'), 1);
    assert.equal(entries.size, 1);
    for (const key of entries.keys()) assert.doesNotMatch(key, new RegExp(CLIENT.clientSecret));
  });

  test('reports a malformed token answer as invalid-response, without the body', async () => {
    const wire = recordingFetch(() => new Response('{"access_token": 42, "secret": "leak-me"}', { status: 200 }));
    await rejectsWith(client({ fetch: wire.fetch }).getAccessToken(), 'invalid-response', (error) => assert.doesNotMatch(error.message, /leak-me/));
  });
});

describe('redirects', () => {
  test('never follows a redirect: a 3xx is unexpected-redirect, not retried, and the target is never called', async () => {
    const hits = { redirector: 0, target: 0 };
    const target = createServer((_req, res) => {
      hits.target += 1;
      res.end('{}');
    });
    const redirector = createServer((req, res) => {
      hits.redirector += 1;
      req.resume();
      res.writeHead(307, { location: `http://127.0.0.1:${(target.address() as AddressInfo).port}/steal?token=x` }).end();
    });
    await Promise.all([target, redirector].map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
    try {
      const cosmo = client({ baseUrl: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}` });
      await rejectsWith(cosmo.getAccessToken(), 'unexpected-redirect', (error) => {
        assert.equal(error.status, 307);
        assert.match(error.message, /redirect \(307\) to http:\/\/127\.0\.0\.1:\d+;/);
        assert.doesNotMatch(error.message, /steal|token=x/, 'only the origin of the target is named');
      });
      assert.deepEqual(hits, { redirector: 1, target: 0 });
    } finally {
      for (const server of [target, redirector]) server.close();
    }
  });
});

describe('retries and timeouts', () => {
  test('retries 5xx and succeeds', async () => {
    suite.sim.control.fail({ route: 'widget-token', count: 2, status: 503 });
    await client().createWidgetToken({ widget: 'purchase', userId: 'u' });
    assert.deepEqual(suite.sim.control.requests({ route: 'widget-token' }).map((entry) => entry.status), [503, 503, 200]);
  });

  test('gives up after the configured retries with upstream-error', async () => {
    suite.sim.control.fail({ route: 'widget-token', count: 5, status: 500 });
    await rejectsWith(client({ retries: 1 }).createWidgetToken({ widget: 'purchase', userId: 'u' }), 'upstream-error', (error) => assert.equal(error.status, 500));
    assert.equal(count('widget-token'), 2);
  });

  test('retries 429 after Retry-After', async () => {
    suite.sim.control.fail({ route: 'widget-token', count: 1, status: 429 });
    const started = Date.now();
    await client().createWidgetToken({ widget: 'purchase', userId: 'u' });
    assert.ok(Date.now() - started >= 950, 'waited for Retry-After: 1');
    assert.deepEqual(suite.sim.control.requests({ route: 'widget-token' }).map((entry) => entry.status), [429, 200]);
  });

  test('fails at once with rate-limited when Retry-After exceeds the longest allowed wait', async () => {
    suite.sim.control.fail({ route: 'widget-token', count: 1, status: 429 });
    await rejectsWith(client({ maxRetryDelayMs: 500 }).createWidgetToken({ widget: 'purchase', userId: 'u' }), 'rate-limited', (error) => assert.equal(error.status, 429));
    assert.equal(count('widget-token'), 1);
  });

  for (const status of [400, 404, 409]) {
    test(`never retries a ${status}`, async () => {
      suite.sim.control.fail({ route: 'widget-token', count: 3, status });
      await rejectsWith(client().createWidgetToken({ widget: 'purchase', userId: 'u' }), 'request-rejected', (error) => assert.equal(error.status, status));
      assert.equal(count('widget-token'), 1);
    });
  }

  test('retries a dropped connection', async () => {
    suite.sim.control.fail({ route: 'widget-token', count: 1, status: 0 });
    const minted = await client().createWidgetToken({ widget: 'purchase', userId: 'u-3' });
    assert.deepEqual(await session(minted.token).then(({ widget, userId }) => ({ widget, userId })), { widget: 'purchase', userId: 'u-3' });
    assert.deepEqual(suite.sim.control.requests({ route: 'widget-token' }).map((entry) => entry.status), [0, 200]);
  });

  test('reports network-error when Cosmo is unreachable', async () => {
    await rejectsWith(client({ baseUrl: 'http://127.0.0.1:1', retries: 1 }).createWidgetToken({ widget: 'purchase', userId: 'u' }), 'network-error');
  });

  test('times out a slow attempt and retries it once', async () => {
    suite.sim.control.fail({ route: 'widget-token', count: 1, delayMs: 1500 });
    const wire = recordingFetch();
    const started = Date.now();
    const minted = await client({ fetch: wire.fetch, timeoutMs: 200 }).createWidgetToken({ widget: 'purchase', userId: 'u-9' });
    assert.ok(Date.now() - started < 1400, 'did not wait for the slow answer');
    assert.deepEqual(wire.sent.map((request) => request.url.pathname), ['/auth/token', '/auth/widget/point-exchange', '/auth/widget/point-exchange']);
    assert.deepEqual(await session(minted.token).then(({ widget, userId }) => ({ widget, userId })), { widget: 'purchase', userId: 'u-9' });
  });

  test('reports timeout when every attempt is too slow', async () => {
    suite.sim.control.fail({ route: 'widget-token', count: 2, delayMs: 1000 });
    await rejectsWith(client({ timeoutMs: 150, retries: 1 }).createWidgetToken({ widget: 'purchase', userId: 'u' }), 'timeout');
  });

  test('stops when the caller aborts during an attempt, without further attempts', async () => {
    suite.sim.control.fail({ route: 'widget-token', count: 1, delayMs: 1000 });
    const wire = recordingFetch();
    const controller = new AbortController();
    let sentAt = 0;
    const abortingFetch: typeof fetch = (input, init) => {
      if (String(input).includes('/auth/widget/')) {
        sentAt = Date.now();
        setTimeout(() => controller.abort(), 50);
      }
      return wire.fetch(input, init);
    };
    await rejectsWith(client({ fetch: abortingFetch }).createWidgetToken({ widget: 'purchase', userId: 'u', signal: controller.signal }), 'aborted');
    assert.ok(Date.now() - sentAt < 900, 'did not wait for the slow answer');
    // Longer than any retry would take to start (retryBaseDelayMs is 5 here).
    await sleep(200);
    assert.deepEqual(wire.sent.map((request) => request.url.pathname), ['/auth/token', '/auth/widget/point-exchange']);
  });

  test('stops when the caller aborts during the backoff, at once, without further attempts', async () => {
    suite.sim.control.fail({ route: 'widget-token', count: 1, status: 429 }); // Retry-After: 1
    const controller = new AbortController();
    let answeredAt = 0;
    const wire = recordingFetch((_request, response) => {
      if (response.status === 429) {
        answeredAt = Date.now();
        setTimeout(() => controller.abort(), 50);
      }
      return response;
    });
    await rejectsWith(client({ fetch: wire.fetch }).createWidgetToken({ widget: 'purchase', userId: 'u', signal: controller.signal }), 'aborted');
    assert.ok(Date.now() - answeredAt < 600, 'rejected at the abort, not after the 1 s Retry-After');
    assert.deepEqual(wire.sent.map((request) => request.url.pathname), ['/auth/token', '/auth/widget/point-exchange']);
  });

  test('sends nothing when the signal is already aborted', async () => {
    const wire = recordingFetch();
    await rejectsWith(client({ fetch: wire.fetch }).createWidgetToken({ widget: 'purchase', userId: 'u', signal: AbortSignal.abort() }), 'aborted');
    assert.deepEqual(wire.sent, []);
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
    ['a program-fields path without {programId}', { paths: { programFields: '/programs/fields' } }],
    ['a get-transaction path without {transactionId}', { paths: { getTransaction: '/transactions/one' } }],
    ['an unknown authRequestStyle', { authRequestStyle: 'kebab-case' as never }],
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
