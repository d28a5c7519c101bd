import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { Appearance, CosmoPurchaseWidget, CosmoWidgetElement } from '../../src/index.js';
import { CosmoWidgetErrorCode } from '../../src/index.js';
import { control, mount, mountReady, nextEvent, settle, testConfig, until } from './helpers.js';

afterEach(async () => {
  document.body.replaceChildren();
  await control('reset');
});

// Uncaught errors fail a mocha test on their own; this also catches ones thrown in other tasks.
let uncaught: unknown[] = [];
const onError = (event: ErrorEvent | PromiseRejectionEvent) => uncaught.push('reason' in event ? event.reason : event.error);
before(() => {
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onError);
});
after(() => {
  window.removeEventListener('error', onError);
  window.removeEventListener('unhandledrejection', onError);
});
beforeEach(() => (uncaught = []));

interface ConfigCase {
  name: string;
  attributes: (urls: { purchase: string }) => Record<string, string>;
  properties?: Partial<CosmoWidgetElement>;
  message: RegExp;
}

const invalid: ConfigCase[] = [
  { name: 'environment="prod"', attributes: () => ({ 'token-url': '/api/cosmo/token', environment: 'prod' }), message: /environment.*"prod"/ },
  { name: 'an http widget-url off localhost', attributes: () => ({ 'token-url': '/api/cosmo/token', 'widget-url': 'http://widget.example.com/purchase' }), message: /widget-url.*https/ },
  { name: 'a widget-url that is not a URL', attributes: () => ({ 'token-url': '/api/cosmo/token', 'widget-url': 'not a url' }), message: /widget-url/ },
  { name: 'a javascript: token-url', attributes: (u) => ({ 'token-url': 'javascript:alert(1)', 'widget-url': u.purchase }), message: /token-url/ },
  { name: 'a malformed locale', attributes: (u) => ({ 'token-url': '/api/cosmo/token', 'widget-url': u.purchase, locale: 'en_US; drop' }), message: /locale/ },
  { name: 'a timeout that is not a number', attributes: (u) => ({ 'token-url': '/api/cosmo/token', 'widget-url': u.purchase, timeout: 'soon' }), message: /timeout/ },
  {
    name: 'a fetchToken that is not a function',
    attributes: (u) => ({ 'widget-url': u.purchase }),
    properties: { fetchToken: 'token' as never },
    message: /fetchToken must be a function/,
  },
  {
    name: 'an appearance value that could break out of a CSS declaration',
    attributes: (u) => ({ 'token-url': '/api/cosmo/token', 'widget-url': u.purchase }),
    properties: { appearance: { colorPrimary: 'red; background: url(x)' } },
    message: /appearance\.colorPrimary/,
  },
];

describe('invalid configuration', () => {
  for (const c of invalid) {
    it(`reports ${c.name} as a non-recoverable invalid-config cosmo-error, without throwing`, async () => {
      const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', c.attributes(await testConfig().then((t) => t.widgetUrls)), c.properties);
      const error = await nextEvent(el, 'cosmo-error', 2000);
      expect(error.detail.code).to.equal(CosmoWidgetErrorCode.InvalidConfig);
      expect(error.detail.recoverable).to.equal(false);
      expect(error.detail.message).to.match(c.message);
      expect(el.state).to.equal('error');
      expect(el.shadowRoot!.querySelector('iframe')).to.equal(null);
      await settle(50);
      expect(uncaught).to.deep.equal([]);
    });
  }

  it('recovers when the bad attribute is fixed, without a manual retry', async () => {
    const { widgetUrls } = await testConfig();
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'token-url': '/api/cosmo/token', 'widget-url': widgetUrls.purchase, environment: 'prod' });
    await nextEvent(el, 'cosmo-error');
    const ready = nextEvent(el, 'cosmo-ready');
    el.setAttribute('environment', 'sandbox');
    await ready;
    expect(el.state).to.equal('ready');
  });
});

