/** The Cosmo API wire module: every documented version read, the newest written, the path table. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  COSMO_API_OPERATIONS,
  COSMO_API_PATHS,
  PATH_PARAMETERS,
  REFERENCE_NUMBER_PATTERN,
  accessTokenRequestBody,
  accessTokenRequestSchema,
  accessTokenResponseSchema,
  businessProfileSchema,
  cosmoErrorSchema,
  fillPath,
  issuePointsRequestSchema,
  issuePointsResponseSchema,
  pathParameters,
  pathPattern,
  previewTransactionResponseSchema,
  programFieldsResponseSchema,
  programsResponseSchema,
  toDecimalString,
  transactionListResponseSchema,
  transactionResponseSchema,
  validateMemberRequestSchema,
  validateMemberResponseSchema,
  widgetTokenResponseFromCosmoSchema,
} from '@cosmopoints/protocol/cosmo-api';

describe('authentication', () => {
  it('writes the newest documented body by default: client_id, client_secret, grant_type', () => {
    assert.deepEqual(accessTokenRequestBody({ clientId: 'id', clientSecret: 's' }), { client_id: 'id', client_secret: 's', grant_type: 'client_credentials' });
  });
  it('writes the older camelCase body on request, without a grant type', () => {
    assert.deepEqual(accessTokenRequestBody({ clientId: 'id', clientSecret: 's' }, 'camelCase'), { clientId: 'id', clientSecret: 's' });
  });
  it('reads both request bodies, and refuses another grant type', () => {
    assert.equal(accessTokenRequestSchema.safeParse({ client_id: 'id', client_secret: 's', grant_type: 'client_credentials' }).success, true);
    assert.equal(accessTokenRequestSchema.safeParse({ clientId: 'id', clientSecret: 's' }).success, true);
    assert.equal(accessTokenRequestSchema.safeParse({ client_id: 'id', client_secret: 's', grant_type: 'password' }).success, false);
  });

  const versions: [string, unknown, { accessToken: string; expiresIn?: number; tokenType?: string }][] = [
    ['newest', { access_token: 'at', expires_in: 600, token_type: 'Bearer' }, { accessToken: 'at', expiresIn: 600, tokenType: 'Bearer' }],
    ['camelCase', { accessToken: 'at', expiresIn: 600 }, { accessToken: 'at', expiresIn: 600 }],
    ['accessToken only', { accessToken: 'at' }, { accessToken: 'at' }],
    ['earliest', { token: 'at' }, { accessToken: 'at' }],
    ['expires_in as a string', { access_token: 'at', expires_in: '600' }, { accessToken: 'at', expiresIn: 600 }],
    ['nulls for absent fields', { access_token: 'at', expires_in: null, token_type: null }, { accessToken: 'at' }],
  ];
  for (const [name, body, expected] of versions) {
    it(`reads the ${name} access-token answer`, () => assert.deepEqual(accessTokenResponseSchema.parse(body), expected));
  }
  for (const body of [{}, { access_token: '' }, { expires_in: 600 }, null, '<html>502</html>', { accessToken: 'at', expiresIn: -5 }, { access_token: 7 }]) {
    it(`refuses the access-token answer ${JSON.stringify(body)}`, () => assert.equal(accessTokenResponseSchema.safeParse(body).success, false));
  }
  it('states the documented 10-minute lifetime', () => assert.equal(ACCESS_TOKEN_LIFETIME_SECONDS, 600));
  it('reads a widget token with an absolute expiry in snake_case', () => {
    assert.deepEqual(widgetTokenResponseFromCosmoSchema.parse({ access_token: 'wt', expires_at: '2026-11-25T10:00:00Z' }), {
      token: 'wt',
      expiresIn: undefined,
      expiresAt: '2026-11-25T10:00:00Z',
    });
  });
});

describe('business profile', () => {
  it('reads the newest version', () => {
    const profile = businessProfileSchema.parse({ name: 'Acme', program_id: 'p1', local_currency: 'EUR', zip_code: 12345, phone: null, technical_contact_email: 't@acme.example' });
    assert.deepEqual(profile, { name: 'Acme', programId: 'p1', localCurrency: 'EUR', zipCode: '12345', technicalContactEmail: 't@acme.example' });
  });
  it('reads the older {name, programId} and the oldest {businessName, currency}', () => {
    assert.deepEqual(businessProfileSchema.parse({ name: 'Acme', programId: 42 }), { name: 'Acme', programId: '42' });
    assert.deepEqual(businessProfileSchema.parse({ businessName: 'Acme', currency: 'USD' }), { name: 'Acme', localCurrency: 'USD' });
  });
  it('refuses a profile without a name', () => assert.equal(businessProfileSchema.safeParse({ programId: 'p' }).success, false));
});

describe('programs', () => {
  const newest = {
    id: 'p1',
    name: 'SkyAir',
    business_name: 'SkyAir Inc',
    program_currency: 'EUR',
    price_per_point: '0.025',
    price_per_point_in_usd: '0.0270',
    price_per_point_in_local_currency: '.025',
    min_amount_of_points: '100',
    max_amount_of_points: 1000000,
    min_value: 1,
    max_value: '5000',
    local_currency: 'USD',
    some_field_added_later: true,
  };
  it('reads the newest version: prices as canonical decimal strings, limits as numbers, later fields dropped', () => {
    assert.deepEqual(programsResponseSchema.parse([newest]), [
      {
        id: 'p1',
        name: 'SkyAir',
        businessName: 'SkyAir Inc',
        programCurrency: 'EUR',
        localCurrency: 'USD',
        pricePerPoint: '0.025',
        pricePerPointInUsd: '0.027',
        pricePerPointInLocalCurrency: '0.025',
        minAmountOfPoints: 100,
        maxAmountOfPoints: 1000000,
        minValue: 1,
        maxValue: 5000,
      },
    ]);
  });
  it('reads prices sent as numbers into the same decimal strings', () => {
    const [program] = programsResponseSchema.parse([{ id: 7, name: 'N', pricePerPoint: 0.1, pricePerPointInUsd: 1e-7, pricePerPointInLocalCurrency: 2 }]);
    assert.deepEqual([program?.id, program?.pricePerPoint, program?.pricePerPointInUsd, program?.pricePerPointInLocalCurrency], ['7', '0.1', '0.0000001', '2']);
  });
  it('reads a bare array (documented), {programs} and {data}', () => {
    for (const body of [[newest], { programs: [newest] }, { data: [newest] }]) assert.equal(programsResponseSchema.parse(body)[0]?.id, 'p1');
  });
  for (const [name, body] of [
    ['a negative price', [{ id: 'p', name: 'n', pricePerPoint: -1 }]],
    ['a price with a comma', [{ id: 'p', name: 'n', pricePerPoint: '0,1' }]],
    ['a program without id', [{ name: 'n' }]],
    ['an HTML page', '<!doctype html><title>Bad gateway</title>'],
    ['an empty body', undefined],
  ] as const) {
    it(`refuses ${name}`, () => assert.equal(programsResponseSchema.safeParse(body).success, false));
  }
  it('writes numbers as decimals, never in exponent form', () => {
    assert.deepEqual([1e-7, 1.5e-8, 0.025, 1e21, 12].map(toDecimalString), ['0.0000001', '0.000000015', '0.025', '1000000000000000000000', '12']);
  });
});

describe('program fields (guessed shape)', () => {
  const expected = [
    { name: 'destinationUserId', required: true },
    { name: 'destinationUserEmail', required: false },
  ];
  it('reads a bare array, {fields} and a map of field → required', () => {
    assert.deepEqual(programFieldsResponseSchema.parse([{ name: 'destinationUserId', required: true }, { field: 'destinationUserEmail', required: false }]), expected);
    assert.deepEqual(programFieldsResponseSchema.parse({ fields: [{ key: 'destinationUserId' }, { name: 'destinationUserEmail', required: false }] }), expected);
    assert.deepEqual(programFieldsResponseSchema.parse({ destinationUserId: true, destinationUserEmail: false }), expected);
  });
});

describe('member validation and preview', () => {
  it('requires destinationUserId or destinationUserEmail', () => {
    assert.equal(validateMemberRequestSchema.safeParse({}).success, false);
    assert.equal(validateMemberRequestSchema.safeParse({ destinationUserEmail: 'not-an-email' }).success, false);
    assert.equal(validateMemberRequestSchema.safeParse({ destination_user_email: 'ada@example.com' }).success, true);
  });
  it('reads {isValid} and {totalPoints} (a string of digits too)', () => {
    assert.deepEqual(validateMemberResponseSchema.parse({ is_valid: false }), { isValid: false });
    assert.deepEqual(previewTransactionResponseSchema.parse({ totalPoints: '4000' }), { totalPoints: 4000 });
    assert.equal(validateMemberResponseSchema.safeParse({ isValid: 'yes' }).success, false);
  });
});

describe('issuing points', () => {
  const body = { programId: 'p1', value: 100, userId: 'SKY-1', referenceNumber: 'ORD/2026/0001' };
  it('accepts the documented body', () => assert.deepEqual(issuePointsRequestSchema.parse({ ...body, description: 'Order 1', bonus: true }), { ...body, description: 'Order 1', bonus: true }));
  const bad: [string, Record<string, unknown>, string][] = [
    ['a fractional value', { value: 1.5 }, 'value'],
    ['a value of zero', { value: 0 }, 'value'],
    ['a value as string', { value: '100' }, 'value'],
    ['an empty reference', { referenceNumber: '' }, 'referenceNumber'],
    ['a reference with a space', { referenceNumber: 'ORD 1' }, 'referenceNumber'],
    ['a reference of 129 characters', { referenceNumber: 'x'.repeat(129) }, 'referenceNumber'],
    ['a reference with a non-ASCII character', { referenceNumber: 'Bestellung-ü' }, 'referenceNumber'],
    ['no user', { userId: undefined }, 'userId'],
    ['a numeric bonus', { bonus: 1 }, 'bonus'],
  ];
  for (const [name, change, field] of bad) {
    it(`refuses ${name}, naming ${field}`, () => {
      const parsed = issuePointsRequestSchema.safeParse({ ...body, ...change });
      assert.equal(parsed.success, false);
      assert.deepEqual(parsed.error?.issues[0]?.path, [field]);
    });
  }
  it('bounds reference numbers at 128 printable ASCII characters', () => {
    assert.equal(REFERENCE_NUMBER_PATTERN.test('x'.repeat(128)), true);
    assert.equal(REFERENCE_NUMBER_PATTERN.test('a\tb'), false);
  });
  it('reads the documented answer {id, totalPoints, referenceNumber, date}', () => {
    assert.deepEqual(issuePointsResponseSchema.parse({ id: 991, total_points: '4000', reference_number: 'r', date: '2026-11-25T10:00:00Z' }), {
      id: '991',
      totalPoints: 4000,
      referenceNumber: 'r',
      date: '2026-11-25T10:00:00Z',
    });
    assert.equal(issuePointsResponseSchema.parse({ id: 't', totalPoints: 1, referenceNumber: 'r', date: 1764064800 }).date, '2025-11-25T10:00:00.000Z');
    assert.equal(issuePointsResponseSchema.safeParse({ id: 't', referenceNumber: 'r', date: 'x' }).success, false);
  });
});

describe('transactions', () => {
  const record = {
    id: 'txn_1',
    reference_number: 'ORD-1',
    source_value: 100,
    description: null,
    created_at: '2026-11-25T10:00:00.000Z',
    point_transactions: [
      { destination_number_of_points: '4000', type: 'regular' },
      { destination_number_of_points: '400', type: 'bonus' },
    ],
    partnership: { destination: { name: 'SkyAir', program_id: 'p1' } },
  };
  const read = {
    id: 'txn_1',
    referenceNumber: 'ORD-1',
    sourceValue: 100,
    createdAt: '2026-11-25T10:00:00.000Z',
    pointTransactions: [
      { destinationNumberOfPoints: 4000, type: 'regular' },
      { destinationNumberOfPoints: 400, type: 'bonus' },
    ],
    partnership: { destination: { name: 'SkyAir', programId: 'p1' } },
    totalPoints: 4400,
  };
  it('reads the documented item: points as numbers, their sum as totalPoints', () => assert.deepEqual(transactionResponseSchema.parse(record), read));
  it('reads one transaction bare, as {transaction} or as {data}', () => {
    for (const body of [record, { transaction: record }, { data: record }]) assert.deepEqual(transactionResponseSchema.parse(body), read);
  });
  it('reads the list bare, as {transactions} or as {data}', () => {
    for (const body of [[record], { transactions: [record] }, { data: [record] }]) assert.deepEqual(transactionListResponseSchema.parse(body), [read]);
  });
  it('refuses an item whose points are not numbers', () => {
    assert.equal(transactionResponseSchema.safeParse({ ...record, point_transactions: [{ destination_number_of_points: 'many' }] }).success, false);
  });
});

describe('paths', () => {
  it('documents POST /transactions and guesses every other path', () => {
    const documented = Object.entries(COSMO_API_OPERATIONS).filter(([, operation]) => operation.documented);
    assert.deepEqual(documented, [['issuePoints', { method: 'POST', path: '/transactions', documented: true }]]);
  });
  it('derives COSMO_API_PATHS from the operations table: one path per operation, widget tokens by kind', () => {
    const { widgetTokens, ...paths } = COSMO_API_PATHS;
    assert.deepEqual(
      paths,
      Object.fromEntries(Object.entries(COSMO_API_OPERATIONS).filter(([, operation]) => !('widget' in operation)).map(([name, operation]) => [name, operation.path])),
    );
    assert.equal(paths.issuePoints, '/transactions');
    assert.deepEqual(widgetTokens, { purchase: '/auth/widget/point-exchange', multibrand: '/auth/widget/multibrand' });
  });
  it('derives each operation\'s path parameters from its template', () => {
    assert.deepEqual(pathParameters('/programs/{programId}/fields'), ['programId']);
    assert.deepEqual(pathParameters('/a/{one}/b/{two}'), ['one', 'two']);
    assert.deepEqual(pathParameters('/transactions'), []);
    assert.deepEqual(PATH_PARAMETERS, { programFields: ['programId'], validateMember: ['programId'], getTransaction: ['transactionId'] });
  });
  it('fills placeholders URL-encoded, and matches them as one segment', () => {
    assert.equal(fillPath(COSMO_API_PATHS.getTransaction, { transactionId: 'ORD/2026 01' }), '/transactions/ORD%2F2026%2001');
    const pattern = pathPattern('/programs/{programId}/fields');
    assert.deepEqual(pattern.exec('/programs/p%2F1/fields')?.slice(1), ['p%2F1']);
    assert.equal(pattern.test('/programs/a/b/fields'), false);
    assert.equal(pattern.test('/programs//fields'), false);
  });
});

describe('error bodies (guessed)', () => {
  it('reads {error: {code, message}} and {error, message}', () => {
    assert.equal(cosmoErrorSchema.safeParse({ error: { code: 'duplicate-reference-number', message: 'x', transaction_id: 't' } }).success, true);
    assert.equal(cosmoErrorSchema.safeParse({ error: 'invalid_client', message: 'x' }).success, true);
  });
});
