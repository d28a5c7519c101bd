import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  MAX_MESSAGE_SIZE,
  MAX_OPEN_URL_LENGTH,
  ProtocolError,
  hostMessage,
  parseHostMessage,
  parseWidgetMessage,
  widgetMessage,
} from '@cosmopoints/protocol';
import type { WidgetMessageType } from '@cosmopoints/protocol';

const channel = 'chan_12345678';
const envelope = (type: string, payload: unknown, extra: Record<string, unknown> = {}) => ({ ns: 'cosmo', v: 1, channel, type, payload, ...extra });
const program = { id: 'prog_skyair', name: 'SkyAir Miles' };
const connection = { program, share: 60 };

describe('parseWidgetMessage accepts every widget message type', () => {
  const valid: [WidgetMessageType, unknown][] = [
    ['ready', { widget: 'purchase' }],
    ['ready', { widget: 'multibrand' }],
    ['resize', { height: 0 }],
    ['resize', { height: 812.5 }],
    ['close', {}],
    ['close', { reason: 'user' }],
    ['error', { code: 'load-failed', message: 'Could not load programs' }],
    ['error', { code: 'load-failed', message: 'x', recoverable: true }],
    ['token-request', {}],
    ['token-request', { reason: 'expired' }],
    ['transaction-complete', { transactionId: 'txn_1', program, points: 1500, completedAt: '2026-11-25T10:00:00Z' }],
    ['transaction-complete', { transactionId: 'txn_1', program, points: 1, amount: { value: 12.5, currency: 'EUR' }, completedAt: '2026-11-25T10:00:00.123+01:00' }],
    ['transaction-fail', { code: 'declined', message: 'The program declined' }],
    ['transaction-fail', { code: 'declined', message: 'x', program, recoverable: false }],
    ['program-connect', { connection, connections: [connection] }],
    ['program-disconnect', { program, connections: [] }],
    ['program-update', { connection, previous: { program, share: 40 }, connections: [connection] }],
    ['open-url', { url: 'https://cosmo.example/programs/prog_skyair/terms' }],
    ['open-url', { url: 'https://cosmo.example/sign-in/si_1', purpose: 'sign-in' }],
  ];
  for (const [type, payload] of valid) {
    it(`accepts ${type} ${JSON.stringify(payload)}`, () => {
      const result = parseWidgetMessage(envelope(type, payload));
      assert.equal(result.ok, true, result.ok ? '' : result.error.message);
      assert.deepEqual(result.ok && result.message, envelope(type, payload));
    });
  }
});

