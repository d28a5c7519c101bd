/**
 * The one error table: every code answered over HTTP has its status in one place (ERROR_STATUS), the README's status
 * table says the same, and the HTTP layer answers each domain error with its status, over real HTTP.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ApiErrorCode, SimulatorError, SimulatorErrorCode } from '../../src/index.js';
import { ERROR_STATUS, respondWithError } from '../../src/http.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const codes = new Set<string>(Object.values(SimulatorErrorCode));

/** `code → status` from the README's "Answered" table (rows `| 400 | \`invalid-json\`, … |`). */
function documentedStatuses(): Map<string, number> {
  const section = readme.slice(readme.indexOf('### Error codes'), readme.indexOf('## The widget apps'));
  const statuses = new Map<string, number>();
  for (const [, status, cell] of section.matchAll(/^\| (\d{3}) \| (.+) \|$/gm)) {
    for (const [, code] of cell!.matchAll(/`([a-z]+(?:-[a-z]+)*)`/g)) {
      if (codes.has(code!)) statuses.set(code!, Number(status));
    }
  }
  return statuses;
}

describe('the error table', () => {
  it('the README gives every answered code the status the HTTP layer answers it with', () => {
    assert.deepEqual(Object.fromEntries([...documentedStatuses()].sort()), Object.fromEntries(Object.entries(ERROR_STATUS).sort()));
  });

  it('ApiErrorCode is the same table under its former name', () => {
    assert.equal(ApiErrorCode, SimulatorErrorCode);
  });

  it('codes are unique, lowercase words joined by dashes', () => {
    const values = Object.values(SimulatorErrorCode);
    assert.equal(new Set(values).size, values.length);
    for (const code of values) assert.match(code, /^[a-z]+(-[a-z]+)*$/);
  });
});

describe('the HTTP layer answers a domain error with its code’s status', () => {
  let url: string;
  let throwing: unknown;
  const printed: unknown[] = [];
  const server = createServer((_req, res) => respondWithError(res, throwing));
  const realConsoleError = console.error;

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    console.error = (...args: unknown[]) => void printed.push(args);
  });
  after(async () => {
    console.error = realConsoleError;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const answer = async (error: unknown) => {
    throwing = error;
    const response = await fetch(url);
    return { status: response.status, body: (await response.json()) as { error: Record<string, unknown> } };
  };

  for (const [code, status] of Object.entries(ERROR_STATUS)) {
    it(`${code} → ${status}`, async () => {
      const { status: answered, body } = await answer(new SimulatorError(code as SimulatorErrorCode, 'why'));
      assert.equal(answered, status);
      assert.deepEqual(body, { error: { code, message: '@cosmopoints/simulator: why' } });
    });
  }

  it('adds the details to the error object', async () => {
    const error = new SimulatorError(SimulatorErrorCode.DuplicateReferenceNumber, 'taken', { details: { transactionId: 'txn_1', referenceNumber: 'r1' } });
    assert.deepEqual((await answer(error)).body.error, { transactionId: 'txn_1', referenceNumber: 'r1', code: 'duplicate-reference-number', message: error.message });
  });

  it('answers invalid-option (a malformed control request) as 400 invalid-request', async () => {
    const { status, body } = await answer(new SimulatorError(SimulatorErrorCode.InvalidOption, 'bad rule'));
    assert.deepEqual([status, body.error.code], [400, 'invalid-request']);
  });

  it('answers anything else as 500 internal, without its message, and prints it', async () => {
    printed.length = 0;
    const { status, body } = await answer(new Error('secret detail'));
    assert.deepEqual([status, body.error.code], [500, 'internal']);
    assert.doesNotMatch(String(body.error.message), /secret detail/);
    assert.equal(printed.length, 1, 'printed once, with the cause');
  });

  it('drops the connection when the simulator closed', async () => {
    throwing = new SimulatorError(SimulatorErrorCode.Closed, 'simulator closed');
    await assert.rejects(fetch(url), TypeError);
  });
});
