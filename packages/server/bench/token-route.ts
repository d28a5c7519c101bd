/**
 * The token route's overhead: `toNodeHandler(createTokenHandler(...))` against a bare Node handler doing the same
 * proxying to the simulator by hand (parse body, POST to Cosmo, answer {token, expiresAt}). Both behind node:http on
 * loopback, driven by fetch, sequentially and with 64 in flight, in interleaved rounds. Then the process's resident
 * memory: at the start, at its peak during the load, and after it (the simulator's logs and sessions cleared, GC run).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '../test/node/support/simulator.js';
import { createCosmoClient, createTokenHandler } from '../dist/index.node.js';
import { toNodeHandler } from '../dist/node.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { concurrent, interleaved, median, ratios, row, sequential, summary } from './measure.js';

const CLIENT = { clientId: 'bench-client', clientSecret: 'bench-secret' };

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token` };
}

const MB = 1024 * 1024;

/** Runs the GC (the bench is started with --expose-gc) until the heap settles. */
async function collect(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let pass = 0; pass < 4; pass++) {
    gc?.();
    await sleep(50);
  }
}

/** Measures both routes and prints a table. */
export async function benchTokenRoute(rounds: number): Promise<void> {
  const simulator = await startSimulator({ clients: [{ ...CLIENT, environment: 'sandbox' }] });
  const bare = await listen(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const { widget } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { widget: string };
    const path = widget === 'multibrand' ? '/auth/widget/multibrand' : '/auth/widget/point-exchange';
    const upstream = await fetch(simulator.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...CLIENT, userId: 'user-42' }),
    });
    const json = (await upstream.json()) as { token: string; expiresAt: string };
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ token: json.token, expiresAt: json.expiresAt }));
  });
  const client = createCosmoClient({ ...CLIENT, baseUrl: simulator.url });
  const ours = await listen(toNodeHandler(createTokenHandler({ client, authenticate: () => ({ userId: 'user-42' }) })));

  const mint = (url: string) => async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"widget":"purchase"}' });
    const json = (await response.json()) as { token?: string };
    if (response.status !== 200 || !json.token) throw new Error(`token route answered ${response.status}`);
  };
  try {
    const BARE = 'bare node:http proxy';
    const OURS = 'toNodeHandler(createTokenHandler)';
    const urls = new Map([[BARE, bare.url], [OURS, ours.url]]);
    for (const url of urls.values()) for (let index = 0; index < 200; index++) await mint(url)();
    await simulator.control.reset();
    await collect();
    const start = process.memoryUsage().rss;
    let peak = start;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const results = await interleaved(rounds, [...urls.keys()], async (name) => [await sequential(mint(urls.get(name)!), 700), await concurrent(mint(urls.get(name)!), 64, 700)]);
    clearInterval(sampler);
    await simulator.control.reset();
    await collect();
    const end = process.memoryUsage().rss;

    console.log(`\nToken route, POST {"widget":"purchase"} → simulator on loopback, median (min–max) of ${rounds} interleaved rounds\n`);
    console.log(row(['route', 'sequential req/s', '64 in flight req/s']));
    console.log(row(['---', '---:', '---:']));
    for (const [name, [seq, conc]] of results) console.log(row([name, summary(seq!), summary(conc!)]));
    const [bareSeq, bareConc] = results.get(BARE)!;
    const [oursSeq, oursConc] = results.get(OURS)!;
    const added = oursSeq!.map((value, index) => 1e6 / value - 1e6 / bareSeq![index]!);
    console.log(`\nours ÷ bare, per round: sequential ${summary(ratios(oursSeq!, bareSeq!), 2)}, 64 in flight ${summary(ratios(oursConc!, bareConc!), 2)}`);
    console.log(`time added per sequential request: ${summary(added)} µs (median ${Math.round(median(added))} µs)`);
    console.log(
      `process RSS (bench, simulator and both servers in one process): start ${(start / MB).toFixed(1)} MB, peak ${(peak / MB).toFixed(1)} MB, ` +
        `after the load and GC ${(end / MB).toFixed(1)} MB (${end >= start ? '+' : ''}${(((end - start) / start) * 100).toFixed(1)} %)`,
    );
  } finally {
    await new Promise((resolve) => bare.server.close(resolve));
    await new Promise((resolve) => ours.server.close(resolve));
    bare.server.closeAllConnections();
    ours.server.closeAllConnections();
    await simulator.close();
  }
}
