/**
 * `presentation="dialog"`: a native modal `<dialog>` (showModal): lazy loading or `preload()`, `show()` /
 * `close()` / the `open` attribute, focus kept inside and returned, Esc, page scroll locked, the page behind
 * inert, full screen on a phone, and the widget's own `close` closing it; `cosmo-open` / `cosmo-close`.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import type { CosmoPurchaseWidget } from '../../src/index.js';
import { inFrame, mount, nextEvent, pressKeys, recordEvents, resizeViewport, settle, testConfig, tokenLog, uniqueKey, until } from './helpers.js';

let opener: HTMLButtonElement;
let outside: HTMLButtonElement;

beforeEach(() => {
  opener = Object.assign(document.createElement('button'), { textContent: 'Buy points' });
  outside = Object.assign(document.createElement('button'), { textContent: 'Elsewhere on the page' });
  document.body.append(opener, outside);
  document.body.style.height = '3000px'; // a page that scrolls
});
afterEach(() => {
  document.body.replaceChildren();
  document.body.removeAttribute('style');
});

/** A dialog purchase widget against the simulator; `key` counts its token requests. */
async function mountDialog(attributes: Record<string, string> = {}) {
  const { widgetUrls } = await testConfig();
  const key = uniqueKey();
  const el = mount<CosmoPurchaseWidget>('cosmo-purchase-widget', {
    presentation: 'dialog',
    'token-url': `/api/cosmo/token?key=${key}`,
    'widget-url': widgetUrls.purchase,
    ...attributes,
  });
  return { el, key, dialog: () => el.shadowRoot!.querySelector('dialog')! };
}

/** The focused element, through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Opens `el` from the opener button, as a page would, and waits for cosmo-open. */
async function openFromButton(el: CosmoPurchaseWidget): Promise<void> {
  opener.focus();
  const opened = nextEvent(el, 'cosmo-open');
  el.show();
  await opened;
}

