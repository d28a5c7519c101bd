/**
 * The WebView native bridge (`@cosmopoints/widgets/webview`) in a phone-sized touch viewport, with
 * each native side emulated on the page exactly where the real one puts its object, against real
 * widgets talking to the simulator.
 */
import { expect } from '@open-wc/testing';
import '../../../src/define.js';
import type { CosmoPurchaseWidget } from '../../../src/index.js';
import { connectNativeBridge, detectNativePlatform, WIDGET_EVENT_NAMES } from '../../../src/webview.js';
import type { NativeBridge, NativeCommand, NativeMessage } from '../../../src/webview.js';
import { control, iframeOf, inFrame, mountReady, nextEvent, phoneViewport, settle, testConfig, tokenLog, until } from '../helpers.js';

type AnyWindow = Window & Record<string, unknown>;
const w = window as unknown as AnyWindow;

/** One emulated native side: where it lives on `window`, and how that platform sends a command back. */
interface NativeSide {
  platform: string;
  /** Installs the native object; everything it receives goes to `sink`. */
  install(sink: (message: unknown) => void): void;
  /** Sends a command the way the platform's native code does. */
  command(command: NativeCommand): unknown;
}

// What native code runs: evaluateJavaScript (iOS), evaluateJavascript (Android), runJavaScript (Flutter).
const evaluate = (command: NativeCommand) => (0, eval)(`window.cosmoNative.dispatch(${JSON.stringify(JSON.stringify(command))})`);

const SIDES: NativeSide[] = [
  {
    platform: 'react-native',
    install: (sink) => (w.ReactNativeWebView = { postMessage: (m: unknown) => sink(m) }),
    // react-native-webview's webViewRef.postMessage(data) on iOS: a MessageEvent on window.
    command: (command) => window.dispatchEvent(new MessageEvent('message', { data: JSON.stringify(command) })),
  },
  {
    platform: 'ios',
    install: (sink) => (w.webkit = { messageHandlers: { cosmo: { postMessage: (m: unknown) => sink(m) } } }),
    command: evaluate,
  },
  {
    platform: 'android',
    install: (sink) => (w.CosmoAndroid = { postMessage: (m: unknown) => sink(m) }),
    command: evaluate,
  },
  {
    platform: 'flutter',
    install: (sink) => (w.CosmoFlutter = { postMessage: (m: unknown) => sink(m) }),
    command: evaluate,
  },
  {
    platform: 'flutter-inappwebview',
    install: (sink) =>
      (w.flutter_inappwebview = { callHandler: (name: string, m: unknown) => (name === 'cosmo' ? sink(m) : undefined) }),
    command: evaluate,
  },
];
const NATIVE_GLOBALS = ['ReactNativeWebView', 'webkit', 'CosmoAndroid', 'CosmoFlutter', 'flutter_inappwebview'];

// The context is a touch phone (test/browser-support/launchers.mjs); wtr resets every page to 800×600, so
// set the phone's size back. A WebView page declares its viewport; without it a mobile browser lays
// the page out 980px wide.
before(async () => {
  await phoneViewport();
  document.head.append(Object.assign(document.createElement('meta'), { name: 'viewport', content: 'width=device-width, initial-scale=1' }));
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
});

let bridges: NativeBridge[] = [];
afterEach(async () => {
  for (const bridge of bridges) bridge.disconnect();
  bridges = [];
  for (const name of NATIVE_GLOBALS) delete w[name];
  document.body.replaceChildren();
  await control('reset');
});

/** Installs a native side and records what reaches it; every message must be a JSON string. */
function emulate(side: NativeSide): NativeMessage[] {
  const received: NativeMessage[] = [];
  side.install((message) => {
    expect(message).to.be.a('string');
    received.push(JSON.parse(message as string) as NativeMessage);
  });
  return received;
}

const keyOf = (el: HTMLElement) => new URL(el.getAttribute('token-url')!, location.href).searchParams.get('key')!;

