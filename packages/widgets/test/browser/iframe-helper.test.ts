/**
 * The iframe side of the protocol (`connectToHost` from `@cosmopoints/protocol/iframe`), which Cosmo's widget apps
 * (here: the simulator's) use to talk to the host page. It must make the same checks as the host: a message counts
 * only when its source is the parent window, its origin the host origin named in the iframe URL, its envelope parses
 * and its channel is this instance's. The "app window" is a same-origin iframe, so the test can watch both sides.
 */
import { expect } from '@open-wc/testing';
import { ProtocolError, ProtocolErrorCode, hostMessage, widgetMessage } from '@cosmopoints/protocol';
import type { HostConnection } from '@cosmopoints/protocol/iframe';
import { connectToHost } from '@cosmopoints/protocol/iframe';
import { settle, until } from '../../../../test/browser-support/environment.js';

const CHANNEL = 'chan_iframe_helper';

interface Frame {
  iframe: HTMLIFrameElement;
  win: Window;
}

const frames: HTMLIFrameElement[] = [];
async function frame(params: Record<string, string>): Promise<Frame> {
  const iframe = document.createElement('iframe');
  iframe.src = `/test/browser/fixtures/blank.html?${new URLSearchParams(params)}`;
  const loaded = new Promise((resolve) => iframe.addEventListener('load', resolve, { once: true }));
  document.body.append(iframe);
  frames.push(iframe);
  await loaded;
  return { iframe, win: iframe.contentWindow! };
}

/**
 * Cosmo messages on this test's channel that reached the host page. (Their `source` is the host page itself: the
 * connection runs in the host's script realm, which is what makes the app window observable here.)
 */
function hostInbox(): unknown[] {
  const inbox: unknown[] = [];
  const listener = (event: MessageEvent) => {
    const data = event.data as { ns?: unknown; channel?: unknown } | null;
    if (data?.ns === 'cosmo' && data.channel === CHANNEL) inbox.push(data);
  };
  window.addEventListener('message', listener);
  cleanups.push(() => window.removeEventListener('message', listener));
  return inbox;
}

/** Connects the app window and records what it accepted and what it dropped (with the reason). */
function connect(win: Window, options: { allowedOrigins?: string[] } = {}) {
  const drops: string[] = [];
  const inits: unknown[] = [];
  const appearances: unknown[] = [];
  const host = connectToHost({ widget: 'purchase', window: win, onDrop: (reason) => drops.push(reason), ...options });
  host.on('init', (payload) => inits.push(payload));
  host.on('appearance', (payload) => appearances.push(payload));
  connections.push(host);
  return { host, drops, inits, appearances };
}

let cleanups: (() => void)[] = [];
let connections: HostConnection[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  for (const connection of connections) connection.close();
  for (const iframe of frames.splice(0)) iframe.remove();
  cleanups = [];
  connections = [];
});

