/** Shared by the client suites: a typed-rejection assertion and a `fetch` that records what went on the wire. Not a test file. */
import assert from 'node:assert/strict';
import { CosmoServerError } from '../../src/index.js';

/** The credentials the suites' simulators accept. */
export const CLIENT = { clientId: 'acme', clientSecret: 'acme-secret-sandbox' } as const;

/** Asserts a typed `CosmoServerError` with `code`, whose message carries no secret; `extra` checks more. */
export async function rejectsWith(promise: Promise<unknown>, code: string, extra: (error: CosmoServerError) => void = () => {}): Promise<void> {
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
