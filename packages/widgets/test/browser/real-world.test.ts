/**
 * What the world does to a widget, in every engine (the end-to-end layer covers the network going away, hidden
 * tabs, the back/forward cache and blocked third-party storage: test/e2e/real-world.test.ts):
 *
 * - a widget URL that redirects to another origin fails at once with `widget-redirected`, not after `timeout`;
 * - the widget app's `open-url` becomes a cancelable `cosmo-open-url`, whose default action opens a new tab with
 *   `noopener`; a URL the protocol refuses never becomes an event;
 * - nothing of an element outlives its removal: no timer, no window or document listener.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { CosmoPurchaseWidget } from '../../src/index.js';
import { SPINNER_DELAY_MS } from '../../src/cosmo-widget-element.js';
import { CosmoWidgetErrorCode } from '../../src/index.js';
import { channelOf, closeOtherPages, control, inFrame, mount, mountReady, nextEvent, recordEvents, settle, testConfig, uniqueKey } from './helpers.js';

afterEach(async () => {
  document.body.replaceChildren();
  await control('reset');
});

describe('a redirected widget URL', () => {
  it('fails with widget-redirected naming both origins, at once and for good, using nothing of the answer', async () => {
    const { simulatorUrl } = await testConfig();
    // The simulator's purchase app, reached by another name of the same server: another origin, as after a redirect
    // to the wrong environment.
    const elsewhere = new URL('/widgets/purchase', simulatorUrl.replace('127.0.0.1', 'localhost'));
    const widgetUrl = `${location.origin}/__test/redirect?to=${encodeURIComponent(elsewhere.href)}`;
    const started = performance.now();
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'token-url': `/api/cosmo/token?key=${uniqueKey()}`, 'widget-url': widgetUrl, timeout: '15000' });
    const events = recordEvents(el, ['cosmo-ready', 'cosmo-error']);
    const { detail } = await nextEvent(el, 'cosmo-error');
    // Well before the 15 s handshake timeout: the redirected app's own `ready` ended the wait.
    expect(performance.now() - started).to.be.below(10_000);
    expect(detail.code).to.equal(CosmoWidgetErrorCode.WidgetRedirected);
    expect(detail.recoverable).to.equal(false);
    expect(detail.message).to.include(elsewhere.origin).and.include(location.origin);
    await el.updateComplete;
    expect(el.state).to.equal('error');
    expect(el.shadowRoot!.querySelector('iframe'), 'the redirected frame is gone').to.equal(null);
    expect(el.shadowRoot!.querySelector<HTMLElement>('[part="retry"]')!.hidden, 'no "Try again": the configuration must change').to.equal(true);
    await settle();
    expect(events.map((event) => event.type)).to.deep.equal(['cosmo-error']);
  });

  it('after the handshake, drops a message of its frame from another origin (the app navigated away) and stays ready', async () => {
    const { otherOrigin } = await testConfig();
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
    const events = recordEvents(el, ['cosmo-error', 'cosmo-close']);
    const channel = channelOf(el);
    // Let the app finish loading first: Firefox settles a fetch cut off by the navigation as a network error, which
    // the leaving app reports (correctly, from the right origin) as a widget-error: not what this case is about.
    await inFrame(el, { op: 'wait', selector: '#app[data-state="select"], #app[data-state="ready"]' });
    // The frame navigates to a page of another origin that posts a well-formed message of this channel.
    const message = { ns: 'cosmo', v: 1, channel, type: 'close', payload: { reason: 'user' } };
    await inFrame(el, { op: 'eval', expression: `location.href = ${JSON.stringify(`${otherOrigin}/#${encodeURIComponent(JSON.stringify([message]))}`)}` });
    await settle(1000);
    expect(events).to.deep.equal([]);
    expect(el.state).to.equal('ready');
  });
});

describe('open-url', () => {
  /** Records the page's `window.open` calls, still opening for real. */
  function recordOpens(): { calls: unknown[][]; restore(): void } {
    const open = window.open;
    const calls: unknown[][] = [];
    window.open = (...args: Parameters<typeof window.open>) => {
      calls.push(args);
      return open.apply(window, args);
    };
    return { calls, restore: () => void (window.open = open) };
  }

  async function termsLink(el: CosmoPurchaseWidget): Promise<string> {
    await inFrame(el, { op: 'click', selector: '[data-testid="program-prog_skyair"]' });
    return inFrame<string>(el, { op: 'eval', expression: `document.querySelector('[data-testid="terms-link"]').href` });
  }

  it('turns the terms link into a cancelable cosmo-open-url {url, purpose: "link"}; a listener that takes it stops the new tab', async () => {
    const opens = recordOpens();
    try {
      const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
      const href = await termsLink(el);
      el.addEventListener('cosmo-open-url', (event) => event.preventDefault(), { once: true });
      const event = nextEvent(el, 'cosmo-open-url');
      await inFrame(el, { op: 'click', selector: '[data-testid="terms-link"]' });
      const opened = await event;
      expect(opened.cancelable && opened.bubbles && opened.composed).to.equal(true);
      expect(opened.detail).to.deep.equal({ url: href, purpose: 'link' });
      expect(href).to.match(/\/programs\/prog_skyair\/terms$/);
      await settle(100);
      expect(opens.calls).to.deep.equal([]);
    } finally {
      opens.restore();
    }
  });

  it('opens the URL in a new tab with noopener when no listener takes it', async () => {
    const { engine } = await testConfig();
    const opens = recordOpens();
    try {
      const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
      const href = await termsLink(el);
      const event = nextEvent(el, 'cosmo-open-url');
      await inFrame(el, { op: 'click', selector: '[data-testid="terms-link"]' });
      await event;
      await settle(100);
      expect(opens.calls).to.deep.equal([[href, '_blank', 'noopener']]);
    } finally {
      opens.restore();
      // The tab really opened (Playwright's Chromium blocks no pop-up; the other engines may): closed, so that the test
      // page is in front again for the next files.
      const opened = await closeOtherPages();
      if (engine === 'chromium') expect(opened).to.equal(1);
    }
  });

  it('drops an open-url the protocol refuses (javascript:, http off loopback, a user name): no event, a console warning', async () => {
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
    const events = recordEvents(el, ['cosmo-open-url', 'cosmo-error']);
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      const channel = channelOf(el);
      for (const url of ['javascript:alert(1)', 'http://example.com/terms', 'https://user:pass@example.com/']) {
        await inFrame(el, { op: 'post', message: { ns: 'cosmo', v: 1, channel, type: 'open-url', payload: { url } } });
      }
      await settle();
    } finally {
      console.warn = warn;
    }
    expect(events).to.deep.equal([]);
    expect(warnings.filter((warning) => warning.includes('open-url'))).to.have.length(3);
  });
});

