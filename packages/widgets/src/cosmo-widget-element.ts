import type { WidgetKind } from '@cosmopoints/protocol';
import { styles } from './cosmo-widget-element.styles.js';
import { pageLanguage } from './config.js';
import { CosmoWidgetErrorCode, errorFamily } from './errors.js';
import type { CosmoWidgetError } from './errors.js';
import { on } from './event-table.js';
import type { EventMapOf } from './event-table.js';
import { CosmoCloseEvent } from './events/close.js';
import { CosmoErrorEvent } from './events/error.js';
import { CosmoOpenEvent } from './events/open.js';
import { CosmoReadyEvent } from './events/ready.js';
import { CosmoResizeEvent } from './events/resize.js';
import { CosmoTokenRefreshEvent } from './events/token-refresh.js';
import { lockScroll } from './internal/scroll-lock.js';
import { textsFor } from './internal/texts.js';
import { WIDGET_INPUTS } from './inputs.js';
import type { WidgetInputs } from './inputs.js';
import { ReactiveHost } from './reactive-host.js';
import { WidgetSession, WidgetState } from './session-controller.js';
import type { WidgetEventTable } from './session-controller.js';

export { WidgetState } from './session-controller.js';

/** Creates an element with attributes and children. */
const h = (tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
};

/** A slot with a text node as its default content (the text follows the locale). */
const slot = (name: string): [HTMLSlotElement, Text] => {
  const text = new Text();
  return [h('slot', { name }, text) as HTMLSlotElement, text];
};

/** The shadow DOM, built once (again when the presentation changes). */
interface View {
  /** The container of the states and the iframe: the shadow root's child, or inside the dialog. */
  body: HTMLElement;
  loading: HTMLElement;
  error: HTMLElement;
  retry: HTMLElement;
  dialog: HTMLDialogElement | undefined;
  /** Texts following the locale: loading, retry, error, dialog title, close button. */
  texts: { loading: Text; retry: Text; error: Text; title: Text; close: HTMLElement | undefined };
}

/** The focused element, looking through shadow roots (the opener of a dialog may sit in one). */
const deepActiveElement = (): Element | null => {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};

// The inputs' types are the class's own properties (their accessors come from `finalize`).
export interface CosmoWidgetElement extends WidgetInputs {}

