/**
 * Server rendering (Next.js, Remix…): the markup `react-dom/server` writes in Node is put in the page before
 * the widget script defines the tags, the tags then upgrade, and React hydrates, setting the properties last.
 * The element starts from the attributes the server wrote, or waits, idle, until hydration gives it a token
 * source: in both cases no cosmo-error (no error flash) and exactly one token request.
 */
import { expect } from '@open-wc/testing';
import type { CosmoPurchaseWidget as PurchaseElement, FetchToken } from '@cosmopoints/widgets';
import { fetchTestToken, hydrate, pageContainer, settle, testConfig, tokenLog, uniqueKey, until } from './helpers.js';

/** Fetches the server's markup and puts it in the page, as the browser would parse it. */
async function serverRender(props: Record<string, string>): Promise<{ container: HTMLElement; html: string; errors: Event[]; ready: Event[] }> {
  const html = await (await fetch(`/__ssr/purchase?${new URLSearchParams(props)}`)).text();
  const container = pageContainer(html);
  const errors: Event[] = [];
  const ready: Event[] = [];
  container.addEventListener('cosmo-error', (event) => errors.push(event));
  container.addEventListener('cosmo-ready', (event) => ready.push(event));
  return { container, html, errors, ready };
}

describe('server-rendered <CosmoPurchaseWidget>, upgraded then hydrated', () => {
  it('writes the attributes the element reads, so it starts before hydration: no cosmo-error, one token request', async function () {
    this.timeout(30_000);
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const props = { id: 'ssr-a', tokenUrl: `/api/cosmo/token?key=${key}`, widgetUrl: widgetUrls.purchase, timeout: '20000' };
    const page = await serverRender(props);
    expect(page.html).to.contain(`token-url="/api/cosmo/token?key=${key}"`);
    expect(page.html).to.contain(`widget-url="${widgetUrls.purchase}"`);
    expect(page.html).to.contain('timeout="20000"');
    expect(page.html).to.not.match(/tokenUrl|widgetUrl|onReady/);
    expect(customElements.get('cosmo-purchase-widget'), 'not defined yet').to.equal(undefined);

    // The widget script arrives: the tag upgrades and starts from its attributes, before React hydrates.
    const { CosmoPurchaseWidget } = await import('../../src/index.js');
    await until(() => page.ready.length === 1, 15_000, 'cosmo-ready before hydration');
    hydrate(page.container, <main><CosmoPurchaseWidget id="ssr-a" tokenUrl={props.tokenUrl} widgetUrl={props.widgetUrl} timeout={20_000} /></main>);
    await settle(500);
    expect(page.errors.map((e) => (e as CustomEvent).detail)).to.deep.equal([]);
    expect(page.ready).to.have.length(1);
    expect((await tokenLog(key)).received).to.equal(1);
    expect(page.container.querySelectorAll('cosmo-purchase-widget')).to.have.length(1);
  });

  it('waits, idle, until hydration sets fetchToken (a property), then starts: no cosmo-error, one token request', async function () {
    this.timeout(30_000);
    const { widgetUrls } = await testConfig();
    const key = uniqueKey();
    const page = await serverRender({ id: 'ssr-b', widgetUrl: widgetUrls.purchase });
    const { CosmoPurchaseWidget } = await import('../../src/index.js');
    await settle(300);
    const el = page.container.querySelector<PurchaseElement>('cosmo-purchase-widget')!;
    expect(el.state, 'no token source yet').to.equal('idle');
    expect(el.shadowRoot!.querySelector('[part="error"]')).to.equal(null);
    let calls = 0;
    const fetchToken: FetchToken = async ({ widget, signal }) => {
      calls += 1;
      return fetchTestToken(key, { widget, signal });
    };
    hydrate(page.container, <main><CosmoPurchaseWidget id="ssr-b" widgetUrl={widgetUrls.purchase} fetchToken={fetchToken} /></main>);
    await until(() => page.ready.length === 1, 15_000, 'cosmo-ready after hydration');
    await settle(300);
    expect(page.errors).to.deep.equal([]);
    expect(calls).to.equal(1);
    expect((await tokenLog(key)).received).to.equal(1);
  });
});
