/**
 * Server rendering: the entry imports in Node without a DOM (Next.js, Remix and Nuxt do this) and
 * renders the tags with their attributes-free markup; the element upgrades on the client.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

test('imports in Node without touching window, and renderToString emits the custom element tags', async () => {
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  const { CosmoMultibrandWidget, CosmoPurchaseWidget } = await import('@cosmopoints/widgets-react');
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  const html = renderToString(
    createElement('main', null, createElement(CosmoPurchaseWidget, { tokenUrl: '/api/cosmo/token', id: 'buy', onTransactionComplete: () => undefined }), createElement(CosmoMultibrandWidget, { tokenUrl: '/api/cosmo/token' })),
  );
  assert.match(html, /<cosmo-purchase-widget[^>]*id="buy"[^>]*><\/cosmo-purchase-widget>/);
  assert.match(html, /<cosmo-multibrand-widget[^>]*><\/cosmo-multibrand-widget>/);
  assert.doesNotMatch(html, /onTransactionComplete|function/, 'event props are never rendered as attributes');
});
