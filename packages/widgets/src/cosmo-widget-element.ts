import type { WidgetKind } from '@cosmopoints/protocol';
import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { styles } from './cosmo-widget-element.styles.js';
import { pageLanguage } from './config.js';
import { DialogController } from './dialog-controller.js';
import { CosmoWidgetErrorCode, errorFamily } from './errors.js';
import type { CosmoWidgetError } from './errors.js';
import { on } from './event-table.js';
import type { EventMapOf } from './event-table.js';
import { CosmoCloseEvent } from './events/close.js';
import { CosmoErrorEvent } from './events/error.js';
import { CosmoOpenEvent } from './events/open.js';
import { CosmoOpenUrlEvent } from './events/open-url.js';
import { CosmoReadyEvent } from './events/ready.js';
import { CosmoResizeEvent } from './events/resize.js';
import { CosmoTokenRefreshEvent } from './events/token-refresh.js';
import { textsFor } from './internal/texts.js';
import { WIDGET_INPUTS } from './inputs.js';
import type { WidgetInputs } from './inputs.js';
import { WidgetSession, WidgetState } from './session-controller.js';
import type { WidgetEventTable } from './session-controller.js';

export { SPINNER_DELAY_MS, WidgetState } from './session-controller.js';

// The inputs' types are the class's own properties (Lit makes their accessors from `static properties`).
export interface CosmoWidgetElement extends WidgetInputs {}

/**
 * The shared base of the Cosmo widget elements: token fetch, iframe, message bridge, states, the dialog
 * presentation and the shared events. A subclass names its widget kind and adds its own rows to the event table.
 *
 * The element wires two controllers to its template: the session (`session-controller.ts`: token, iframe URL,
 * handshake, messages, events) and the dialog (`dialog-controller.ts`).
 *
 * @slot loading - Shown while the token is fetched and the widget loads. Default: "Loading…" in the element's language.
 * @slot error - Shown in the error state, above the retry button. Default: a short text for the kind of failure.
 * @slot retry-label - The retry button's label. Default: "Try again".
 * @csspart iframe - The widget's iframe.
 * @csspart loading - The loading container (`role="status"`).
 * @csspart spinner - The loading indicator (still when the user prefers reduced motion).
 * @csspart error - The error container (`role="alert"`).
 * @csspart error-message - The default error text.
 * @csspart retry - The built-in retry button, shown only when retrying can help.
 * @csspart dialog - Dialog presentation: the `<dialog>` (full screen below 600px wide).
 * @csspart title - Dialog presentation: the dialog's title.
 * @csspart close - Dialog presentation: the dialog's close button.
 * @cssprop [--cosmo-widget-min-height=120px] - Smallest height of the iframe and of the loading and error states.
 * @cssprop [--cosmo-widget-max-height=2000px] - Largest height of the iframe; the widget scrolls inside beyond it.
 * @attribute {'idle' | 'loading' | 'ready' | 'error'} state - Reflected, read-only: the element's state, for styling (`[state=error]`).
 */
export abstract class CosmoWidgetElement extends LitElement {
  static override styles = styles;
  /** The element's inputs (see `inputs.ts`): the properties, their attributes and their types come from this one list. */
  static override properties = WIDGET_INPUTS;
  /** Which widget app the element embeds; set by each subclass. */
  static readonly widget: WidgetKind;
  /**
   * The element's event table: what each message of the widget app (and the dialog's opening, and any
   * failure) becomes. Subclasses add their widget's rows.
   */
  static readonly events = {
    ready: on(CosmoReadyEvent, ({ widget }) => ({ widget })),
    resize: on(CosmoResizeEvent, ({ height }) => ({ height })),
    close: on(CosmoCloseEvent, ({ reason }) => (reason ? { reason } : {})),
    error: on(CosmoErrorEvent, ({ code, message, recoverable = true }) => ({ code: CosmoWidgetErrorCode.WidgetError, message, recoverable, widgetCode: code })),
    failure: on(CosmoErrorEvent, ({ code, message, recoverable, status, attempts }: CosmoWidgetError) => ({
      code,
      message,
      recoverable,
      ...(status ? { status } : {}),
      ...(attempts ? { attempts } : {}),
    })),
    'token-request': on(CosmoTokenRefreshEvent, ({ expiresAt }) => (expiresAt ? { expiresAt } : {})),
    open: on(CosmoOpenEvent, () => ({})),
    'open-url': on(CosmoOpenUrlEvent, ({ url, purpose = 'link' }) => ({ url, purpose })),
  } satisfies WidgetEventTable;

