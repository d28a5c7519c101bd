/**
 * Turns an element's inputs into a checked configuration. Invalid input is an `invalid-config` error the
 * element reports as `cosmo-error`, never a throw into the page. No token source yet is not an error: the
 * element waits, idle (server rendering sets the inputs after the tag exists).
 */
import { appearanceSchema, hostMessageSchemas, isEnvironment, resolveWidgetUrl } from '@cosmopoints/protocol';
import type { Appearance, Environment, WidgetKind } from '@cosmopoints/protocol';
import type { CosmoWidgetInputs } from './inputs.js';
import { CosmoWidgetError, CosmoWidgetErrorCode } from './errors.js';
import { tokenEndpoint } from './token-source.js';
import type { FetchToken } from './token-source.js';

/** The inputs a session is made of: a change to any of them starts a new session (new token, new iframe). */
export const SESSION_INPUTS = ['tokenUrl', 'fetchToken', 'environment', 'widgetUrl', 'locale', 'timeout', 'presentation'] as const;

/** A checked configuration for one widget session. */
export interface WidgetConfig {
  /** `undefined` while neither `token-url` nor `fetchToken` is set. */
  token: FetchToken | undefined;
  widgetUrl: URL;
  locale: string | undefined;
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
export const checkAppearance = (value: unknown): Appearance | undefined => (value == null ? undefined : check(appearanceSchema, value, 'appearance'));

/** The language of the page around `element`: the closest `lang` attribute. */
export const pageLanguage = (element: Element): string => element.closest('[lang]')?.getAttribute('lang') ?? '';

/**
 * Reads and checks the inputs of a `widget` element. The widget app's locale is `locale`, else the page's
 * language when it is a valid tag.
 * @throws {CosmoWidgetError} `invalid-config`
 */
export function resolveConfig(widget: WidgetKind, inputs: CosmoWidgetInputs, lang: string): WidgetConfig {
  const { tokenUrl, fetchToken, environment, widgetUrl, timeout = 15_000 } = inputs;
  let token: FetchToken | undefined;
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
  }
  if (environment && !isEnvironment(environment)) throw invalid(`environment must be "sandbox" or "production", got "${environment}"`);
  let url: URL;
  try {
    url = resolveWidgetUrl(widget, (environment || undefined) as Environment | undefined, widgetUrl || undefined);
  } catch (cause) {
    throw invalid(`widget-url must be an absolute https URL (http only on localhost), got "${widgetUrl}"`, cause);
  }
  if (!(typeof timeout === 'number' && timeout > 0 && timeout <= 600_000)) throw invalid(`timeout must be 1 to 600000 milliseconds, got ${timeout}`);
  const init = hostMessageSchemas.init;
  let locale = inputs.locale ? check(init, { locale: inputs.locale }, 'init').locale : undefined;
  if (!locale && lang) {
    try {
      locale = init({ locale: lang }, 'lang').locale;
    } catch {
      // A page language that is not a BCP 47 tag (`en_US`): the widget app picks its own.
    }
  }
  return { token, widgetUrl: url, locale, timeout };
}