describe('parseWidgetMessage rejects bad input with a typed error, never a throw', () => {
  const cyclic: Record<string, unknown> = envelope('resize', { height: 1 });
  cyclic.self = cyclic;
  const rows: [string, unknown, string][] = [
    ['undefined', undefined, 'malformed-envelope'],
    ['null', null, 'malformed-envelope'],
    ['a string', 'cosmo:ready', 'malformed-envelope'],
    ['an array', [], 'malformed-envelope'],
    ['another namespace', { ...envelope('ready', { widget: 'purchase' }), ns: 'penpal' }, 'malformed-envelope'],
    ['no channel', { ns: 'cosmo', v: 1, type: 'ready', payload: { widget: 'purchase' } }, 'malformed-envelope'],
    ['a short channel', envelope('ready', { widget: 'purchase' }, { channel: 'abc' }), 'malformed-envelope'],
    ['a channel with spaces', envelope('ready', { widget: 'purchase' }, { channel: 'abc def ghi' }), 'malformed-envelope'],
    ['no type', { ns: 'cosmo', v: 1, channel, payload: {} }, 'malformed-envelope'],
    ['a cyclic object', cyclic, 'malformed-envelope'],
    ['a BigInt', envelope('resize', { height: 10n }), 'malformed-envelope'],
    ['version 2', envelope('ready', { widget: 'purchase' }, { v: 2 }), 'unsupported-version'],
    ['no version', { ns: 'cosmo', channel, type: 'ready', payload: { widget: 'purchase' } }, 'unsupported-version'],
    ['an unknown type', envelope('pay-now', {}), 'unknown-type'],
    ['a prototype key as type', envelope('constructor', {}), 'unknown-type'],
    ['a host type sent by a widget', envelope('init', {}), 'unknown-type'],
    ['ready for an unknown widget', envelope('ready', { widget: 'loyalty' }), 'invalid-payload'],
    ['a missing payload', envelope('resize', undefined), 'invalid-payload'],
    ['a negative height', envelope('resize', { height: -1 }), 'invalid-payload'],
    ['an infinite height', envelope('resize', { height: Infinity }), 'invalid-payload'],
    ['NaN height', envelope('resize', { height: Number.NaN }), 'invalid-payload'],
    ['a height as string', envelope('resize', { height: '300px' }), 'invalid-payload'],
    ['an absurd height', envelope('resize', { height: 1e9 }), 'invalid-payload'],
    ['fractional points', envelope('transaction-complete', { transactionId: 't', program, points: 1.5, completedAt: '2026-11-25T10:00:00Z' }), 'invalid-payload'],
    ['zero points', envelope('transaction-complete', { transactionId: 't', program, points: 0, completedAt: '2026-11-25T10:00:00Z' }), 'invalid-payload'],
    ['a date without zone', envelope('transaction-complete', { transactionId: 't', program, points: 1, completedAt: '2026-11-25 10:00' }), 'invalid-payload'],
    ['a currency of two letters', envelope('transaction-complete', { transactionId: 't', program, points: 1, amount: { value: 1, currency: 'eu' }, completedAt: '2026-11-25T10:00:00Z' }), 'invalid-payload'],
    ['a date-only completedAt', envelope('transaction-complete', { transactionId: 't', program, points: 1, completedAt: '2026-11-25' }), 'invalid-payload'],
    ['a date with an hours-only offset', envelope('transaction-complete', { transactionId: 't', program, points: 1, completedAt: '2026-11-25T10:00:00+01' }), 'invalid-payload'],
    ['a date with a basic-format offset', envelope('transaction-complete', { transactionId: 't', program, points: 1, completedAt: '2026-11-25T10:00:00+0100' }), 'invalid-payload'],
    ['a date with a lower-case z', envelope('transaction-complete', { transactionId: 't', program, points: 1, completedAt: '2026-11-25T10:00:00z' }), 'invalid-payload'],
    ['a lower-case currency', envelope('transaction-complete', { transactionId: 't', program, points: 1, amount: { value: 1, currency: 'eur' }, completedAt: '2026-11-25T10:00:00Z' }), 'invalid-payload'],
    ['a transaction id with a leading space', envelope('transaction-complete', { transactionId: ' ORD-1', program, points: 1, completedAt: '2026-11-25T10:00:00Z' }), 'invalid-payload'],
    ['an empty transaction id', envelope('transaction-complete', { transactionId: '', program, points: 1, completedAt: '2026-11-25T10:00:00Z' }), 'invalid-payload'],
    ['a blank transaction id', envelope('transaction-complete', { transactionId: '   ', program, points: 1, completedAt: '2026-11-25T10:00:00Z' }), 'invalid-payload'],
    ['a transaction id with a newline', envelope('transaction-complete', { transactionId: 'ORD\n1', program, points: 1, completedAt: '2026-11-25T10:00:00Z' }), 'invalid-payload'],
    ['a transaction id over 128 characters', envelope('transaction-complete', { transactionId: 'x'.repeat(129), program, points: 1, completedAt: '2026-11-25T10:00:00Z' }), 'invalid-payload'],
    ['an error code with spaces', envelope('error', { code: 'card declined', message: 'x' }), 'invalid-payload'],
    ['an error code starting with a dash', envelope('transaction-fail', { code: '-declined', message: 'x' }), 'invalid-payload'],
    ['an error code with non-ASCII letters', envelope('error', { code: 'refusée', message: 'x' }), 'invalid-payload'],
    ['an error code over 64 characters', envelope('error', { code: 'a'.repeat(65), message: 'x' }), 'invalid-payload'],
    ['a program without name', envelope('program-disconnect', { program: { id: 'p' }, connections: [] }), 'invalid-payload'],
    ['a share over 100', envelope('program-connect', { connection: { program, share: 101 }, connections: [] }), 'invalid-payload'],
    ['connections not an array', envelope('program-connect', { connection, connections: {} }), 'invalid-payload'],
    ['an error code with markup', envelope('error', { code: '<img>', message: 'x' }), 'invalid-payload'],
    ['an oversized error message', envelope('error', { code: 'x', message: 'a'.repeat(501) }), 'invalid-payload'],
    ['an oversized envelope', envelope('resize', { height: 1 }, { padding: 'x'.repeat(MAX_MESSAGE_SIZE) }), 'oversized'],
  ];
  for (const [name, data, code] of rows) {
    it(`rejects ${name} as ${code}`, () => {
      const result = parseWidgetMessage(data);
      assert.equal(result.ok, false);
      assert.ok(!result.ok && result.error instanceof ProtocolError);
      assert.equal(!result.ok && result.error.code, code);
      assert.match(!result.ok ? result.error.message : '', /^@cosmopoints\/protocol: /);
    });
  }
});