describe('iframe attributes', () => {
  it('gives the iframe a title, a minimal sandbox, a strict referrer policy and no allow list', async () => {
    const { widgetUrls, simulatorUrl } = await testConfig();
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget', { locale: 'fr-CA' });
    const iframe = el.shadowRoot!.querySelector('iframe')!;
    expect(iframe.title).to.equal('Cosmo purchase widget');
    expect([...iframe.sandbox].sort()).to.deep.equal(['allow-forms', 'allow-popups', 'allow-same-origin', 'allow-scripts']);
    expect(iframe.referrerPolicy).to.equal('strict-origin');
    expect(iframe.hasAttribute('allow')).to.equal(false);
    expect(iframe.getAttribute('loading')).to.equal('eager');
    expect(iframe.getAttribute('part')).to.equal('iframe');
    const src = new URL(iframe.src);
    expect(src.origin).to.equal(simulatorUrl);
    expect(src.pathname).to.equal(new URL(widgetUrls.purchase).pathname);
    expect(src.searchParams.get('origin')).to.equal(location.origin);
    expect(src.searchParams.get('locale')).to.equal('fr-CA');
    expect(src.searchParams.get('channel')).to.match(/^[0-9a-f]{32}$/);
    expect(src.searchParams.get('token')).to.be.a('string').and.not.empty;
  });

  it('uses frame-title as the iframe title', async () => {
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'frame-title': 'Acheter des points' });
    expect(el.shadowRoot!.querySelector('iframe')!.title).to.equal('Acheter des points');
  });

  it('picks a fresh random channel for every mount', async () => {
    const a = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
    const b = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
    const channel = (el: CosmoPurchaseWidget) => new URL(el.shadowRoot!.querySelector('iframe')!.src).searchParams.get('channel');
    expect(channel(a)).to.not.equal(channel(b));
  });
});

describe('appearance', () => {
  it('refuses an invalid live appearance change with invalid-config and keeps the widget ready', async () => {
    const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget', {}, { appearance: { colorPrimary: '#0a7' } });
    const error = nextEvent(el, 'cosmo-error');
    el.appearance = { colorPrimary: '}</style><script>' } as Appearance;
    expect((await error).detail.code).to.equal(CosmoWidgetErrorCode.InvalidConfig);
    expect(el.state).to.equal('ready');
    expect(el.shadowRoot!.querySelector('iframe')).to.exist;
  });
});

describe('states and parts', () => {
  it('shows the loading slot and part until the handshake, then the iframe', async () => {
    const { widgetUrls } = await testConfig();
    // The widget page is held until the loading state has been looked at: the handshake cannot come first.
    await control('fail', { route: 'widget-app', delayMs: 120_000 });
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'token-url': '/api/cosmo/token', 'widget-url': widgetUrls.purchase });
    const custom = document.createElement('p');
    custom.slot = 'loading';
    custom.textContent = 'Chargement…';
    el.append(custom);
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('loading');
    await until(() => el.shadowRoot!.querySelector('iframe'));
    await el.updateComplete;
    const frame = el.shadowRoot!.querySelector('iframe')!;
    // Loading: invisible by opacity (a visibility:hidden cross-origin frame loads later in Chromium) and inert.
    expect([getComputedStyle(frame).opacity, getComputedStyle(frame).visibility, frame.inert]).to.deep.equal(['0', 'visible', true]);
    const loading = el.shadowRoot!.querySelector('[part="loading"]')!;
    expect(loading.querySelector('slot')!.assignedElements()).to.deep.equal([custom]);
    const ready = nextEvent(el, 'cosmo-ready');
    // Release only once the widget page's request is held (its rule taken): a release before it arrives frees nothing.
    await until(async () => ((await control('fail', undefined, 'GET')).body as unknown[]).length === 0, 10_000, 'the widget page to be held');
    await control('release');
    await ready;
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('ready');
    expect(el.shadowRoot!.querySelector('[part="loading"]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('iframe')).to.equal(frame);
    expect([getComputedStyle(frame).opacity, frame.inert]).to.deep.equal(['1', false]);
  });
});
