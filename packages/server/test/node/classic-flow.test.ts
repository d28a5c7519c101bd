/**
 * The classic flow against the simulator over loopback: each operation's request on the wire (field names as Cosmo's
 * reference documents them), each documented response version read, limits, conflicts, and exactly-once issuing
 * when answers are lost, fail or arrive late, or when callers race.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CLIENT, recordingFetch, rejectsWith, simulatorSuite } from './client-support.js';
import type { WireRequest } from './client-support.js';
import type { IssuePointsInput } from '../../src/index.js';
import { sleep } from '../../src/internal/sleep.js';

const suite = simulatorSuite();
const { client, count } = suite;
/** What went to Cosmo, without the access-token request. */
const calls = (sent: WireRequest[]) => sent.filter((request) => request.url.pathname !== '/auth/token').map(({ method, url, body }) => ({ method, path: url.pathname + url.search, body }));
const order = (referenceNumber: string, extra: Partial<IssuePointsInput> = {}): IssuePointsInput => ({
  programId: 'prog_skyair',
  value: 100,
  userId: 'SKY-100200',
  referenceNumber,
  ...extra,
});

describe('each operation on the wire', () => {
  test('getProfile: GET /business-info', async () => {
    const wire = recordingFetch();
    const profile = await client({ fetch: wire.fetch }).getProfile();
    assert.deepEqual(calls(wire.sent), [{ method: 'GET', path: '/business-info', body: undefined }]);
    assert.deepEqual([profile.name, profile.localCurrency, profile.programId], ['Acme Rewards', 'USD', 'prog_acme']);
    assert.ok(wire.sent.every((request) => request.url.pathname === '/auth/token' || request.headers.get('authorization')?.startsWith('Bearer at_')));
  });

  test('listPrograms: GET /programs, prices as decimal strings and limits as numbers', async () => {
    const wire = recordingFetch();
    const programs = await client({ fetch: wire.fetch }).listPrograms();
    assert.deepEqual(calls(wire.sent), [{ method: 'GET', path: '/programs', body: undefined }]);
    const skyair = programs.find((program) => program.id === 'prog_skyair');
    assert.deepEqual(
      [skyair?.pricePerPoint, skyair?.pricePerPointInUsd, skyair?.minValue, skyair?.maxValue, skyair?.minAmountOfPoints, skyair?.maxAmountOfPoints],
      ['0.025', '0.025', 1, 10_000, 100, 1_000_000],
    );
  });

  test('getProgramFields: GET /programs/{programId}/fields', async () => {
    const wire = recordingFetch();
    const fields = await client({ fetch: wire.fetch }).getProgramFields('prog_staywell');
    assert.deepEqual(calls(wire.sent), [{ method: 'GET', path: '/programs/prog_staywell/fields', body: undefined }]);
    assert.deepEqual(fields.filter((field) => field.required).map((field) => field.name), ['destinationUserEmail']);
  });

  test('validateMember: POST /programs/{programId}/validate-member {destinationUserId, destinationUserEmail}', async () => {
    const wire = recordingFetch();
    const cosmo = client({ fetch: wire.fetch });
    assert.deepEqual(await cosmo.validateMember({ programId: 'prog_skyair', destinationUserId: 'SKY-100200', destinationUserEmail: 'ada@example.com' }), { isValid: true });
    assert.deepEqual(await cosmo.validateMember({ programId: 'prog_skyair', destinationUserId: 'SKY-404' }), { isValid: false });
    assert.deepEqual(calls(wire.sent), [
      { method: 'POST', path: '/programs/prog_skyair/validate-member', body: { destinationUserId: 'SKY-100200', destinationUserEmail: 'ada@example.com' } },
      { method: 'POST', path: '/programs/prog_skyair/validate-member', body: { destinationUserId: 'SKY-404' } },
    ]);
  });

  test('previewTransaction: POST /transactions/preview {programId, value}', async () => {
    const wire = recordingFetch();
    assert.deepEqual(await client({ fetch: wire.fetch }).previewTransaction({ programId: 'prog_skyair', value: 100 }), { totalPoints: 4000 });
    assert.deepEqual(calls(wire.sent), [{ method: 'POST', path: '/transactions/preview', body: { programId: 'prog_skyair', value: 100 } }]);
  });

  test('issuePoints: POST /transactions with exactly the documented fields, no Idempotency-Key', async () => {
    const wire = recordingFetch();
    const issued = await client({ fetch: wire.fetch }).issuePoints(order('ORD/2026/0001', { description: 'Order 1', bonus: true }));
    assert.deepEqual(calls(wire.sent), [
      { method: 'POST', path: '/transactions', body: { programId: 'prog_skyair', value: 100, userId: 'SKY-100200', referenceNumber: 'ORD/2026/0001', description: 'Order 1', bonus: true } },
    ]);
    assert.equal(wire.sent.at(-1)?.headers.has('idempotency-key'), false);
    assert.deepEqual(Object.keys(issued).sort(), ['date', 'id', 'referenceNumber', 'totalPoints']);
    assert.deepEqual([issued.totalPoints, issued.referenceNumber], [4000, 'ORD/2026/0001']);
    assert.equal(issued.id, suite.sim.control.transactions()[0]?.id);
  });

  test('getTransaction: GET /transactions/{transactionId} by id or by reference (URL-encoded)', async () => {
    const wire = recordingFetch();
    const cosmo = client({ fetch: wire.fetch });
    const issued = await cosmo.issuePoints(order('ORD/2026/0002'));
    const byId = await cosmo.getTransaction(issued.id);
    const byReference = await cosmo.getTransaction('ORD/2026/0002');
    assert.deepEqual(byId, byReference);
    assert.deepEqual(byId, {
      id: issued.id,
      referenceNumber: 'ORD/2026/0002',
      sourceValue: 100,
      createdAt: issued.date,
      pointTransactions: [{ destinationNumberOfPoints: 4000, type: 'regular' }],
      partnership: { destination: { name: 'SkyAir Miles', programId: 'prog_skyair' } },
      totalPoints: 4000,
    });
    assert.deepEqual(calls(wire.sent).slice(1).map((call) => call.path), [`/transactions/${issued.id}`, '/transactions/ORD%2F2026%2F0002']);
    await rejectsWith(cosmo.getTransaction('nope'), 'request-rejected', (error) => assert.deepEqual([error.status, error.upstreamCode], [404, 'transaction-not-found']));
  });

  test('listTransactions: GET /transactions?startDate&endDate[&programId], a Date or epoch seconds sent as 10-digit seconds', async () => {
    const wire = recordingFetch();
    const cosmo = client({ fetch: wire.fetch });
    const from = new Date(Date.now() - 1000);
    await cosmo.issuePoints(order('list-1'));
    await cosmo.issuePoints(order('list-2', { programId: 'prog_cartly', userId: 'CART-42', value: 5 }));
    const to = Math.floor(Date.now() / 1000);
    const all = await cosmo.listTransactions({ startDate: from, endDate: to });
    const cartly = await cosmo.listTransactions({ startDate: from, endDate: new Date(), programId: 'prog_cartly' });
    assert.deepEqual(all.map((item) => [item.referenceNumber, item.totalPoints]), [['list-1', 4000], ['list-2', 500]]);
    assert.deepEqual(cartly.map((item) => item.referenceNumber), ['list-2']);
    const [first, second] = calls(wire.sent).slice(2).map((call) => new URL(call.path, 'http://x'));
    assert.deepEqual([first?.pathname, first?.searchParams.get('startDate'), first?.searchParams.get('endDate')], ['/transactions', String(Math.floor(from.getTime() / 1000)), String(to)]);
    assert.match(second?.searchParams.get('startDate') ?? '', /^\d{10}$/);
    assert.equal(second?.searchParams.get('programId'), 'prog_cartly');
  });

  test('uses overridden paths, placeholders filled in', async () => {
    const wire = recordingFetch();
    const cosmo = client({ fetch: wire.fetch, paths: { profile: '/nowhere/profile', programFields: '/v2/programs/{programId}/required-fields' } });
    await rejectsWith(cosmo.getProfile(), 'request-rejected', (error) => assert.equal(error.status, 404));
    await rejectsWith(cosmo.getProgramFields('prog/1'), 'request-rejected');
    assert.deepEqual(calls(wire.sent).map((call) => call.path), ['/nowhere/profile', '/v2/programs/prog%2F1/required-fields']);
  });
});

