/**
 * Webhook verification, side by side: our verifier on the node:crypto path and on the Web Crypto path, the
 * `standardwebhooks` package and `stripe`'s `webhooks.constructEvent`, each verifying the same 1 KB event,
 * sequentially and with 64 in flight, in interleaved rounds (medians and spread). Then the regression guard,
 * `verify` ÷ `constructEvent` (at least 1.0×, DESIGN.md §10), from many short alternating batches, by wall time and by
 * the process's CPU time (steadier on a shared machine), for a string body and a Buffer body. Then the token route
 * against a bare Node proxy to the simulator (at least 0.6× at 64 in flight), the process's memory after that load, and
 * the webhook path's size in lines.
 * Run: pnpm --filter @cosmopoints/server bench   (builds first; uses dist, i.e. what partners install)
 *      BENCH_ROUNDS=n (default 15, about 0.35 s per figure) sets the number of rounds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import Stripe from 'stripe';
import { Webhook } from 'standardwebhooks';
import * as nodeEntry from '../dist/index.node.js';
import * as webEntry from '../dist/index.js';
import { concurrent, interleaved, medianIqr, pairedRatios, row, sequential, summary } from './measure.js';
import { benchTokenRoute } from './token-route.js';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const STRIPE_SECRET = 'whsec_stripe_bench_secret';

function event(): string {
  const base = {
    type: 'transaction.confirmed',
    timestamp: new Date().toISOString(),
    data: {
      transactionId: 'txn_0123456789',
      userId: 'user-42',
      program: { id: 'prog_air', name: '' },
      points: 1500,
      amount: { value: 12.5, currency: 'EUR' },
      confirmedAt: new Date().toISOString(),
    },
  };
  base.data.program.name = 'x'.repeat(1024 - JSON.stringify(base).length);
  return JSON.stringify(base);
}

const body = event();
const timestamp = Math.floor(Date.now() / 1000);
const signed = await nodeEntry.signWebhook({ secret: SECRET, payload: body, id: 'msg_bench', timestamp });
const nodeVerifier = nodeEntry.createWebhookVerifier({ secrets: SECRET });
const webVerifier = webEntry.createWebhookVerifier({ secrets: SECRET });
const standard = new Webhook(SECRET);
const stripe = new Stripe('sk_test_bench');
const stripeHeader = stripe.webhooks.generateTestHeaderString({ payload: body, secret: STRIPE_SECRET, timestamp });

// Each contestant must accept the payload before it is timed.
if ((await nodeVerifier.verify(body, signed.headers)).id !== 'msg_bench') throw new Error('node path failed');
if ((await nodeVerifier.verify(Buffer.from(body), signed.headers)).id !== 'msg_bench') throw new Error('node path failed on a Buffer');
if ((await webVerifier.verify(body, signed.headers)).id !== 'msg_bench') throw new Error('web path failed');
standard.verify(body, signed.headers);
stripe.webhooks.constructEvent(body, stripeHeader, STRIPE_SECRET);
stripe.webhooks.constructEvent(Buffer.from(body), stripeHeader, STRIPE_SECRET);

const contestants: [string, () => unknown][] = [
  ['@cosmopoints/server, node:crypto (verify: HMAC + JSON + typed event)', () => nodeVerifier.verify(body, signed.headers)],
  ['@cosmopoints/server, node:crypto (verifyRaw: HMAC only)', () => nodeVerifier.verifyRaw(body, signed.headers)],
  ['@cosmopoints/server, Web Crypto (verify)', () => webVerifier.verify(body, signed.headers)],
  ['standardwebhooks (Webhook.verify)', () => standard.verify(body, signed.headers)],
  ['stripe (webhooks.constructEvent)', () => stripe.webhooks.constructEvent(body, stripeHeader, STRIPE_SECRET)],
];

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const operations = new Map(contestants);
const results = await interleaved(ROUNDS, [...operations.keys()], async (name) => {
  const op = operations.get(name)!;
  return [await sequential(op), await concurrent(op, 64)];
});
console.log(`Webhook verification, ${Buffer.byteLength(body)} byte body, Node ${process.version}, median (min–max) of ${ROUNDS} interleaved rounds\n`);
console.log(row(['verifier', 'sequential verifies/s', '64 in flight verifies/s']));
console.log(row(['---', '---:', '---:']));
for (const [name, [seq, conc]] of results) console.log(row([name, summary(seq!), summary(conc!)]));
// The headline ratio, measured the steadiest way: short alternating batches of verify and constructEvent, by wall
// time and by the process's CPU time. Then the same with the body as a Buffer, as `express.raw()` or a Node handler
// passes it (both decode it to text for JSON.parse).
const bodyBytes = Buffer.from(body);
const pairs: [string, () => unknown, () => unknown, { pairs: number; inFlight?: number }][] = [
  ['sequential', () => nodeVerifier.verify(body, signed.headers), () => stripe.webhooks.constructEvent(body, stripeHeader, STRIPE_SECRET), { pairs: 20 * ROUNDS }],
  ['64 in flight', () => nodeVerifier.verify(body, signed.headers), () => stripe.webhooks.constructEvent(body, stripeHeader, STRIPE_SECRET), { pairs: 4 * ROUNDS, inFlight: 64 }],
  ['sequential, Buffer body', () => nodeVerifier.verify(bodyBytes, signed.headers), () => stripe.webhooks.constructEvent(bodyBytes, stripeHeader, STRIPE_SECRET), { pairs: 10 * ROUNDS }],
];
console.log('\nverify ÷ stripe constructEvent (regression guard: at least 1.0), alternating batches (500 calls, or 60 ms with 64 in flight), median (IQR) of the per-pair ratios:\n');
console.log(row(['', 'pairs', 'by wall time', 'by CPU time']));
console.log(row(['---', '---:', '---:', '---:']));
for (const [label, ours, theirs, options] of pairs) {
  const { wall, cpu } = await pairedRatios(ours, theirs, options);
  console.log(row([label, wall.length, medianIqr(wall), medianIqr(cpu)]));
}

await benchTokenRoute(ROUNDS);

// The webhook path and its adapter, as `wc -l src/webhooks/* src/node.ts src/internal/*` counts them.
const source = (path: string) => new URL(`../src/${path}`, import.meta.url);
const files = [...readdirSync(source('webhooks')).map((name) => `webhooks/${name}`), 'node.ts', ...readdirSync(source('internal')).map((name) => `internal/${name}`)];
const lines = files.reduce((sum, file) => sum + (readFileSync(source(file), 'utf8').match(/\n/g)?.length ?? 0), 0);
console.log(`\nThe webhook path and its adapter (src/webhooks/, src/node.ts, src/internal/): ${lines.toLocaleString('en-US')} lines in ${files.length} files (1,651 before issue 17; at most 1,100).`);
