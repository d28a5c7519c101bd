/**
 * Turns the element's attributes and properties into a checked configuration. Invalid input is
 * an `invalid-config` error the element reports as `cosmo-error`, never a throw into the page.
 */
import { appearanceSchema, hostMessageSchemas, isEnvironment, resolveWidgetUrl } from '@cosmopoints/protocol';
import type { Appearance, Environment, WidgetKind } from '@cosmopoints/protocol';
import { CosmoWidgetError, CosmoWidgetErrorCode } from '../errors.js';
import { tokenEndpoint } from './token-source.js';
import type { FetchToken } from './token-source.js';

/** The element inputs a configuration is read from. */
export interface WidgetInputs {
  tokenUrl?: string | null | undefined;
  fetchToken?: FetchToken | null | undefined;
  environment?: string | null | undefined;
  widgetUrl?: string | null | undefined;
  locale?: string | null | undefined;
  appearance?: Appearance | null | undefined;
  timeout?: number | undefined;
}

/** A checked configuration for one widget session. */
export interface WidgetConfig {
  token: FetchToken;
  widgetUrl: URL;
  locale: string | undefined;
  appearance: Appearance | undefined;
  timeout: number;
}

const invalid = (message: string, cause?: unknown) => new CosmoWidgetError(CosmoWidgetErrorCode.InvalidConfig, message, { cause });

// The guards throw `{path, expected}`; turn that into one readable sentence.
function check<T>(schema: (value: unknown, path: string) => T, value: unknown, name: string): T {
  try {
    return schema(value, name);
  } catch (cause) {
    const { path, expected } = cause as { path: string; expected: string };
    throw invalid(`${path} must be ${expected}`, cause);
  }
}

/** Checks an `appearance` value; `undefined` and `null` mean none. */
export const checkAppearance = (value: unknown): Appearance | undefined =>
  value == null ? undefined : check(appearanceSchema, value, 'appearance');

/**
 * Reads and checks the inputs of a `widget` element.
 * @throws {CosmoWidgetError} `invalid-config`
 */
export function resolveConfig(widget: WidgetKind, inputs: WidgetInputs): WidgetConfig {
  const { tokenUrl, fetchToken, environment, widgetUrl, timeout = 15_000 } = inputs;
  let token: FetchToken;
  if (fetchToken != null) {
    if (typeof fetchToken !== 'function') throw invalid('fetchToken must be a function');
    token = fetchToken;
  } else if (tokenUrl) {
    let url: URL;
    try {
      url = new URL(tokenUrl, document.baseURI);
    } catch (cause) {
      throw invalid(`token-url "${tokenUrl}" is not a URL`, cause);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid(`token-url must be http(s), got "${url.protocol}"`);
    token = tokenEndpoint(url.href);
  } else {
    throw invalid('set the token-url attribute or the fetchToken property');
  }
  if (environment && !isEnvironment(environment)) throw invalid(`environment must be "sandbox" or "production", got "${environment}"`);
  let url: URL;
  try {
    url = resolveWidgetUrl(widget, (environment || undefined) as Environment | undefined, widgetUrl || undefined);
  } catch (cause) {
    throw invalid(`widget-url: ${(cause as Error).message.replace(/^@cosmopoints\/protocol: /, '')}`, cause);
  }
  if (!(typeof timeout === 'number' && timeout > 0 && timeout <= 600_000)) throw invalid(`timeout must be 1 to 600000 milliseconds, got ${timeout}`);
  const { locale } = check(hostMessageSchemas.init, { locale: inputs.locale || undefined }, 'init');
  return { token, widgetUrl: url, locale, appearance: checkAppearance(inputs.appearance), timeout };
}