describe('dialog presentation', () => {
  it('loads nothing until preload(), which loads the widget without opening it', async () => {
    const { el, key, dialog } = await mountDialog();
    const events = recordEvents(el, ['cosmo-open', 'cosmo-ready']);
    await settle(300);
    expect(el.state).to.equal('idle');
    expect((await tokenLog(key)).received).to.equal(0);
    el.preload();
    await nextEvent(el, 'cosmo-ready');
    expect(dialog().open).to.equal(false);
    expect(el.open).to.equal(false);
    expect(events.map((e) => e.type)).to.deep.equal(['cosmo-ready']);
    // Opening a preloaded dialog shows the ready widget at once: no second token request.
    await openFromButton(el);
    expect(el.state).to.equal('ready');
    expect((await tokenLog(key)).received).to.equal(1);
  });

  it('show() opens a modal dialog: cosmo-open, the open attribute, focus inside, page scroll locked, the page behind inert', async () => {
    const { el, dialog } = await mountDialog();
    await openFromButton(el);
    expect(dialog().open).to.equal(true);
    expect(dialog().matches(':modal')).to.equal(true);
    expect(el.hasAttribute('open')).to.equal(true);
    expect(el.shadowRoot!.contains(deepActive()), 'focus moved into the dialog').to.equal(true);
    expect(getComputedStyle(document.documentElement).overflow).to.equal('hidden');
    outside.focus();
    expect(document.activeElement, 'a button behind the dialog cannot take focus').to.not.equal(outside);
    const hit = document.elementFromPoint(outside.getBoundingClientRect().left + 2, outside.getBoundingClientRect().top + 2);
    expect(hit === outside, 'the page behind cannot be clicked').to.equal(false);
  });

  it('keeps keyboard focus inside the dialog (Tab and Shift+Tab never reach the page)', async () => {
    const { el } = await mountDialog();
    el.preload();
    await nextEvent(el, 'cosmo-ready');
    await openFromButton(el);
    for (const keys of [['Tab'], ['Tab'], ['Tab'], ['Shift', 'Tab'], ['Shift', 'Tab'], ['Shift', 'Tab'], ['Shift', 'Tab']]) {
      await pressKeys(...keys);
      const active = document.activeElement;
      expect(active === opener || active === outside, `focus on the page after ${keys.join('+')}`).to.equal(false);
    }
  });

  it('Esc closes it: cosmo-close {reason: "escape"}, focus back on the opener, page scroll restored', async () => {
    const { el, dialog } = await mountDialog();
    await openFromButton(el);
    const closed = nextEvent(el, 'cosmo-close');
    await pressKeys('Escape');
    expect((await closed).detail).to.deep.equal({ reason: 'escape' });
    expect(dialog().open).to.equal(false);
    expect(el.open).to.equal(false);
    expect(el.hasAttribute('open')).to.equal(false);
    expect(document.activeElement).to.equal(opener);
    expect(getComputedStyle(document.documentElement).overflow).to.equal('visible');
  });

  it('its close button and close() close it, with their reasons; the widget stays loaded for the next opening', async () => {
    const { el, key } = await mountDialog();
    el.preload();
    await nextEvent(el, 'cosmo-ready');
    await openFromButton(el);
    let closed = nextEvent(el, 'cosmo-close');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part="close"]')!.click();
    expect((await closed).detail).to.deep.equal({ reason: 'user' });
    await openFromButton(el);
    closed = nextEvent(el, 'cosmo-close');
    el.close();
    expect((await closed).detail).to.deep.equal({ reason: 'api' });
    expect(el.state).to.equal('ready');
    expect((await tokenLog(key)).received).to.equal(1);
  });

  it("closes when the widget app asks to (its close message), firing one cosmo-close with the app's reason", async () => {
    const { el, dialog } = await mountDialog();
    const closes = recordEvents(el, ['cosmo-close']);
    await openFromButton(el);
    await until(() => el.state === 'ready', 10_000, 'the widget to load');
    await inFrame(el, { op: 'click', selector: '[data-testid="close"]' });
    await until(() => !dialog().open, 5000, 'the dialog to close');
    await settle(200);
    expect(closes).to.deep.equal([{ type: 'cosmo-close', detail: { reason: 'user' } }]);
    expect(document.activeElement).to.equal(opener);
  });

  it('opens from the open attribute, loading the widget then', async () => {
    const { el, dialog } = await mountDialog({ open: '' });
    await nextEvent(el, 'cosmo-open');
    expect(dialog().open).to.equal(true);
    await nextEvent(el, 'cosmo-ready');
    el.removeAttribute('open');
    await until(() => !dialog().open, 2000, 'the dialog to close');
  });

  it('fills the screen on a phone-sized viewport', async () => {
    const { phone } = await testConfig();
    const desktop = { width: innerWidth, height: innerHeight };
    try {
      const size = await resizeViewport(phone);
      // WebKitGTK's window cannot be as narrow as a phone (see launchers.mjs): there it is its narrowest, still
      // below the 600px where the dialog goes full screen.
      if (phone.exactViewport) expect(size).to.deep.equal({ width: phone.width, height: phone.height });
      else expect(size.width).to.be.within(phone.width, 599);
      const { el, dialog } = await mountDialog();
      await openFromButton(el);
      const box = dialog().getBoundingClientRect();
      expect([box.left, box.top, box.width, box.height]).to.deep.equal([0, 0, size.width, size.height]);
    } finally {
      await resizeViewport(desktop);
    }
  });

  it('follows the viewport while open: full screen when it turns phone-sized, a centred box again when it widens', async () => {
    const { phone } = await testConfig();
    const desktop = { width: innerWidth, height: innerHeight };
    const { el, dialog } = await mountDialog();
    await openFromButton(el);
    const box = () => {
      const { left, top, width, height } = dialog().getBoundingClientRect();
      return [left, top, width, height];
    };
    expect(box()[2], 'at most 560px wide on a desktop').to.be.at.most(560);
    try {
      const size = await resizeViewport(phone);
      expect(box()).to.deep.equal([0, 0, size.width, size.height]);
    } finally {
      await resizeViewport(desktop);
    }
    expect(box()[0], 'centred again').to.be.above(0);
    expect(box()[2]).to.be.at.most(560);
  });

  it('closes with reason "disconnect" and gives the page its scroll back when removed while open', async () => {
    const { el } = await mountDialog();
    await openFromButton(el);
    const closed = nextEvent(el, 'cosmo-close');
    el.remove();
    expect((await closed).detail).to.deep.equal({ reason: 'disconnect' });
    expect(getComputedStyle(document.documentElement).overflow).to.equal('visible');
  });
});
