import { expect, fixtureCleanup } from '@open-wc/testing';
import '../../src/define.js';
import type { CosmoErrorEvent, CosmoPurchaseWidget } from '../../src/index.js';
import { CosmoWidgetErrorCode } from '../../src/index.js';
import type { FetchToken } from '../../src/index.js';
import { fetchTestToken, iframeOf, mount, nextEvent, settle, testConfig, tokenLog, uniqueKey, until } from './helpers.js';

afterEach(() => {
  fixtureCleanup();
  document.body.replaceChildren();
});

interface FailureCase {
  name: string;
  /** Token endpoint query (`mode=…`), or a full token-url. */
  tokenUrl: (key: string) => Promise<string> | string;
  code: string;
  status?: number;
  recoverable: boolean;
  /** Token requests the element makes before giving up: more than one when it retried by itself. */
  attempts: number;
  /** Whether the endpoint recovers after the failures, so that a retry must succeed. */
  recovers: boolean;
}

const cases: FailureCase[] = [
  { name: 'a 401 answer', tokenUrl: (key) => `/api/cosmo/token?key=${key}&mode=401&times=1`, code: CosmoWidgetErrorCode.TokenHttpError, status: 401, recoverable: false, attempts: 1, recovers: true },
  { name: 'a 403 answer', tokenUrl: (key) => `/api/cosmo/token?key=${key}&mode=status&status=403&times=1`, code: CosmoWidgetErrorCode.TokenHttpError, status: 403, recoverable: false, attempts: 1, recovers: true },
  { name: 'a 404 answer', tokenUrl: (key) => `/api/cosmo/token?key=${key}&mode=status&status=404&times=1`, code: CosmoWidgetErrorCode.TokenHttpError, status: 404, recoverable: false, attempts: 1, recovers: true },
  { name: 'a body that is not JSON', tokenUrl: (key) => `/api/cosmo/token?key=${key}&mode=not-json&times=1`, code: CosmoWidgetErrorCode.TokenInvalidJson, recoverable: true, attempts: 1, recovers: true },
  { name: 'JSON of the wrong shape', tokenUrl: (key) => `/api/cosmo/token?key=${key}&mode=wrong-shape&times=1`, code: CosmoWidgetErrorCode.TokenInvalidResponse, recoverable: true, attempts: 1, recovers: true },
  { name: 'a 500 on every attempt', tokenUrl: (key) => `/api/cosmo/token?key=${key}&mode=500&times=4`, code: CosmoWidgetErrorCode.TokenHttpError, status: 500, recoverable: true, attempts: 4, recovers: true },
  { name: 'a network error (closed port) on every attempt', tokenUrl: async () => (await testConfig()).closedPortUrl, code: CosmoWidgetErrorCode.TokenNetworkError, recoverable: true, attempts: 4, recovers: false },
];

