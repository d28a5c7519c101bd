/** Shared helpers of the simulator's Node tests: JSON calls over real HTTP, a webhook receiver on loopback. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from '../../src/internal/sleep.js';

/** Default demo credentials. */
export const DEMO = { clientId: 'demo-client', clientSecret: 'demo-secret-sandbox' } as const;

/** A JSON response: status, parsed body, headers. */
export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Sends a JSON request and reads the JSON answer. */
export async function call<T = any>(base: string, method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

/** Fetches an access token with the demo credentials (or others), in the newest documented form. */
export async function accessToken(base: string, credentials: { clientId: string; clientSecret: string } = DEMO): Promise<string> {
  const { status, body } = await call(base, 'POST', '/auth/token', { body: { client_id: credentials.clientId, client_secret: credentials.clientSecret, grant_type: 'client_credentials' } });
  if (status !== 200) throw new Error(`access token: ${status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** A `POST /transactions` body for the demo organisation: 100 USD with SkyAir to a seeded member, reference `ref`. */
export const issueBody = (referenceNumber: string, extra: Record<string, unknown> = {}) => ({
  programId: 'prog_skyair',
  value: 100,
  userId: 'SKY-100200',
  referenceNumber,
  ...extra,
});

/** Mints a widget token for a user. */
export async function widgetToken(base: string, widget: 'purchase' | 'multibrand', userId: string): Promise<string> {
  const path = widget === 'purchase' ? '/auth/widget/point-exchange' : '/auth/widget/multibrand';
  const { status, body } = await call(base, 'POST', path, { body: { ...DEMO, userId } });
  if (status !== 200) throw new Error(`widget token: ${status} ${JSON.stringify(body)}`);
  return body.token;
}

/** One request the receiver got. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the Standard Webhooks signature holds for the receiver's secret (checked independently with node:crypto). */
  valid: boolean;
  status: number;
}

/** A webhook endpoint on loopback that verifies signatures and answers with a programmable status. */
export interface Receiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** Status codes to answer with, consumed in order; 204 once empty. */
  statuses: number[];
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** Checks `webhook-signature` against `id.timestamp.body` with HMAC-SHA256, without the server package. */
export function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = String(headers['webhook-signature'] ?? '').split(' ');
  if (typeof id !== 'string' || typeof timestamp !== 'string') return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.some((entry) => {
    const [version, value] = entry.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** Starts a receiver; `port` reuses a port (to bring a "down" endpoint back up). */
export async function startReceiver(secret: string, port = 0): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  const statuses: number[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const valid = verifyStandardWebhook(secret, req.headers, body);
      const status = valid ? (statuses.shift() ?? 204) : 400;
      received.push({ headers: req.headers, body, valid, status });
      res.writeHead(status).end();
      for (const waiter of waiters.splice(0)) waiter();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/webhooks/cosmo`,
    port: actual,
    received,
    statuses,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${received.length} of ${count} webhooks in ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return received.slice(0, count);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` until it returns a truthy value or the time runs out. */
export async function eventually<T>(check: () => T | undefined | false, timeoutMs = 5000, label = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await sleep(20);
  }
}
