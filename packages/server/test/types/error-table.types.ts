/**
 * Type-level tests of the one error table, checked inside `pnpm test` (`test/node/typecheck.test.ts` runs
 * `tsc -p tsconfig.test.json`): the views are subsets of the table, and no code outside it can be thrown or answered.
 */
import { CosmoServerError, CosmoServerErrorCode, EndpointErrorCode, WebhookVerificationError, WebhookVerificationReason } from '../../src/index.js';
import { errorResponse } from '../../src/endpoint-errors.js';

// Each view's codes are codes of the table, under the same names.
export const answered: CosmoServerErrorCode = EndpointErrorCode.WebhookInProgress;
export const reason: CosmoServerErrorCode = WebhookVerificationReason.SignatureMismatch;
export const sameName: typeof CosmoServerErrorCode.PayloadTooLarge = EndpointErrorCode.PayloadTooLarge;
// @ts-expect-error: a view holds only its own members (missing-headers is a reason, never a route's code)
EndpointErrorCode.MissingHeaders;
// @ts-expect-error: nor does the reasons view hold a route's code
WebhookVerificationReason.WebhookInProgress;

new CosmoServerError(CosmoServerErrorCode.Timeout, 'a code of the table');
// @ts-expect-error: a code outside the table cannot be thrown
new CosmoServerError('not-a-code', 'message');
// @ts-expect-error: nor given as a reason
new WebhookVerificationError('not-a-reason', 'message');
// @ts-expect-error: a reason must be one of the reasons view, not any code of the table
new WebhookVerificationError(CosmoServerErrorCode.Timeout, 'message');

errorResponse(404, EndpointErrorCode.MethodNotAllowed, 'a code of the view');
// @ts-expect-error: a route cannot answer a code outside the view
errorResponse(404, 'not-found', 'message');
// @ts-expect-error: nor a thrown-only code of the table
errorResponse(502, CosmoServerErrorCode.UpstreamError, 'message');
// @ts-expect-error: the reason it adds is one of the reasons view
errorResponse(400, EndpointErrorCode.WebhookVerificationFailed, 'message', undefined, EndpointErrorCode.InvalidRequest);