describe('every documented response version', () => {
  test('reads the newest, older and oldest business profiles', async () => {
    const cosmo = client();
    assert.equal((await cosmo.getProfile()).technicalContactEmail, 'tech@acme.example');
    suite.sim.control.wire({ profile: 'older' });
    assert.deepEqual(await cosmo.getProfile(), { name: 'Acme Rewards', programId: 'prog_acme' });
    suite.sim.control.wire({ profile: 'oldest' });
    assert.deepEqual(await cosmo.getProfile(), { name: 'Acme Rewards', localCurrency: 'USD' });
  });

  test('exposes prices as the same decimal strings whether Cosmo sends strings or numbers', async () => {
    const cosmo = client();
    const asStrings = await cosmo.listPrograms();
    suite.sim.control.wire({ prices: 'number' });
    assert.deepEqual(await cosmo.listPrograms(), asStrings);
    assert.ok(asStrings.every((program) => typeof program.pricePerPoint === 'string'));
  });
});

describe('limits and conflicts', () => {
  const limits: [string, Partial<IssuePointsInput>, string][] = [
    ['a value above maxValue', { value: 10_001 }, 'value-too-high'],
    ['a value that buys fewer points than minAmountOfPoints', { value: 2 }, 'points-too-low'],
    ['a disabled program', { programId: 'prog_legacy' }, 'program-inactive'],
    ['an unknown program', { programId: 'prog_nope' }, 'program-not-found'],
  ];
  for (const [name, change, code] of limits) {
    test(`preview and issue refuse ${name} with request-rejected ${code}`, async () => {
      const cosmo = client();
      const input = order(`limit-${code}`, change);
      await rejectsWith(cosmo.previewTransaction({ programId: input.programId, value: input.value }), 'request-rejected', (error) => assert.equal(error.upstreamCode, code));
      await rejectsWith(cosmo.issuePoints(input), 'request-rejected', (error) => assert.equal(error.upstreamCode, code));
      assert.equal(suite.sim.control.transactions().length, 0);
    });
  }

  test('a declined issue is request-rejected 402 declined', async () => {
    await rejectsWith(client().issuePoints(order('declined-1', { programId: 'prog_decline', userId: 'DECLINE-1' })), 'request-rejected', (error) => {
      assert.deepEqual([error.status, error.upstreamCode], [402, 'declined']);
    });
  });

  test('a reference reused for another program or value is reference-conflict, and nothing new is issued', async () => {
    const cosmo = client();
    const first = await cosmo.issuePoints(order('reused-1'));
    await rejectsWith(cosmo.issuePoints(order('reused-1', { programId: 'prog_cartly', userId: 'CART-42' })), 'reference-conflict', (error) => {
      assert.match(error.message, new RegExp(`transaction ${first.id} with program prog_skyair`));
    });
    await rejectsWith(cosmo.issuePoints(order('reused-1', { value: 200 })), 'reference-conflict', (error) => assert.match(error.message, /value 100/));
    assert.equal(suite.sim.control.transactions().length, 1);
  });

  test('a failed issue whose reference names another transaction is reference-conflict, not the network error', async () => {
    const cosmo = client({ retries: 0 });
    await cosmo.issuePoints(order('reused-2'));
    suite.sim.control.fail({ route: 'transactions', status: 0 });
    await rejectsWith(cosmo.issuePoints(order('reused-2', { value: 300 })), 'reference-conflict');
  });

  test('a 409 that is not about the reference stays a request-rejected 409', async () => {
    suite.sim.control.fail({ route: 'transactions', status: 409, code: 'conflict' });
    await rejectsWith(client().issuePoints(order('not-a-duplicate')), 'request-rejected', (error) => assert.deepEqual([error.status, error.upstreamCode], [409, 'conflict']));
    assert.equal(count('get-transaction'), 1, 'looked the reference up, found nothing');
  });
});

