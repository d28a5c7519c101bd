import { expect } from '@open-wc/testing';
import { CosmoMultibrandWidget, CosmoPurchaseWidget } from '../../src/index.js';

describe('define', () => {
  it('the class entry registers nothing', () => {
    expect(customElements.get('cosmo-purchase-widget')).to.equal(undefined);
    expect(customElements.get('cosmo-multibrand-widget')).to.equal(undefined);
  });

  it('defines each tag once and warns once per tag when the script-tag bundle loads twice next to the npm package', async () => {
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (message: string) => void warnings.push(message);
    try {
      await import('../../src/define.js'); // the npm package's define entry
      expect(customElements.get('cosmo-purchase-widget')).to.equal(CosmoPurchaseWidget);
      expect(customElements.get('cosmo-multibrand-widget')).to.equal(CosmoMultibrandWidget);
      expect(warnings).to.deep.equal([]);
      // Two more copies: the CDN bundle's versioned file and its stable alias (two module instances, two class sets).
      const { version } = (await (await fetch('/cdn/manifest.json')).json()) as { version: string };
      const a = (await import(/* @vite-ignore */ `/cdn/cosmo-widgets-${version}.js` as string)) as typeof import('../../src/index.js');
      await import(/* @vite-ignore */ '/cdn/cosmo-widgets.js' as string);
      expect(a.CosmoPurchaseWidget).to.not.equal(CosmoPurchaseWidget);
    } finally {
      console.warn = original;
    }
    expect(customElements.get('cosmo-purchase-widget')).to.equal(CosmoPurchaseWidget);
    expect(customElements.get('cosmo-multibrand-widget')).to.equal(CosmoMultibrandWidget);
    expect(warnings).to.have.length(2);
    expect(warnings[0]).to.contain('<cosmo-purchase-widget> is already defined');
    expect(warnings[1]).to.contain('<cosmo-multibrand-widget> is already defined');
  });
});
