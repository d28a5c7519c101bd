/**
 * The token route's overhead: `toNodeHandler(createTokenHandler(...))` against a bare Node handler doing the same
 * proxying to the simulator by hand (parse body, POST to Cosmo, answer {token, expiresAt}). Both behind node:http on
 * loopback, driven by fetch, sequentially and with 64 in flight.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '../test/node/support/simulator.js';
import { createCosmoClient, createTokenHandler } from '../dist/index.node.js';
import { toNodeHandler } from '../dist/node.js';
import { bestOf, concurrent, row, sequential } from './measure.js';

const CLIENT = { clientId: 'bench-client', clientSecret: 'bench-secret' };

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token` };
}

/** Measures both routes and prints a table. */
export async function benchTokenRoute(): Promise<void> {
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
    const urls = new Map([['bare node:http proxy', bare.url], ['toNodeHandler(createTokenHandler)', ours.url]]);
    const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
    const best = await bestOf(rounds, [...urls.keys()], async (name) => [await sequential(mint(urls.get(name)!), 1000), await concurrent(mint(urls.get(name)!), 64, 1000)]);
    const results = [...best].map(([name, [seq, conc]]) => [name, seq!, conc!] as [string, number, number]);
    console.log(`\nToken route, POST {"widget":"purchase"} → simulator on loopback, best of ${rounds} interleaved rounds\n`);
    console.log(row(['route', 'sequential req/s', '64 in flight req/s', 'sequential µs/req']));
    console.log(row(['---', '---:', '---:', '---:']));
    for (const [name, seq, conc] of results) console.log(row([name, seq, conc, 1e6 / seq]));
    const [[, bareSeq, bareConc], [, oursSeq, oursConc]] = results as [[string, number, number], [string, number, number]];
    console.log(`\noverhead per request, sequential: ${Math.round(1e6 / oursSeq - 1e6 / bareSeq)} µs; throughput at 64 in flight: ${Math.round((oursConc / bareConc) * 100)}% of bare`);
  } finally {
    await new Promise((resolve) => bare.server.close(resolve));
    await new Promise((resolve) => ours.server.close(resolve));
    bare.server.closeAllConnections();
    ours.server.closeAllConnections();
    await simulator.close();
  }
}