describe('connectToHost (the widget app side of the bridge)', () => {
  it('reads channel, origin and token from its URL and sends ready to the host origin', async () => {
    const { win } = await frame({ channel: CHANNEL, origin: location.origin, token: 'wt_first' });
    const inbox = hostInbox();
    const { host } = connect(win);
    expect([host.channel, host.hostOrigin, host.token]).to.deep.equal([CHANNEL, location.origin, 'wt_first']);
    await until(() => inbox.length > 0, 2000, 'ready');
    expect(inbox[0]).to.deep.equal(widgetMessage(CHANNEL, 'ready', { widget: 'purchase' }));
  });

  it('accepts init and appearance from the parent on its channel', async () => {
    const { win } = await frame({ channel: CHANNEL, origin: location.origin, token: 't' });
    const { inits, appearances, drops } = connect(win);
    win.postMessage(hostMessage(CHANNEL, 'init', { locale: 'fr-CA' }), location.origin);
    win.postMessage(hostMessage(CHANNEL, 'appearance', { colorPrimary: '#0a7' }), location.origin);
    await until(() => appearances.length === 1, 2000, 'appearance');
    expect(inits).to.deep.equal([{ locale: 'fr-CA' }]);
    expect(appearances).to.deep.equal([{ colorPrimary: '#0a7' }]);
    expect(drops).to.deep.equal([]);
  });

  const bad: [string, (channel: string) => unknown, string][] = [
    ['another channel', () => hostMessage('chan_someone_else', 'init', {}), 'channel'],
    ['a malformed envelope', (channel) => ({ ns: 'cosmo', channel, type: 'init' }), 'unsupported-version'],
    ['an unknown type', (channel) => ({ ns: 'cosmo', v: 1, channel, type: 'pay', payload: {} }), 'unknown-type'],
    ['a widget message type', (channel) => widgetMessage(channel, 'ready', { widget: 'purchase' }), 'unknown-type'],
    ['a CSS injection in appearance', (channel) => ({ ns: 'cosmo', v: 1, channel, type: 'appearance', payload: { colorPrimary: 'red;}body{display:none' } }), 'invalid-payload'],
    ['an oversized message', (channel) => ({ ...hostMessage(channel, 'init', {}), padding: 'x'.repeat(70_000) }), 'oversized'],
    ['not a Cosmo message', () => 'hello', 'malformed-envelope'],
  ];
  for (const [name, make, reason] of bad) {
    it(`drops ${name} from the parent (${reason})`, async () => {
      const { win } = await frame({ channel: CHANNEL, origin: location.origin, token: 't' });
      const { inits, appearances, drops } = connect(win);
      win.postMessage(make(CHANNEL), '*');
      await until(() => drops.length === 1, 2000, 'the drop');
      expect(drops).to.deep.equal([reason]);
      expect([...inits, ...appearances]).to.deep.equal([]);
    });
  }

  it('drops a message from a sibling frame, even with the right channel (source)', async () => {
    const { win } = await frame({ channel: CHANNEL, origin: location.origin, token: 't' });
    const { win: sibling } = await frame({});
    const { inits, drops } = connect(win);
    // Run postMessage in the sibling's realm, so the message's source is the sibling window.
    const post = new (sibling as unknown as typeof globalThis).Function('target', 'data', "target.postMessage(data, '*')") as (target: Window, data: unknown) => void;
    post(win, hostMessage(CHANNEL, 'init', {}));
    await until(() => drops.length === 1, 2000, 'the drop');
    expect(drops).to.deep.equal(['source']);
    expect(inits).to.deep.equal([]);
  });

  it('drops the parent\'s messages when the parent is not the origin named in the URL (origin), and posts nothing it can read', async () => {
    const { win } = await frame({ channel: CHANNEL, origin: 'https://partner.example', token: 't' });
    const inbox = hostInbox();
    const { inits, drops } = connect(win);
    win.postMessage(hostMessage(CHANNEL, 'init', {}), '*');
    await until(() => drops.length === 1, 2000, 'the drop');
    expect(drops).to.deep.equal(['origin']);
    expect(inits).to.deep.equal([]);
    // ready was addressed to https://partner.example: the browser does not deliver it to this page.
    await settle(200);
    expect(inbox).to.deep.equal([]);
  });

  it('refuses to start outside an iframe, without its parameters, or for an origin not allowed', async () => {
    expect(() => connectToHost({ widget: 'purchase' })).to.throw(/inside an iframe/);
    const { win: noChannel } = await frame({ origin: location.origin });
    expect(() => connectToHost({ widget: 'purchase', window: noChannel })).to.throw(/"channel"/);
    const { win: noOrigin } = await frame({ channel: CHANNEL });
    expect(() => connectToHost({ widget: 'purchase', window: noOrigin })).to.throw(/"origin"/);
    const { win: notAllowed } = await frame({ channel: CHANNEL, origin: location.origin });
    expect(() => connectToHost({ widget: 'purchase', window: notAllowed, allowedOrigins: ['https://bank.example'] })).to.throw(/not allowed/);
  });

  it('asks for a fresh token with token-request and resolves with the host\'s answer', async () => {
    const { win } = await frame({ channel: CHANNEL, origin: location.origin, token: 'wt_old' });
    const inbox = hostInbox();
    const { host } = connect(win);
    const answer = host.requestToken({ reason: 'expired' });
    await until(() => inbox.some((m) => (m as { type?: string }).type === 'token-request'), 2000, 'token-request');
    expect(inbox.find((m) => (m as { type?: string }).type === 'token-request')).to.deep.equal(widgetMessage(CHANNEL, 'token-request', { reason: 'expired' }));
    win.postMessage(hostMessage(CHANNEL, 'token', { token: 'wt_new', expiresAt: '2026-11-25T10:15:00Z' }), location.origin);
    expect(await answer).to.deep.equal({ token: 'wt_new', expiresAt: '2026-11-25T10:15:00Z' });
    expect(host.token).to.equal('wt_new');
  });

  it('rejects the token request with token-refresh-failed when the host answers token-error, keeping the old token', async () => {
    const { win } = await frame({ channel: CHANNEL, origin: location.origin, token: 'wt_old' });
    const inbox = hostInbox();
    const { host } = connect(win);
    const answer = host.requestToken({ reason: 'expired' });
    await until(() => inbox.some((m) => (m as { type?: string }).type === 'token-request'), 2000, 'token-request');
    win.postMessage(hostMessage(CHANNEL, 'token-error', { code: 'token-http-error', recoverable: true }), location.origin);
    let error: unknown;
    try {
      await answer;
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ProtocolError);
    expect((error as ProtocolError).code).to.equal(ProtocolErrorCode.TokenRefreshFailed);
    expect((error as ProtocolError).cause).to.deep.equal({ code: 'token-http-error', recoverable: true });
    expect(host.token).to.equal('wt_old');
    // Settled: a later token answers nothing (and does not throw).
    win.postMessage(hostMessage(CHANNEL, 'token', { token: 'wt_late' }), location.origin);
    await until(() => host.token === 'wt_late', 2000, 'the late token to be kept as the current one');
  });

  it('stops waiting for a token when its signal aborts', async () => {
    const { win } = await frame({ channel: CHANNEL, origin: location.origin, token: 't' });
    const { host } = connect(win);
    const controller = new AbortController();
    const answer = host.requestToken({ signal: controller.signal });
    controller.abort(new Error('gave up'));
    let error: unknown;
    try {
      await answer;
    } catch (caught) {
      error = caught;
    }
    expect((error as Error).message).to.equal('gave up');
  });

  it('reports its content height with resize, once per change', async () => {
    const { win } = await frame({ channel: CHANNEL, origin: location.origin, token: 't' });
    const inbox = hostInbox();
    const { host } = connect(win);
    const content = win.document.getElementById('content')!;
    host.observeHeight(content);
    const heights = () => inbox.filter((m) => (m as { type?: string }).type === 'resize').map((m) => (m as { payload: { height: number } }).payload.height);
    await until(() => heights().length === 1, 2000, 'first resize');
    content.style.height = '300px';
    await until(() => heights().length === 2, 2000, 'second resize');
    await settle(100);
    expect(heights()).to.deep.equal([120, 300]);
  });

  it('close() removes its listener: later host messages are neither handled nor dropped', async () => {
    const { win } = await frame({ channel: CHANNEL, origin: location.origin, token: 't' });
    const { host, inits, drops } = connect(win);
    host.close();
    win.postMessage(hostMessage(CHANNEL, 'init', {}), location.origin);
    win.postMessage('noise', '*');
    await settle(200);
    expect([inits, drops]).to.deep.equal([[], []]);
  });
});
