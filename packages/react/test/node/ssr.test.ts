/**
 * Server rendering: the entry imports in Node without a DOM (Next.js, Remix and Nuxt do this) and renders
 * the tags with the attributes the element reads (`token-url`, `widget-url`, `timeout`…), so the element,
 * upgraded before hydration, starts on its own; functions and objects stay for the client.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

test('imports in Node without touching window, and renderToString emits the tags with the inputs as attributes', async () => {
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  const { CosmoMultibrandWidget, CosmoPurchaseWidget } = await import('@cosmopoints/widgets-react');
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  const html = renderToString(
    createElement(
      'main',
      null,
      createElement(CosmoPurchaseWidget, {
        tokenUrl: '/api/cosmo/token',
        widgetUrl: 'https://widget.example.com/purchase',
        environment: 'production',
        locale: 'ar-AE',
        timeout: 20_000,
        debug: true,
        presentation: 'dialog',
        id: 'buy',
        className: 'buy',
        appearance: { colorPrimary: '#0a7' },
        fetchToken: async () => 'token',
        onTransactionComplete: () => undefined,
      }),
      createElement(CosmoMultibrandWidget, { tokenUrl: '/api/cosmo/token' }),
    ),
  );
  assert.equal(
    html,
    '<main><cosmo-purchase-widget id="buy" class="buy" token-url="/api/cosmo/token" environment="production" widget-url="https://widget.example.com/purchase" locale="ar-AE" timeout="20000" debug="" presentation="dialog"></cosmo-purchase-widget>' +
      '<cosmo-multibrand-widget token-url="/api/cosmo/token"></cosmo-multibrand-widget></main>',
  );
  assert.doesNotMatch(html, /onTransactionComplete|function|tokenUrl|appearance|fetchToken/, 'no event prop, property name, object or function as an attribute');
});
