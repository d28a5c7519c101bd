import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { CosmoPurchaseWidget, FetchToken } from '../../src/index.js';
import { fetchTestToken, iframeOf, mount, nextEvent, settle, sleep, testConfig, tokenLog, uniqueKey, until } from './helpers.js';

afterEach(() => document.body.replaceChildren());

/** Counts `message` listeners on window, by wrapping add/removeEventListener for the test's duration. */
function countMessageListeners() {
  const add = window.addEventListener;
  const remove = window.removeEventListener;
  const live = new Set<unknown>();
  let added = 0;
  window.addEventListener = function (this: Window, type: string, listener: unknown, options?: unknown) {
    if (type === 'message') {
      added += 1;
      live.add(listener);
    }
    return add.call(this, type, listener as EventListener, options as AddEventListenerOptions);
  } as typeof window.addEventListener;
  window.removeEventListener = function (this: Window, type: string, listener: unknown, options?: unknown) {
    if (type === 'message') live.delete(listener);
    return remove.call(this, type, listener as EventListener, options as EventListenerOptions);
  } as typeof window.removeEventListener;
  return {
    get live() {
      return live.size;
    },
    get added() {
      return added;
    },
    restore() {
      window.addEventListener = add;
      window.removeEventListener = remove;
    },
  };
}

/** A real token source that counts its calls and remembers their signals; `delay` ms before it fetches. */
function countingFetchToken(delay = 0, key = uniqueKey()) {
  const signals: AbortSignal[] = [];
  const fetchToken: FetchToken = async ({ widget, signal }) => {
    signals.push(signal);
    if (delay) await sleep(delay);
    return fetchTestToken(key, { widget, signal });
  };
  return { fetchToken, signals };
}

