/** The events and behaviour both elements share, driven through the real widget apps of the simulator. */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { CosmoErrorEvent, CosmoWidgetElement } from '../../src/index.js';
import { CosmoWidgetErrorCode } from '../../src/index.js';
import { ALL_EVENTS, channelOf, control, iframeOf, inFrame, mount, mountReady, nextEvent, recordEvents, testConfig, tokenLog, uniqueKey, until } from './helpers.js';

afterEach(async () => {
  document.body.replaceChildren();
  await control('reset');
});

type Tag = 'cosmo-purchase-widget' | 'cosmo-multibrand-widget';
const widgetOf = (tag: Tag) => (tag === 'cosmo-purchase-widget' ? 'purchase' : 'multibrand');

/** One user action per widget that calls the widget API, and the event it ends with. */
const actions: Record<Tag, { run(el: CosmoWidgetElement): Promise<void>; event: 'cosmo-transaction-complete' | 'cosmo-program-connect' }> = {
  'cosmo-purchase-widget': {
    event: 'cosmo-transaction-complete',
    async run(el) {
      await inFrame(el, { op: 'click', selector: '[data-testid="program-prog_cartly"]' });
      await inFrame(el, { op: 'fill', selector: '[data-testid="points-input"]', value: 500 });
      await inFrame(el, { op: 'click', selector: '[data-testid="confirm"]' });
    },
  },
  'cosmo-multibrand-widget': {
    event: 'cosmo-program-connect',
    async run(el) {
      await inFrame(el, { op: 'click', selector: '[data-testid="connect-prog_cartly"]' });
    },
  },
};

/** What each app shows once it is ready for an action. */
const ready: Record<Tag, string> = { 'cosmo-purchase-widget': '[data-testid="confirm"]', 'cosmo-multibrand-widget': '[data-testid="split"]' };

/** Reads a CSS custom property on the widget app's document element. */
const appProperty = (el: CosmoWidgetElement, name: string) =>
  inFrame<string>(el, { op: 'eval', expression: `getComputedStyle(document.documentElement).getPropertyValue('${name}').trim()` });

