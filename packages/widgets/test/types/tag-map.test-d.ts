/**
 * Type tests (tsc only) of the tag map, as a consumer sees the package (`@cosmopoints/widgets`
 * through its `exports`): both tags map to their classes, properties have their types, and misuse
 * is a compile error.
 */
import '@cosmopoints/widgets/define';
import type { Appearance, CosmoMultibrandWidget, CosmoPurchaseWidget, CosmoWidgetError, FetchToken, WidgetState } from '@cosmopoints/widgets';
import { WIDGET_TAGS } from '@cosmopoints/widgets/define';
import { assertType } from './helpers.js';
import type { Equal } from './helpers.js';

// The two classes' instance types are structurally alike (they differ in their statics), so the
// constructor map below is what tells them apart.
assertType<Equal<HTMLElementTagNameMap['cosmo-purchase-widget'], CosmoPurchaseWidget>>();
assertType<Equal<HTMLElementTagNameMap['cosmo-multibrand-widget'], CosmoMultibrandWidget>>();
assertType<Equal<(typeof WIDGET_TAGS)['cosmo-purchase-widget'], typeof CosmoPurchaseWidget>>();
assertType<Equal<(typeof WIDGET_TAGS)['cosmo-multibrand-widget'], typeof CosmoMultibrandWidget>>();
assertType<Equal<(typeof WIDGET_TAGS)['cosmo-purchase-widget']['widget'], 'purchase'>>();
assertType<Equal<(typeof WIDGET_TAGS)['cosmo-multibrand-widget']['widget'], 'multibrand'>>();

const purchase = document.createElement('cosmo-purchase-widget');
assertType<Equal<typeof purchase, CosmoPurchaseWidget>>();
const multibrand = document.querySelector('cosmo-multibrand-widget');
assertType<Equal<typeof multibrand, CosmoMultibrandWidget | null>>();

purchase.tokenUrl = '/api/cosmo/token';
purchase.environment = 'production';
purchase.widgetUrl = 'https://widgets.example.com/purchase';
purchase.locale = 'fr-CA';
purchase.timeout = 10_000;
purchase.debug = true;
purchase.appearance = { colorPrimary: '#0a7', colorScheme: 'dark', borderRadius: '8px' };
purchase.fetchToken = async ({ widget, signal }) => {
  assertType<Equal<typeof widget, 'purchase' | 'multibrand'>>();
  assertType<Equal<typeof signal, AbortSignal>>();
  return { token: 't', expiresAt: '2030-01-01T00:00:00Z' };
};
purchase.fetchToken = async () => 'a-token-string';
purchase.reload();
assertType<Equal<typeof purchase.state, WidgetState>>();
assertType<Equal<WidgetState, 'idle' | 'loading' | 'ready' | 'error'>>();
purchase.presentation = 'dialog';
purchase.open = true;
purchase.preload();
purchase.show();
purchase.close();
purchase.close('done');
assertType<Equal<CosmoPurchaseWidget['open'], boolean>>();
assertType<Equal<typeof purchase.error, CosmoWidgetError | undefined>>();
assertType<Equal<typeof purchase.widget, 'purchase' | 'multibrand'>>();
assertType<Equal<NonNullable<typeof purchase.appearance>, Appearance>>();
assertType<Equal<NonNullable<typeof purchase.fetchToken>, FetchToken>>();

// @ts-expect-error timeout is a number of milliseconds
purchase.timeout = '10000';
// @ts-expect-error environment is 'sandbox' | 'production'
purchase.environment = 'prod';
// @ts-expect-error state is read-only
purchase.state = 'ready';
// @ts-expect-error error is read-only
purchase.error = undefined;
// @ts-expect-error colorScheme is 'light' | 'dark'
purchase.appearance = { colorScheme: 'blue' };
// @ts-expect-error fetchToken must resolve to a token or {token, expiresAt?}
purchase.fetchToken = async () => 42;
// @ts-expect-error reload takes no argument
purchase.reload(true);
// @ts-expect-error presentation is 'inline' | 'dialog'
purchase.presentation = 'modal';
// @ts-expect-error open is a boolean property (show() opens)
purchase.open();
// @ts-expect-error not a tag of this package
assertType<Equal<HTMLElementTagNameMap['cosmo-checkout-widget'], CosmoPurchaseWidget>>();
