/**
 * Server-rendered tags: an element without a token source waits, idle (no cosmo-error, no error screen, no
 * request), and starts as soon as one is set; properties set on a tag before its class was defined are
 * used once it upgrades.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { CosmoPurchaseWidget, FetchToken } from '../../src/index.js';
import { CosmoPurchaseWidget as PurchaseWidget } from '../../src/index.js';
import { fetchTestToken, iframeOf, mount, nextEvent, recordEvents, settle, testConfig, tokenLog, uniqueKey } from './helpers.js';

afterEach(() => document.body.replaceChildren());

describe('idle until a token source is set', () => {
  it('waits without an error, a request or an iframe, then starts when token-url is set', async () => {
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase });
    const events = recordEvents(el, ['cosmo-error', 'cosmo-ready']);
    await settle(300);
    expect(el.state).to.equal('idle');
    expect(el.getAttribute('state')).to.equal('idle');
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
    expect(iframeOf(el)).to.equal(null);
    expect(events).to.deep.equal([]);
    el.setAttribute('token-url', `/api/cosmo/token?key=${key}`);
    await nextEvent(el, 'cosmo-ready');
    expect(events.map((e) => e.type)).to.deep.equal(['cosmo-ready']);
    expect((await tokenLog(key)).received).to.equal(1);
  });

  it('warns once in the console when it is still idle for lack of a token source after 10 s', async function () {
    this.timeout(20_000);
    const { widgetUrls } = await testConfig();
    const warnings: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args);
    try {
      const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { id: 'no-source', 'widget-url': widgetUrls.purchase });
      await settle(10_500);
      expect(warnings).to.have.length(1);
      expect(String(warnings[0]![0])).to.match(/<cosmo-purchase-widget> has no token-url or fetchToken after 10 s/);
      expect(warnings[0]![1]).to.equal(el);
      expect(el.state).to.equal('idle');
    } finally {
      console.warn = warn;
    }
  });

  it('goes back to idle (not to an error) when its token source is removed', async () => {
    const { widgetUrls } = await testConfig();
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase, 'token-url': `/api/cosmo/token?key=${uniqueKey()}` });
    await nextEvent(el, 'cosmo-ready');
    const errors = recordEvents(el, ['cosmo-error']);
    el.removeAttribute('token-url');
    await settle(200);
    expect(el.state).to.equal('idle');
    expect(iframeOf(el)).to.equal(null);
    expect(errors).to.deep.equal([]);
  });
});

describe('upgrade', () => {
  it('uses properties set on the tag before its class was defined', async () => {
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const tag = `late-purchase-${key}`;
    const el = document.createElement(tag) as CosmoPurchaseWidget;
    el.setAttribute('widget-url', widgetUrls.purchase);
    const fetchToken: FetchToken = (context) => fetchTestToken(key, context);
    el.fetchToken = fetchToken; // an own property of a plain HTMLElement for now
    document.body.append(el);
    await settle(100);
    customElements.define(tag, class extends PurchaseWidget {});
    await nextEvent(el, 'cosmo-ready');
    expect(Object.hasOwn(el, 'fetchToken'), 'moved behind the accessor').to.equal(false);
    expect(el.fetchToken).to.equal(fetchToken);
    expect((await tokenLog(key)).received).to.equal(1);
  });
});
