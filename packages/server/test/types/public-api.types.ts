/**
 * Type-level tests, checked by `tsc -p tsconfig.test.json` inside `pnpm test` (`test/node/typecheck.test.ts` at the
 * repo root): the public names are typed the way the README promises, and misuse fails to compile (an
 * `@ts-expect-error` line that compiles is itself an error).
 */
import { createCosmoClient, createTokenHandler, createWebhookHandler, createWebhookVerifier, signWebhook } from '../../src/index.js';
import type { CosmoApiPathOverrides, CosmoApiPaths, MintedWidgetToken, VerifiedWebhook } from '../../src/index.js';
import { toNodeHandler } from '../../src/node.js';
import type { NodeHandler } from '../../src/node.js';

const client = createCosmoClient({ clientId: 'id', clientSecret: 'secret' });
export const minted: Promise<MintedWidgetToken> = client.createWidgetToken({ widget: 'purchase', userId: 'u' });
// @ts-expect-error: only the two widget kinds exist
client.createWidgetToken({ widget: 'loyalty', userId: 'u' });
export const issued: Promise<{ id: string; totalPoints: number; referenceNumber: string; date: string }> = client.issuePoints({
  programId: 'p',
  value: 100,
  userId: 'u',
  referenceNumber: 'order-1',
  description: 'optional',
  bonus: false,
});
// @ts-expect-error: issuing points requires a reference number
client.issuePoints({ programId: 'p', value: 100, userId: 'u' });
// @ts-expect-error: a fiat value, not a number of points
client.issuePoints({ programId: 'p', points: 100, userId: 'u', referenceNumber: 'r' });
// Prices are decimal strings, limits numbers.
export const price: Promise<string | undefined> = client.listPrograms().then(([program]) => program?.pricePerPoint);
export const limit: Promise<number | undefined> = client.listPrograms().then(([program]) => program?.maxValue);
// Dates are a Date or epoch seconds.
export const listed: Promise<number> = client.listTransactions({ startDate: new Date(0), endDate: 1_764_064_800 }).then((items) => items[0]!.totalPoints);
// @ts-expect-error: an interval needs both ends
client.listTransactions({ startDate: new Date() });
export const valid: Promise<boolean> = client.validateMember({ programId: 'p', destinationUserEmail: 'a@b.c' }).then((result) => result.isValid);
export const points: Promise<number> = client.previewTransaction({ programId: 'p', value: 10 }).then((result) => result.totalPoints);
export const profileName: Promise<string> = client.getProfile().then((profile) => profile.name);
export const fieldNames: Promise<string[]> = client.getProgramFields('p').then((fields) => fields.map((field) => field.name));
export const fetched: Promise<string | undefined> = client.getTransaction('order-1').then((transaction) => transaction.referenceNumber);
// @ts-expect-error: authenticate is required
createTokenHandler({ client });
// Paths: one per operation of the table, widget-token paths by kind; an override names an operation that exists.
export const overrides: CosmoApiPathOverrides = { getTransaction: '/v2/transactions/{transactionId}', widgetTokens: { purchase: '/auth/widget/multibrand' } };
createCosmoClient({ clientId: 'id', clientSecret: 'secret', paths: overrides });
// @ts-expect-error: no such operation
createCosmoClient({ clientId: 'id', clientSecret: 'secret', paths: { refunds: '/refunds' } });
// @ts-expect-error: widget-token paths go by widget kind
createCosmoClient({ clientId: 'id', clientSecret: 'secret', paths: { widgetTokens: { loyalty: '/x' } } });
export const issuePath: CosmoApiPaths['issuePoints'] = '/transactions';

export const webhook = createWebhookHandler({
  secrets: 'whsec_…',
  on: {
    // Each callback receives its own event type: these property accesses are checked.
    'transaction.confirmed': (event) => event.data.transactionId.toUpperCase() + event.data.points.toFixed(0) + event.id,
    'program_connection.removed': (event) => event.data.program.name,
    // @ts-expect-error: `program` belongs to removed; added has `connection`
    'program_connection.added': (event) => event.data.program,
  },
  onUnknown: (event) => event.type satisfies string,
});

export async function narrowing(event: VerifiedWebhook): Promise<string> {
  if (event.known && event.type === 'transaction.confirmed') return event.data.userId;
  if (!event.known) return event.type;
  return event.id;
}

export const verifier = createWebhookVerifier({ secrets: ['whsec_a', 'whsec_b'], toleranceSeconds: 60 });
export const signed: Promise<{ body: string; headers: Record<string, string> }> = signWebhook({ secret: 'whsec_…', payload: { a: 1 } });
export const adapter: NodeHandler = toNodeHandler(webhook);

// Shared stores: a partner's own implementations type-check against the contracts, and node-redis clients fit the
// Redis adapters.
import { createClient } from 'redis';
import { RedisTokenCache, RedisWebhookIdStore } from '../../src/redis.js';
import type { TokenCache, WebhookClaim, WebhookIdStore } from '../../src/index.js';

const redis = createClient();
export const redisStore: WebhookIdStore = new RedisWebhookIdStore(redis, { prefix: 'shop:' });
export const redisCache: TokenCache = new RedisTokenCache(redis);
export const sqlStore: WebhookIdStore = {
  claim: async (): Promise<WebhookClaim> => 'claimed',
  complete: async () => {},
  release: async () => {},
};
// @ts-expect-error: the racy has/add contract of 0.1 is gone
export const oldStore: WebhookIdStore = { has: () => false, add: () => {} };
// @ts-expect-error: a claim answers one of three states
export const badClaim: WebhookIdStore = { claim: () => 'maybe', complete: () => {}, release: () => {} };
createWebhookHandler({ secrets: 'whsec_…', store: sqlStore, leaseSeconds: 30, retentionSeconds: 3 * 24 * 3600, maxBodyBytes: 65536 });
createCosmoClient({ clientId: 'id', clientSecret: 'secret', tokenCache: redisCache });
toNodeHandler(webhook, { maxBodyBytes: 1024, bodyTimeoutMs: 5000, trustProxy: true, reserializeParsedJson: false });
// Any Web-standard handler mounts the same way, sync or async.
toNodeHandler((request) => new Response(request.url));
// @ts-expect-error: a handler answers a Response
toNodeHandler(async () => 'ok');
