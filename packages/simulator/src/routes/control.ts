/** `/__control/...`: the control API over HTTP, JSON, CORS open to any origin (browser tests call it). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Environment } from '@cosmopoints/protocol';
import type { SimulatorControl, TokenKind, WebhookControlOptions } from '../control.js';
import { SimulatorError, SimulatorErrorCode } from '../errors.js';
import type { FailRule } from '../faults.js';
import { readJson } from '../http.js';
import { sendJson } from '../internal/http.js';
import type { WireVersions } from '../wire.js';

/** Headers that open the control API to any origin. */
export const CONTROL_CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
} as const;

const asObject = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** A path segment, percent-decoded; malformed encoding is the caller's error, not the simulator's. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (cause) {
    throw new SimulatorError(SimulatorErrorCode.InvalidOption, `"${segment.slice(0, 64)}" is not a valid path segment`, { cause });
  }
}

/** Handles one control request (the path starts with `/__control`). */
export async function handleControl(control: SimulatorControl, req: IncomingMessage, res: ServerResponse, url: URL, signal: AbortSignal): Promise<void> {
  const send = (status: number, body: unknown) => sendJson(res, status, body, CONTROL_CORS_HEADERS);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CONTROL_CORS_HEADERS);
    res.end();
    return;
  }
  const op = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
  const completeSignIn = /^POST \/__control\/sign-ins\/([^/]+)\/complete$/.exec(op);
  if (completeSignIn) return send(200, control.completeSignIn(decodeSegment(completeSignIn[1] ?? '')));
  switch (op) {
    case 'POST /__control/reset':
      await control.reset();
      return send(200, { ok: true });
    case 'POST /__control/expire-tokens': {
      const body = asObject(await readJson(req));
      return send(200, control.expireTokens((body.kind as TokenKind | undefined) ?? 'widget'));
    }
    case 'POST /__control/wire':
      return send(200, control.wire(asObject(await readJson(req)) as Partial<WireVersions>));
    case 'POST /__control/fail':
      control.fail((await readJson(req)) as FailRule);
      return send(200, { ok: true, pending: control.failures() });
    case 'GET /__control/fail':
      return send(200, control.failures());
    case 'POST /__control/release':
      control.release();
      return send(200, { ok: true });
    case 'POST /__control/webhooks':
      return send(200, await control.webhooks(asObject(await readJson(req)) as WebhookControlOptions));
    case 'GET /__control/requests':
      return send(200, control.requests(url.searchParams.has('route') ? { route: url.searchParams.get('route') ?? '' } : {}));
    case 'GET /__control/deliveries':
      return send(200, control.deliveries());
    case 'GET /__control/events':
      return send(200, control.events());
    case 'GET /__control/transactions':
      return send(200, control.transactions());
    case 'GET /__control/connections':
      return send(200, control.connections(url.searchParams.get('userId') ?? '', (url.searchParams.get('environment') ?? 'sandbox') as Environment));
    case 'GET /__control/sign-ins':
      return send(200, control.signIns());
    case 'POST /__control/sign-ins/expire':
      return send(200, control.expireSignIns());
    case 'POST /__control/wait-for-deliveries': {
      const body = asObject(await readJson(req));
      const timeoutMs = typeof body.timeoutMs === 'number' ? Math.min(Math.max(body.timeoutMs, 0), 120_000) : 30_000;
      await control.waitForDeliveries({ signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) }).catch(() => {
        throw new SimulatorError(SimulatorErrorCode.Timeout, `deliveries still pending after ${timeoutMs} ms`);
      });
      return send(200, control.deliveries());
    }
    default:
      throw new SimulatorError(SimulatorErrorCode.NotFound, `no control operation ${op}`);
  }
}
