/**
 * A user who prefers reduced motion, in every engine: this group's browser is set up that way the way each engine's
 * users set it (test/browser-support/launchers.mjs, `reducedMotionLauncher`). The loading spinner stands still;
 * test/browser/a11y.test.ts checks that it turns for everyone else.
 */
import { expect } from '@open-wc/testing';
import { SPINNER_DELAY_MS } from '../../../src/cosmo-widget-element.js';
import '../../../src/define.js';
import type { CosmoPurchaseWidget } from '../../../src/index.js';
import { mountLoading, sleep } from '../helpers.js';

afterEach(() => document.body.replaceChildren());

describe('reduced motion', () => {
  it('this browser reports a user who prefers reduced motion', () => {
    expect(matchMedia('(prefers-reduced-motion: reduce)').matches).to.equal(true);
  });

  it('stills the loading spinner', async () => {
    const el = await mountLoading<CosmoPurchaseWidget>();
    await sleep(SPINNER_DELAY_MS + 100); // past the delay after which it would turn for anyone else
    expect(el.state).to.equal('loading');
    const spinner = el.shadowRoot!.querySelector('[part="spinner"]')!;
    expect(getComputedStyle(spinner).animationName).to.equal('none');
  });
});