describe('payloads as real widget apps send them (codes in any case, order numbers, RFC 3339 dates)', () => {
  const complete = (extra: Record<string, unknown>) => ({ transactionId: 'txn_1', program, points: 10, completedAt: '2026-11-25T10:00:00Z', ...extra });
  // [type, payload, what the parser returns for the field that differs, or undefined for "as sent"]
  const rows: [string, WidgetMessageType, Record<string, unknown>, Record<string, unknown> | undefined][] = [
    ['a snake_case failure code', 'transaction-fail', { code: 'card_declined', message: 'Declined' }, undefined],
    ['an upper-case failure code', 'transaction-fail', { code: 'CARD_DECLINED', message: 'Declined' }, undefined],
    ['an upper-case error code', 'error', { code: 'SESSION_EXPIRED', message: 'Please sign in again' }, undefined],
    ['a camelCase error code', 'error', { code: 'sessionExpired', message: 'x' }, undefined],
    ['a dotted error code', 'error', { code: 'payment.card.declined', message: 'x' }, undefined],
    ['an order number with slashes as transaction id', 'transaction-complete', complete({ transactionId: 'ORD/2026/0001' }), undefined],
    ['a transaction id with spaces and non-ASCII', 'transaction-complete', complete({ transactionId: 'Bestellung Nr. 42 – Zürich' }), undefined],
    ['a program id with a slash', 'program-disconnect', { program: { id: 'partners/sky air', name: 'SkyAir' }, connections: [] }, undefined],
    ['a completedAt with a space instead of T', 'transaction-complete', complete({ completedAt: '2026-11-25 10:00:00Z' }), { completedAt: '2026-11-25T10:00:00Z' }],
    ['a completedAt with a space, fraction and offset', 'transaction-complete', complete({ completedAt: '2026-11-25 10:00:00.123456789-08:00' }), { completedAt: '2026-11-25T10:00:00.123456789-08:00' }],
    ['a completedAt without seconds', 'transaction-complete', complete({ completedAt: '2026-11-25 10:00Z' }), { completedAt: '2026-11-25T10:00Z' }],
    ['a code starting with an underscore', 'error', { code: '_internal', message: 'x' }, undefined],
  ];
  for (const [name, type, payload, read] of rows) {
    it(`accepts ${name}`, () => {
      const result = parseWidgetMessage(envelope(type, payload));
      assert.equal(result.ok, true, result.ok ? '' : result.error.message);
      assert.deepEqual(result.ok && result.message.payload, { ...payload, ...read });
    });
  }
  it('reads every accepted date so that Date.parse understands it', () => {
    for (const completedAt of ['2026-11-25 10:00:00Z', '2026-11-25 10:00Z', '2026-11-25T10:00:00.123-08:00']) {
      const result = parseWidgetMessage(envelope('transaction-complete', complete({ completedAt })));
      const read = result.ok && result.message.type === 'transaction-complete' ? result.message.payload.completedAt : '';
      assert.ok(!Number.isNaN(Date.parse(read)), `${completedAt} → ${read}`);
    }
  });
  it('names the field and its constraint when a payload fails', () => {
    const result = parseWidgetMessage(envelope('transaction-fail', { code: 'card declined', message: 'x' }));
    assert.match(!result.ok ? result.error.message : '', /transaction-fail: payload\.code must be a string matching /);
  });
});

