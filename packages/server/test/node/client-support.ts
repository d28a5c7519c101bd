/**
 * Shared by the client suites: one simulator per file (reset before each test), a client on it, a typed-rejection
 * assertion and a `fetch` that records what went on the wire. Not a test file.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { startSimulator } from '@cosmopoints/simulator';
import type { Simulator } from '@cosmopoints/simulator';
import { createCosmoClient, CosmoServerError } from '../../src/index.js';
import type { CosmoClient, CosmoClientConfig, CosmoServerErrorCode } from '../../src/index.js';

/** The credentials the suites' simulators accept. */
export const CLIENT = { clientId: 'acme', clientSecret: 'acme-secret-sandbox' } as const;

/** The suite's simulator and helpers over it; call at the top of a test file. */
export interface SimulatorSuite {
  /** The running simulator (set once the suite's `before` ran). */
  readonly sim: Simulator;
  /** A client on the simulator with short retry delays; `config` overrides. */
  client(config?: Partial<CosmoClientConfig>): CosmoClient;
  /** How many requests a route received since the last reset. */
  count(route: string): number;
}

/** Starts a simulator accepting {@link CLIENT} for the file, resets it before each test, closes it after. */
export function simulatorSuite(): SimulatorSuite {
  let sim: Simulator | undefined;
  before(async () => {
    sim = await startSimulator({ clients: [{ ...CLIENT, environment: 'sandbox' }] });
  });
  after(() => sim?.close());
  beforeEach(() => sim?.control.reset());
  const suite: SimulatorSuite = {
    get sim() {
      if (!sim) throw new Error('the simulator starts in the suite’s before hook');
      return sim;
    },
    client: (config = {}) => createCosmoClient({ ...CLIENT, baseUrl: suite.sim.url, retryBaseDelayMs: 5, timeoutMs: 2000, ...config }),
    count: (route) => suite.sim.control.requests({ route }).length,
  };
  return suite;
}

/** Asserts a typed `CosmoServerError` with `code`, whose message carries no secret; `extra` checks more. */
export async function rejectsWith(promise: Promise<unknown>, code: CosmoServerErrorCode, extra: (error: CosmoServerError) => void = () => {}): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof CosmoServerError, String(error));
    assert.equal(error.code, code, error.message);
    assert.doesNotMatch(error.message, new RegExp(CLIENT.clientSecret));
    assert.doesNotMatch(error.message, /\bat_[\w-]{10,}/, 'no access token in the message');
    extra(error);
    return true;
  });
}

/** One request as it left the client. */
export interface WireRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The parsed JSON body, or undefined. */
  body: unknown;
}

/**
 * A `fetch` that records each request and forwards it unchanged to the real server (the simulator over loopback), so
 * a test can check field names on the wire; `answer` may replace what comes back (a malformed body, an HTML page).
 */
export function recordingFetch(answer?: (request: WireRequest, response: Response) => Response | Promise<Response>): { fetch: typeof fetch; sent: WireRequest[] } {
  const sent: WireRequest[] = [];
  return {
    sent,
    fetch: async (input, init) => {
      const request: WireRequest = {
        method: init?.method ?? 'GET',
        url: new URL(String(input)),
        headers: new Headers(init?.headers),
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      };
      sent.push(request);
      const response = await fetch(input, init);
      return answer ? answer(request, response) : response;
    },
  };
}