describe('exactly-once issuing', () => {
  /** Asserts one transaction on Cosmo's ledger, and that `issued` is it. */
  const assertOne = (issued: { id: string; totalPoints: number; referenceNumber: string; date: string }, referenceNumber: string) => {
    const ledger = suite.sim.control.transactions();
    assert.equal(ledger.length, 1, `one transaction, not ${ledger.length}`);
    assert.deepEqual(issued, { id: ledger[0]!.id, totalPoints: 4000, referenceNumber, date: ledger[0]!.createdAt });
    assert.equal(suite.sim.control.events().length, 1, 'one transaction.confirmed webhook');
  };

  test('the answer is dropped after commit: the retry meets the reference and fetches the transaction back', async () => {
    suite.sim.control.fail({ route: 'transactions', status: 0, when: 'after' });
    const issued = await client().issuePoints(order('lost-1'));
    assertOne(issued, 'lost-1');
    assert.deepEqual(suite.sim.control.requests({ route: 'transactions' }).map((entry) => entry.status), [0, 409]);
    assert.equal(count('get-transaction'), 1);
  });

  test('the answer is dropped after commit and no retry is left: the transaction is looked up before giving up', async () => {
    suite.sim.control.fail({ route: 'transactions', status: 0, when: 'after' });
    assertOne(await client({ retries: 0 }).issuePoints(order('lost-2')), 'lost-2');
    assert.deepEqual(suite.sim.control.requests({ route: 'transactions' }).map((entry) => entry.status), [0]);
  });

  test('a 5xx before the operation, then success: one transaction', async () => {
    suite.sim.control.fail({ route: 'transactions', status: 503, count: 2 });
    assertOne(await client().issuePoints(order('5xx-1')), '5xx-1');
    assert.deepEqual(suite.sim.control.requests({ route: 'transactions' }).map((entry) => entry.status), [503, 503, 201]);
  });

  test('a 5xx after commit, then the retry: one transaction', async () => {
    suite.sim.control.fail({ route: 'transactions', status: 500, when: 'after' });
    assertOne(await client().issuePoints(order('5xx-2')), '5xx-2');
    assert.deepEqual(suite.sim.control.requests({ route: 'transactions' }).map((entry) => entry.status), [500, 409]);
  });

  test('a timeout before the operation, then success: one transaction even when the slow attempt lands later', async () => {
    suite.sim.control.fail({ route: 'transactions', delayMs: 600 });
    assertOne(await client({ timeoutMs: 200 }).issuePoints(order('slow-1')), 'slow-1');
    await sleep(700); // the abandoned attempt reaches the ledger code now
    assert.equal(suite.sim.control.transactions().length, 1);
  });

  test('a timeout after commit, then the retry: one transaction', async () => {
    suite.sim.control.fail({ route: 'transactions', delayMs: 600, when: 'after' });
    assertOne(await client({ timeoutMs: 200 }).issuePoints(order('slow-2')), 'slow-2');
  });

  test('concurrent issues with the same reference: one transaction, every caller gets it', async () => {
    const cosmo = client();
    const results = await Promise.all(Array.from({ length: 5 }, () => cosmo.issuePoints(order('race-1'))));
    assertOne(results[0]!, 'race-1');
    for (const result of results) assert.deepEqual(result, results[0]);
  });

  test('concurrent issues from separate clients (separate instances) with the same reference: one transaction', async () => {
    const results = await Promise.all([client(), client(), client()].map((cosmo) => cosmo.issuePoints(order('race-2'))));
    assertOne(results[0]!, 'race-2');
    for (const result of results) assert.deepEqual(result, results[0]);
  });

  test('calling again later with the same reference returns the same transaction', async () => {
    const cosmo = client();
    const first = await cosmo.issuePoints(order('again-1'));
    assert.deepEqual(await cosmo.issuePoints(order('again-1')), first);
    assertOne(first, 'again-1');
  });

  test('nothing committed and no retry left: the original error, nothing issued, and the same reference works later', async () => {
    suite.sim.control.fail({ route: 'transactions', status: 0 });
    const cosmo = client({ retries: 0 });
    await rejectsWith(cosmo.issuePoints(order('retry-later')), 'network-error');
    assert.equal(suite.sim.control.transactions().length, 0);
    assertOne(await cosmo.issuePoints(order('retry-later')), 'retry-later');
  });

  test('the caller aborts: aborted, no lookup', async () => {
    suite.sim.control.fail({ route: 'transactions', delayMs: 500 });
    await rejectsWith(client().issuePoints({ ...order('abort-1'), signal: AbortSignal.timeout(100) }), 'aborted');
    assert.equal(count('get-transaction'), 0);
  });
});