describe('open-url: only a URL the host may safely open outside the widget', () => {
  const read = (payload: unknown) => parseWidgetMessage(envelope('open-url', payload));
  // [name, payload, the url the parser returns (its normalised href)]
  const accepted: [string, Record<string, unknown>, string][] = [
    ['an https URL', { url: 'https://cosmo.example/terms' }, 'https://cosmo.example/terms'],
    ['an https URL with a port, query and fragment', { url: 'https://cosmo.example:8443/t?p=1#s2', purpose: 'link' }, 'https://cosmo.example:8443/t?p=1#s2'],
    ['a sign-in URL', { url: 'https://id.skyair.example/oauth?state=x', purpose: 'sign-in' }, 'https://id.skyair.example/oauth?state=x'],
    ['http on localhost', { url: 'http://localhost:4010/programs/prog_skyair/terms' }, 'http://localhost:4010/programs/prog_skyair/terms'],
    ['http on 127.0.0.1', { url: 'http://127.0.0.1:4010/sign-in/si_1', purpose: 'sign-in' }, 'http://127.0.0.1:4010/sign-in/si_1'],
    ['http on [::1]', { url: 'http://[::1]:4010/t' }, 'http://[::1]:4010/t'],
    ['http on a *.localhost name (loopback, as for widget URLs)', { url: 'http://cosmo.localhost/t' }, 'http://cosmo.localhost/t'],
    ['an upper-case scheme and host, read normalised', { url: 'HTTPS://Cosmo.Example/Terms' }, 'https://cosmo.example/Terms'],
    ['a URL with a space, read percent-encoded', { url: 'https://cosmo.example/program terms' }, 'https://cosmo.example/program%20terms'],
    [`a URL of exactly ${MAX_OPEN_URL_LENGTH} characters`, { url: `https://cosmo.example/${'a'.repeat(MAX_OPEN_URL_LENGTH - 22)}` }, `https://cosmo.example/${'a'.repeat(MAX_OPEN_URL_LENGTH - 22)}`],
  ];
  for (const [name, payload, url] of accepted) {
    it(`accepts ${name}`, () => {
      const result = read(payload);
      assert.equal(result.ok, true, result.ok ? '' : result.error.message);
      assert.deepEqual(result.ok && result.message.payload, { ...payload, url });
    });
  }
  // [name, payload, what the error says the field must be]
  const refused: [string, unknown, RegExp][] = [
    ['http on another host', { url: 'http://cosmo.example/terms' }, /payload\.url must be an https URL \(http only on a loopback host\)/],
    ['http on a name that only starts with localhost', { url: 'http://localhost.evil.example/t' }, /payload\.url must be an https URL/],
    ['http on a private address', { url: 'http://10.0.2.2:4010/t' }, /payload\.url must be an https URL/],
    ['a javascript: URL', { url: 'javascript:alert(document.domain)' }, /payload\.url must be an https URL/],
    ['a data: URL', { url: 'data:text/html,<script>alert(1)</script>' }, /payload\.url must be an https URL/],
    ['a blob: URL', { url: 'blob:https://cosmo.example/5c1b' }, /payload\.url must be an https URL/],
    ['a file: URL', { url: 'file:///etc/passwd' }, /payload\.url must be an https URL/],
    ['an intent: URL (Android)', { url: 'intent://scan/#Intent;scheme=zxing;end' }, /payload\.url must be an https URL/],
    ['a relative URL', { url: '/programs/prog_skyair/terms' }, /payload\.url must be an absolute URL/],
    ['a protocol-relative URL', { url: '//cosmo.example/terms' }, /payload\.url must be an absolute URL/],
    ['an empty URL', { url: '' }, /payload\.url must be an absolute URL/],
    ['a user name in the URL', { url: 'https://bank.example@evil.example/login' }, /payload\.url must be a URL without a user name or password/],
    ['a user name and password in the URL', { url: 'https://user:pass@cosmo.example/' }, /payload\.url must be a URL without a user name or password/],
    [`a URL over ${MAX_OPEN_URL_LENGTH} characters`, { url: `https://cosmo.example/${'a'.repeat(MAX_OPEN_URL_LENGTH - 21)}` }, /payload\.url must be a string of at most 2048 characters/],
    [`a URL over ${MAX_OPEN_URL_LENGTH} characters once percent-encoded`, { url: `https://cosmo.example/a${' '.repeat(1000)}b` }, /payload\.url must be a URL of at most 2048 characters$/],
    ['a URL that is not a string', { url: new URL('https://cosmo.example/') }, /payload\.url must be a string/],
    ['no URL', {}, /payload\.url must be a string/],
    ['an unknown purpose', { url: 'https://cosmo.example/', purpose: 'popup' }, /payload\.purpose must be one of link, sign-in/],
    ['an empty purpose', { url: 'https://cosmo.example/', purpose: '' }, /payload\.purpose must be one of link, sign-in/],
  ];
  for (const [name, payload, message] of refused) {
    it(`refuses ${name} as invalid-payload, naming the rule`, () => {
      const result = read(payload);
      assert.equal(!result.ok && result.error.code, 'invalid-payload');
      assert.match(!result.ok ? result.error.message : '', /^@cosmopoints\/protocol: open-url: /);
      assert.match(!result.ok ? result.error.message : '', message);
    });
  }
});

