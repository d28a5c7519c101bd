import type { WidgetKind } from './messages.js';

/** Where Cosmo lives in each environment. API bases are from Cosmo's partner guide; widget URLs are assumed (docs/DESIGN-NOTES.md, the design in brief). */
export const ENVIRONMENTS = {
  sandbox: {
    apiUrl: 'https://api.sandbox.cosmopoints.com',
    widgetUrls: {
      purchase: 'https://widget.sandbox.cosmopoints.com/purchase',
      multibrand: 'https://widget.sandbox.cosmopoints.com/multibrand',
    },
  },
  production: {
    apiUrl: 'https://api.cosmopoints.com',
    widgetUrls: {
      purchase: 'https://widget.cosmopoints.com/purchase',
      multibrand: 'https://widget.cosmopoints.com/multibrand',
    },
  },
} as const satisfies Record<string, { apiUrl: string; widgetUrls: Record<WidgetKind, string> }>;

/** `'sandbox' | 'production'`. */
export type Environment = keyof typeof ENVIRONMENTS;

/** `true` for `sandbox` and `production`. */
export const isEnvironment = (value: unknown): value is Environment =>
  typeof value === 'string' && Object.hasOwn(ENVIRONMENTS, value);