for (const tag of ['cosmo-purchase-widget', 'cosmo-multibrand-widget'] as const) {
  describe(`<${tag}> shared events`, () => {
    it('fires cosmo-ready {widget} once the app handshakes, then cosmo-resize {height} matching the iframe', async () => {
      const { widgetUrls } = await testConfig();
      const el = mount(tag, { 'token-url': `/api/cosmo/token?key=${uniqueKey()}`, 'widget-url': widgetUrls[widgetOf(tag)] });
      const events = recordEvents(el, ALL_EVENTS);
      const ready = await nextEvent(el, 'cosmo-ready');
      expect(ready.detail).to.deep.equal({ widget: widgetOf(tag) });
      expect(ready.bubbles && ready.composed).to.equal(true);
      expect(el.state).to.equal('ready');
      // The app reports its loading screen first (clamped up to the 120 px minimum), then its content.
      const resizes = () => events.filter((e) => e.type === 'cosmo-resize').map((e) => e.detail as { height: number });
      await until(() => resizes().some((d) => d.height > 120), 5000, 'cosmo-resize with the content height');
      expect(events[0]!.type).to.equal('cosmo-ready');
      const last = resizes().at(-1)!;
      expect(Object.keys(last)).to.deep.equal(['height']);
      expect(iframeOf(el)!.getBoundingClientRect().height).to.equal(last.height);
    });

    it('clamps the height to --cosmo-widget-max-height and --cosmo-widget-min-height', async () => {
      const { widgetUrls } = await testConfig();
      const heights = (el: CosmoWidgetElement) => {
        const seen: number[] = [];
        el.addEventListener('cosmo-resize', (e) => seen.push(e.detail.height));
        return seen;
      };
      const short = mount(tag, { 'token-url': `/api/cosmo/token?key=${uniqueKey()}`, 'widget-url': widgetUrls[widgetOf(tag)], style: '--cosmo-widget-max-height: 150px' });
      const shortHeights = heights(short);
      await until(() => shortHeights.includes(150), 8000, 'a resize clamped to 150');
      expect(Math.max(...shortHeights)).to.equal(150);
      expect(iframeOf(short)!.getBoundingClientRect().height).to.equal(150);
      const tall = mount(tag, { 'token-url': `/api/cosmo/token?key=${uniqueKey()}`, 'widget-url': widgetUrls[widgetOf(tag)], style: '--cosmo-widget-min-height: 1500px' });
      const tallHeights = heights(tall);
      await nextEvent(tall, 'cosmo-ready');
      await until(() => tallHeights.length > 0, 5000, 'a resize');
      // The app's content is shorter than 1500 px: every resize is clamped up to the minimum, so only one fires.
      expect(tallHeights).to.deep.equal([1500]);
      expect(iframeOf(tall)!.getBoundingClientRect().height).to.equal(1500);
    });

    it('fires cosmo-close {reason} when the user closes the widget', async () => {
      const el = await mountReady(tag);
      const close = nextEvent(el, 'cosmo-close');
      await inFrame(el, { op: 'click', selector: '[data-testid="close"]' });
      expect((await close).detail).to.deep.equal({ reason: 'user' });
      expect(el.isConnected).to.equal(true); // the page decides
    });

    it('forwards an error the app shows as cosmo-error widget-error, and keeps the ready state', async () => {
      await control('fail', { route: 'widget-api', count: 1, status: 503 });
      const { widgetUrls } = await testConfig();
      const el = mount(tag, { 'token-url': `/api/cosmo/token?key=${uniqueKey()}`, 'widget-url': widgetUrls[widgetOf(tag)] });
      const error = await nextEvent(el, 'cosmo-error');
      expect(error.detail).to.deep.include({ code: CosmoWidgetErrorCode.WidgetError, recoverable: true, widgetCode: 'simulated-failure' });
      expect(error.detail.message).to.be.a('string').and.not.empty;
      expect(el.state).to.equal('ready');
      await inFrame(el, { op: 'click', selector: '[data-testid="reload"]' });
      await inFrame(el, { op: 'wait', selector: tag === 'cosmo-purchase-widget' ? '[data-testid="confirm"]' : '[data-testid="split"]' });
    });

    it('answers token-request after the token expired: fresh token, cosmo-token-refresh {expiresAt}, and the widget carries on', async () => {
      const key = uniqueKey();
      const el = await mountReady(tag, { 'token-url': `/api/cosmo/token?key=${key}&user=refresh-${key}` });
      const events = recordEvents(el, ALL_EVENTS);
      await inFrame(el, { op: 'wait', selector: tag === 'cosmo-purchase-widget' ? '[data-testid="confirm"]' : '[data-testid="split"]' });
      const { status } = await control('expire-tokens');
      expect(status).to.equal(200);
      const done = nextEvent(el, actions[tag].event);
      await actions[tag].run(el);
      await done;
      const types = events.map((e) => e.type).filter((t) => t !== 'cosmo-resize');
      expect(types).to.deep.equal(['cosmo-token-refresh', actions[tag].event]);
      const refresh = events.find((e) => e.type === 'cosmo-token-refresh')!.detail as { expiresAt: string };
      expect(Object.keys(refresh)).to.deep.equal(['expiresAt']);
      expect(Date.parse(refresh.expiresAt)).to.be.above(Date.now());
      expect((await tokenLog(key)).received).to.equal(2);
      expect(el.state).to.equal('ready');
    });

    it('retries a failed token refresh (a 503, then 200) with the widget still mounted: no cosmo-error, and the action completes', async () => {
      const key = uniqueKey();
      const el = await mountReady(tag, { 'token-url': `/api/cosmo/token?key=${key}&mode=status&status=503&skip=1&times=1` });
      const events = recordEvents(el, ALL_EVENTS);
      const channel = channelOf(el);
      await inFrame(el, { op: 'wait', selector: ready[tag] });
      await control('expire-tokens');
      const done = nextEvent(el, actions[tag].event);
      await actions[tag].run(el);
      await done;
      expect(events.map((e) => e.type).filter((t) => t !== 'cosmo-resize')).to.deep.equal(['cosmo-token-refresh', actions[tag].event]);
      expect((await tokenLog(key)).received).to.equal(3);
      expect(channelOf(el)).to.equal(channel);
      expect(el.state).to.equal('ready');
    });

    it('keeps the widget when a token refresh finally fails: token-error to the app, a recoverable cosmo-error, and the next try recovers', async () => {
      const key = uniqueKey();
      // The first token, then four 500s (the refresh and its three retries), then tokens again.
      const el = await mountReady(tag, { 'token-url': `/api/cosmo/token?key=${key}&mode=500&skip=1&times=4` });
      const channel = channelOf(el);
      await inFrame(el, { op: 'wait', selector: ready[tag] });
      await control('expire-tokens');
      const errors: CosmoErrorEvent[] = [];
      el.addEventListener('cosmo-error', (event) => errors.push(event));
      await actions[tag].run(el);
      // The app learns at once (token-error) and says why.
      await inFrame(el, { op: 'wait', selector: '[data-code="token-refresh-failed"]', timeout: 10_000 });
      const hostError = errors.find((e) => e.detail.code !== CosmoWidgetErrorCode.WidgetError)!;
      expect(hostError.detail).to.deep.include({ code: CosmoWidgetErrorCode.TokenHttpError, status: 500, recoverable: true, attempts: 4 });
      expect(el.state).to.equal('ready');
      expect(channelOf(el), 'the same iframe').to.equal(channel);
      expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
      // The user tries again in the widget: a new token request, which now succeeds.
      const done = nextEvent(el, actions[tag].event);
      if (tag === 'cosmo-purchase-widget') await inFrame(el, { op: 'click', selector: '[data-testid="retry"]' });
      await actions[tag].run(el);
      await done;
      expect((await tokenLog(key)).received).to.equal(6);
      expect(el.state).to.equal('ready');
    });

    it('sends appearance in init, live on change, and again after the iframe reloads (second ready)', async () => {
      const el = await mountReady(tag, {}, { appearance: { colorPrimary: 'rgb(1, 2, 3)' } });
      await until(async () => (await appProperty(el, '--cosmo-color-primary')) === 'rgb(1, 2, 3)', 5000, 'init appearance');
      el.appearance = { colorPrimary: 'rgb(4, 5, 6)', borderRadius: '2px' };
      await until(async () => (await appProperty(el, '--cosmo-color-primary')) === 'rgb(4, 5, 6)', 5000, 'live appearance');
      const ready = nextEvent(el, 'cosmo-ready');
      await inFrame(el, { op: 'reload' });
      expect((await ready).detail).to.deep.equal({ widget: widgetOf(tag) });
      await until(async () => (await appProperty(el, '--cosmo-color-primary')) === 'rgb(4, 5, 6)', 5000, 'appearance after the re-handshake');
      expect(await appProperty(el, '--cosmo-border-radius')).to.equal('2px');
      expect(el.state).to.equal('ready');
    });

    it('passes locale to the app in the URL and in init', async () => {
      const el = await mountReady(tag, { locale: 'fr' });
      await until(async () => (await inFrame<string>(el, { op: 'eval', expression: 'document.documentElement.lang' })) === 'fr', 5000, 'the app in French');
    });

    it('times out a handshake that never comes with handshake-timeout and the error state', async () => {
      const { simulatorUrl } = await testConfig();
      const el = mount(tag, { 'token-url': `/api/cosmo/token?key=${uniqueKey()}`, 'widget-url': `${simulatorUrl}/no-such-widget`, timeout: '600' });
      const error = await nextEvent(el, 'cosmo-error');
      expect(error.detail).to.deep.include({ code: CosmoWidgetErrorCode.HandshakeTimeout, recoverable: true });
      expect(el.state).to.equal('error');
      expect(iframeOf(el)).to.equal(null);
    });
  });
}