  readonly #session: WidgetSession = new WidgetSession(this, {
    widget: (this.constructor as typeof CosmoWidgetElement).widget,
    events: (this.constructor as typeof CosmoWidgetElement).events,
    frame: () => this.renderRoot.querySelector('iframe') ?? undefined,
    close: (reason) => this.#dialog.closeFromWidget(reason),
  });
  readonly #dialog = new DialogController(this, { dialog: () => this.renderRoot.querySelector('dialog') ?? undefined, emit: (source, input) => this.#session.emit(source, input) });

  constructor() {
    super();
    this.timeout = 15_000;
    this.debug = false;
    this.open = false;
  }

  /** Which widget app this element embeds. */
  get widget(): WidgetKind {
    return (this.constructor as typeof CosmoWidgetElement).widget;
  }

  /** The current state, also reflected as the `state` attribute. Read-only. */
  get state(): WidgetState {
    return this.#session.state;
  }

  /** The error behind the `error` state, if any. */
  get error(): CosmoWidgetError | undefined {
    return this.#session.error;
  }

  /** Starts over: a fresh token, a fresh iframe. What the retry button does. */
  reload(): void {
    this.#session.restart();
  }

  /** Dialog presentation: fetches the token and loads the widget now, so that opening it later is instant. */
  preload(): void {
    this.#session.preload();
  }

  /** Dialog presentation: opens the dialog (loading the widget first if `preload()` was not called). */
  show(): void {
    this.open = true;
  }

  /** Dialog presentation: closes the dialog; `cosmo-close` fires with `reason`. The widget stays loaded. */
  close(reason = 'api'): void {
    this.#dialog.close(reason);
  }

  protected override update(changed: PropertyValues<this>): void {
    // After the controllers' hostUpdate (the session may have just started): the attribute styles this render.
    this.setAttribute('state', this.#session.state);
    super.update(changed);
  }

  protected override render(): TemplateResult {
    const { state, error, src, height, slow } = this.#session;
    const [texts, dir] = textsFor(this.locale || pageLanguage(this));
    const lang = dir === 'rtl' ? 'ar' : 'en';
    const title = this.frameTitle || texts[this.widget];
    const dialog = this.presentation === 'dialog';
    /* The iframe, one per session, always at this one place in the template, so no render moves or recreates it
       (a moved iframe reloads). A new session is a new iframe, never the old one navigated (which would add a
       history entry to the page: the back button would step the widget back): a session starts in the session's
       hostUpdate, which clears `src` before this render, so every session renders once without an iframe and its
       URL then creates a fresh one here. Its sandbox, each flag needed and no more:
         allow-scripts      the widget is a JavaScript app;
         allow-same-origin  keeps the app's real origin: without it event.origin is "null" and the
                            bridge could not tell Cosmo from any other sandboxed frame; the app also
                            needs it for its own API calls;
         allow-forms        the app submits its purchase and preference forms;
         allow-popups       a link the app opens itself (target=_blank) opens in a new tab.
         Left out: allow-top-navigation (the widget can never navigate the partner page), modals, downloads,
         pointer lock, presentation, and allow-popups-to-escape-sandbox: a tab the frame opens keeps this
         sandbox, so even a tab that kept its opener cannot navigate the partner page. A page that needs more (a
         program's sign-in, its terms) is opened by the page itself through open-url: a new, unsandboxed tab with
         noopener, or the native in-app browser in a WebView.
       No `allow` attribute: cross-origin frames get no powerful feature (camera, geolocation, payment…)
       unless delegated, and the widget needs none. referrerpolicy strict-origin: Cosmo may learn the
       embedding origin (the URL carries it anyway), never the partner page's path or query. loading eager: a
       lazy iframe below the fold would not load, time out its handshake and let its short-lived token expire.
       Until the handshake it is invisible (styles) and inert: out of reach too. */
    const frame = src
      ? html`<iframe
          part="iframe"
          sandbox="allow-scripts allow-same-origin allow-forms allow-popups"
          referrerpolicy="strict-origin"
          loading="eager"
          src=${src}
          title=${title}
          ?inert=${state !== WidgetState.Ready}
          height=${height ?? nothing}
        ></iframe>`
      : nothing;
    const body = html`<div class="body" dir=${dialog ? nothing : dir} lang=${dialog ? nothing : lang}>
      ${state === WidgetState.Loading || state === WidgetState.Idle
        ? html`<div part="loading" role="status" ?data-slow=${slow}>
            <span part="spinner" aria-hidden="true"></span><slot name="loading">${texts.loading}</slot>
          </div>`
        : nothing}
      ${error
        ? html`<div part="error" role="alert">
            <slot name="error"><span part="error-message">${texts[errorFamily(error)]}</span></slot>
            <button part="retry" type="button" ?hidden=${!error.recoverable} @click=${() => this.reload()}>
              <slot name="retry-label">${texts.retry}</slot>
            </button>
          </div>`
        : nothing}
      ${frame}
    </div>`;
    if (!dialog) return body;
    return html`<dialog part="dialog" aria-labelledby="title" dir=${dir} lang=${lang} ?data-phone=${this.#dialog.phone} @close=${this.#dialog.closed}>
      <header>
        <h2 part="title" id="title">${title}</h2>
        <button part="close" type="button" aria-label=${texts.close} @click=${() => this.close('user')}>×</button>
      </header>
      ${body}
    </dialog>`;
  }
}

/** Every event both elements dispatch, by DOM event name. */
export type CosmoWidgetEventMap = EventMapOf<typeof CosmoWidgetElement.events>;