describe('after removal', () => {
  /** Tracks the page's live timers and window/document listeners from now on (a timer that fired is no longer live). */
  function trackResources() {
    const timers = new Set<number>();
    const listeners: { where: string; type: string; listener: unknown }[] = [];
    const { setTimeout, clearTimeout } = window;
    const targets = { window, document } as const;
    const originals = Object.entries(targets).map(([where, target]) => ({ where, target, add: target.addEventListener, remove: target.removeEventListener }));
    window.setTimeout = ((handler: () => void, ms?: number) => {
      const id: number = setTimeout(() => (timers.delete(id), handler()), ms);
      timers.add(id);
      return id;
    }) as typeof window.setTimeout;
    window.clearTimeout = ((id: number) => (timers.delete(id), clearTimeout(id))) as typeof window.clearTimeout;
    for (const { where, target, add, remove } of originals) {
      target.addEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
        if (!listeners.some((entry) => entry.where === where && entry.type === type && entry.listener === listener)) listeners.push({ where, type, listener });
        return add.call(this, type, listener!, options);
      };
      target.removeEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
        const index = listeners.findIndex((entry) => entry.where === where && entry.type === type && entry.listener === listener);
        if (index >= 0) listeners.splice(index, 1);
        return remove.call(this, type, listener!, options);
      };
    }
    return {
      timers,
      listeners: () => listeners.map(({ where, type }) => `${where} ${type}`),
      restore() {
        Object.assign(window, { setTimeout, clearTimeout });
        for (const { target, add, remove } of originals) Object.assign(target, { addEventListener: add, removeEventListener: remove });
      },
    };
  }

  it('leaves no timer and no window or document listener behind, in every state', async () => {
    const { widgetUrls, closedPortUrl } = await testConfig();
    const tracked = trackResources();
    try {
      // Loading past the spinner's delay, its handshake timer running.
      const loading = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase }, { fetchToken: () => new Promise<string>(() => {}) });
      await settle(SPINNER_DELAY_MS + 100);
      // Idle (its long-idle warning timer running), ready, and failed for the network (waiting for `online`).
      const idle = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase });
      const ready = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'token-url': `/api/cosmo/token?key=${uniqueKey()}`, 'widget-url': widgetUrls.purchase });
      const failed = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'token-url': closedPortUrl, 'widget-url': widgetUrls.purchase, timeout: '1000' });
      await Promise.all([nextEvent(ready, 'cosmo-ready'), nextEvent(failed, 'cosmo-error')]);
      expect(tracked.timers.size, 'timers while on the page').to.be.above(0);
      expect(tracked.listeners(), 'listeners while on the page').to.include.members(['window message', 'window online', 'window pageshow', 'document visibilitychange']);
      for (const el of [loading, idle, ready, failed]) el.remove();
      await settle(0);
      expect([...tracked.timers]).to.deep.equal([]);
      expect(tracked.listeners()).to.deep.equal([]);
    } finally {
      tracked.restore();
    }
  });
});
