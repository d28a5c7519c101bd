/**
 * Type tests (tsc only) of the event map: `addEventListener('cosmo-…', e => e.detail…)` is typed
 * without casts on the elements, on any element (the events bubble) and on window; misuse is a
 * compile error.
 */
import type {
  CosmoErrorEvent,
  CosmoOpenUrlEvent,
  CosmoProgramConnectEvent,
  CosmoPurchaseWidget,
  CosmoTransactionCompleteEvent,
  CosmoWidgetErrorCode,
} from '@cosmopoints/widgets';
import { CosmoReadyEvent, CosmoTransactionCompleteEvent as CompleteEvent } from '@cosmopoints/widgets';
import { assertType } from './helpers.js';
import type { Equal } from './helpers.js';

declare const purchase: CosmoPurchaseWidget;

purchase.addEventListener('cosmo-transaction-complete', (e) => {
  assertType<Equal<typeof e, CosmoTransactionCompleteEvent>>();
  const points: number = e.detail.points;
  const id: string = e.detail.transactionId;
  const program: { readonly id: string; readonly name: string } = e.detail.program;
  const currency: string | undefined = e.detail.amount?.currency;
  // @ts-expect-error amount is optional: check it first
  void e.detail.amount.value;
  // @ts-expect-error no such detail field
  void e.detail.pointsEarned;
  // @ts-expect-error detail is read-only
  e.detail.points = 1;
  void [points, id, program, currency];
});

purchase.addEventListener('cosmo-open-url', (e) => {
  assertType<Equal<typeof e, CosmoOpenUrlEvent>>();
  const url: string = e.detail.url;
  const purpose: 'link' | 'sign-in' = e.detail.purpose;
  e.preventDefault(); // cancelable: the page opens the URL its own way
  // @ts-expect-error purpose is one of two
  const other: typeof e.detail.purpose = 'login';
  void [url, purpose, other];
});

document.body.addEventListener('cosmo-error', (e) => {
  assertType<Equal<typeof e, CosmoErrorEvent>>();
  assertType<Equal<typeof e.detail.code, CosmoWidgetErrorCode>>();
  const recoverable: boolean = e.detail.recoverable;
  // @ts-expect-error code is a union of known codes, not any string
  const code: typeof e.detail.code = 'token-expired';
  void [recoverable, code];
});

window.addEventListener('cosmo-program-connect', (e) => {
  assertType<Equal<typeof e, CosmoProgramConnectEvent>>();
  const share: number = e.detail.share;
  const connections: readonly { program: { id: string; name: string }; share: number }[] = e.detail.connections;
  void [share, connections];
});

purchase.addEventListener('cosmo-resize', (e) => {
  const height: number = e.detail.height;
  // @ts-expect-error height is a number
  const text: string = e.detail.height;
  void [height, text];
});

// Static event names are literal types usable as keys.
assertType<Equal<typeof CosmoReadyEvent.eventName, 'cosmo-ready'>>();
purchase.addEventListener(CompleteEvent.eventName, (e) => void e.detail.completedAt);

// Constructing an event checks its detail.
new CosmoReadyEvent({ widget: 'purchase' });
// @ts-expect-error widget is 'purchase' | 'multibrand'
new CosmoReadyEvent({ widget: 'checkout' });
// @ts-expect-error transactionId, program and completedAt are required
new CompleteEvent({ points: 1 });
