import { ENVIRONMENTS } from './environments.js';
import type { Environment } from './environments.js';
import { ProtocolError, ProtocolErrorCode } from './errors.js';
import { CHANNEL_PATTERN, PROTOCOL_VERSION } from './messages.js';
import type { WidgetKind } from './messages.js';
import { isSecureUrl } from './secure-url.js';

/** Inputs of {@link buildWidgetUrl}. */
export interface WidgetUrlOptions {
  /** Which widget app to open. */
  widget: WidgetKind;
  /** The widget token from the partner backend. */
  token: string;
  /** The random channel id of this widget instance. */
  channel: string;
  /** The host page's origin, e.g. `location.origin`; the app posts only to it. */
  hostOrigin: string;
  /** Cosmo environment; `sandbox` unless `widgetUrl` is given. */
  environment?: Environment;
  /** Overrides the environment's widget URL (https only, localhost excepted). */
  widgetUrl?: string;
  /** BCP 47 language tag for the widget's UI. */
  locale?: string;
}

/**
 * Resolves and checks a widget app URL: https, or http on a loopback host.
 * @throws {ProtocolError} `invalid-widget-url`
 */
export function resolveWidgetUrl(widget: WidgetKind, environment: Environment = 'sandbox', widgetUrl?: string): URL {
  const raw = widgetUrl ?? ENVIRONMENTS[environment]?.widgetUrls[widget];
  let url: URL;
  try {
    url = new URL(raw ?? '');
  } catch (cause) {
    throw new ProtocolError(ProtocolErrorCode.InvalidWidgetUrl, `widget URL "${String(raw)}" is not an absolute URL`, { cause });
  }
  if (!isSecureUrl(url)) {
    throw new ProtocolError(ProtocolErrorCode.InvalidWidgetUrl, `widget URL must use https (http only on localhost), got "${url.origin}"`);
  }
  return url;
}

/**
 * Builds the iframe URL of a widget app: the token (as Cosmo's guide says, a query parameter),
 * the channel id and host origin the app must echo and post to, the locale and protocol version.
 * @throws {ProtocolError} `invalid-widget-url` or `invalid-option`
 * @example
 * iframe.src = buildWidgetUrl({ widget: 'purchase', token, channel, hostOrigin: location.origin });
 */
export function buildWidgetUrl(options: WidgetUrlOptions): string {
  const url = resolveWidgetUrl(options.widget, options.environment, options.widgetUrl);
  if (!CHANNEL_PATTERN.test(options.channel)) {
    throw new ProtocolError(ProtocolErrorCode.InvalidOption, 'channel must be 8 to 64 URL-safe characters');
  }
  let origin: string;
  try {
    origin = new URL(options.hostOrigin).origin;
  } catch (cause) {
    throw new ProtocolError(ProtocolErrorCode.InvalidOption, `hostOrigin "${options.hostOrigin}" is not an origin`, { cause });
  }
  if (origin === 'null') throw new ProtocolError(ProtocolErrorCode.InvalidOption, 'hostOrigin must be a real origin, not "null"');
  if (!options.token) throw new ProtocolError(ProtocolErrorCode.InvalidOption, 'token is empty');
  const params = url.searchParams;
  params.set('token', options.token);
  params.set('channel', options.channel);
  params.set('origin', origin);
  params.set('v', String(PROTOCOL_VERSION));
  if (options.locale) params.set('locale', options.locale);
  return url.href;
}
