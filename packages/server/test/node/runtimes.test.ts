/**
 * The token and webhook routes where partners deploy them (issue 9): Cloudflare's workerd (through `miniflare`), Bun
 * and Deno (their npm packages ship the binaries), each serving support/runtimes/app.ts over loopback HTTP, and a
 * foreign V8 realm standing in for Next.js's edge runtime: the bundle's intrinsics (`Promise`, `Uint8Array`) come
 * from a `node:vm` context while `Request`, its body stream and its chunks come from the host, as in Next's edge
 * sandbox. Every runtime runs the same scenarios, on both crypto paths where the runtime has `node:crypto`.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { signWebhook } from '../../src/index.node.js';
import { SECRET, transactionConfirmed } from './fixtures.js';
import { startSimulator } from '@cosmopoints/simulator';
import type { Simulator } from '@cosmopoints/simulator';
import { upload } from './support/upload.js';

const here = dirname(fileURLToPath(import.meta.url));
const runtimes = join(here, 'support', 'runtimes');
const require = createRequire(import.meta.url);
const MB = 1024 * 1024;
const out = mkdtempSync(join(tmpdir(), 'cosmo-runtimes-'));
let sim: Simulator;

/** Bundles the app with the given entries (esbuild, ESM, `node:*` left to the runtime). */
async function bundle(name: string, contents: string, options: { format?: 'esm' | 'iife' } = {}): Promise<string> {
  const result = await build({
    stdin: { contents, resolveDir: runtimes, loader: 'ts' },
    bundle: true,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    format: options.format ?? 'esm',
    globalName: options.format === 'iife' ? 'cosmoApp' : undefined,
    external: ['node:*'],
    write: false,
    logLevel: 'silent',
  });
  const file = join(out, name);
  writeFileSync(file, result.outputFiles[0]!.text);
  return file;
}

const BOTH_ENTRIES = `export { createApp } from './app.ts';
import * as web from '../../../../src/index.ts';
import * as node from '../../../../src/index.node.ts';
export const entries = { web, node };`;

/** A running app: how to reach it, and its resident memory (when the runtime is a process we started). */
interface Running {
  base: string;
  /**
   * Whether the runtime resets the connection when a route answers before the upload is over (Bun and workerd do;
   * Deno drains). A client still sending then often gets the reset instead of the answer: the route's answer is read
   * back from the app.
   */
  resetsEarlyAnswers?: boolean;
  rssBytes?: () => number;
  stop(): Promise<void>;
}

/** The binary an npm package ships (after its postinstall) or its bin shim. */
function binary(pkg: string, relative: string, shim: string): string {
  const direct = join(dirname(require.resolve(`${pkg}/package.json`)), relative);
  return existsSync(direct) ? direct : join(here, '..', '..', 'node_modules', '.bin', shim);
}

const rssOf = (pid: number) => () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/** Starts a runtime process that prints `{"port": n}` once it listens. */
async function serveWith(command: string, args: string[]): Promise<Running> {
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, SIMULATOR_URL: sim.url, WEBHOOK_SECRET: SECRET, DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(out, 'deno'), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}): ${stderr.slice(-2000)}`)));
    child.once('error', reject);
  });
  const { port } = JSON.parse(line) as { port: number };
  return {
    base: `http://127.0.0.1:${port}`,
    rssBytes: process.platform === 'linux' ? rssOf(child.pid!) : undefined,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const RUNTIMES: { name: string; entries: string[]; start: () => Promise<Running> }[] = [
  {
    name: 'workerd (miniflare)',
    entries: ['web'],
    start: async () => {
      const script = readFileSync(await bundle('worker.js', `export { default } from './worker.ts';`), 'utf8');
      const mf = new Miniflare({ modules: true, script, compatibilityDate: '2025-09-01', host: '127.0.0.1', port: 0, bindings: { SIMULATOR_URL: sim.url, WEBHOOK_SECRET: SECRET } });
      const url = await mf.ready;
      return { base: url.origin, resetsEarlyAnswers: true, stop: () => mf.dispose() };
    },
  },
  {
    name: 'Bun',
    entries: ['web', 'node'],
    start: async () => ({ ...(await serveWith(binary('bun', 'bin/bun.exe', 'bun'), [join(runtimes, 'bun.mjs'), await bundle('bun-app.js', BOTH_ENTRIES)])), resetsEarlyAnswers: true }),
  },
  {
    name: 'Deno',
    entries: ['web', 'node'],
    start: async () => serveWith(binary('deno', 'deno', 'deno'), ['run', '--allow-net', '--allow-env', '--allow-read', join(runtimes, 'deno.mjs'), await bundle('deno-app.js', BOTH_ENTRIES)]),
  },
];

