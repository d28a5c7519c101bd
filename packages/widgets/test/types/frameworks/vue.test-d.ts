/**
 * Type tests (tsc only) of the Vue typings: `GlobalComponents` knows both tags, their inputs and their
 * `on<Event>` handlers (what Vue compiles `@cosmo-transaction-complete` into), typed from the event
 * classes. Each `@ts-expect-error` must be an error, or tsc reports it as unused.
 */
// Loads the augmentation of Vue's GlobalComponents, as a partner's `/// <reference types>` or tsconfig `types` does.
import type {} from '@cosmopoints/widgets/vue';
import type { GlobalComponents } from 'vue';
import type { CosmoErrorEvent, CosmoOpenEvent, CosmoProgramUpdateEvent, CosmoTransactionCompleteEvent } from '@cosmopoints/widgets';
import { assertType } from '../helpers.js';
import type { Equal } from '../helpers.js';

type PurchaseProps = InstanceType<GlobalComponents['cosmo-purchase-widget']>['$props'];
type MultibrandProps = InstanceType<GlobalComponents['cosmo-multibrand-widget']>['$props'];
type Handler<P, K extends keyof P> = NonNullable<P[K]> extends (event: infer E) => unknown ? E : never;

export const purchase: PurchaseProps = {
  tokenUrl: '/api/cosmo/token',
  environment: 'sandbox',
  widgetUrl: 'http://127.0.0.1:4010/widgets/purchase',
  locale: 'en',
  appearance: { colorPrimary: '#0a58ca' },
  fetchToken: async ({ widget }) => ({ token: widget }),
  presentation: 'dialog',
  open: true,
  onCosmoOpen: (event) => event.detail,
  onCosmoReady: (event) => event.detail.widget,
  onCosmoResize: (event) => event.detail.height,
  onCosmoClose: (event) => event.detail.reason,
  onCosmoError: (event) => event.detail.code,
  onCosmoTokenRefresh: (event) => event.detail.expiresAt,
  onCosmoTransactionComplete: (event) => event.detail.transactionId,
  onCosmoTransactionFail: (event) => event.detail.code,
};
export const multibrand: MultibrandProps = {
  tokenUrl: '/api/cosmo/token',
  onCosmoProgramConnect: (event) => event.detail.share,
  onCosmoProgramDisconnect: (event) => event.detail.connections,
  onCosmoProgramUpdate: (event) => event.detail.previousShare,
};
assertType<Equal<Handler<PurchaseProps, 'onCosmoTransactionComplete'>, CosmoTransactionCompleteEvent>>();
assertType<Equal<Handler<PurchaseProps, 'onCosmoError'>, CosmoErrorEvent>>();
assertType<Equal<Handler<MultibrandProps, 'onCosmoOpen'>, CosmoOpenEvent>>();
assertType<Equal<Handler<MultibrandProps, 'onCosmoProgramUpdate'>, CosmoProgramUpdateEvent>>();

// @ts-expect-error environment is 'sandbox' | 'production'
export const e1: PurchaseProps = { environment: 'staging' };
// @ts-expect-error tokenUrl is a string
export const e2: PurchaseProps = { tokenUrl: 42 };
// @ts-expect-error the purchase widget has no program events
export const e3: PurchaseProps = { onCosmoProgramConnect: () => undefined };
// @ts-expect-error the multibrand widget has no transaction events
export const e4: MultibrandProps = { onCosmoTransactionComplete: () => undefined };
// @ts-expect-error a transaction detail has no share
export const e5: PurchaseProps = { onCosmoTransactionComplete: (event) => event.detail.share };
// @ts-expect-error appearance colours are strings
export const e6: PurchaseProps = { appearance: { colorPrimary: 1 } };
// @ts-expect-error presentation is 'inline' | 'dialog'
export const e7: PurchaseProps = { presentation: 'modal' };
// @ts-expect-error open is a boolean
export const e8: PurchaseProps = { open: 'yes' };
