/** The control API (fault injection, request log, reset, CORS), the widget apps' API, and the widget pages' headers. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator } from '../../src/index.js';
import type { Simulator } from '../../src/index.js';
import { apportion } from '../../src/internal/split.js';
import { DEMO, accessToken, call, issueBody, widgetToken } from './helpers.js';

describe('control API', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  beforeEach(() => sim.control.reset());

  it('fails the next `count` requests on a route with the given status, then recovers', async () => {
    const token = await accessToken(sim.url);
    const set = await call(sim.url, 'POST', '/__control/fail', { body: { route: 'programs', count: 2, status: 502 } });
    assert.equal(set.status, 200);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await call(sim.url, 'GET', '/programs', { token })).status);
    assert.deepEqual(statuses, [502, 502, 200]);
  });

  it('defaults to one 500 with code simulated-failure, and leaves other routes alone', async () => {
    await call(sim.url, 'POST', '/__control/fail', { body: { route: 'access-token' } });
    const token = await widgetToken(sim.url, 'purchase', 'u');
    assert.ok(token);
    const failed = await call(sim.url, 'POST', '/auth/token', { body: DEMO });
    assert.deepEqual([failed.status, failed.body.error.code], [500, 'simulated-failure']);
    assert.equal((await call(sim.url, 'POST', '/auth/token', { body: DEMO })).status, 200);
  });

  it('answers 429 rate-limited with Retry-After', async () => {
    sim.control.fail({ route: 'widget-token', status: 429 });
    const response = await call(sim.url, 'POST', '/auth/widget/point-exchange', { body: { ...DEMO, userId: 'u' } });
    assert.deepEqual([response.status, response.body.error.code, response.headers.get('retry-after')], [429, 'rate-limited', '1']);
  });

  it('delays and then succeeds when only delayMs is given', async () => {
    sim.control.fail({ route: 'access-token', delayMs: 300 });
    const started = Date.now();
    const token = await accessToken(sim.url);
    assert.ok(token);
    assert.ok(Date.now() - started >= 280, 'the answer waited for the delay');
  });

  it('release() lets a held request go on at once, answered as its rule says (POST /__control/release)', async () => {
    const token = await accessToken(sim.url);
    sim.control.fail({ route: 'programs', delayMs: 120_000 });
    sim.control.fail({ route: 'programs', delayMs: 120_000, status: 503 });
    const held = call(sim.url, 'GET', '/programs', { token });
    const failing = call(sim.url, 'GET', '/programs', { token });
    // Both are held: no answer is logged until the release.
    for (;;) {
      if (sim.control.failures().length === 0) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(sim.control.requests({ route: 'programs' }).length, 0);
    assert.equal((await call(sim.url, 'POST', '/__control/release')).status, 200);
    assert.deepEqual([(await held).status, (await failing).status].sort(), [200, 503]);
  });

  it('drops the connection without an answer for status 0', async () => {
    sim.control.fail({ route: 'programs', status: 0 });
    const token = await accessToken(sim.url);
    await assert.rejects(fetch(`${sim.url}/programs`, { headers: { authorization: `Bearer ${token}` } }), TypeError);
    assert.equal(sim.control.requests({ route: 'programs' })[0]?.status, 0);
  });

  it('`*` matches any route, and rules are consumed in order', async () => {
    sim.control.fail({ route: '*', count: 1, status: 503 });
    sim.control.fail({ route: 'widget-token', count: 1, status: 500 });
    assert.equal((await call(sim.url, 'POST', '/auth/widget/multibrand', { body: { ...DEMO, userId: 'u' } })).status, 503);
    assert.equal((await call(sim.url, 'POST', '/auth/widget/multibrand', { body: { ...DEMO, userId: 'u' } })).status, 500);
    assert.equal((await call(sim.url, 'POST', '/auth/widget/multibrand', { body: { ...DEMO, userId: 'u' } })).status, 200);
  });

  it('`transactions` also fails the purchase widget’s purchase call', async () => {
    sim.control.fail({ route: 'transactions', status: 500 });
    const token = await widgetToken(sim.url, 'purchase', 'u');
    const response = await call(sim.url, 'POST', '/widget-api/transactions', { token, body: { programId: 'prog_skyair', points: 10 } });
    assert.equal(response.status, 500);
    assert.equal(sim.control.transactions().length, 0);
  });

  const badRules: [string, unknown][] = [
    ['an unknown route', { route: 'everything' }],
    ['a status outside 400–599', { route: 'programs', status: 302 }],
    ['a negative count', { route: 'programs', count: -1 }],
    ['a huge delay', { route: 'programs', delayMs: 1e9 }],
    ['not an object', [1, 2]],
  ];
  for (const [label, rule] of badRules) {
    it(`refuses a fail rule with ${label} (400, nothing armed)`, async () => {
      const response = await call(sim.url, 'POST', '/__control/fail', { body: rule });
      assert.deepEqual([response.status, response.body.error.code], [400, 'invalid-request']);
      assert.deepEqual(sim.control.failures(), []);
    });
  }

  it('logs API requests with route, method, path without the query string, status and time', async () => {
    const token = await accessToken(sim.url);
    await call(sim.url, 'GET', '/programs?active=true', { token });
    await fetch(`${sim.url}/widgets/purchase?token=secret-token&channel=abcdefgh12&origin=http://localhost:1`);
    const { body } = await call(sim.url, 'GET', '/__control/requests');
    assert.deepEqual(
      body.map((entry: { route: string; method: string; path: string; status: number }) => [entry.route, entry.method, entry.path, entry.status]),
      [
        ['access-token', 'POST', '/auth/token', 200],
        ['programs', 'GET', '/programs', 200],
        ['widget-app', 'GET', '/widgets/purchase', 200],
      ],
    );
    assert.ok(!JSON.stringify(body).includes('secret-token'));
    assert.ok(body.every((entry: { at: string }) => !Number.isNaN(Date.parse(entry.at))));
    assert.equal((await call(sim.url, 'GET', '/__control/requests?route=access-token')).body.length, 1);
  });

  it('reset forgets transactions, tokens, rules and the log', async () => {
    const token = await accessToken(sim.url);
    await call(sim.url, 'POST', '/transactions', { token, body: issueBody('reset-1') });
    sim.control.fail({ route: 'programs', count: 5 });
    sim.control.wire({ prices: 'number' });
    assert.equal((await call(sim.url, 'POST', '/__control/reset')).status, 200);
    assert.deepEqual([sim.control.transactions().length, sim.control.failures().length, sim.control.requests().length, sim.control.events().length], [0, 0, 0, 0]);
    assert.equal((await call(sim.url, 'GET', '/programs', { token })).body.error.code, 'invalid-token');
    const programs = await call(sim.url, 'GET', '/programs', { token: await accessToken(sim.url) });
    assert.equal(typeof programs.body[0].pricePerPoint, 'string', 'the wire versions are back to the newest');
  });

  it('expire-tokens expires every widget token issued so far, not later ones', async () => {
    const old = await widgetToken(sim.url, 'multibrand', 'u');
    const response = await call(sim.url, 'POST', '/__control/expire-tokens');
    assert.deepEqual(response.body, { expired: 1 });
    const fresh = await widgetToken(sim.url, 'multibrand', 'u');
    assert.equal((await call(sim.url, 'GET', '/widget-api/connections', { token: old })).body.error.code, 'token-expired');
    assert.equal((await call(sim.url, 'GET', '/widget-api/connections', { token: fresh })).status, 200);
  });

  it('is open to any origin (CORS preflight and responses)', async () => {
    const preflight = await fetch(`${sim.url}/__control/fail`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:9999', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-type/);
    const error = await call(sim.url, 'GET', '/__control/unknown');
    assert.equal(error.status, 404);
    assert.equal(error.headers.get('access-control-allow-origin'), '*');
  });

  it('does not open the Cosmo API itself to browsers (no CORS header)', async () => {
    const response = await fetch(`${sim.url}/auth/token`, { method: 'POST', headers: { origin: 'http://localhost:9999' }, body: '{}' });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });
});

describe('widget API', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());
  beforeEach(() => sim.control.reset());

  it('lists active programs; the purchase widget also sees the declining test program, multibrand does not', async () => {
    const purchase = await call(sim.url, 'GET', '/widget-api/programs', { token: await widgetToken(sim.url, 'purchase', 'u') });
    const multibrand = await call(sim.url, 'GET', '/widget-api/programs', { token: await widgetToken(sim.url, 'multibrand', 'u') });
    const ids = (body: { programs: { id: string }[] }) => body.programs.map((p) => p.id);
    assert.deepEqual(ids(purchase.body), ['prog_skyair', 'prog_staywell', 'prog_cartly', 'prog_orbitrail', 'prog_decline']);
    assert.deepEqual(ids(multibrand.body), ['prog_skyair', 'prog_staywell', 'prog_cartly', 'prog_orbitrail']);
  });

  it('a purchase is recorded for the token’s user, is idempotent per key, and refuses multibrand tokens', async () => {
    const token = await widgetToken(sim.url, 'purchase', 'user_a');
    const buy = () => call(sim.url, 'POST', '/widget-api/transactions', { token, body: { programId: 'prog_orbitrail', points: 200 }, headers: { 'idempotency-key': 'click-1' } });
    const first = await buy();
    const again = await buy();
    assert.equal(first.status, 201);
    assert.deepEqual(again.body, first.body);
    assert.deepEqual(first.body.transaction.program, { id: 'prog_orbitrail', name: 'Orbit Rail Club' });
    assert.deepEqual(first.body.transaction.amount, { value: 3, currency: 'USD' });
    assert.deepEqual(sim.control.transactions().map((t) => [t.userId, t.source]), [['user_a', 'widget']]);
    const multibrand = await widgetToken(sim.url, 'multibrand', 'user_a');
    assert.equal((await call(sim.url, 'POST', '/widget-api/transactions', { token: multibrand, body: { programId: 'prog_orbitrail', points: 1 } })).status, 403);
  });

  it('keeps each user’s connections apart; a new user starts with SkyAir at 100 %', async () => {
    const a = await widgetToken(sim.url, 'multibrand', 'user_a');
    const b = await widgetToken(sim.url, 'multibrand', 'user_b');
    await call(sim.url, 'POST', '/widget-api/connections', { token: a, body: { programId: 'prog_cartly' } });
    const listB = await call(sim.url, 'GET', '/widget-api/connections', { token: b });
    assert.deepEqual(listB.body.connections, [{ program: { id: 'prog_skyair', name: 'SkyAir Miles' }, share: 100 }]);
    assert.equal(sim.control.connections('user_a').length, 2);
  });

  it('connect, update and disconnect keep the split summing to 100, rescaling the others in proportion', async () => {
    const token = await widgetToken(sim.url, 'multibrand', 'u');
    const shares = (body: { connections: { program: { id: string }; share: number }[] }) => body.connections.map((c) => `${c.program.id.slice(5)}=${c.share}`).join(' ');
    let response = await call(sim.url, 'POST', '/widget-api/connections', { token, body: { programId: 'prog_staywell' } });
    assert.equal(shares(response.body), 'skyair=50 staywell=50');
    response = await call(sim.url, 'PATCH', '/widget-api/connections/prog_skyair', { token, body: { share: 80 } });
    assert.equal(shares(response.body), 'skyair=80 staywell=20');
    assert.deepEqual(response.body.previous, { program: { id: 'prog_skyair', name: 'SkyAir Miles' }, share: 50 });
    response = await call(sim.url, 'POST', '/widget-api/connections', { token, body: { programId: 'prog_cartly' } });
    assert.equal(shares(response.body), 'skyair=54 staywell=13 cartly=33');
    response = await call(sim.url, 'DELETE', '/widget-api/connections/prog_skyair', { token });
    assert.equal(shares(response.body), 'staywell=28 cartly=72');
    assert.deepEqual(response.body.program, { id: 'prog_skyair', name: 'SkyAir Miles' });
  });

  const refusals: [string, 'POST' | 'PATCH' | 'DELETE', string, unknown, number, string][] = [
    ['connecting twice', 'POST', '/widget-api/connections', { programId: 'prog_skyair' }, 409, 'already-connected'],
    ['connecting an inactive program', 'POST', '/widget-api/connections', { programId: 'prog_legacy' }, 409, 'program-inactive'],
    ['connecting an unknown program', 'POST', '/widget-api/connections', { programId: 'prog_x' }, 404, 'program-not-found'],
    ['a share over 100', 'PATCH', '/widget-api/connections/prog_skyair', { share: 101 }, 400, 'invalid-share'],
    ['a sole connection below 100', 'PATCH', '/widget-api/connections/prog_skyair', { share: 40 }, 400, 'invalid-share'],
    ['updating a program not connected', 'PATCH', '/widget-api/connections/prog_cartly', { share: 40 }, 404, 'not-connected'],
    ['disconnecting a program not connected', 'DELETE', '/widget-api/connections/prog_cartly', undefined, 404, 'not-connected'],
  ];
  for (const [label, method, path, body, status, code] of refusals) {
    it(`refuses ${label} with ${status} ${code}, emitting no webhook event`, async () => {
      const token = await widgetToken(sim.url, 'multibrand', 'u');
      const response = await call(sim.url, method, path, { token, ...(body === undefined ? {} : { body }) });
      assert.deepEqual([response.status, response.body.error.code], [status, code]);
      assert.equal(sim.control.events().length, 0);
    });
  }

  it('apportion splits exactly with the largest remainder, and equally when every weight is 0', () => {
    assert.deepEqual(apportion(100, [1, 1, 1]), [34, 33, 33]);
    assert.deepEqual(apportion(67, [70, 30]), [47, 20]);
    assert.deepEqual(apportion(100, [0, 0]), [50, 50]);
    assert.deepEqual(apportion(0, [5, 5]), [0, 0]);
    assert.deepEqual(apportion(100, []), []);
    for (const weights of [[3, 7, 11], [1, 2], [99, 1, 1], [0, 5, 0, 5]]) assert.equal(apportion(100, weights).reduce((a, b) => a + b), 100);
  });
});

describe('widget pages', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ allowedOrigins: ['http://localhost:5173', 'https://shop.example'] });
  });
  after(() => sim.close());

  it('serve HTML with a strict CSP: scripts and styles from self only, no inline, no eval, framing limited to the allowed origins', async () => {
    for (const url of Object.values(sim.widgetUrls)) {
      const response = await fetch(`${url}?token=t&channel=abcdefgh12&origin=http://localhost:5173&v=1`);
      assert.equal(response.status, 200);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /style-src 'self'(;|$)/);
      assert.match(csp, /frame-ancestors http:\/\/localhost:5173 https:\/\/shop\.example/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      const html = await response.text();
      assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]+<\/script>|style=/, 'no inline script or style');
      assert.match(html, /<script type="module" src="\.\/assets\/(purchase|multibrand)\.js"><\/script>/);
    }
  });

  it('refuse with 403 a host origin outside allowedOrigins', async () => {
    const response = await fetch(`${sim.widgetUrls.purchase}?token=t&channel=abcdefgh12&origin=https://evil.example`);
    assert.equal(response.status, 403);
  });

  it('serve the bundled app scripts and the stylesheet', async () => {
    for (const name of ['purchase.js', 'multibrand.js', 'widget.css']) {
      const response = await fetch(`${sim.url}/widgets/assets/${name}`);
      assert.equal(response.status, 200, `${name} is built and served`);
      assert.match(response.headers.get('content-type') ?? '', name.endsWith('.js') ? /text\/javascript/ : /text\/css/);
    }
    assert.equal((await fetch(`${sim.url}/widgets/assets/other.js`)).status, 404);
  });

  it('frame-ancestors is * when allowedOrigins is not set', async () => {
    const open = await startSimulator();
    try {
      const response = await fetch(`${open.widgetUrls.multibrand}?origin=http://anything.test`);
      assert.match(response.headers.get('content-security-policy') ?? '', /frame-ancestors \*/);
    } finally {
      await open.close();
    }
  });
});
