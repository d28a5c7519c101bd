/**
 * Automatic, bounded retry of the token fetch: transient failures (network, 5xx, 429 with Retry-After)
 * recover without a click and without a cosmo-error; failures that retrying cannot fix are reported at once.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { CosmoErrorEvent, CosmoPurchaseWidget } from '../../src/index.js';
import { CosmoWidgetErrorCode } from '../../src/index.js';
import { mount, nextEvent, testConfig, tokenLog, uniqueKey } from './helpers.js';

afterEach(() => document.body.replaceChildren());

/** Mounts a purchase widget on the test endpoint with `query`, recording its cosmo-error events. */
async function mountWith(query: string, attributes: Record<string, string> = {}) {
  const { widgetUrls } = await testConfig();
  const key = uniqueKey();
  const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'token-url': `/api/cosmo/token?key=${key}&${query}`, 'widget-url': widgetUrls.purchase, ...attributes });
  const errors: CosmoErrorEvent[] = [];
  el.addEventListener('cosmo-error', (event) => errors.push(event));
  return { el, key, errors };
}

describe('token fetch retry', () => {
  it('recovers from a 503 without a click: a second request, cosmo-ready, no cosmo-error', async () => {
    const { el, key, errors } = await mountWith('mode=status&status=503&times=1');
    await nextEvent(el, 'cosmo-ready');
    expect(errors).to.deep.equal([]);
    expect((await tokenLog(key)).received).to.equal(2);
    expect(el.state).to.equal('ready');
  });

  it('recovers from a network error (connection closed) without a click', async () => {
    const { el, key, errors } = await mountWith('mode=drop&times=2');
    await nextEvent(el, 'cosmo-ready');
    expect(errors).to.deep.equal([]);
    expect((await tokenLog(key)).received).to.equal(3);
  });

  it('waits for a 429 answer\'s Retry-After before asking again', async () => {
    const { el, key, errors } = await mountWith('mode=status&status=429&retry-after=1&times=1');
    await nextEvent(el, 'cosmo-ready');
    expect(errors).to.deep.equal([]);
    const { at } = await tokenLog(key);
    expect(at).to.have.length(2);
    expect(at[1]! - at[0]!, 'ms between the two requests').to.be.at.least(950);
  });

  it('gives up at once when Retry-After ends after the timeout, with the 429', async () => {
    const { el, key } = await mountWith('mode=status&status=429&retry-after=30', { timeout: '3000' });
    const started = performance.now();
    const error = await nextEvent(el, 'cosmo-error');
    expect(performance.now() - started).to.be.below(1500);
    expect(error.detail).to.deep.include({ code: CosmoWidgetErrorCode.TokenHttpError, status: 429, recoverable: true, attempts: 1 });
    expect((await tokenLog(key)).received).to.equal(1);
  });

  for (const status of [400, 401, 403, 404, 422]) {
    it(`never retries a ${status}`, async () => {
      const { el, key } = await mountWith(`mode=status&status=${status}`);
      const error = await nextEvent(el, 'cosmo-error');
      expect(error.detail).to.deep.include({ code: CosmoWidgetErrorCode.TokenHttpError, status, recoverable: false, attempts: 1 });
      expect((await tokenLog(key)).received).to.equal(1);
    });
  }

  it('stops after four attempts of a failing 502, with the backoff between them', async () => {
    const { el, key, errors } = await mountWith('mode=status&status=502');
    const error = await nextEvent(el, 'cosmo-error', 15_000);
    expect(error.detail).to.deep.include({ code: CosmoWidgetErrorCode.TokenHttpError, status: 502, attempts: 4 });
    expect(errors).to.have.length(1);
    const { at } = await tokenLog(key);
    expect(at).to.have.length(4);
    // Backoff with jitter: at least 125 ms, then 375 ms, then 1000 ms between attempts (the server's clock; the exact
    // ranges of the formula are test/node/retry.test.ts's: a loaded machine only ever adds time).
    const gaps = at.slice(1).map((time, i) => time - at[i]!);
    expect(gaps[0]).to.be.at.least(100);
    expect(gaps[1]).to.be.at.least(350);
    expect(gaps[2]).to.be.at.least(950);
  });

  it('does not retry a fetchToken that throws (a custom source owns its retries)', async () => {
    const { widgetUrls } = await testConfig();
    let calls = 0;
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase }, {
      fetchToken: () => {
        calls += 1;
        throw new Error('offline');
      },
    });
    const error = await nextEvent(el, 'cosmo-error');
    expect(error.detail).to.deep.include({ code: CosmoWidgetErrorCode.TokenFetchFailed, attempts: 1 });
    expect(calls).to.equal(1);
  });
});
