/**
 * The token route's overhead: `toNodeHandler(createTokenHandler(...))` against a bare Node handler doing the same
 * proxying to the simulator by hand (parse body, POST to Cosmo, answer {token, expiresAt}). Both behind node:http on
 * loopback, driven by fetch: with 64 in flight in short interleaved rounds, and one request at a time alternating
 * between the two (so each pair of requests sees the same background load). Then the process's resident
 * memory: at the start, at its peak during the load, and after it (the simulator's logs and sessions cleared, GC run).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '@cosmopoints/simulator';
import { createCosmoClient, createTokenHandler } from '../dist/index.node.js';
import { toNodeHandler } from '../dist/node.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { alternating, concurrentWithCpu, interleaved, median, ratios, row, summary } from './measure.js';

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
    // 64 in flight: short interleaved rounds, ratio per adjacent pair. Sequential: requests alternating between the
    // two routes, one at a time, so each pair sees the same background load; added time = per-pair difference.
    const results = await interleaved(rounds * 2, [...urls.keys()], async (name) => {
      const { perSecond, cpuMicros } = await concurrentWithCpu(mint(urls.get(name)!), 64);
      return [perSecond, cpuMicros];
    });
    const latency = await alternating(mint(bare.url), mint(ours.url), 200 * rounds);
    clearInterval(sampler);
    await simulator.control.reset();
    await collect();
    const end = process.memoryUsage().rss;

    const [bareConc, bareCpu] = results.get(BARE)!;
    const [oursConc, oursCpu] = results.get(OURS)!;
    const added = latency.b.map((value, index) => value - latency.a[index]!);
    const quartiles = (values: number[]): [number, number] => {
      const sorted = [...values].sort((x, y) => x - y);
      return [sorted[Math.floor(sorted.length / 4)]!, sorted[Math.floor((3 * sorted.length) / 4)]!];
    };
    console.log(`\nToken route, POST {"widget":"purchase"} → simulator on loopback\n`);
    console.log(row(['route', `64 in flight req/s, median (min–max) of ${rounds * 2} interleaved rounds`, 'CPU µs/request at 64 in flight (whole process)', `sequential µs/request, median (IQR) of ${latency.a.length} alternating requests`]));
    console.log(row(['---', '---:', '---:', '---:']));
    for (const [name, series, cpu, times] of [[BARE, bareConc!, bareCpu!, latency.a], [OURS, oursConc!, oursCpu!, latency.b]] as const) {
      const [low, high] = quartiles([...times]);
      console.log(row([name, summary(series), summary(cpu), `${Math.round(median(times))} (${Math.round(low)}–${Math.round(high)})`]));
    }
    const [addedLow, addedHigh] = quartiles(added);
    console.log(`\nours ÷ bare at 64 in flight (regression guard: at least 0.6), per round: throughput ${summary(ratios(oursConc!, bareConc!), 2)}; by CPU per request (bare ÷ ours) ${summary(ratios(bareCpu!, oursCpu!), 2)}`);
    console.log(`time added per sequential request: median ${Math.round(median(added))} µs (IQR ${Math.round(addedLow)}–${Math.round(addedHigh)} µs)`);
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
