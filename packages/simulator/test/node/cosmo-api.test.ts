/** The simulated Cosmo API over real HTTP: auth, per-environment credentials, programs, transactions, widget tokens. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator } from '../../src/index.js';
import type { Simulator } from '../../src/index.js';
import { DEMO, accessToken, call, widgetToken } from './helpers.js';

const PROD_SECRET = 'demo-secret-production';

describe('Cosmo API', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({
      clients: [
        { clientId: 'demo-client', clientSecret: 'demo-secret-sandbox', environment: 'sandbox' },
        { clientId: 'demo-client', clientSecret: PROD_SECRET, environment: 'production' },
      ],
    });
  });
  after(() => sim.close());
  beforeEach(() => sim.control.reset());

  describe('POST /auth/token', () => {
    it('issues a Bearer access token with its lifetime for valid client credentials', async () => {
      const { status, body, headers } = await call(sim.url, 'POST', '/auth/token', { body: { grantType: 'client_credentials', ...DEMO } });
      assert.equal(status, 200);
      assert.match(body.accessToken, /^at_[\w-]{20,}$/);
      assert.equal(body.tokenType, 'Bearer');
      assert.equal(body.expiresIn, 3600);
      assert.equal(headers.get('cache-control'), 'no-store');
    });

    it('reads snake_case bodies too', async () => {
      const { status } = await call(sim.url, 'POST', '/auth/token', { body: { grant_type: 'client_credentials', client_id: DEMO.clientId, client_secret: DEMO.clientSecret } });
      assert.equal(status, 200);
    });

    const rejections: [string, unknown, number, string][] = [
      ['a wrong secret', { grantType: 'client_credentials', clientId: 'demo-client', clientSecret: 'nope' }, 401, 'invalid-client'],
      ['an unknown client id', { grantType: 'client_credentials', clientId: 'other', clientSecret: 'demo-secret-sandbox' }, 401, 'invalid-client'],
      ['a missing secret', { grantType: 'client_credentials', clientId: 'demo-client' }, 400, 'invalid-request'],
      ['another grant type', { grantType: 'password', ...DEMO }, 400, 'invalid-request'],
      ['a body that is not JSON', '{nope', 400, 'invalid-json'],
    ];
    for (const [label, body, status, code] of rejections) {
      it(`refuses ${label} with ${status} ${code}`, async () => {
        const response = await call(sim.url, 'POST', '/auth/token', { body });
        assert.equal(response.status, status);
        assert.equal(response.body.error.code, code);
        assert.ok(!JSON.stringify(response.body).includes('demo-secret'), 'the error does not echo secrets');
      });
    }

    it('refuses a body over 64 KiB with 413', async () => {
      const response = await call(sim.url, 'POST', '/auth/token', { body: { grantType: 'client_credentials', ...DEMO, pad: 'x'.repeat(70_000) } });
      assert.equal(response.status, 413);
      assert.equal(response.body.error.code, 'payload-too-large');
    });
  });

  describe('per-environment credentials', () => {
    const table: [string, string, number][] = [
      ['/sandbox', DEMO.clientSecret, 200],
      ['/sandbox', PROD_SECRET, 401],
      ['/production', PROD_SECRET, 200],
      ['/production', DEMO.clientSecret, 401],
      ['', DEMO.clientSecret, 200],
      ['', PROD_SECRET, 200],
    ];
    for (const [prefix, secret, status] of table) {
      it(`${prefix || '(unpinned)'} with the ${secret === PROD_SECRET ? 'production' : 'sandbox'} secret answers ${status}`, async () => {
        const response = await call(sim.url, 'POST', `${prefix}/auth/token`, { body: { grantType: 'client_credentials', clientId: 'demo-client', clientSecret: secret } });
        assert.equal(response.status, status);
        if (status === 401) assert.match(response.body.error.message, /credentials are for/);
      });
    }

    it('refuses a sandbox access token on the production API', async () => {
      const token = await accessToken(sim.environmentUrls.sandbox);
      assert.equal((await call(sim.environmentUrls.sandbox, 'GET', '/programs', { token })).status, 200);
      const response = await call(sim.environmentUrls.production, 'GET', '/programs', { token });
      assert.equal(response.status, 401);
      assert.equal(response.body.error.code, 'invalid-token');
    });

    it('keeps each environment’s ledger apart', async () => {
      const sandbox = await accessToken(sim.url);
      const production = await accessToken(sim.url, { clientId: 'demo-client', clientSecret: PROD_SECRET });
      const created = await call(sim.url, 'POST', '/transactions', { token: sandbox, body: { userId: 'u1', programId: 'prog_skyair', points: 10 } });
      assert.equal((await call(sim.url, 'GET', `/transactions/${created.body.id}`, { token: sandbox })).status, 200);
      assert.equal((await call(sim.url, 'GET', `/transactions/${created.body.id}`, { token: production })).status, 404);
    });
  });

  describe('access tokens', () => {
    it('answers 401 unauthorized without a token and invalid-token for an unknown one', async () => {
      assert.equal((await call(sim.url, 'GET', '/programs')).body.error.code, 'unauthorized');
      assert.equal((await call(sim.url, 'GET', '/programs', { token: 'at_forged' })).body.error.code, 'invalid-token');
    });

    it('expires after accessTokenTtlSeconds', async () => {
      const short = await startSimulator({ accessTokenTtlSeconds: 0.2 });
      try {
        const token = await accessToken(short.url);
        assert.equal((await call(short.url, 'GET', '/programs', { token })).status, 200);
        await new Promise((resolve) => setTimeout(resolve, 250));
        const response = await call(short.url, 'GET', '/programs', { token });
        assert.equal(response.status, 401);
        assert.equal(response.body.error.code, 'token-expired');
      } finally {
        await short.close();
      }
    });

    it('expires on demand through expire-tokens {kind: access}', async () => {
      const token = await accessToken(sim.url);
      assert.deepEqual(sim.control.expireTokens('access'), { expired: 1 });
      assert.equal((await call(sim.url, 'GET', '/programs', { token })).body.error.code, 'token-expired');
    });
  });

  describe('GET /programs', () => {
    it('lists the seeded programs with their active flag, and only active ones with ?active=true', async () => {
      const token = await accessToken(sim.url);
      const all = await call(sim.url, 'GET', '/programs', { token });
      assert.deepEqual(
        all.body.programs.map((p: { id: string; active: boolean }) => `${p.id}:${p.active}`),
        ['prog_skyair:true', 'prog_staywell:true', 'prog_cartly:true', 'prog_orbitrail:true', 'prog_legacy:false', 'prog_decline:true'],
      );
      const active = await call(sim.url, 'GET', '/programs?active=true', { token });
      assert.ok(active.body.programs.every((p: { active: boolean }) => p.active));
      assert.equal(active.body.programs.length, 5);
    });
  });

  describe('POST /transactions', () => {
    let token: string;
    beforeEach(async () => {
      token = await accessToken(sim.url);
    });
    const issue = (body: unknown, key?: string) => call(sim.url, 'POST', '/transactions', { token, body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });

    it('records a confirmed transaction with its price', async () => {
      const { status, body } = await issue({ userId: 'user_1', programId: 'prog_skyair', points: 400, reference: 'order-7' });
      assert.equal(status, 201);
      assert.match(body.id, /^txn_/);
      assert.deepEqual(
        { userId: body.userId, programId: body.programId, points: body.points, status: body.status, reference: body.reference, amount: body.amount },
        { userId: 'user_1', programId: 'prog_skyair', points: 400, status: 'confirmed', reference: 'order-7', amount: { value: 10, currency: 'USD' } },
      );
      assert.equal((await call(sim.url, 'GET', `/transactions/${body.id}`, { token })).body.id, body.id);
      assert.equal(sim.control.transactions().length, 1);
    });

    it('replays the same response for a repeated Idempotency-Key and body, without a second transaction', async () => {
      const first = await issue({ userId: 'u', programId: 'prog_cartly', points: 5 }, 'key-1');
      const second = await issue({ userId: 'u', programId: 'prog_cartly', points: 5 }, 'key-1');
      assert.equal(second.status, 201);
      assert.deepEqual(second.body, first.body);
      assert.equal(second.headers.get('idempotent-replayed'), 'true');
      assert.equal(sim.control.transactions().length, 1);
      assert.equal(sim.control.events().length, 1, 'one webhook event, not two');
    });

    it('answers 409 idempotency-conflict when a key is reused with another body', async () => {
      await issue({ userId: 'u', programId: 'prog_cartly', points: 5 }, 'key-2');
      const conflict = await issue({ userId: 'u', programId: 'prog_cartly', points: 6 }, 'key-2');
      assert.equal(conflict.status, 409);
      assert.equal(conflict.body.error.code, 'idempotency-conflict');
    });

    it('creates distinct transactions without a key or with distinct keys', async () => {
      await issue({ userId: 'u', programId: 'prog_cartly', points: 5 });
      await issue({ userId: 'u', programId: 'prog_cartly', points: 5 });
      await issue({ userId: 'u', programId: 'prog_cartly', points: 5 }, 'a');
      await issue({ userId: 'u', programId: 'prog_cartly', points: 5 }, 'b');
      assert.equal(sim.control.transactions().length, 4);
    });

    it('does not store a failed attempt under its key, so a retry with the same key can succeed', async () => {
      sim.control.fail({ route: 'transactions', count: 1, status: 503 });
      assert.equal((await issue({ userId: 'u', programId: 'prog_cartly', points: 5 }, 'retry-key')).status, 503);
      assert.equal((await issue({ userId: 'u', programId: 'prog_cartly', points: 5 }, 'retry-key')).status, 201);
      assert.equal(sim.control.transactions().length, 1);
    });

    const failures: [string, unknown, number, string][] = [
      ['an unknown program', { userId: 'u', programId: 'prog_nope', points: 1 }, 404, 'program-not-found'],
      ['an inactive program', { userId: 'u', programId: 'prog_legacy', points: 1 }, 409, 'program-inactive'],
      ['the declining test program', { userId: 'u', programId: 'prog_decline', points: 1 }, 402, 'declined'],
      ['too many points', { userId: 'u', programId: 'prog_skyair', points: 1_000_001 }, 422, 'limit-exceeded'],
      ['fractional points', { userId: 'u', programId: 'prog_skyair', points: 1.5 }, 400, 'invalid-request'],
      ['zero points', { userId: 'u', programId: 'prog_skyair', points: 0 }, 400, 'invalid-request'],
      ['no user', { programId: 'prog_skyair', points: 1 }, 400, 'invalid-request'],
    ];
    for (const [label, body, status, code] of failures) {
      it(`refuses ${label} with ${status} ${code}`, async () => {
        const response = await issue(body);
        assert.equal(response.status, status);
        assert.equal(response.body.error.code, code);
        assert.equal(sim.control.transactions().length, 0);
      });
    }
  });

  describe('widget tokens', () => {
    for (const [widget, path] of [
      ['purchase', '/auth/widget/point-exchange'],
      ['multibrand', '/auth/widget/multibrand'],
    ] as const) {
      it(`${path} issues a ${widget} token with expiresIn and expiresAt for a user`, async () => {
        const before = Date.now();
        const { status, body } = await call(sim.url, 'POST', path, { body: { ...DEMO, userId: 'user_42' } });
        assert.equal(status, 200);
        assert.equal(body.expiresIn, 900);
        const expiresAt = Date.parse(body.expiresAt);
        assert.ok(expiresAt >= before + 899_000 && expiresAt <= Date.now() + 900_000);
        const session = await call(sim.url, 'GET', '/widget-api/session', { token: body.token });
        assert.deepEqual([session.body.widget, session.body.userId, session.body.environment], [widget, 'user_42', 'sandbox']);
      });

      it(`${path} accepts a Bearer access token instead of credentials in the body`, async () => {
        const auth = await call(sim.url, 'POST', '/auth/token', { body: { grantType: 'client_credentials', ...DEMO } });
        const { status, body } = await call(sim.url, 'POST', path, { token: auth.body.accessToken, body: { userId: 'user_7' } });
        assert.equal(status, 200);
        const session = await call(sim.url, 'GET', '/widget-api/session', { token: body.token });
        assert.deepEqual([session.body.widget, session.body.userId], [widget, 'user_7']);
      });

      it(`${path} refuses an unknown Bearer token`, async () => {
        const response = await call(sim.url, 'POST', path, { token: 'at_forged', body: { userId: 'u' } });
        assert.deepEqual([response.status, response.body.error.code], [401, 'invalid-token']);
      });

      it(`${path} checks the client credentials`, async () => {
        const response = await call(sim.url, 'POST', path, { body: { clientId: 'demo-client', clientSecret: 'wrong', userId: 'u' } });
        assert.equal(response.status, 401);
        assert.equal(response.body.error.code, 'invalid-client');
      });
    }

    it('refuses a request without userId', async () => {
      assert.equal((await call(sim.url, 'POST', '/auth/widget/multibrand', { body: { ...DEMO } })).status, 400);
    });

    it('expires widget tokens after widgetTokenTtlSeconds', async () => {
      const short = await startSimulator({ widgetTokenTtlSeconds: 0.2 });
      try {
        const token = await widgetToken(short.url, 'purchase', 'u');
        assert.equal((await call(short.url, 'GET', '/widget-api/programs', { token })).status, 200);
        await new Promise((resolve) => setTimeout(resolve, 250));
        const expired = await call(short.url, 'GET', '/widget-api/programs', { token });
        assert.deepEqual([expired.status, expired.body.error.code], [401, 'token-expired']);
      } finally {
        await short.close();
      }
    });

    it('refuses a token of the other widget kind with 403 wrong-widget', async () => {
      const purchase = await widgetToken(sim.url, 'purchase', 'u');
      const response = await call(sim.url, 'GET', '/widget-api/connections', { token: purchase });
      assert.deepEqual([response.status, response.body.error.code], [403, 'wrong-widget']);
    });

    it('does not accept an access token as a widget token, nor the reverse', async () => {
      const access = await accessToken(sim.url);
      const widget = await widgetToken(sim.url, 'purchase', 'u');
      assert.equal((await call(sim.url, 'GET', '/widget-api/programs', { token: access })).body.error.code, 'invalid-token');
      assert.equal((await call(sim.url, 'GET', '/programs', { token: widget })).body.error.code, 'invalid-token');
    });
  });

  describe('routing', () => {
    it('answers 404 not-found and 405 with Allow as JSON errors', async () => {
      const missing = await call(sim.url, 'GET', '/nowhere');
      assert.deepEqual([missing.status, missing.body.error.code], [404, 'not-found']);
      const wrong = await call(sim.url, 'DELETE', '/programs');
      assert.deepEqual([wrong.status, wrong.body.error.code, wrong.headers.get('allow')], [405, 'method-not-allowed', 'GET']);
    });

    it('describes itself at GET /', async () => {
      const { body } = await call(sim.url, 'GET', '/');
      assert.equal(body.widgets.purchase, sim.widgetUrls.purchase);
    });
  });
});
