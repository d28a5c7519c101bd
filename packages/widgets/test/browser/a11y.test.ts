/**
 * Accessibility: axe-core finds no WCAG 2.x A/AA violation in the element's loading, ready, error and dialog
 * states, in an English page and in an Arabic right-to-left page; the loading state is a polite live region
 * (`role="status"`), the error an alert; the element's own texts follow `locale` or the page's `lang`;
 * the spinner turns (and stands still for users who prefer reduced motion: reduced-motion/spinner.test.ts).
 */
import { expect } from '@open-wc/testing';
import 'axe-core/axe.min.js';
import { SPINNER_DELAY_MS } from '../../src/cosmo-widget-element.js';
import '../../src/define.js';
import type { CosmoPurchaseWidget } from '../../src/index.js';
import { mount, mountLoading, mountReady, nextEvent, sleep, testConfig, uniqueKey } from './helpers.js';

interface AxeResults {
  violations: { id: string; impact: string; help: string; nodes: { target: unknown; failureSummary?: string }[] }[];
}
declare const axe: { run(context: Element, options: object): Promise<AxeResults> };

/** Runs axe on `el` (and its shadow tree; the cross-origin widget app is Cosmo's, not ours) with the WCAG 2.x A/AA rules. */
async function expectNoViolations(el: Element, state: string): Promise<void> {
  const { violations } = await axe.run(el, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, iframes: false });
  const report = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`);
  expect(report, `axe violations in the ${state} state`).to.deep.equal([]);
}

/** Shadow text of a part. */
const partText = (el: Element, part: string) => el.shadowRoot!.querySelector(`[part="${part}"]`)?.textContent?.trim();

for (const page of [
  { name: 'an English page', lang: 'en', dir: 'ltr', loading: 'Loading…', signedOut: 'Sign in to use this widget.', retry: 'Try again', close: 'Close', title: 'Cosmo purchase widget' },
  {
    name: 'an Arabic right-to-left page',
    lang: 'ar',
    dir: 'rtl',
    loading: 'جارٍ التحميل…',
    signedOut: 'سجّل الدخول لاستخدام هذه الأداة.',
    retry: 'حاول مرة أخرى',
    close: 'إغلاق',
    title: 'أداة Cosmo لشراء النقاط',
  },
]) {
  describe(`accessibility in ${page.name}`, () => {
    before(() => {
      document.documentElement.lang = page.lang;
      document.documentElement.dir = page.dir;
    });
    after(() => {
      document.documentElement.lang = 'en';
      document.documentElement.dir = 'ltr';
    });
    afterEach(() => document.body.replaceChildren());

    it('loading: a polite status region in the page language, no violation', async () => {
      const el = await mountLoading<CosmoPurchaseWidget>();
      expect(el.state).to.equal('loading');
      const loading = el.shadowRoot!.querySelector('[part="loading"]')!;
      expect(loading.getAttribute('role')).to.equal('status');
      expect(loading.querySelector('slot')!.textContent).to.equal(page.loading);
      expect(loading.closest('[dir]')!.getAttribute('dir')).to.equal(page.dir);
      await expectNoViolations(el, 'loading');
    });

    it('ready: an iframe titled in the page language, no violation', async () => {
      const el = await mountReady<CosmoPurchaseWidget>('cosmo-purchase-widget');
      expect(el.shadowRoot!.querySelector('iframe')!.title).to.equal(page.title);
      await expectNoViolations(el, 'ready');
    });

    it('error: an alert saying what went wrong in the page language, "Try again" only when it can help, no violation', async () => {
      const { widgetUrls } = await testConfig();
      const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', { 'token-url': `/api/cosmo/token?key=${uniqueKey()}&mode=401`, 'widget-url': widgetUrls.purchase });
      await nextEvent(el, 'cosmo-error');
      expect(el.shadowRoot!.querySelector('[part="error"]')!.getAttribute('role')).to.equal('alert');
      expect(partText(el, 'error-message')).to.equal(page.signedOut);
      expect(el.shadowRoot!.querySelector<HTMLElement>('[part="retry"]')!.hidden, 'no "Try again" for a 401').to.equal(true);
      await expectNoViolations(el, 'error (signed out)');
      // A failure retrying can fix shows the button, labelled in the page language.
      el.fetchToken = async () => {
        throw new Error('down');
      };
      await nextEvent(el, 'cosmo-error');
      expect(el.shadowRoot!.querySelector<HTMLElement>('[part="retry"]')!.hidden).to.equal(false);
      expect(partText(el, 'retry')).to.equal(page.retry);
      await expectNoViolations(el, 'error (recoverable)');
    });

    it('dialog: a labelled modal with a close button in the page language, no violation (loading and ready)', async () => {
      const { widgetUrls } = await testConfig();
      const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', {
        presentation: 'dialog',
        'token-url': `/api/cosmo/token?key=${uniqueKey()}`,
        'widget-url': widgetUrls.purchase,
      });
      const opened = nextEvent(el, 'cosmo-open');
      el.show();
      await opened;
      const dialog = el.shadowRoot!.querySelector('dialog')!;
      expect(dialog.getAttribute('dir')).to.equal(page.dir);
      expect(el.shadowRoot!.querySelector('[part="close"]')!.getAttribute('aria-label')).to.equal(page.close);
      expect(el.shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).to.not.equal('');
      await expectNoViolations(el, 'dialog (loading)');
      await nextEvent(el, 'cosmo-ready');
      await expectNoViolations(el, 'dialog (ready)');
    });
  });
}

describe('texts and motion', () => {
  afterEach(() => document.body.replaceChildren());

  it('follows `locale` over the page language (and the slot over both)', async () => {
    const el = await mountLoading<CosmoPurchaseWidget>({ locale: 'ar-AE' });
    expect(el.shadowRoot!.querySelector('[part="loading"] slot')!.textContent).to.equal('جارٍ التحميل…');
    expect(el.shadowRoot!.querySelector('[dir]')!.getAttribute('dir')).to.equal('rtl');
    const custom = Object.assign(document.createElement('span'), { slot: 'loading', textContent: 'Un instant…' });
    el.append(custom);
    expect(el.shadowRoot!.querySelector<HTMLSlotElement>('[part="loading"] slot')!.assignedElements()).to.deep.equal([custom]);
  });

  // The same spinner stands still for a user who prefers reduced motion: test/browser/reduced-motion/, run in a
  // browser set up that way in each engine (no engine but Chromium can emulate the preference at run time).
  it('turns the loading spinner for a user with no reduced-motion preference, once loading has lasted SPINNER_DELAY_MS', async () => {
    expect(matchMedia('(prefers-reduced-motion: reduce)').matches).to.equal(false);
    const el = await mountLoading<CosmoPurchaseWidget>();
    const spinner = el.shadowRoot!.querySelector('[part="spinner"]')!;
    expect(getComputedStyle(spinner).animationName).to.equal('none'); // a fast load never runs the animation
    await sleep(SPINNER_DELAY_MS + 100);
    expect(el.state).to.equal('loading');
    expect(getComputedStyle(spinner).animationName).to.equal('spin');
  });
});