/**
 * The shared base of the Cosmo widget elements: token fetch, iframe, message bridge, states, the dialog
 * presentation and the shared events. A subclass names its widget kind and adds its own rows to the event table.
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
export abstract class CosmoWidgetElement extends ReactiveHost {
  static override styles = styles;
  /** The element's inputs (see `inputs.ts`): the properties, their attributes and their types come from this one list. */
  static override properties = WIDGET_INPUTS;
  static {
    this.finalize();
  }
  /** Which widget app the element embeds; set by each subclass. */
  static readonly widget: WidgetKind;
  /**
   * The element's event table: what each message of the widget app (and the dialog's own opening and
   * closing) becomes. Subclasses add their widget's rows.
   */
  static readonly events = {
    ready: on(CosmoReadyEvent, ({ widget }, session) => (session.handshake(widget) ? { widget } : undefined)),
    resize: on(CosmoResizeEvent, ({ height }, session) => {
      const clamped = session.resize(height);
      return clamped === undefined ? undefined : { height: clamped };
    }),
    // As a dialog, the widget's `close` closes it; the dialog's own `close` then comes back here, closed, and fires.
    close: on(CosmoCloseEvent, ({ reason }, { host }) => (host.presentation === 'dialog' && host.open ? void host.close(reason) : reason ? { reason } : {})),
    error: on(CosmoErrorEvent, ({ code, message, recoverable = true }) => ({ code: CosmoWidgetErrorCode.WidgetError, message, recoverable, widgetCode: code })),
    'token-request': on(CosmoTokenRefreshEvent, async (_, session) => {
      const token = await session.refresh();
      return token && (token.expiresAt ? { expiresAt: token.expiresAt } : {});
    }),
    open: on(CosmoOpenEvent, () => ({})),
  } satisfies WidgetEventTable;

  readonly #session: WidgetSession;
  #view: View | undefined;
  #frame: HTMLIFrameElement | undefined;
  #frameSrc: string | undefined;
  #opener: Element | null = null;
  #closeReason: string | undefined;
  /** While the dialog is open: the phone-width query that makes it full screen. */
  #phone: MediaQueryList | undefined;

  constructor() {
    super();
    this.#session = new WidgetSession(this, new.target);
    this.timeout = 15_000;
    this.debug = false;
    this.open = false;
  }

  /** Which widget app this element embeds. */
  get widget(): WidgetKind {
    return this.#session.widget;
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
    if (this.open) this.#closeReason = reason;
    this.open = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A removed element closes its dialog (its `close` event fires) and gives the page its scroll back.
    const dialog = this.#view?.dialog;
    if (dialog?.open) {
      this.#closeReason = 'disconnect';
      dialog.close();
    }
  }

  protected override update(): void {
    const session = this.#session;
    const state = session.state;
    const [texts, dir] = textsFor(this.locale || pageLanguage(this));
    const dialog = this.presentation === 'dialog';
    let view = this.#view;
    if (!view || !!view.dialog !== dialog) view = this.#view = this.#build(dialog);
    const title = this.frameTitle || texts[this.widget];
    this.setAttribute('state', state);
    const wrapper = view.dialog ?? view.body;
    wrapper.dir = dir;
    wrapper.lang = dir === 'rtl' ? 'ar' : 'en';
    view.texts.loading.data = texts.loading;
    view.texts.retry.data = texts.retry;
    view.texts.title.data = title;
    view.texts.close?.setAttribute('aria-label', texts.close);
    const loading = state === WidgetState.Loading || state === WidgetState.Idle;
    if (loading && !view.loading.parentNode) {
      // The spinner turns only once loading has lasted a while (styles): a fast load never runs the animation.
      const container = view.loading;
      container.removeAttribute('data-slow');
      setTimeout(() => container.setAttribute('data-slow', ''), SPINNER_DELAY_MS);
    }
    show(view.body, view.loading, loading);
    const error = session.error;
    show(view.body, view.error, !!error);
    if (error) {
      view.texts.error.data = texts[errorFamily(error)];
      view.retry.hidden = !error.recoverable;
    }
    // A new session is a new iframe: the old one (and its app) goes with its session.
    if (this.#frame && this.#frameSrc !== session.src) this.#frame = void this.#frame.remove();
    if (session.src && !this.#frame) {
      this.#frameSrc = session.src;
      /* sandbox, each flag needed and no more:
           allow-scripts      the widget is a JavaScript app;
           allow-same-origin  keeps the app's real origin: without it event.origin is "null" and the
                              bridge could not tell Cosmo from any other sandboxed frame; the app also
                              needs it for its own API calls and storage;
           allow-forms        the app submits its purchase and preference forms;
           allow-popups       links to program terms and program sign-in open in a new tab.
           Left out: allow-top-navigation (the widget can never navigate the partner page), modals,
           downloads, pointer lock, presentation.
         No `allow` attribute: cross-origin frames get no powerful feature (camera, geolocation,
         payment…) unless delegated, and the widget needs none.
         referrerpolicy strict-origin: Cosmo may learn the embedding origin (the URL carries it anyway),
         never the partner page's path or query, and nothing on a downgrade to http.
         loading eager: a lazy iframe below the fold would not load, time out its handshake and let
         its short-lived token expire. */
      this.#frame = h('iframe', {
        part: 'iframe',
        sandbox: 'allow-scripts allow-same-origin allow-forms allow-popups',
        referrerpolicy: 'strict-origin',
        loading: 'eager',
        src: session.src,
      }) as HTMLIFrameElement;
      view.body.append(this.#frame);
    }
    if (this.#frame) {
      this.#frame.inert = state !== WidgetState.Ready; // invisible until ready (styles): out of reach too
      this.#frame.title = title;
      this.#frame.style.height = session.height ? `${session.height}px` : '';
    }
    if (view.dialog) this.#toggle(view.dialog);
  }

  /** Opens or closes the dialog to match `open`. */
  #toggle(dialog: HTMLDialogElement): void {
    if (this.open && this.isConnected && !dialog.open) {
      this.#opener = deepActiveElement();
      // Full screen below 600px, from matchMedia rather than an @media rule in the shadow styles: WebKit resolves
      // a shadow tree created after the viewport changed (a phone turned while no widget was on the page) against
      // the old viewport, media queries and vw alike, so such a dialog would open at the old size.
      const phone = (this.#phone = matchMedia('(max-width: 600px)'));
      (phone.onchange = () => dialog.toggleAttribute('data-phone', phone.matches))();
      dialog.showModal();
      lockScroll(this, true);
      this.#session.emit('open', undefined);
    } else if (!this.open && dialog.open) {
      dialog.close();
    }
  }

  #build(dialog: boolean): View {
    const root = this.shadowRoot!;
    (this.#view?.dialog ?? this.#view?.body)?.remove();
    this.#frame?.remove();
    this.#frame = undefined;
    const [loadingSlot, loading] = slot('loading');
    const [retrySlot, retry] = slot('retry-label');
    const error = new Text();
    const retryButton = h('button', { part: 'retry', type: 'button' }, retrySlot);
    retryButton.onclick = () => this.reload();
    const title = new Text();
    const view: View = {
      body: h('div', { class: 'body' }),
      loading: h('div', { part: 'loading', role: 'status' }, h('span', { part: 'spinner', 'aria-hidden': 'true' }), loadingSlot),
      error: h('div', { part: 'error', role: 'alert' }, h('slot', { name: 'error' }, h('span', { part: 'error-message' }, error)), retryButton),
      retry: retryButton,
      dialog: undefined,
      texts: { loading, retry, error, title, close: undefined },
    };
    if (dialog) {
      const close = h('button', { part: 'close', type: 'button' }, '×');
      close.onclick = () => this.close('user');
      const element = (view.dialog = h('dialog', { part: 'dialog', 'aria-labelledby': 'title' }, h('header', {}, h('h2', { part: 'title', id: 'title' }, title), close), view.body) as HTMLDialogElement);
      view.texts.close = close;
      // Esc (a `cancel`) and every other way a dialog closes end here.
      element.addEventListener('close', () => {
        lockScroll(this, false);
        if (this.#phone) this.#phone.onchange = null; // no listener outlives the open dialog
        this.#phone = undefined;
        const reason = this.#closeReason ?? 'escape';
        this.#closeReason = undefined;
        this.open = false;
        if (this.#opener instanceof HTMLElement && this.#opener.isConnected) this.#opener.focus();
        this.#session.emit('close', { reason });
      });
      root.append(element);
    } else {
      root.append(view.body);
    }
    return view;
  }
}

/**
 * How long loading lasts before the spinner turns. An animation that starts with the page competes with the
 * widget's own loading for the CPU (measured in software compositing: about 20 ms later ready on a cold page).
 */
export const SPINNER_DELAY_MS = 400;

/** Shows (`on`) or removes a state's container, first in `body` so the iframe never moves (a moved iframe reloads). */
function show(body: HTMLElement, node: HTMLElement, on: boolean): void {
  if (!on) node.remove();
  else if (!node.parentNode) body.prepend(node);
}

/** Every event both elements dispatch, by DOM event name. */
export type CosmoWidgetEventMap = EventMapOf<typeof CosmoWidgetElement.events>;