describe('bad input is refused before any request, naming the field', () => {
  const cases: [string, (cosmo: ReturnType<typeof client>) => Promise<unknown>, RegExp][] = [
    ['issuePoints without input', (c) => c.issuePoints(undefined as never), /issuePoints: pass \{programId, value, userId, referenceNumber/],
    ['a fractional value', (c) => c.issuePoints(order('r', { value: 12.5 })), /issuePoints: value: expected a positive integer/],
    ['a value as points', (c) => c.issuePoints({ ...order('r'), value: undefined, points: 400 } as never), /issuePoints: value: /],
    ['a zero value', (c) => c.issuePoints(order('r', { value: 0 })), /value: expected a positive integer/],
    ['no referenceNumber', (c) => c.issuePoints({ ...order('r'), referenceNumber: undefined } as never), /issuePoints: referenceNumber: /],
    ['an empty referenceNumber', (c) => c.issuePoints(order('')), /referenceNumber: expected 1 to 128 printable ASCII characters without whitespace/],
    ['a referenceNumber with a space', (c) => c.issuePoints(order('ORD 1')), /referenceNumber: /],
    ['a referenceNumber of 129 characters', (c) => c.issuePoints(order('x'.repeat(129))), /referenceNumber: /],
    ['an empty userId', (c) => c.issuePoints(order('r', { userId: '' })), /issuePoints: userId: /],
    ['a description of 501 characters', (c) => c.issuePoints(order('r', { description: 'd'.repeat(501) })), /issuePoints: description: /],
    ['a bonus as a string', (c) => c.issuePoints(order('r', { bonus: 'yes' as never })), /issuePoints: bonus: expected a boolean/],
    ['an empty programId', (c) => c.issuePoints(order('r', { programId: '' })), /issuePoints: programId: /],
    ['a preview without value', (c) => c.previewTransaction({ programId: 'prog_skyair' } as never), /previewTransaction: value: /],
    ['a validation without member fields', (c) => c.validateMember({ programId: 'prog_skyair' }), /validateMember: destinationUserId or destinationUserEmail is required/],
    ['a validation with a malformed email', (c) => c.validateMember({ programId: 'prog_skyair', destinationUserEmail: 'ada' }), /validateMember: destinationUserEmail: expected an email address/],
    ['a validation without programId', (c) => c.validateMember({ destinationUserId: 'x' } as never), /validateMember: programId must be/],
    ['program fields of an empty id', (c) => c.getProgramFields(''), /getProgramFields: programId must be/],
    ['a transaction id with a newline', (c) => c.getTransaction('a\nb'), /getTransaction: idOrReferenceNumber must be/],
    ['a list without dates', (c) => c.listTransactions({} as never), /listTransactions: startDate must be a Date or epoch seconds/],
    ['a list in milliseconds', (c) => c.listTransactions({ startDate: Date.now() - 1000, endDate: Date.now() }), /listTransactions: startDate looks like milliseconds/],
    ['a list with an invalid Date', (c) => c.listTransactions({ startDate: new Date('nope'), endDate: new Date() }), /listTransactions: startDate is an invalid Date/],
    ['a list with 9-digit seconds', (c) => c.listTransactions({ startDate: 999_999_999, endDate: 1_764_064_800 }), /listTransactions: startDate must fall between/],
    ['a list from after its end', (c) => c.listTransactions({ startDate: 1_764_064_900, endDate: 1_764_064_800 }), /listTransactions: startDate must not be after endDate/],
  ];
  for (const [name, act, message] of cases) {
    test(`refuses ${name}`, async () => {
      const wire = recordingFetch();
      await rejectsWith(act(client({ fetch: wire.fetch })), 'invalid-argument', (error) => assert.match(error.message, message));
      assert.deepEqual(wire.sent, [], 'no request at all');
    });
  }
});

describe('malformed answers from Cosmo become typed errors without bodies, secrets or tokens', () => {
  const answers: [string, () => Response][] = [
    ['an HTML error page with 200', () => new Response('<!doctype html><title>Gateway</title>', { status: 200, headers: { 'content-type': 'text/html' } })],
    ['an empty body', () => new Response(null, { status: 200 })],
    ['missing fields', () => Response.json({ ok: true })],
    ['wrong types', () => Response.json({ id: true, totalPoints: 'lots', referenceNumber: 7, date: null, isValid: 'yes', name: 5 })],
  ];
  const operations: [string, (cosmo: ReturnType<typeof client>) => Promise<unknown>][] = [
    ['getProfile', (c) => c.getProfile()],
    ['listPrograms', (c) => c.listPrograms()],
    ['getProgramFields', (c) => c.getProgramFields('prog_skyair')],
    ['validateMember', (c) => c.validateMember({ programId: 'prog_skyair', destinationUserId: 'SKY-100200' })],
    ['previewTransaction', (c) => c.previewTransaction({ programId: 'prog_skyair', value: 100 })],
    ['issuePoints', (c) => c.issuePoints(order('malformed-1'))],
    ['listTransactions', (c) => c.listTransactions({ startDate: 1_764_064_800, endDate: 1_764_064_900 })],
    ['getTransaction', (c) => c.getTransaction('malformed-1')],
  ];
  for (const [operation, act] of operations) {
    test(`${operation}: invalid-response for each malformed answer`, async () => {
      for (const [, answer] of answers) {
        const wire = recordingFetch((request, real) => (request.url.pathname === '/auth/token' ? real : answer()));
        await rejectsWith(act(client({ fetch: wire.fetch })), 'invalid-response', (error) => {
          assert.equal(error.status, 200);
          assert.doesNotMatch(error.message, /doctype|Gateway|lots/);
        });
      }
    });
  }

  test('an HTML 502 page is upstream-error after the retries, with the status and no body', async () => {
    const wire = recordingFetch((request, real) => (request.url.pathname === '/auth/token' ? real : new Response('<html>502 Bad Gateway</html>', { status: 502 })));
    await rejectsWith(client({ fetch: wire.fetch, retries: 1 }).getProfile(), 'upstream-error', (error) => {
      assert.equal(error.status, 502);
      assert.doesNotMatch(error.message, /Bad Gateway/);
    });
  });
});

describe('the README example: validate → preview → issue → fetch back by reference', () => {
  test('walks the classic flow end to end', async () => {
    const cosmo = client();
    const [program] = (await cosmo.listPrograms()).filter((entry) => entry.id === 'prog_skyair');
    const fields = await cosmo.getProgramFields(program!.id);
    assert.ok(fields.some((field) => field.name === 'destinationUserId' && field.required));
    const { isValid } = await cosmo.validateMember({ programId: program!.id, destinationUserId: 'SKY-100200' });
    assert.equal(isValid, true);
    const { totalPoints } = await cosmo.previewTransaction({ programId: program!.id, value: 25 });
    const issued = await cosmo.issuePoints({ programId: program!.id, value: 25, userId: 'SKY-100200', referenceNumber: 'order-1001', description: 'Order 1001' });
    assert.equal(issued.totalPoints, totalPoints);
    const fetched = await cosmo.getTransaction('order-1001');
    assert.deepEqual([fetched.id, fetched.totalPoints, fetched.referenceNumber, fetched.description], [issued.id, totalPoints, 'order-1001', 'Order 1001']);
  });
});
