/**
 * The script-tag bundle with Subresource Integrity under a strict Content Security Policy
 * (`script-src 'self'; style-src 'self'`, no unsafe-inline, no unsafe-eval): the page is served by
 * the test server with that CSP header (web-test-runner.config.mjs, strictCspRoute) and loaded in an
 * iframe of the test page, same origin, so the test reads its state directly.
 */
import { expect } from '@open-wc/testing';
import type { CosmoPurchaseWidget } from '../../src/index.js';
import { control, inFrame, tokenLog, uniqueKey, until } from './helpers.js';

interface CspRecord {
  violations: { directive: string; blocked: string; sample: string }[];
  scriptErrors: string[];
  events: { type: string; detail: Record<string, unknown> }[];
}
type CspWindow = Window & { __csp: CspRecord; __inlineRan?: boolean };

interface Manifest {
  version: string;
  files: Record<string, { integrity: string; size: number; gzipSize: number; immutable: boolean }>;
}
const manifest = (): Promise<Manifest> => fetch('/cdn/manifest.json').then((r) => r.json() as Promise<Manifest>);

/** Opens the strict-CSP page in an iframe and resolves when it has loaded. */
async function openPage(query: Record<string, string>): Promise<{ frame: HTMLIFrameElement; win: CspWindow }> {
  const frame = document.createElement('iframe');
  frame.style.width = '600px';
  frame.style.height = '800px';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = `/__csp/page.html?${new URLSearchParams(query)}`;
  document.body.append(frame);
  await loaded;
  return { frame, win: frame.contentWindow as CspWindow };
}

afterEach(async () => {
  document.body.replaceChildren();
  await control('reset');
});

describe('script tag with SRI under a strict CSP', () => {
  it('the manifest lists every CDN file with a sha384 integrity that matches its bytes', async () => {
    const { version, files } = await manifest();
    expect(Object.keys(files).sort()).to.deep.equal(
      [`cosmo-webview-bridge-${version}.js`, 'cosmo-webview-bridge.js', `cosmo-widgets-${version}.js`, 'cosmo-widgets.js'].sort(),
    );
    for (const [file, entry] of Object.entries(files)) {
      const bytes = await (await fetch(`/__csp/cdn/${file}`)).arrayBuffer();
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-384', bytes));
      expect(entry.integrity, file).to.equal(`sha384-${btoa(String.fromCharCode(...digest))}`);
      expect(entry.size, file).to.equal(bytes.byteLength);
      expect(entry.immutable, file).to.equal(file.includes(`-${version}.js`));
    }
  });

  it('loads the versioned bundle with its integrity, handshakes and completes a purchase with no CSP violation', async () => {
    const key = uniqueKey();
    const { win } = await openPage({ key });
    await until(() => win.__csp.events.some((e) => e.type === 'cosmo-ready'), 10_000, 'cosmo-ready in the strict-CSP page');
    const el = win.document.getElementById('csp-widget') as CosmoPurchaseWidget;
    expect(el.state).to.equal('ready');
    // Lit's styles applied through constructable stylesheets, not a blocked <style>.
    expect(el.shadowRoot!.adoptedStyleSheets.length).to.be.greaterThan(0);
    expect(win.getComputedStyle(el).display).to.equal('block');
    await inFrame(el, { op: 'click', selector: '[data-testid="program-prog_skyair"]' });
    await inFrame(el, { op: 'fill', selector: '[data-testid="points-input"]', value: 300 });
    await inFrame(el, { op: 'click', selector: '[data-testid="confirm"]' });
    await until(() => win.__csp.events.some((e) => e.type === 'cosmo-transaction-complete'), 10_000, 'the purchase');
    const completes = win.__csp.events.filter((e) => e.type === 'cosmo-transaction-complete');
    expect(completes).to.have.length(1);
    expect(completes[0]!.detail).to.deep.include({ points: 300, program: { id: 'prog_skyair', name: 'SkyAir Miles' } });
    expect(win.__csp.events.filter((e) => e.type === 'cosmo-error')).to.deep.equal([]);
    expect((await tokenLog(key)).completed).to.equal(1);
    expect(win.__csp.scriptErrors).to.deep.equal([]);
    expect(win.__csp.violations).to.deep.equal([]);
  });

  it('the stable alias cosmo-widgets.js works the same with its own integrity', async () => {
    const { win } = await openPage({ file: 'cosmo-widgets.js', key: uniqueKey() });
    await until(() => win.__csp.events.some((e) => e.type === 'cosmo-ready'), 10_000, 'cosmo-ready');
    expect(win.__csp.violations).to.deep.equal([]);
  });

  it('refuses a bundle whose integrity does not match: the tags stay undefined, no token is fetched', async () => {
    const key = uniqueKey();
    const { win } = await openPage({ integrity: 'tampered', key });
    await until(() => win.__csp.scriptErrors.length > 0, 5000, 'the script error');
    expect(win.__csp.scriptErrors[0]).to.match(/\/__csp\/cdn\/cosmo-widgets-[\d.]+\.js$/);
    expect(win.customElements.get('cosmo-purchase-widget')).to.equal(undefined);
    expect((await tokenLog(key)).received).to.equal(0);
  });

  it('the page really enforces the policy: an inline script and an inline style are reported and blocked', async () => {
    const { win } = await openPage({ inline: '1', key: uniqueKey() });
    await until(() => win.__csp.violations.length >= 2, 5000, 'two violations');
    expect(win.__inlineRan).to.equal(undefined);
    expect(win.__csp.violations.map((v) => v.directive).sort()).to.deep.equal(['script-src-elem', 'style-src-attr']);
    // The bundle itself still runs.
    await until(() => win.__csp.events.some((e) => e.type === 'cosmo-ready'), 10_000, 'cosmo-ready');
  });
});
