/**
 * Prints `<main><CosmoPurchaseWidget {...props} /></main>` rendered by `react-dom/server` from the built package,
 * in a plain Node process as a server-rendering framework would: `node test/browser/ssr-render.mjs '<props JSON>'`.
 * Used by the `/__ssr/purchase` route of web-test-runner.config.mjs.
 */
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { CosmoPurchaseWidget } from '../../dist/index.js';

const props = JSON.parse(process.argv[2] ?? '{}');
process.stdout.write(renderToString(createElement('main', null, createElement(CosmoPurchaseWidget, { ...props, onReady: () => undefined }))));
