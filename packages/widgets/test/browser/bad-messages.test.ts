/**
 * The bridge's four checks (DESIGN.md §5): source, origin, envelope, channel. Every message below
 * reaches the page's window; none may become an event, an exception or a state change.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { CosmoWidgetElement } from '../../src/index.js';
import { ALL_EVENTS, channelOf, iframeOf, inFrame, mountReady, recordEvents, testConfig, until } from './helpers.js';

const PROBE_HEIGHT = 4321;
const envelope = (channel: string, type: string, payload: unknown, extra: Record<string, unknown> = {}) => ({ ns: 'cosmo', v: 1, channel, type, payload, ...extra });
/** Valid messages that would each become an event if accepted. */
const probes = (channel: string) => [
  envelope(channel, 'close', { reason: 'probe' }),
  envelope(channel, 'resize', { height: PROBE_HEIGHT }),
  envelope(channel, 'error', { code: 'probe', message: 'probe' }),
];

interface Received {
  source: MessageEventSource | null;
  origin: string;
  data: unknown;
}

/** Everything a test saw arrive on window, to know a dropped message was really delivered. */
let received: Received[] = [];
const onMessage = (event: MessageEvent) => received.push({ source: event.source, origin: event.origin, data: event.data });
let uncaught: unknown[] = [];
const onError = (event: ErrorEvent) => uncaught.push(event.error ?? event.message);

before(() => {
  window.addEventListener('error', onError);
});
after(() => window.removeEventListener('error', onError));
afterEach(() => {
  window.removeEventListener('message', onMessage);
  document.body.replaceChildren();
});

interface BadCase {
  name: string;
  /** Delivers the bad messages; returns how to recognise them among `received`. */
  send(el: CosmoWidgetElement): Promise<(message: Received) => boolean>;
  /** How many matching messages must have arrived before we judge. */
  count: number;
}

const fromFrame = (el: CosmoWidgetElement, messages: unknown[]) => async () => {
  const frameWindow = iframeOf(el)!.contentWindow;
  for (const message of messages) await inFrame(el, { op: 'post', message });
  return (m: Received) => m.source === frameWindow;
};