before(async () => {
  sim = await startSimulator({ clients: [{ clientId: 'acme', clientSecret: 'acme-secret-sandbox', environment: 'sandbox' }] });
});
after(async () => {
  await sim.close();
  rmSync(out, { recursive: true, force: true });
});

/** The route answered `expected`, and the client read it (or, on a runtime that resets early answers, a reset). */
async function expectAnswer(app: Running, entry: string, route: string, seen: number | string, expected: number): Promise<void> {
  const answers = (await (await fetch(`${app.base}/${entry}/answers`)).json()) as Record<string, number>;
  assert.equal(answers[`/${entry}/${route}`], expected, 'the route answered');
  if (app.resetsEarlyAnswers) assert.ok(seen === expected || seen === 'EPIPE' || seen === 'ECONNRESET', `the client saw ${seen}`);
  else assert.equal(seen, expected, 'the client read the answer');
}

/** The token and webhook scenarios against one entry of an app reached through `send`. */
function scenarios(send: (path: string, init?: RequestInit) => Promise<Response>, entry: string, running: (() => Running | undefined) | undefined, expectedCrypto: string) {
  test(`${entry}: runs the ${expectedCrypto} crypto path`, async () => {
    assert.deepEqual(await (await send(`/${entry}/runtime`)).json(), { crypto: expectedCrypto });
  });

  test(`${entry}: token route mints a widget token for the signed-in user; 401 without a session`, async () => {
    const mint = (cookie?: string) => send(`/${entry}/token`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: '{"widget":"purchase"}' });
    const response = await mint('session=alice');
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const { token } = (await response.json()) as { token: string };
    const session = (await (await fetch(`${sim.url}/widget-api/session`, { headers: { authorization: `Bearer ${token}` } })).json()) as { userId: string };
    assert.equal(session.userId, 'alice');
    assert.equal((await mint()).status, 401);
  });

  test(`${entry}: webhook route verifies, runs the callback once, acknowledges the duplicate, refuses forgeries and missing headers`, async () => {
    const id = `msg_${entry}_${Math.random().toString(36).slice(2)}`;
    const { body, headers } = await signWebhook({ secret: SECRET, payload: transactionConfirmed(), id });
    const deliver = (h: Record<string, string>, b = body) => send(`/${entry}/webhook`, { method: 'POST', headers: h, body: b });
    const first = await deliver(headers);
    assert.equal(first.status, 200, await first.clone().text());
    assert.deepEqual(await first.json(), { received: true });
    assert.deepEqual(await (await deliver(headers)).json(), { received: true, duplicate: true });
    const forged = await deliver(headers, body.replace('1500', '9999'));
    assert.equal(forged.status, 401);
    const { 'webhook-signature': _, ...unsigned } = headers;
    assert.equal((await deliver(unsigned)).status, 400);
    assert.deepEqual(await (await send(`/${entry}/calls`)).json(), { [id]: 1 });
  });

  if (!running) return;
  for (const route of ['token', 'webhook'] as const) {
    for (const { chunked, total } of [{ chunked: true, total: 100 * MB }, { chunked: false, total: 10 * MB }]) {
      test(`${entry}: ${route} route refuses a ${total / MB} MB ${chunked ? 'chunked' : 'Content-Length'} body with 413 (RSS grows < 20 MB where measurable)`, async () => {
        const app = running();
        if (!app) return assert.fail('the runtime is not running');
        const headers = route === 'webhook' ? (await signWebhook({ secret: SECRET, payload: '{}', id: 'msg_big' })).headers : {};
        const before = app.rssBytes?.();
        const result = await upload(`${app.base}/${entry}/${route}`, { total, chunked, headers });
        await expectAnswer(app, entry, route, result.status, 413);
        if (before !== undefined) assert.ok(app.rssBytes!() - before < 20 * MB, `RSS grew ${((app.rssBytes!() - before) / MB).toFixed(1)} MB`);
      });
    }
  }

  test(`${entry}: webhook route answers 400 to a 100 MB chunked body without webhook headers`, async () => {
    const app = running();
    if (!app) return assert.fail('the runtime is not running');
    await expectAnswer(app, entry, 'webhook', (await upload(`${app.base}/${entry}/webhook`, { total: 100 * MB, chunked: true })).status, 400);
  });
}

