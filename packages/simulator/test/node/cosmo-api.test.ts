/**
 * The simulated Cosmo API over real HTTP, pinned to the shapes Cosmo's reference documents: auth,
 * per-environment credentials, profile, programs, program fields, member validation, preview, issuing with a unique
 * reference, list and get, every documented response version, widget tokens, and faults reaching every operation.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator } from '../../src/index.js';
import type { Simulator } from '../../src/index.js';
import { sleep } from '../../src/internal/sleep.js';
import { DEMO, accessToken, call, issueBody, widgetToken } from './helpers.js';

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
    it('issues a Bearer access token in the newest documented form, valid 600 s by default', async () => {
      const { status, body, headers } = await call(sim.url, 'POST', '/auth/token', { body: { client_id: DEMO.clientId, client_secret: DEMO.clientSecret, grant_type: 'client_credentials' } });
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'token_type']);
      assert.match(body.access_token, /^at_[\w-]{20,}$/);
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.expires_in, 600);
      assert.equal(headers.get('cache-control'), 'no-store');
    });

    it('reads the older camelCase body without a grant type too', async () => {
      const { status } = await call(sim.url, 'POST', '/auth/token', { body: { clientId: DEMO.clientId, clientSecret: DEMO.clientSecret } });
      assert.equal(status, 200);
    });

    const rejections: [string, unknown, number, string][] = [
      ['a wrong secret', { client_id: 'demo-client', client_secret: 'nope', grant_type: 'client_credentials' }, 401, 'invalid-client'],
      ['an unknown client id', { clientId: 'other', clientSecret: 'demo-secret-sandbox' }, 401, 'invalid-client'],
      ['a missing secret', { client_id: 'demo-client', grant_type: 'client_credentials' }, 400, 'invalid-request'],
      ['another grant type', { grant_type: 'password', client_id: DEMO.clientId, client_secret: DEMO.clientSecret }, 400, 'invalid-request'],
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
      const response = await call(sim.url, 'POST', '/auth/token', { body: { ...DEMO, pad: 'x'.repeat(70_000) } });
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
        const response = await call(sim.url, 'POST', `${prefix}/auth/token`, { body: { clientId: 'demo-client', clientSecret: secret } });
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
      const created = await call(sim.url, 'POST', '/transactions', { token: sandbox, body: issueBody('env-1') });
      assert.equal((await call(sim.url, 'GET', `/transactions/${created.body.id}`, { token: sandbox })).status, 200);
      assert.equal((await call(sim.url, 'GET', `/transactions/${created.body.id}`, { token: production })).status, 404);
      assert.equal((await call(sim.url, 'POST', '/transactions', { token: production, body: issueBody('env-1') })).status, 201, 'references are unique per environment');
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
        await sleep(250);
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

  describe('business profile', () => {
    it('answers the newest documented fields', async () => {
      const { status, body } = await call(sim.url, 'GET', '/business-info', { token: await accessToken(sim.url) });
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body).sort(), [
        'address', 'billingContact', 'billingContactEmail', 'city', 'country', 'countryCode', 'industry', 'legalEntity', 'localCurrency',
        'logo', 'name', 'phone', 'programId', 'programName', 'technicalContact', 'technicalContactEmail', 'zipCode',
      ]);
      assert.deepEqual([body.name, body.localCurrency], ['Acme Rewards', 'USD']);
    });
    it('needs an access token', async () => assert.equal((await call(sim.url, 'GET', '/business-info')).status, 401));
  });

  describe('GET /programs', () => {
    it('lists the enabled programs as a bare array with the documented price and limit fields, prices as strings', async () => {
      const { status, body } = await call(sim.url, 'GET', '/programs', { token: await accessToken(sim.url) });
      assert.equal(status, 200);
      assert.ok(Array.isArray(body));
      assert.deepEqual(body.map((p: { id: string }) => p.id), ['prog_skyair', 'prog_staywell', 'prog_cartly', 'prog_orbitrail', 'prog_decline']);
      const skyair = body[0];
      for (const field of ['id', 'name', 'businessName', 'logo', 'industry', 'termsAndConditionsUrl', 'brandDescription', 'programCurrency', 'localCurrency']) {
        assert.equal(typeof skyair[field], 'string', field);
      }
      assert.deepEqual(
        [skyair.pricePerPoint, skyair.pricePerPointInUsd, skyair.pricePerPointInLocalCurrency, skyair.minValue, skyair.maxValue, skyair.minAmountOfPoints, skyair.maxAmountOfPoints],
        ['0.025', '0.025', '0.025', 1, 10_000, 100, 1_000_000],
      );
    });
  });

  describe('program fields and member validation', () => {
    it('tells which destination-user fields each program requires', async () => {
      const token = await accessToken(sim.url);
      const required = async (id: string) => ((await call(sim.url, 'GET', `/programs/${id}/fields`, { token })).body as { name: string; required: boolean }[]).filter((f) => f.required).map((f) => f.name);
      assert.deepEqual(await required('prog_skyair'), ['destinationUserId']);
      assert.deepEqual(await required('prog_staywell'), ['destinationUserEmail']);
      assert.deepEqual(await required('prog_cartly'), ['destinationUserId', 'destinationUserEmail']);
      assert.deepEqual((await call(sim.url, 'GET', '/programs/prog_nope/fields', { token })).body.error.code, 'program-not-found');
    });

    const cases: [string, string, Record<string, string>, number, unknown][] = [
      ['a seeded member by id', 'prog_skyair', { destinationUserId: 'SKY-100200' }, 200, { isValid: true }],
      ['a seeded member by id and email (any case)', 'prog_skyair', { destinationUserId: 'SKY-100200', destinationUserEmail: 'Ada@Example.com' }, 200, { isValid: true }],
      ['an id with another member’s email', 'prog_skyair', { destinationUserId: 'SKY-100200', destinationUserEmail: 'grace@example.com' }, 200, { isValid: false }],
      ['an unknown member', 'prog_skyair', { destinationUserId: 'SKY-999' }, 200, { isValid: false }],
      ['a member by email, snake_case', 'prog_staywell', { destination_user_email: 'grace@example.com' }, 200, { isValid: true }],
      ['a program that requires the email, without it', 'prog_staywell', { destinationUserId: 'SW-7001' }, 400, 'member-field-required'],
      ['no field at all', 'prog_skyair', {}, 400, 'invalid-request'],
      ['a disabled program', 'prog_legacy', { destinationUserId: 'LEG-1' }, 409, 'program-inactive'],
    ];
    for (const [name, program, body, status, expected] of cases) {
      it(`validates ${name}: ${status}`, async () => {
        const response = await call(sim.url, 'POST', `/programs/${program}/validate-member`, { token: await accessToken(sim.url), body });
        assert.equal(response.status, status);
        assert.deepEqual(status === 200 ? response.body : response.body.error.code, expected);
      });
    }
  });

  describe('POST /transactions/preview', () => {
    const cases: [string, Record<string, unknown>, number, unknown][] = [
      ['100 USD with SkyAir at 0.025', { programId: 'prog_skyair', value: 100 }, 200, { totalPoints: 4000 }],
      ['7 USD with StayWell at 0.008 (rounded down)', { programId: 'prog_staywell', value: 7 }, 200, { totalPoints: 875 }],
      ['3 USD with Cartly at 0.01, exactly', { programId: 'prog_cartly', value: 3 }, 200, { totalPoints: 300 }],
      ['a value below minValue', { programId: 'prog_skyair', value: 0 }, 400, 'invalid-request'],
      ['a value that buys fewer than minAmountOfPoints', { programId: 'prog_skyair', value: 2 }, 422, 'points-too-low'],
      ['a value above maxValue', { programId: 'prog_orbitrail', value: 2_001 }, 422, 'value-too-high'],
      ['a fractional value', { programId: 'prog_skyair', value: 10.5 }, 400, 'invalid-request'],
      ['an unknown program', { programId: 'prog_nope', value: 10 }, 404, 'program-not-found'],
    ];
    for (const [name, body, status, expected] of cases) {
      it(`previews ${name}: ${status}`, async () => {
        const response = await call(sim.url, 'POST', '/transactions/preview', { token: await accessToken(sim.url), body });
        assert.equal(response.status, status);
        assert.deepEqual(status === 200 ? response.body : response.body.error.code, expected);
        assert.equal(sim.control.transactions().length, 0, 'a preview records nothing');
      });
    }
  });

  describe('POST /transactions', () => {
    let token: string;
    beforeEach(async () => {
      token = await accessToken(sim.url);
    });
    const issue = (body: unknown) => call(sim.url, 'POST', '/transactions', { token, body });

    it('issues points for a fiat value and answers exactly {id, totalPoints, referenceNumber, date}', async () => {
      const { status, body } = await issue(issueBody('ORD/2026/0001', { description: 'Order 1', bonus: true }));
      assert.equal(status, 201);
      assert.deepEqual(Object.keys(body).sort(), ['date', 'id', 'referenceNumber', 'totalPoints']);
      assert.match(body.id, /^txn_/);
      assert.deepEqual([body.totalPoints, body.referenceNumber], [4000, 'ORD/2026/0001']);
      assert.ok(Math.abs(Date.parse(body.date) - Date.now()) < 5000);
      const [recorded] = sim.control.transactions();
      assert.deepEqual(
        [recorded?.id, recorded?.userId, recorded?.points, recorded?.amount, recorded?.bonus, recorded?.description, recorded?.source],
        [body.id, 'SKY-100200', 4000, { value: 100, currency: 'USD' }, true, 'Order 1', 'api'],
      );
      assert.equal(sim.control.events()[0]?.event.type, 'transaction.confirmed');
    });

    it('reads a snake_case body', async () => {
      const response = await issue({ program_id: 'prog_cartly', value: 5, user_id: 'CART-42', reference_number: 'snake-1' });
      assert.deepEqual([response.status, response.body.totalPoints], [201, 500]);
    });

    it('answers a reused referenceNumber with 409 duplicate-reference-number naming the existing transaction, and creates nothing', async () => {
      const first = await issue(issueBody('dup-1'));
      for (const body of [issueBody('dup-1'), issueBody('dup-1', { programId: 'prog_cartly', value: 7 })]) {
        const again = await issue(body);
        assert.equal(again.status, 409);
        assert.deepEqual([again.body.error.code, again.body.error.transactionId, again.body.error.referenceNumber], ['duplicate-reference-number', first.body.id, 'dup-1']);
      }
      assert.equal(sim.control.transactions().length, 1);
      assert.equal(sim.control.events().length, 1, 'one webhook event, not two');
    });

    it('keeps references unique per organisation: another client may use the same one', async () => {
      const other = await startSimulator({ clients: [{ ...DEMO }, { clientId: 'other-org', clientSecret: 'other-secret' }] });
      try {
        const mine = await accessToken(other.url);
        const theirs = await accessToken(other.url, { clientId: 'other-org', clientSecret: 'other-secret' });
        assert.equal((await call(other.url, 'POST', '/transactions', { token: mine, body: issueBody('shared-ref') })).status, 201);
        assert.equal((await call(other.url, 'POST', '/transactions', { token: theirs, body: issueBody('shared-ref') })).status, 201);
        assert.equal((await call(other.url, 'GET', '/transactions/shared-ref', { token: theirs })).body.referenceNumber, 'shared-ref');
      } finally {
        await other.close();
      }
    });

    it('issues one transaction for concurrent requests with the same reference; the others get 409', async () => {
      const answers = await Promise.all(Array.from({ length: 5 }, () => issue(issueBody('race-1'))));
      assert.deepEqual(answers.map((answer) => answer.status).sort(), [201, 409, 409, 409, 409]);
      assert.equal(sim.control.transactions().length, 1);
    });

    const failures: [string, Record<string, unknown>, number, string][] = [
      ['an unknown program', { programId: 'prog_nope' }, 404, 'program-not-found'],
      ['a disabled program', { programId: 'prog_legacy', userId: 'LEG-1' }, 409, 'program-inactive'],
      ['the declining test program', { programId: 'prog_decline', userId: 'DECLINE-1' }, 402, 'declined'],
      ['a value above maxValue', { value: 10_001 }, 422, 'value-too-high'],
      ['a value below the points minimum', { value: 2 }, 422, 'points-too-low'],
      ['points instead of a value', { value: undefined, points: 400 }, 400, 'invalid-request'],
      ['a fractional value', { value: 1.5 }, 400, 'invalid-request'],
      ['no referenceNumber', { referenceNumber: undefined }, 400, 'invalid-request'],
      ['a referenceNumber with a space', { referenceNumber: 'ORD 1' }, 400, 'invalid-request'],
      ['no user', { userId: undefined }, 400, 'invalid-request'],
    ];
    for (const [label, change, status, code] of failures) {
      it(`refuses ${label} with ${status} ${code}`, async () => {
        const response = await issue({ ...issueBody('fail-1'), ...change });
        assert.equal(response.status, status);
        assert.equal(response.body.error.code, code);
        assert.equal(sim.control.transactions().length, 0);
      });
    }

    it('a refused issue does not burn its reference', async () => {
      assert.equal((await issue(issueBody('retry-1', { value: 10_001 }))).status, 422);
      assert.equal((await issue(issueBody('retry-1'))).status, 201);
    });
  });

  describe('GET /transactions and GET /transactions/{transactionId}', () => {
    let token: string;
    beforeEach(async () => {
      token = await accessToken(sim.url);
    });
    const seconds = (ms: number) => Math.floor(ms / 1000);

    it('gets one transaction by id or by reference number, in the documented item shape', async () => {
      const issued = (await call(sim.url, 'POST', '/transactions', { token, body: issueBody('ORD/2026/0002', { description: 'Order 2' }) })).body;
      const expected = {
        id: issued.id,
        referenceNumber: 'ORD/2026/0002',
        sourceValue: 100,
        description: 'Order 2',
        createdAt: issued.date,
        pointTransactions: [{ destinationNumberOfPoints: '4000', type: 'regular' }],
        partnership: { destination: { name: 'SkyAir Miles', programId: 'prog_skyair' } },
      };
      assert.deepEqual((await call(sim.url, 'GET', `/transactions/${issued.id}`, { token })).body, expected);
      assert.deepEqual((await call(sim.url, 'GET', `/transactions/${encodeURIComponent('ORD/2026/0002')}`, { token })).body, expected);
      const missing = await call(sim.url, 'GET', '/transactions/nope', { token });
      assert.deepEqual([missing.status, missing.body.error.code], [404, 'transaction-not-found']);
    });

    it('lists the transactions of an epoch-second interval, optionally one program’s', async () => {
      const from = seconds(Date.now());
      await call(sim.url, 'POST', '/transactions', { token, body: issueBody('list-1') });
      await call(sim.url, 'POST', '/transactions', { token, body: issueBody('list-2', { programId: 'prog_cartly', userId: 'CART-42', value: 5 }) });
      const to = seconds(Date.now());
      const all = await call(sim.url, 'GET', `/transactions?startDate=${from}&endDate=${to}`, { token });
      assert.equal(all.status, 200);
      assert.deepEqual(all.body.map((item: { referenceNumber: string }) => item.referenceNumber), ['list-1', 'list-2']);
      const one = await call(sim.url, 'GET', `/transactions?startDate=${from}&endDate=${to}&programId=prog_cartly`, { token });
      assert.deepEqual(one.body.map((item: { referenceNumber: string }) => item.referenceNumber), ['list-2']);
      const before = await call(sim.url, 'GET', `/transactions?startDate=${from - 100}&endDate=${from - 1}`, { token });
      assert.deepEqual(before.body, []);
    });

    for (const query of ['', '?startDate=1764064800', '?startDate=1764064800000&endDate=1764064900000', '?startDate=1764064900&endDate=1764064800', '?startDate=2026-11-25&endDate=1764064800']) {
      it(`refuses the interval "${query}" with 400`, async () => {
        const response = await call(sim.url, 'GET', `/transactions${query}`, { token });
        assert.deepEqual([response.status, response.body.error.code], [400, 'invalid-request']);
      });
    }
  });

  describe('documented response versions (wireVersions, control.wire)', () => {
    it('answers the access token in each documented version', async () => {
      const expected: Record<string, string[]> = {
        newest: ['access_token', 'expires_in', 'token_type'],
        camelCase: ['accessToken', 'expiresIn'],
        accessToken: ['accessToken'],
        token: ['token'],
      };
      for (const [version, keys] of Object.entries(expected)) {
        sim.control.wire({ accessToken: version as 'newest' });
        assert.deepEqual(Object.keys((await call(sim.url, 'POST', '/auth/token', { body: DEMO })).body).sort(), keys, version);
      }
    });

    it('answers prices as numbers and the older profiles on request, over HTTP too', async () => {
      const token = await accessToken(sim.url);
      assert.deepEqual((await call(sim.url, 'POST', '/__control/wire', { body: { prices: 'number', profile: 'oldest' } })).body, { accessToken: 'newest', prices: 'number', profile: 'oldest' });
      assert.equal((await call(sim.url, 'GET', '/programs', { token })).body[0].pricePerPoint, 0.025);
      assert.deepEqual((await call(sim.url, 'GET', '/business-info', { token })).body, { businessName: 'Acme Rewards', currency: 'USD' });
      sim.control.wire({ profile: 'older' });
      assert.deepEqual((await call(sim.url, 'GET', '/business-info', { token })).body, { name: 'Acme Rewards', programId: 'prog_acme' });
    });

    it('starts with the versions given in options, and refuses unknown ones', async () => {
      const old = await startSimulator({ wireVersions: { accessToken: 'token' } });
      try {
        assert.deepEqual(Object.keys((await call(old.url, 'POST', '/auth/token', { body: DEMO })).body), ['token']);
      } finally {
        await old.close();
      }
      await assert.rejects(startSimulator({ wireVersions: { accessToken: 'jwt' as never } }), { code: 'invalid-option' });
      assert.equal((await call(sim.url, 'POST', '/__control/wire', { body: { prices: 'float' } })).status, 400);
    });
  });

  describe('fault injection reaches every operation', () => {
    // route, method, path, request, and the status the operation answers when no fault strikes
    const operations: [string, string, string, (token: string) => Record<string, unknown>, number][] = [
      ['access-token', 'POST', '/auth/token', () => ({ body: DEMO }), 200],
      ['widget-token', 'POST', '/auth/widget/point-exchange', (token) => ({ token, body: { userId: 'u' } }), 200],
      ['profile', 'GET', '/business-info', (token) => ({ token }), 200],
      ['programs', 'GET', '/programs', (token) => ({ token }), 200],
      ['program-fields', 'GET', '/programs/prog_skyair/fields', (token) => ({ token }), 200],
      ['validate-member', 'POST', '/programs/prog_skyair/validate-member', (token) => ({ token, body: { destinationUserId: 'SKY-100200' } }), 200],
      ['preview-transaction', 'POST', '/transactions/preview', (token) => ({ token, body: { programId: 'prog_skyair', value: 100 } }), 200],
      ['transactions', 'POST', '/transactions', (token) => ({ token, body: issueBody('fault-1') }), 201],
      ['list-transactions', 'GET', '/transactions?startDate=1764064800&endDate=1764064900', (token) => ({ token }), 200],
      ['get-transaction', 'GET', '/transactions/nope', (token) => ({ token }), 404],
    ];
    for (const [route, method, path, options, normal] of operations) {
      it(`${route}: fails before the operation, is delayed, and loses its answer after it`, async () => {
        const token = await accessToken(sim.url);
        sim.control.fail({ route: route as 'programs', status: 503 });
        const failed = await call(sim.url, method, path, options(token));
        assert.deepEqual([failed.status, failed.body.error.code], [503, 'simulated-failure']);
        sim.control.fail({ route: route as 'programs', delayMs: 150 });
        const started = Date.now();
        const delayed = await call(sim.url, method, path, options(token));
        assert.ok(Date.now() - started >= 140, 'the answer waited for the delay');
        assert.equal(delayed.status, normal, 'then the operation answered as it does without a fault');
        sim.control.fail({ route: route as 'programs', status: 0, when: 'after' });
        await assert.rejects(call(sim.url, method, path, options(token)), TypeError);
        assert.deepEqual(sim.control.requests({ route }).map((entry) => entry.status).filter((status) => status === 503 || status === 0), [503, 0]);
      });
    }

    it('an issue whose answer is dropped after commit is recorded once, webhook included', async () => {
      const token = await accessToken(sim.url);
      sim.control.fail({ route: 'transactions', status: 0, when: 'after' });
      await assert.rejects(call(sim.url, 'POST', '/transactions', { token, body: issueBody('lost-1') }), TypeError);
      assert.equal(sim.control.transactions().length, 1);
      assert.equal(sim.control.events().length, 1);
      const retry = await call(sim.url, 'POST', '/transactions', { token, body: issueBody('lost-1') });
      assert.deepEqual([retry.status, retry.body.error.transactionId], [409, sim.control.transactions()[0]?.id]);
    });

    it('an answer replaced by a 500 after commit, or held back, still committed', async () => {
      const token = await accessToken(sim.url);
      sim.control.fail({ route: 'transactions', status: 500, when: 'after' });
      assert.equal((await call(sim.url, 'POST', '/transactions', { token, body: issueBody('after-500') })).status, 500);
      sim.control.fail({ route: 'transactions', delayMs: 200, when: 'after' });
      const started = Date.now();
      const held = await call(sim.url, 'POST', '/transactions', { token, body: issueBody('after-delay') });
      assert.ok(Date.now() - started >= 190);
      assert.equal(held.status, 201);
      assert.deepEqual(sim.control.transactions().map((t) => t.referenceNumber), ['after-500', 'after-delay']);
    });

    it('refuses an unknown `when`', () => {
      assert.throws(() => sim.control.fail({ route: 'transactions', when: 'during' as never }), { code: 'invalid-option' });
    });
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
        const { status, body } = await call(sim.url, 'POST', path, { token: await accessToken(sim.url), body: { userId: 'user_7' } });
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
        await sleep(250);
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
