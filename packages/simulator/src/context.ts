/** What every route module and the control API share: the state, the webhook dispatcher and the resolved options. */
import type { Environment } from '@cosmopoints/protocol';
import type { FaultInjector } from './faults.js';
import type { RequestLog } from './request-log.js';
import type { SignInStore } from './sign-ins.js';
import type { SimulatorStore } from './store.js';
import type { WebhookDispatcher } from './webhooks.js';
import type { WireVersions } from './wire.js';

/** The simulator's parts, handed to each route module. */
export interface SimulatorContext {
  readonly store: SimulatorStore;
  /** Program sign-ins (the multibrand widget's sign-in step). */
  readonly signIns: SignInStore;
  readonly webhooks: WebhookDispatcher;
  readonly faults: FaultInjector;
  readonly log: RequestLog;
  readonly widgetTokenTtlSeconds: number;
  readonly accessTokenTtlSeconds: number;
  /** Which documented version of each response the API writes now (`current`), and after a reset (`initial`). */
  readonly wire: { current: WireVersions; readonly initial: Readonly<WireVersions> };
  /** `undefined`: any origin may embed the widgets. */
  readonly allowedOrigins: readonly string[] | undefined;
  /** Directory of the built widget app assets. */
  readonly assetsDir: URL;
}

/** The environments a simulator serves. */
export const ENVIRONMENT_PREFIXES: readonly Environment[] = ['sandbox', 'production'];