describe('lifecycle', () => {
  it('aborts the token fetch when disconnected mid-fetch, and the server sees the abort', async () => {
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'token-url': `/api/cosmo/token?key=${key}&mode=slow&ms=10000`, 'widget-url': widgetUrls.purchase });
    const events: string[] = [];
    el.addEventListener('cosmo-error', (e) => events.push(e.type));
    await until(async () => (await tokenLog(key)).received === 1, 5000, 'the token request');
    el.remove();
    const log = await until(async () => {
      const l = await tokenLog(key);
      return l.aborted === 1 ? l : undefined;
    }, 5000, 'the server to see the abort');
    expect(log.completed).to.equal(0);
    expect(events).to.deep.equal([]); // an abort is not an error
  });

  it('aborts the fetchToken signal on disconnect and ignores its late result', async () => {
    const { widgetUrls } = await testConfig();
    let signal: AbortSignal | undefined;
    let resolve!: (token: string) => void;
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase }, {
      fetchToken: (context) => {
        signal = context.signal;
        return new Promise<string>((r) => (resolve = r));
      },
    });
    await until(() => signal, 2000, 'fetchToken to be called');
    el.remove();
    expect(signal!.aborted).to.equal(true);
    resolve('late-token-of-a-gone-widget');
    await settle(100);
    expect(iframeOf(el)).to.equal(null);
  });

  it('drops a token that arrives after the inputs changed, and uses the new inputs', async () => {
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const pending: { signal: AbortSignal; resolve: (token: string) => void }[] = [];
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase, locale: 'en' }, {
      fetchToken: ({ signal }) => new Promise<string>((resolve) => pending.push({ signal, resolve })),
    });
    await until(() => pending.length === 1, 2000, 'the first fetch');
    el.locale = 'fr';
    await until(() => pending.length === 2, 2000, 'the second fetch');
    expect(pending[0]!.signal.aborted).to.equal(true);
    const mint = async () => {
      const response = await fetch(`/api/cosmo/token?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"widget":"purchase"}' });
      return ((await response.json()) as { token: string }).token;
    };
    const [stale, fresh] = [await mint(), await mint()];
    pending[1]!.resolve(fresh);
    pending[0]!.resolve(stale);
    await nextEvent(el, 'cosmo-ready');
    const src = new URL(iframeOf(el)!.src);
    expect(src.searchParams.get('token')).to.equal(fresh);
    expect(src.searchParams.get('locale')).to.equal('fr');
    expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(1);
  });

  it('leaves no window message listener behind after 100 mount/unmount cycles', async function () {
    this.timeout(120_000);
    const { widgetUrls } = await testConfig();
    const { fetchToken } = countingFetchToken();
    const counter = countMessageListeners();
    try {
      for (let i = 0; i < 100; i += 1) {
        const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase }, { fetchToken });
        // Every 10th cycle runs to the handshake; the others unmount once the bridge listens (iframe set)
        // or, every 3rd, mid token fetch.
        if (i % 10 === 0) await nextEvent(el, 'cosmo-ready');
        else if (i % 3 !== 0) await until(() => iframeOf(el)?.src, 5000, 'the iframe');
        else await el.updateComplete;
        expect(counter.live).to.be.at.most(1);
        el.remove();
        expect(counter.live).to.equal(0);
      }
    } finally {
      counter.restore();
    }
    expect(counter.live).to.equal(0);
    expect(counter.added).to.be.within(60, 100); // the bridge listened in the cycles that got a token
  });

  it('survives a synchronous connect, disconnect, reconnect (React StrictMode) with one iframe and one token fetch', async () => {
    const { widgetUrls } = await testConfig();
    const { fetchToken, signals } = countingFetchToken();
    const counter = countMessageListeners();
    try {
      const el = document.createElement('cosmo-purchase-widget');
      el.setAttribute('widget-url', widgetUrls.purchase);
      el.fetchToken = fetchToken;
      const events: string[] = [];
      el.addEventListener('cosmo-ready', (e) => events.push(e.type));
      document.body.append(el);
      el.remove();
      document.body.append(el);
      await nextEvent(el, 'cosmo-ready');
      await settle(300);
      expect(signals).to.have.length(1);
      expect(signals[0]!.aborted).to.equal(false);
      expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(1);
      expect(events).to.deep.equal(['cosmo-ready']);
      expect(counter.live).to.equal(1);
    } finally {
      counter.restore();
    }
  });

  it('connect, disconnect, reconnect after the fetch started leaves one fetch outstanding and one iframe', async () => {
    const { widgetUrls } = await testConfig();
    const { fetchToken, signals } = countingFetchToken(300);
    const el = document.createElement('cosmo-purchase-widget');
    el.setAttribute('widget-url', widgetUrls.purchase);
    el.fetchToken = fetchToken;
    document.body.append(el);
    await until(() => signals.length === 1, 2000, 'the first fetch');
    el.remove();
    document.body.append(el);
    await nextEvent(el, 'cosmo-ready');
    expect(signals).to.have.length(2);
    expect(signals[0]!.aborted).to.equal(true);
    expect(signals[1]!.aborted).to.equal(false);
    expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(1);
  });

  it('reload() starts over with a fresh token fetch and a fresh channel', async () => {
    const { widgetUrls } = await testConfig();
    const { fetchToken, signals } = countingFetchToken();
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase }, { fetchToken });
    await nextEvent(el, 'cosmo-ready');
    const first = new URL(iframeOf(el)!.src).searchParams.get('channel');
    el.reload();
    await el.updateComplete;
    expect(el.state).to.equal('loading');
    await nextEvent(el, 'cosmo-ready');
    expect(signals).to.have.length(2);
    expect(new URL(iframeOf(el)!.src).searchParams.get('channel')).to.not.equal(first);
  });

  it('a new session is a new iframe, at the same place: the old one removed, never navigated (no history entry)', async () => {
    const { widgetUrls } = await testConfig();
    const { fetchToken } = countingFetchToken();
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase }, { fetchToken });
    await nextEvent(el, 'cosmo-ready');
    const history = window.history.length;
    const frames = [iframeOf(el)!];
    // Two ways a session starts over: reload(), and a session input changing (locale) while ready.
    for (const startOver of [() => el.reload(), () => (el.locale = 'fr')]) {
      const ready = nextEvent(el, 'cosmo-ready');
      startOver();
      await ready;
      const frame = iframeOf(el)!;
      expect(frames.includes(frame), 'a new iframe element').to.equal(false);
      expect(frames.every((old) => !old.isConnected), 'the old iframe removed').to.equal(true);
      expect(frame.parentElement, 'at the same place').to.equal(el.shadowRoot!.querySelector('.body'));
      frames.push(frame);
    }
    // Navigating the old iframe to the new URL would have added one history entry per session.
    expect(window.history.length).to.equal(history);
    expect(el.shadowRoot!.querySelectorAll('iframe')).to.have.length(1);
  });
});
