import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { parseWidgetTokenResponse } from '@cosmopoints/protocol';
import { startSimulator } from '@cosmopoints/simulator';
import type { Simulator } from '@cosmopoints/simulator';
import { createCosmoClient, createTokenHandler, CosmoServerError } from '../../src/index.js';
import type { EndpointErrorCode, TokenHandlerOptions } from '../../src/index.js';

const CLIENT = { clientId: 'acme', clientSecret: 'acme-secret-sandbox' };
const ROUTE = 'https://shop.example/api/cosmo/token';
let sim: Simulator;

before(async () => {
  sim = await startSimulator({ clients: [{ ...CLIENT, environment: 'sandbox' }] });
});
after(() => sim.close());
beforeEach(() => sim.control.reset());

function handler(options: Partial<TokenHandlerOptions> = {}) {
  const client = createCosmoClient({ ...CLIENT, baseUrl: sim.url, retryBaseDelayMs: 1, retries: 1 });
  return createTokenHandler({ client, authenticate: (request) => (request.headers.get('cookie') === 'session=alice' ? { userId: 'alice' } : null), ...options });
}

function post(body: unknown, headers: Record<string, string> = {}) {
  return new Request(ROUTE, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'session=alice', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(response: Response) {
  const text = await response.text();
  assert.doesNotMatch(text, new RegExp(CLIENT.clientSecret), 'no secret in the body');
  return (JSON.parse(text) as { error: { code: string; message: string } }).error;
}

const widgetRequests = () => sim.control.requests({ route: 'widget-token' }).length;

describe('token handler', () => {
  for (const widget of ['purchase', 'multibrand'] as const) {
    test(`answers 200 {token, expiresAt} for a signed-in user's ${widget} token, no-store`, async () => {
      const response = await handler()(post({ widget }));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('vary'), 'Origin');
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      const body = (await response.json()) as { token: string; expiresAt: string };
      assert.deepEqual(Object.keys(body).sort(), ['expiresAt', 'token']);
      assert.equal(parseWidgetTokenResponse(body).ok, true, 'the widgets can parse it');
      const session = await fetch(`${sim.url}/widget-api/session`, { headers: { authorization: `Bearer ${body.token}` } }).then((r) => r.json() as Promise<{ widget: string; userId: string }>);
      assert.deepEqual([session.widget, session.userId], [widget, 'alice']);
    });
  }

  test('serves 50 concurrent mints with one access-token request (single flight)', async () => {
    const route = handler();
    const responses = await Promise.all(Array.from({ length: 50 }, () => route(post({ widget: 'purchase' }))));
    assert.deepEqual(new Set(responses.map((response) => response.status)), new Set([200]));
    const tokens = await Promise.all(responses.map(async (response) => ((await response.json()) as { token: string }).token));
    assert.equal(new Set(tokens).size, 50);
    assert.equal(widgetRequests(), 50);
    assert.equal(sim.control.requests({ route: 'access-token' }).length, 1);
  });

  test('takes the user only from authenticate, never from the body', async () => {
    const response = await handler()(post({ widget: 'purchase', userId: 'mallory' }));
    const { token } = (await response.json()) as { token: string };
    const session = await fetch(`${sim.url}/widget-api/session`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as Promise<{ userId: string }>);
    assert.equal(session.userId, 'alice');
  });

  test('answers 401 without calling Cosmo when authenticate returns null', async () => {
    const response = await handler()(post({ widget: 'purchase' }, { cookie: 'session=nobody' }));
    assert.equal(response.status, 401);
    assert.equal((await errorOf(response)).code, 'unauthenticated');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(widgetRequests(), 0);
  });

  for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
    test(`answers 405 with Allow: POST to ${method}`, async () => {
      const response = await handler()(new Request(ROUTE, { method }));
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('allow'), 'POST');
      assert.equal((await errorOf(response)).code, 'method-not-allowed');
    });
  }

  const badBodies: [string, string | object, Record<string, string>, number, EndpointErrorCode][] = [
    ['a body that is not JSON', '{widget:', {}, 400, 'invalid-request'],
    ['an unknown widget kind', { widget: 'loyalty' }, {}, 400, 'invalid-request'],
    ['no widget', {}, {}, 400, 'invalid-request'],
    ['an array', ['purchase'], {}, 400, 'invalid-request'],
    ['null', 'null', {}, 400, 'invalid-request'],
    ['a form content type', 'widget=purchase', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'invalid-request'],
    ['a text/plain content type (a CSRF form post)', '{"widget":"purchase"}', { 'content-type': 'text/plain' }, 415, 'invalid-request'],
    ['an oversized body', { widget: 'purchase', pad: 'x'.repeat(5000) }, {}, 413, 'payload-too-large'],
  ];
  for (const [label, body, headers, status, code] of badBodies) {
    test(`answers ${status} ${code} to ${label} without calling Cosmo`, async () => {
      const response = await handler()(post(body, headers));
      assert.equal(response.status, status);
      assert.equal((await errorOf(response)).code, code);
      assert.equal(widgetRequests(), 0);
    });
  }

  test('serves only the configured widget kinds', async () => {
    const purchaseOnly = handler({ widgets: ['purchase'] });
    assert.equal((await purchaseOnly(post({ widget: 'multibrand' }))).status, 400);
    assert.equal((await purchaseOnly(post({ widget: 'purchase' }))).status, 200);
  });

  describe('CORS', () => {
    const partner = 'https://app.partner.example';

    test('echoes an allowed origin with credentials and Vary: Origin, never *', async () => {
      const response = await handler({ allowedOrigins: [partner] })(post({ widget: 'purchase' }, { origin: partner }));
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), partner);
      assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
      assert.equal(response.headers.get('vary'), 'Origin');
    });

    test('answers an allowed preflight with 204 and the allowed method and headers', async () => {
      const response = await handler({ allowedOrigins: [partner] })(
        new Request(ROUTE, { method: 'OPTIONS', headers: { origin: partner, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } }),
      );
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), partner);
      assert.equal(response.headers.get('access-control-allow-methods'), 'POST');
      assert.match(response.headers.get('access-control-allow-headers') ?? '', /content-type/);
    });

    const denied: [string, string[], string][] = [
      ['an origin not in the list', [partner], 'https://evil.example'],
      ['a look-alike origin', [partner], 'https://app.partner.example.evil.example'],
      ['another scheme', [partner], 'http://app.partner.example'],
      ['any cross origin when no list is configured', [], partner],
      ['the null origin', [partner], 'null'],
    ];
    for (const [label, allowedOrigins, origin] of denied) {
      test(`refuses ${label} with 403 before authenticating or calling Cosmo`, async () => {
        let authenticated = 0;
        const route = handler({ allowedOrigins, authenticate: () => (authenticated++, { userId: 'alice' }) });
        const response = await route(post({ widget: 'purchase' }, { origin }));
        assert.equal(response.status, 403);
        assert.equal(response.headers.get('access-control-allow-origin'), null);
        assert.equal((await errorOf(response)).code, 'origin-not-allowed');
        assert.equal(authenticated, 0);
        assert.equal(widgetRequests(), 0);
      });
    }

    test('treats the route’s own origin and Sec-Fetch-Site: same-origin as same-origin', async () => {
      assert.equal((await handler()(post({ widget: 'purchase' }, { origin: 'https://shop.example' }))).status, 200);
      assert.equal((await handler()(post({ widget: 'purchase' }, { origin: 'https://public.shop.example', 'sec-fetch-site': 'same-origin' }))).status, 200);
    });

    for (const origin of ['*', 'https://partner.example/', 'partner.example', 'https://partner.example/path']) {
      test(`refuses allowedOrigins entry ${JSON.stringify(origin)} at creation`, () => {
        const expectOk = origin === 'https://partner.example/';
        if (expectOk) assert.doesNotThrow(() => handler({ allowedOrigins: [origin] }));
        else assert.throws(() => handler({ allowedOrigins: [origin] }), (error: unknown) => error instanceof CosmoServerError && error.code === 'invalid-config');
      });
    }
  });

  describe('upstream failures are redacted', () => {
    test('answers 502 upstream-failed with no Cosmo body when Cosmo keeps failing', async () => {
      sim.control.fail({ route: 'widget-token', count: 5, status: 500, code: 'db-exploded-at-host-10-0-0-7' });
      const errors: unknown[] = [];
      const response = await handler({ onError: (error) => errors.push(error) })(post({ widget: 'purchase' }));
      assert.equal(response.status, 502);
      const error = await errorOf(response);
      assert.equal(error.code, 'upstream-failed');
      assert.doesNotMatch(JSON.stringify(error), /db-exploded|simulated|10-0-0-7/);
      assert.equal(errors.length, 1, 'onError sees the real error');
      assert.equal((errors[0] as CosmoServerError).upstreamCode, 'db-exploded-at-host-10-0-0-7');
    });

    test('answers 502 when Cosmo rejects our credentials, without leaking them', async () => {
      const client = createCosmoClient({ clientId: CLIENT.clientId, clientSecret: 'leaky-secret-value', baseUrl: sim.url });
      const response = await createTokenHandler({ client, authenticate: () => ({ userId: 'alice' }) })(post({ widget: 'purchase' }));
      assert.equal(response.status, 502);
      const text = await response.text();
      assert.doesNotMatch(text, /leaky-secret-value|acme/);
      assert.equal((JSON.parse(text) as { error: { code: string } }).error.code, 'upstream-failed');
    });

    test('answers 503 upstream-failed when Cosmo rate-limits us beyond the retry budget', async () => {
      sim.control.fail({ route: 'widget-token', count: 1, status: 429 });
      const client = createCosmoClient({ ...CLIENT, baseUrl: sim.url, maxRetryDelayMs: 100 });
      const response = await createTokenHandler({ client, authenticate: () => ({ userId: 'alice' }) })(post({ widget: 'purchase' }));
      assert.equal(response.status, 503);
      assert.equal((await errorOf(response)).code, 'upstream-failed');
    });

    test('answers 500 internal-error when authenticate throws, without its message', async () => {
      const response = await handler({ authenticate: () => { throw new Error('session store password=hunter2'); } })(post({ widget: 'purchase' }));
      assert.equal(response.status, 500);
      const error = await errorOf(response);
      assert.equal(error.code, 'internal-error');
      assert.doesNotMatch(JSON.stringify(error), /hunter2/);
      assert.equal(widgetRequests(), 0);
    });
  });

  test('refuses to be created without authenticate or a client', () => {
    const client = createCosmoClient({ ...CLIENT, baseUrl: sim.url });
    assert.throws(() => createTokenHandler({ client } as never), (error: unknown) => error instanceof CosmoServerError && error.code === 'invalid-config' && /authenticate\(request\) is required/.test(error.message));
    assert.throws(() => createTokenHandler({ authenticate: () => null } as never), (error: unknown) => error instanceof CosmoServerError && error.code === 'invalid-config');
  });
});
