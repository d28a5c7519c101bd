/**
 * The element's inputs, the one list they are made from: the reactive properties (`WIDGET_INPUTS`: their
 * attributes, for the element, the React wrapper's server render and the Custom Elements Manifest) and
 * their types (`WidgetInputs`: the element's properties, the Vue and React props). A type check below
 * keeps the two keyed alike.
 */
import type { Appearance, Environment } from '@cosmopoints/protocol';
import type { PropertyDeclaration } from 'lit';
import type { FetchToken } from './token-source.js';

/** The attribute of a declared property (Lit's rule: `attribute`, else the property name lower-cased), or `undefined` when it has none. */
export const attributeOf = (name: string, { attribute = true }: PropertyDeclaration): string | undefined =>
  attribute === false ? undefined : attribute === true ? name.toLowerCase() : attribute;

/** The reactive properties of the elements (Lit's `static properties`), and their attributes. */
export const WIDGET_INPUTS = {
  tokenUrl: { attribute: 'token-url' },
  fetchToken: { attribute: false },
  environment: {},
  widgetUrl: { attribute: 'widget-url' },
  locale: {},
  appearance: { attribute: false },
  timeout: { type: Number },
  debug: { type: Boolean },
  frameTitle: { attribute: 'frame-title' },
  presentation: {},
  open: { type: Boolean, reflect: true },
} as const satisfies Readonly<Record<string, PropertyDeclaration>>;

/** How the element shows its widget: in the page (default), or as a modal dialog opened by `show()` / `open`. */
export type WidgetPresentation = 'inline' | 'dialog';

/** The elements' inputs, as properties. */
export interface WidgetInputs {
  /** The partner endpoint that returns widget tokens: `POST` JSON `{widget}` with same-origin credentials → `{token, expiresAt?}`. */
  tokenUrl?: string;
  /** A custom token source; overrides `token-url` (for auth headers, a framework's HTTP client…). */
  fetchToken?: FetchToken;
  /** Cosmo environment, `sandbox` (default) or `production`. */
  environment?: Environment;
  /** Overrides the environment's widget app URL; https only (http on localhost). */
  widgetUrl?: string;
  /** BCP 47 language tag for the widget and the element's own texts, e.g. `fr-CA`. Default: the page's `lang`. */
  locale?: string;
  /** Brand colours, font and radius; sent at the handshake and live on change. */
  appearance?: Appearance;
  /** Milliseconds to wait for the token (retries included), and then for the widget's handshake. Default 15000. */
  timeout: number;
  /** Logs every dropped message and every retried token request with `console.debug`. */
  debug: boolean;
  /** The iframe's (and the dialog's) accessible title. Default: "Cosmo purchase widget" / "Cosmo multibrand widget", translated. */
  frameTitle?: string;
  /** `inline` (default) or `dialog`: a modal dialog, opened by `show()` or the `open` attribute, loaded at `preload()` or first open. */
  presentation?: WidgetPresentation;
  /** Dialog presentation: whether the dialog is open. Reflected. */
  open: boolean;
}

/** The element's inputs as optional properties: what the framework typings take. */
export type CosmoWidgetInputs = Partial<WidgetInputs>;

// The list and the types name the same inputs: adding one to either without the other fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
/** `true`: {@link WIDGET_INPUTS} and {@link WidgetInputs} name the same inputs (checked by the compiler). */
export type InputsKeyedAlike = Assert<Same<keyof WidgetInputs, keyof typeof WIDGET_INPUTS>>;