describe('reading drops what the protocol does not define', () => {
  it('drops unknown payload fields (a newer widget may add optional ones)', () => {
    const result = parseWidgetMessage(envelope('resize', { height: 10, unit: 'px' }));
    assert.deepEqual(result.ok && result.message.payload, { height: 10 });
  });
  it('drops unknown envelope fields', () => {
    const result = parseWidgetMessage(envelope('close', {}, { extra: true }));
    assert.deepEqual(result.ok && Object.keys(result.message), ['ns', 'v', 'channel', 'type', 'payload']);
  });
  it('ignores inherited keys of the payload', () => {
    const payload = Object.create({ reason: 'inherited' }) as object;
    const result = parseWidgetMessage(envelope('close', payload));
    assert.deepEqual(result.ok && result.message.payload, {});
  });
});

describe('host messages', () => {
  it('accepts init with appearance and locale', () => {
    const message = hostMessage(channel, 'init', { locale: 'fr-CA', appearance: { colorPrimary: '#0a7', borderRadius: '8px', colorScheme: 'dark' } });
    const result = parseHostMessage(message);
    assert.deepEqual(result.ok && result.message, message);
  });
  it('accepts a token with an expiry', () => {
    const result = parseHostMessage(hostMessage(channel, 'token', { token: 'wt_abc', expiresAt: '2026-11-25T10:15:00Z' }));
    assert.equal(result.ok, true);
  });
  const rows: [string, unknown, string][] = [
    ['a CSS value that closes the declaration', envelope('appearance', { colorPrimary: 'red; background: url(x)' }), 'invalid-payload'],
    ['a CSS value with markup', envelope('appearance', { fontFamily: '</style><script>' }), 'invalid-payload'],
    ['an unknown colour scheme', envelope('appearance', { colorScheme: 'sepia' }), 'invalid-payload'],
    ['a malformed locale', envelope('init', { locale: 'french please' }), 'invalid-payload'],
    ['an empty-typed token', envelope('token', { token: 42 }), 'invalid-payload'],
    ['a widget message sent by the host', envelope('ready', { widget: 'purchase' }), 'unknown-type'],
  ];
  for (const [name, data, code] of rows) {
    it(`rejects ${name}`, () => {
      const result = parseHostMessage(data);
      assert.equal(!result.ok && result.error.code, code);
    });
  }
});

describe('message builders', () => {
  it('stamp namespace, version and channel', () => {
    assert.deepEqual(widgetMessage(channel, 'close', {}), { ns: 'cosmo', v: 1, channel, type: 'close', payload: {} });
  });
});
