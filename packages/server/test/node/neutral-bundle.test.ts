/**
 * Proof that the core entry needs no Node built-in (issue 3 item 7): esbuild bundles `src/index.ts` for
 * `platform: 'neutral'` (a `node:*` import would fail to resolve), and the bundle then runs in a fresh V8 context
 * that has only Web-standard globals (no `process`, `Buffer`, `require`), where it verifies webhooks and serves the
 * token route against the simulator.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { after, before, test } from 'node:test';
import { build } from 'esbuild';
import { startSimulator } from '@cosmopoints/simulator';
import type { Simulator } from '@cosmopoints/simulator';
import type * as Core from '../../src/index.js';
import { SECRET, transactionConfirmed, VECTOR } from './fixtures.js';

const CLIENT = { clientId: 'acme', clientSecret: 'acme-secret-sandbox' };
let sim: Simulator;
let core: typeof Core;
let bundleText: string;

before(async () => {
  sim = await startSimulator({ clients: [{ ...CLIENT, environment: 'sandbox' }] });
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../../src/index.ts', import.meta.url))],
    bundle: true,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    format: 'iife',
    globalName: 'cosmoServer',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  bundleText = result.outputFiles[0]!.text;
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((input) => input.includes('zod')), 'the bundle really contains its dependencies');
  // Only Web-standard globals: what Workers, Deno and Bun all provide.
  const webGlobals = {
    fetch, Request, Response, Headers, URL, URLSearchParams, TextEncoder, TextDecoder, AbortController, AbortSignal,
    crypto: globalThis.crypto, atob, btoa, setTimeout, clearTimeout, console, structuredClone, queueMicrotask,
  };
  const context = vm.createContext({ ...webGlobals });
  vm.runInContext(bundleText, context, { filename: 'cosmo-server.neutral.js' });
  core = context.cosmoServer as typeof Core;
});
after(() => sim.close());

test('the neutral bundle has no Node built-in import or global', () => {
  assert.doesNotMatch(bundleText, /\bnode:[a-z]/);
  assert.doesNotMatch(bundleText, /\brequire\(/);
  assert.doesNotMatch(bundleText, /\bprocess\.|\bBuffer\./);
  assert.equal(core.cryptoRuntime, 'web');
});

test('the bundle refuses to build if the core imports node:crypto', async () => {
  await assert.rejects(
    build({ stdin: { contents: "export * from './src/index.node.ts';", resolveDir: fileURLToPath(new URL('../../', import.meta.url)), loader: 'ts' }, bundle: true, platform: 'neutral', write: false, logLevel: 'silent' }),
    /node:crypto/,
  );
});

test('verifies the Standard Webhooks vector and a Cosmo event from the bundle', async () => {
  const signed = await core.signWebhook({ secret: VECTOR.secret, payload: VECTOR.body, id: VECTOR.id, timestamp: VECTOR.timestamp });
  assert.equal(signed.headers['webhook-signature'], VECTOR.signature);
  const verifier = core.createWebhookVerifier({ secrets: SECRET });
  const { body, headers } = await core.signWebhook({ secret: SECRET, payload: transactionConfirmed(), id: 'msg_neutral' });
  const event = await verifier.verify(body, headers);
  assert.equal(event.type, 'transaction.confirmed');
  assert.equal(event.id, 'msg_neutral');
  await assert.rejects(verifier.verify(body.replace('1500', '1'), headers), (error: Error & { reason?: string }) => error.reason === 'signature-mismatch');
});

test('serves the token route from the bundle against the simulator', async () => {
  const client = core.createCosmoClient({ ...CLIENT, baseUrl: sim.url });
  const route = core.createTokenHandler({ client, authenticate: async () => ({ userId: 'edge-user' }) });
  const response = await route(new Request('https://edge.example/api/cosmo/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"widget":"purchase"}' }));
  assert.equal(response.status, 200);
  const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: string };
  assert.ok(Date.parse(expiresAt) > Date.now(), expiresAt);
  const session = (await (await fetch(`${sim.url}/widget-api/session`, { headers: { authorization: `Bearer ${token}` } })).json()) as { userId: string };
  assert.equal(session.userId, 'edge-user');
});
