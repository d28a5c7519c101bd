/**
 * A client that goes away aborts the route's work: behind `toNodeHandler`, `request.signal` aborts when the client's
 * socket closes before the answer, and the token route's call to Cosmo (the simulator, over real HTTP on loopback)
 * is aborted with it. The simulator holds the widget-token call (a fault with a long delay), so the disconnect always
 * comes while that call is in flight: the test waits until the simulator has the request (node:http's
 * `http.server.request.start` diagnostics channel), then destroys its socket.
 */
import assert from 'node:assert/strict';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startSimulator } from '@cosmopoints/simulator';
import type { RequestLogEntry, Simulator } from '@cosmopoints/simulator';
import { createCosmoClient, createTokenHandler, CosmoServerError } from '../../src/index.node.js';
import { toNodeHandler } from '../../src/node.js';
import type { FetchHandler } from '../../src/node.js';

const CLIENT = { clientId: 'acme', clientSecret: 'acme-secret-sandbox' };

let sim: Simulator;
const logged: ((entry: RequestLogEntry) => void)[] = [];
before(async () => {
  sim = await startSimulator({ clients: [{ ...CLIENT, environment: 'sandbox' }], onRequest: (entry) => logged.forEach((observe) => observe(entry)) });
});
after(() => sim.close());

/** Serves `handler` through toNodeHandler on loopback. */
async function serve(handler: FetchHandler): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Resolves when any node:http server in this process receives a request for `path`. */
function requestArrives(path: string): Promise<void> {
  return new Promise((resolve) => {
    const onStart = (message: unknown) => {
      if ((message as { request: IncomingMessage }).request.url !== path) return;
      unsubscribe('http.server.request.start', onStart);
      resolve();
    };
    subscribe('http.server.request.start', onStart);
  });
}

/** Opens a socket, sends a token request, and destroys the socket once `until` resolves. */
async function sendAndHangUp(port: number, until: Promise<unknown>): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  const body = '{"widget":"purchase"}';
  socket.write(`POST /api/cosmo/token HTTP/1.1\r\nHost: shop.example\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  await until;
  socket.destroy();
}

test("the token route: a client that disconnects aborts the route's call to Cosmo", async () => {
  await sim.control.reset();
  const client = createCosmoClient({ ...CLIENT, baseUrl: sim.url, retries: 0 });
  await client.getAccessToken(); // cached: the widget-token call is the route's only call to Cosmo
  const signals: AbortSignal[] = [];
  let reportError!: (error: unknown) => void;
  const reported = new Promise<unknown>((resolve) => (reportError = resolve));
  const route = createTokenHandler({ client, authenticate: (request) => (signals.push(request.signal), { userId: 'alice' }), onError: (error) => reportError(error) });
  const server = await serve(route);
  try {
    sim.control.fail({ route: 'widget-token', delayMs: 60_000 }); // held until the simulator closes
    const upstream = new Promise<RequestLogEntry>((resolve) => logged.push((entry) => entry.route === 'widget-token' && resolve(entry)));
    await sendAndHangUp(server.port, requestArrives('/auth/widget/point-exchange'));
    // The simulator logs a request when its connection closes: status 0, closed before any answer.
    assert.equal((await upstream).status, 0, 'the simulator saw the widget-token request go away unanswered');
    const error = await reported;
    assert.ok(error instanceof CosmoServerError && error.code === 'aborted', `the route's call failed as aborted, not ${String(error)}`);
    assert.equal(signals.length, 1);
    assert.equal(signals[0]!.aborted, true, "the route's request.signal aborted");
  } finally {
    await server.close();
  }
});

test('any handler: request.signal aborts when the client goes away before the answer', async () => {
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  let abortedWith!: (reason: unknown) => void;
  const aborted = new Promise<unknown>((resolve) => (abortedWith = resolve));
  const server = await serve((request) => {
    started();
    return new Promise<Response>((answer) =>
      request.signal.addEventListener('abort', () => {
        abortedWith(request.signal.reason);
        answer(new Response('too late'));
      }),
    );
  });
  try {
    await sendAndHangUp(server.port, running);
    const reason = await aborted;
    assert.ok(reason instanceof DOMException && reason.name === 'AbortError', String(reason));
  } finally {
    await server.close();
  }
});