describe('token endpoint failures', () => {
  for (const c of cases) {
    it(`turns ${c.name} into a typed cosmo-error and the error state${c.attempts > 1 ? ' after its retries' : ' at once'}${c.recovers ? ', and a retry recovers' : ''}`, async () => {
      const { widgetUrls } = await testConfig();
      const key = uniqueKey();
      const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'token-url': await c.tokenUrl(key), 'widget-url': widgetUrls.purchase });
      const errors: CosmoErrorEvent[] = [];
      el.addEventListener('cosmo-error', (event) => errors.push(event));
      const error = await nextEvent(el, 'cosmo-error');
      expect(error.detail.code).to.equal(c.code);
      expect(error.detail.recoverable).to.equal(c.recoverable);
      expect(error.detail.status).to.equal(c.status);
      expect(error.detail.attempts).to.equal(c.attempts);
      expect(error.detail.message).to.match(/^@cosmopoints\/widgets: /);
      expect(error.bubbles && error.composed).to.equal(true);
      expect(el.state).to.equal('error');
      expect(el.getAttribute('state')).to.equal('error');
      expect(el.error?.code).to.equal(c.code);
      expect(iframeOf(el)).to.equal(null);
      if (c.recovers) expect((await tokenLog(key)).received, 'requests the endpoint saw').to.equal(c.attempts);
      expect(errors, 'one cosmo-error, after the last attempt').to.have.length(1);
      const panel = el.shadowRoot!.querySelector('[part="error"]')!;
      expect(panel.getAttribute('role')).to.equal('alert');
      const retry = el.shadowRoot!.querySelector<HTMLButtonElement>('[part="retry"]')!;
      // "Try again" only where trying again can help: not for 401/403/404, which need the user or the partner.
      expect(retry.hidden, 'retry button hidden').to.equal(!c.recoverable);
      if (!c.recovers) return;
      const ready = nextEvent(el, 'cosmo-ready');
      if (c.recoverable) retry.click();
      else el.reload();
      expect(el.getAttribute('state')).to.equal('error'); // the retry starts on the next update, not synchronously
      await ready;
      expect(el.state).to.equal('ready');
      expect(el.error).to.equal(undefined);
      expect((await tokenLog(key)).received).to.equal(c.attempts + 1);
    });
  }

  it('POSTs {widget} as JSON to token-url', async () => {
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'token-url': `/api/cosmo/token?key=${key}`, 'widget-url': widgetUrls.purchase });
    await nextEvent(el, 'cosmo-ready');
    const log = await tokenLog(key);
    expect(log.bodies).to.deep.equal(['{"widget":"purchase"}']);
  });

  it('sends same-origin cookies with the token request', async () => {
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    document.cookie = `partner_session=${key}; path=/`;
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'token-url': `/api/cosmo/token?key=${key}`, 'widget-url': widgetUrls.purchase });
    await nextEvent(el, 'cosmo-ready');
    const log = await tokenLog(key);
    expect(log.credentials[0]).to.contain(`partner_session=${key}`);
    document.cookie = 'partner_session=; max-age=0; path=/';
  });

  it('turns a slow endpoint into token-timeout after `timeout` ms (retries included), and aborts the requests', async () => {
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', {
      'token-url': `/api/cosmo/token?key=${key}&mode=slow&ms=5000`,
      'widget-url': widgetUrls.purchase,
      timeout: '300',
    });
    const started = performance.now();
    const error = await nextEvent(el, 'cosmo-error');
    expect(error.detail.code).to.equal(CosmoWidgetErrorCode.TokenTimeout);
    // Given up once no further attempt fits in the timeout (at least the first attempt's 150 ms), not after the
    // endpoint's 5 s: how much scheduling adds on a loaded machine is not under test, so no tighter upper bound.
    expect(performance.now() - started).to.be.within(140, 4900);
    expect(el.state).to.equal('error');
    // Each attempt may take half the timeout: the first is aborted at 150 ms, a second one (when it fits) at 300 ms.
    // A second attempt aborted just after it started may never leave the browser (seen in WebKit), so the server
    // sees at least the first and at most `attempts`, every one aborted; `settle` lets any late request arrive.
    await settle();
    const log = await until(async () => {
      const l = await tokenLog(key);
      return l.received > 0 && l.aborted === l.received ? l : undefined;
    }, 3000, 'the server to see every attempt aborted');
    expect(log.completed).to.equal(0);
    expect(log.received).to.be.within(1, error.detail.attempts ?? 0);
    expect(error.detail.attempts ?? 0).to.be.within(1, 2);
  });

  describe('fetchToken', () => {
    it('is called with {widget, signal} and may return a bare token string', async () => {
      const { widgetUrls } = await testConfig();
      const key = uniqueKey();
      const calls: Parameters<FetchToken>[0][] = [];
      const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase, 'token-url': '/never-used' }, {
        fetchToken: async (context) => {
          calls.push(context);
          const response = await fetch(`/api/cosmo/token?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ widget: context.widget }), signal: context.signal });
          return ((await response.json()) as { token: string }).token;
        },
      });
      await nextEvent(el, 'cosmo-ready');
      expect(calls).to.have.length(1);
      expect(calls[0]!.widget).to.equal('purchase');
      expect(calls[0]!.signal).to.be.instanceOf(AbortSignal);
      expect(iframeOf(el)!.src).to.contain('token=');
    });

    it('turns a throwing fetchToken into token-fetch-failed with the cause, and retry recovers', async () => {
      const { widgetUrls } = await testConfig();
      const key = uniqueKey();
      let calls = 0;
      const boom = new Error('partner auth down');
      const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase }, {
        fetchToken: async ({ widget }) => {
          if (++calls === 1) throw boom;
          return fetchTestToken(key, { widget });
        },
      });
      const error = await nextEvent(el, 'cosmo-error');
      expect(error.detail.code).to.equal(CosmoWidgetErrorCode.TokenFetchFailed);
      expect(error.detail.recoverable).to.equal(true);
      expect(el.error?.cause).to.equal(boom);
      expect(el.state).to.equal('error');
      const ready = nextEvent(el, 'cosmo-ready');
      el.reload();
      await ready;
      expect(calls).to.equal(2);
    });

    it('turns a fetchToken result of the wrong shape into token-invalid-response', async () => {
      const { widgetUrls } = await testConfig();
      const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase }, {
        fetchToken: (async () => ({ accessToken: 'abc' })) as unknown as FetchToken,
      });
      const error = await nextEvent(el, 'cosmo-error');
      expect(error.detail.code).to.equal(CosmoWidgetErrorCode.TokenInvalidResponse);
      expect(error.detail.message).to.contain('token');
      expect(el.state).to.equal('error');
    });

    it('overrides token-url', async () => {
      const { widgetUrls } = await testConfig();
      const key = uniqueKey();
      let called = false;
      const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'widget-url': widgetUrls.purchase, 'token-url': `/api/cosmo/token?key=${key}` }, {
        fetchToken: async ({ widget }) => {
          called = true;
          return fetchTestToken(`other-${key}`, { widget });
        },
      });
      await nextEvent(el, 'cosmo-ready');
      expect(called).to.equal(true);
      expect((await tokenLog(key)).received).to.equal(0);
    });
  });
});