for (const runtime of RUNTIMES) {
  describe(runtime.name, () => {
    let running: Running | undefined;
    before(async () => {
      running = await runtime.start();
    });
    after(() => running?.stop());
    for (const entry of runtime.entries) {
      scenarios((path, init) => fetch(running!.base + path, init), entry, () => running, entry === 'web' ? 'web' : 'node');
    }
  });
}

test('Bun and Deno resolve the package to its node:crypto build (they match the `node` export condition)', async () => {
  // The repo's test workspace depends on @cosmopoints/server like a partner app does.
  const cwd = join(here, '..', '..', '..', '..', 'test');
  const script = "const m = await import('@cosmopoints/server'); console.log(m.cryptoRuntime);";
  const runs: [string, string[]][] = [
    [binary('bun', 'bin/bun.exe', 'bun'), ['-e', script]],
    [binary('deno', 'deno', 'deno'), ['eval', script]],
  ];
  for (const [command, args] of runs) {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(command, args, { cwd, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(out, 'deno'), NO_COLOR: '1' } });
      let text = '';
      child.stdout.on('data', (chunk) => (text += chunk));
      child.stderr.on('data', (chunk) => (text += chunk));
      child.once('exit', (code) => (code === 0 ? resolve(text.trim()) : reject(new Error(`${command} exited ${code}: ${text}`))));
    });
    assert.equal(output, 'node', command);
  }
});

describe('a foreign realm (the shape of Next.js edge route handlers)', () => {
  let app: (request: Request) => Promise<Response>;
  let foreign: typeof import('../../src/index.js');
  before(async () => {
    const code = readFileSync(await bundle('edge-app.js', `export { createApp } from './app.ts'; import * as web from '../../../../src/index.ts'; export const entries = { web };`, { format: 'iife' }), 'utf8');
    // The bundle gets its own intrinsics (Promise, Uint8Array, ArrayBuffer, JSON…); the platform objects are the host's.
    const context = vm.createContext({
      fetch, Request, Response, Headers, URL, URLSearchParams, TextEncoder, TextDecoder, AbortController, AbortSignal, ReadableStream,
      crypto: globalThis.crypto, atob, btoa, setTimeout, clearTimeout, console, structuredClone, queueMicrotask,
    });
    vm.runInContext(code, context, { filename: 'edge-app.js' });
    const { createApp, entries } = context.cosmoApp as { createApp: (...args: unknown[]) => typeof app; entries: unknown };
    assert.notEqual(vm.runInContext('Promise', context), Promise, 'the bundle really runs in another realm');
    app = createApp(entries, { simulatorUrl: sim.url, webhookSecret: SECRET });
    foreign = (entries as { web: typeof foreign }).web;
  });

  test("web: the verifier reads the host's Request, Buffer and ArrayBuffer (no instanceof on platform objects)", async () => {
    const verifier = foreign.createWebhookVerifier({ secrets: SECRET });
    const { body, headers } = await signWebhook({ secret: SECRET, payload: transactionConfirmed(), id: 'msg_realm' });
    const request = new Request('https://edge.example/webhooks/cosmo', { method: 'POST', body, headers });
    assert.equal((await verifier.verify(request)).id, 'msg_realm');
    assert.equal(await request.text(), body, 'the Request stays readable');
    assert.equal((await verifier.verify(Buffer.from(body), headers)).id, 'msg_realm');
    assert.equal((await verifier.verify(new TextEncoder().encode(body).buffer, headers)).id, 'msg_realm');
  });

  // A route handler is called with the host's Request, as `export const POST = webhookRoute` is on the edge runtime.
  const send = (path: string, init?: RequestInit) => app(new Request(`https://edge.example${path}`, init));
  scenarios(send, 'web', undefined, 'web');

  test('web: the 100 MB chunked body in the foreign realm → 413 after reading at most the limit, RSS grows < 20 MB', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 100 * MB) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk.slice());
      },
    });
    const before = process.memoryUsage().rss;
    const { headers } = await signWebhook({ secret: SECRET, payload: '{}', id: 'msg_edge_big' });
    const response = await send('/web/webhook', { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
    assert.equal(response.status, 413);
    assert.ok(pulled <= MB + 2 * chunk.byteLength);
    assert.ok(process.memoryUsage().rss - before < 20 * MB);
  });
});
