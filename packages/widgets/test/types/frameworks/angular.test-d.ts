/** Type tests (tsc only) of the Angular event helpers: the handler gets the event class of its name. */
import type { CosmoProgramConnectEvent, CosmoTransactionCompleteEvent } from '@cosmopoints/widgets';
import { cosmoHandler, isCosmoEvent } from '@cosmopoints/widgets/angular';

export const onComplete: (event: Event) => void = cosmoHandler('cosmo-transaction-complete', (event) => {
  const typed: CosmoTransactionCompleteEvent = event;
  return typed.detail.transactionId;
});
export function narrow(event: Event): string | undefined {
  if (isCosmoEvent(event, 'cosmo-program-connect')) {
    const typed: CosmoProgramConnectEvent = event;
    return typed.detail.program.name;
  }
  return undefined;
}
// @ts-expect-error not a Cosmo event name
cosmoHandler('cosmo-purchase', () => undefined);
// @ts-expect-error the detail of a transaction has no share
cosmoHandler('cosmo-transaction-complete', (event) => event.detail.share);


// The dialog's events, from the element's event table like every other.
export const onOpen: (event: Event) => void = cosmoHandler('cosmo-open', (event) => event.detail);
export const onClose: (event: Event) => void = cosmoHandler('cosmo-close', (event) => event.detail.reason);