describe('WebView native bridge (390×844 touch viewport)', () => {
  it('runs in a phone viewport with touch (where the engine emulates them)', async () => {
    const { phone } = await testConfig();
    // WebKitGTK's window stops at its toolbar's width, and its WebDriver has no touch: there, a narrow window.
    if (phone.exactViewport) expect([window.innerWidth, window.innerHeight]).to.deep.equal([phone.width, phone.height]);
    else expect(window.innerWidth).to.be.within(phone.width, phone.width + 120);
    expect(navigator.maxTouchPoints > 0).to.equal(phone.touch);
    expect(matchMedia('(pointer: coarse)').matches).to.equal(phone.touch);
  });

  for (const side of SIDES) {
    it(`${side.platform}: widget events reach the native side as JSON; native reload and close act on the widget`, async () => {
      const received = emulate(side);
      expect(detectNativePlatform()).to.equal(side.platform);
      const bridge = connectNativeBridge();
      bridges.push(bridge);
      expect([bridge.connected, bridge.platform]).to.deep.equal([true, side.platform]);

      const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget', { id: `w-${side.platform}` });
      await until(() => received.some((m) => m.type === 'cosmo-ready'), 5000, 'cosmo-ready at the native side');
      expect(received.find((m) => m.type === 'cosmo-ready')).to.deep.equal({
        source: 'cosmo',
        type: 'cosmo-ready',
        widget: 'purchase',
        id: `w-${side.platform}`,
        detail: { widget: 'purchase' },
      });
      // The iframe fits the phone's width.
      expect(iframeOf(el)!.getBoundingClientRect().width).to.be.at.most(window.innerWidth);

      // reload: a fresh token and a fresh handshake, reported to the native side again.
      const readies = () => received.filter((m) => m.type === 'cosmo-ready').length;
      const ready = nextEvent(el, 'cosmo-ready');
      side.command({ command: 'reload', target: el.id });
      await ready;
      await until(() => readies() === 2, 5000, 'a second cosmo-ready at the native side');
      expect((await tokenLog(keyOf(el))).completed).to.equal(2);

      // close: cosmo-close {reason: 'native'} on the page and at the native side, and the element is gone.
      const closed = nextEvent(document.body, 'cosmo-close');
      side.command({ command: 'close', target: el.id });
      expect((await closed).detail).to.deep.equal({ reason: 'native' });
      expect(el.isConnected).to.equal(false);
      expect(received.at(-1)).to.deep.equal({ source: 'cosmo', type: 'cosmo-close', widget: 'purchase', id: el.id, detail: { reason: 'native' } });
    });
  }

  it('open-url: the page opens nothing; the native side gets the URL to open in its in-app browser', async () => {
    const received = emulate(SIDES[1]!);
    bridges.push(connectNativeBridge());
    const open = window.open;
    const opened: unknown[] = [];
    window.open = (...args: Parameters<typeof window.open>) => (opened.push(args), null);
    try {
      const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget', { id: 'terms' });
      await inFrame(el, { op: 'tap', selector: '[data-testid="program-prog_skyair"]' });
      const href = await inFrame<string>(el, { op: 'eval', expression: `document.querySelector('[data-testid="terms-link"]').href` });
      const event = nextEvent(el, 'cosmo-open-url');
      await inFrame(el, { op: 'tap', selector: '[data-testid="terms-link"]' });
      expect((await event).defaultPrevented, 'the bridge took the URL').to.equal(true);
      await until(() => received.some((m) => m.type === 'cosmo-open-url'), 5000, 'cosmo-open-url at the native side');
      expect(received.find((m) => m.type === 'cosmo-open-url')).to.deep.equal({ source: 'cosmo', type: 'cosmo-open-url', widget: 'purchase', id: 'terms', detail: { url: href, purpose: 'link' } });
      await settle(100);
      expect(opened).to.deep.equal([]);
    } finally {
      window.open = open;
    }
  });

  it('react-native on Android: a command posted on document works too', async () => {
    emulate(SIDES[0]!);
    bridges.push(connectNativeBridge());
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget', { id: 'rn-android' });
    const ready = nextEvent(el, 'cosmo-ready');
    document.dispatchEvent(new MessageEvent('message', { data: JSON.stringify({ command: 'reload' }) }));
    await ready;
    expect((await tokenLog(keyOf(el))).completed).to.equal(2);
  });

  it('a purchase tapped in the widget reaches the native side once, with the DOM event detail', async () => {
    const received = emulate(SIDES[1]!);
    bridges.push(connectNativeBridge());
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget', { id: 'tap' });
    const complete = nextEvent(el, 'cosmo-transaction-complete');
    await inFrame(el, { op: 'tap', selector: '[data-testid="program-prog_staywell"]' });
    await inFrame(el, { op: 'fill', selector: '[data-testid="points-input"]', value: 500 });
    await inFrame(el, { op: 'tap', selector: '[data-testid="confirm"]' });
    const { detail } = await complete;
    await until(() => received.some((m) => m.type === 'cosmo-transaction-complete'), 5000, 'the transaction at the native side');
    const sent = received.filter((m) => m.type === 'cosmo-transaction-complete');
    expect(sent).to.have.length(1);
    expect(sent[0]).to.deep.equal({ source: 'cosmo', type: 'cosmo-transaction-complete', widget: 'purchase', id: 'tap', detail: JSON.parse(JSON.stringify(detail)) });
  });

  it('multibrand events carry widget "multibrand", and a page handler that stops propagation does not hide them', async () => {
    const received = emulate(SIDES[2]!);
    bridges.push(connectNativeBridge());
    const { widgetUrls } = await testConfig();
    const el = document.createElement('cosmo-multibrand-widget');
    el.setAttribute('token-url', `/api/cosmo/token?key=${Math.random().toString(36).slice(2)}`);
    el.setAttribute('widget-url', widgetUrls.multibrand);
    el.addEventListener('cosmo-ready', (event) => event.stopPropagation());
    document.body.append(el);
    await until(() => received.some((m) => m.type === 'cosmo-ready'), 10_000, 'cosmo-ready');
    expect(received.find((m) => m.type === 'cosmo-ready')).to.deep.include({ widget: 'multibrand', id: null });
  });

  it('without a native side: connected false, no window.cosmoNative, nothing thrown, the widget works', async () => {
    expect(detectNativePlatform()).to.equal(undefined);
    const bridge = connectNativeBridge();
    expect([bridge.connected, bridge.platform]).to.deep.equal([false, undefined]);
    expect('cosmoNative' in window).to.equal(false);
    bridge.disconnect();
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
    expect(el.state).to.equal('ready');
  });

  it('an explicit target receives the events; connecting twice to it sends each event once; the last disconnect stops everything', async () => {
    const received: NativeMessage[] = [];
    const target = (message: string) => void received.push(JSON.parse(message) as NativeMessage);
    const a = connectNativeBridge({ target });
    const b = connectNativeBridge({ target });
    expect([a.connected, a.platform]).to.deep.equal([true, 'custom']);
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
    await until(() => received.some((m) => m.type === 'cosmo-ready'), 5000, 'cosmo-ready');
    expect(received.filter((m) => m.type === 'cosmo-ready')).to.have.length(1);
    a.disconnect();
    a.disconnect(); // idempotent: does not drop b's reference
    expect(typeof window.cosmoNative?.dispatch).to.equal('function');
    el.reload();
    await nextEvent(el, 'cosmo-ready');
    expect(received.filter((m) => m.type === 'cosmo-ready')).to.have.length(2);
    b.disconnect();
    expect([a.connected, b.connected]).to.deep.equal([false, false]);
    expect('cosmoNative' in window).to.equal(false);
    el.reload();
    await nextEvent(el, 'cosmo-ready');
    expect(received.filter((m) => m.type === 'cosmo-ready')).to.have.length(2);
  });

  it('an aborted signal disconnects the bridge', async () => {
    const received: string[] = [];
    const controller = new AbortController();
    const bridge = connectNativeBridge({ target: { postMessage: (m: string) => void received.push(m) }, signal: controller.signal });
    controller.abort();
    expect(bridge.connected).to.equal(false);
    await mountReady('cosmo-purchase-widget');
    expect(received).to.deep.equal([]);
  });

  it('refuses bad commands with a typed result, tells the native side, and never throws', async () => {
    const received = emulate(SIDES[1]!);
    bridges.push(connectNativeBridge());
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget', { id: 'only' });
    const api = window.cosmoNative!;
    for (const bad of ['not json', '{"command":"explode"}', '[]', 'null', { command: 'reload', target: 42 } as unknown as NativeCommand]) {
      expect(api.dispatch(bad), String(bad)).to.deep.include({ ok: false, code: 'invalid-command' });
    }
    expect(api.dispatch({ command: 'reload', target: 'missing' })).to.deep.include({ ok: false, code: 'unknown-target' });
    expect(received.filter((m) => m.type === 'cosmo-native-error').map((m) => (m.detail as { code: string }).code)).to.deep.equal([
      ...Array(5).fill('invalid-command'),
      'unknown-target',
    ]);
    expect(received.at(-1)).to.deep.include({ id: 'missing', widget: null });
    // No target: every widget on the page.
    const ready = nextEvent(el, 'cosmo-ready');
    expect(api.dispatch('{"command":"reload"}')).to.deep.equal({ ok: true, widgets: 1 });
    await ready;
  });

  it('ignores command-shaped messages from frames (another origin, or the widget iframe itself)', async () => {
    emulate(SIDES[0]!);
    bridges.push(connectNativeBridge());
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget', { id: 'target' });
    const { otherOrigin } = await testConfig();
    const poster = document.createElement('iframe');
    const loaded = new Promise((resolve) => poster.addEventListener('load', resolve, { once: true }));
    poster.src = `${otherOrigin}/#${encodeURIComponent(JSON.stringify([JSON.stringify({ command: 'close' }), JSON.stringify({ command: 'reload' })]))}`;
    document.body.append(poster);
    await loaded;
    await inFrame(el, { op: 'post', message: JSON.stringify({ command: 'close', target: 'target' }) });
    await settle(300);
    expect(el.isConnected).to.equal(true);
    expect((await tokenLog(keyOf(el))).received).to.equal(1);
  });

  it('a native side that throws does not break the page', async () => {
    w.CosmoAndroid = {
      postMessage: () => {
        throw new Error('channel torn down');
      },
    };
    bridges.push(connectNativeBridge());
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
    expect(el.state).to.equal('ready');
  });

  it('forwards every event the widgets document, and only from widget elements', async () => {
    const received: NativeMessage[] = [];
    bridges.push(connectNativeBridge({ target: (m) => void received.push(JSON.parse(m) as NativeMessage) }));
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget', { id: 'all' });
    received.length = 0;
    for (const name of WIDGET_EVENT_NAMES) el.dispatchEvent(Object.assign(new Event(name, { bubbles: true, composed: true }), { detail: { n: name } }));
    // A cosmo-* event from something that is not a widget is not forwarded.
    document.body.dispatchEvent(new Event('cosmo-ready', { bubbles: true }));
    expect(received.map((m) => m.type)).to.deep.equal([...WIDGET_EVENT_NAMES]);
    expect(received.every((m) => m.id === 'all' && (m.detail as { n: string }).n === m.type)).to.equal(true);
  });
});