const cases: BadCase[] = [
  {
    name: 'a message from the widget frame after it navigated to another origin (wrong origin)',
    count: 3,
    async send(el) {
      const { otherOrigin } = await testConfig();
      // Let the app finish loading first: Firefox settles a fetch cut off by navigation as a network error and the
      // leaving app reports it (correctly, from the right origin), which is not what this case is about.
      await inFrame(el, { op: 'wait', selector: '#app[data-state="select"], #app[data-state="ready"]' });
      const iframe = iframeOf(el)!;
      iframe.src = `${otherOrigin}/#${encodeURIComponent(JSON.stringify(probes(channelOf(el))))}`;
      return (m) => m.origin === otherOrigin;
    },
  },
  {
    name: 'a message posted by the page itself (wrong source window)',
    count: 3,
    async send(el) {
      for (const message of probes(channelOf(el))) window.postMessage(message, '*');
      return (m) => m.source === window;
    },
  },
  {
    name: 'a message from another frame on another origin (wrong source window)',
    count: 3,
    async send(el) {
      const { otherOrigin } = await testConfig();
      const frame = document.createElement('iframe');
      frame.src = `${otherOrigin}/#${encodeURIComponent(JSON.stringify(probes(channelOf(el))))}`;
      document.body.append(frame);
      return (m) => m.source === frame.contentWindow;
    },
  },
  {
    name: 'a message from another frame on the widget origin replaying the channel (wrong source window)',
    count: 1,
    async send(el) {
      // A second copy of the widget app with the same token and channel: right origin, right
      // channel, valid envelope. Only the source check tells it apart.
      const frame = document.createElement('iframe');
      frame.src = iframeOf(el)!.src;
      document.body.append(frame);
      return (m) => m.source === frame.contentWindow && (m.data as { type?: string })?.type === 'ready';
    },
  },
  {
    name: 'messages from the widget frame with a wrong channel',
    count: 3,
    send: (el) => fromFrame(el, probes('f'.repeat(32)))(),
  },
  {
    name: 'malformed envelopes from the widget frame',
    count: 9,
    send: (el) =>
      fromFrame(el, [
        'hello',
        null,
        42,
        [1, 2],
        { ns: 'cosmo' },
        { ns: 'other', v: 1, channel: channelOf(el), type: 'close', payload: {} },
        envelope(channelOf(el), 'close', { reason: 'probe' }, { v: 2 }),
        { ...envelope(channelOf(el), 'close', {}), channel: 'short' },
        { ...envelope(channelOf(el), 'close', {}), type: 7 },
      ])(),
  },
  {
    name: 'messages of unknown types from the widget frame',
    count: 4,
    send: (el) =>
      fromFrame(el, [
        envelope(channelOf(el), 'steal-token', {}),
        envelope(channelOf(el), '__proto__', {}),
        envelope(channelOf(el), 'constructor', {}),
        envelope(channelOf(el), 'init', { locale: 'en' }),
      ])(),
  },
  {
    name: 'messages with invalid payloads from the widget frame',
    count: 4,
    send: (el) =>
      fromFrame(el, [
        envelope(channelOf(el), 'resize', { height: -PROBE_HEIGHT }),
        envelope(channelOf(el), 'resize', { height: 'tall' }),
        envelope(channelOf(el), 'close', { reason: 42 }),
        envelope(channelOf(el), 'error', { code: 'Not A Code!', message: 'x' }),
      ])(),
  },
  {
    name: 'an oversized message from the widget frame',
    count: 1,
    send: (el) => fromFrame(el, [envelope(channelOf(el), 'close', { reason: 'probe', padding: 'x'.repeat(70_000) })])(),
  },
  {
    name: 'another widget kind’s handshake and events from the widget frame',
    count: 2,
    send: (el) => {
      const other = el.widget === 'purchase' ? 'multibrand' : 'purchase';
      const program = { id: 'p1', name: 'Probe' };
      const foreign =
        el.widget === 'purchase'
          ? envelope(channelOf(el), 'program-disconnect', { program, connections: [] })
          : envelope(channelOf(el), 'transaction-fail', { code: 'probe', message: 'probe' });
      return fromFrame(el, [envelope(channelOf(el), 'ready', { widget: other }), foreign])();
    },
  },
];

for (const tag of ['cosmo-purchase-widget', 'cosmo-multibrand-widget'] as const) {
  describe(`<${tag}> drops bad messages`, () => {
    for (const c of cases) {
      it(`drops ${c.name} without an event or an exception`, async () => {
        const el = await mountReady(tag);
        const events = recordEvents(el, ALL_EVENTS);
        received = [];
        uncaught = [];
        window.addEventListener('message', onMessage); // after the element's listener: when we see a message, the bridge has judged it
        const matches = await c.send(el);
        await until(() => received.filter(matches).length >= c.count, 8000, `${c.count} bad messages to arrive`);
        // Spontaneous resizes from the real app are fine; nothing caused by the probes is.
        const caused = events.filter((e) => e.type !== 'cosmo-resize' || (e.detail as { height: number }).height >= PROBE_HEIGHT - 1);
        expect(caused).to.deep.equal([]);
        expect(uncaught).to.deep.equal([]);
        expect(el.state).to.equal('ready');
      });
    }
  });
}

describe('debug mode', () => {
  it('logs each dropped message with its reason through console.debug', async () => {
    const el = await mountReady('cosmo-purchase-widget', { debug: '' });
    const logged: unknown[][] = [];
    const original = console.debug;
    console.debug = (...args: unknown[]) => void logged.push(args);
    try {
      received = [];
      window.addEventListener('message', onMessage);
      window.postMessage(probes(channelOf(el))[0], '*');
      await inFrame(el, { op: 'post', message: probes('f'.repeat(32))[0] });
      // Count only the two probes: the real app may post a resize in between.
      const isProbe = (r: Received) => (r.data as { payload?: { reason?: unknown } } | null)?.payload?.reason === 'probe';
      await until(() => received.filter(isProbe).length >= 2, 5000, 'both messages');
    } finally {
      console.debug = original;
    }
    const reasons = logged.map((args) => String(args[0]));
    expect(reasons.some((r) => r.includes('(source)'))).to.equal(true);
    expect(reasons.some((r) => r.includes('(channel)'))).to.equal(true);
  });
});
