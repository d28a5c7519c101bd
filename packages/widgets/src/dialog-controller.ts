/**
 * The dialog presentation (`presentation="dialog"`), as a Lit reactive controller: opens the element's native
 * `<dialog>` with `showModal()` when `open` becomes true (focus moves in, Esc closes, the page behind is inert),
 * locks the page's scroll while it is open, makes it full screen on a phone, gives focus back to what had it,
 * and reports each opening and closing, with the reason, through the session's `emit`.
 *
 * Every way a dialog closes (Esc, the close button, `close()`, `open = false`, the widget app's `close`, the
 * element's removal) ends in the `<dialog>`'s own `close` event, handled once by {@link DialogController.closed}.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { WidgetInputs } from './inputs.js';
import { lockScroll } from './internal/scroll-lock.js';
import type { WidgetSession } from './session-controller.js';

/** The element, as its dialog controller sees it. */
export type DialogHost = ReactiveControllerHost & HTMLElement & WidgetInputs;

/** What the element gives its dialog controller. */
export interface DialogOptions {
  /** The rendered `<dialog>`, when the presentation is `dialog`. */
  readonly dialog: () => HTMLDialogElement | undefined;
  /** Reports the dialog's opening and closing: the session's `emit`. */
  readonly emit: WidgetSession['emit'];
}

/** The focused element, looking through shadow roots (the opener of a dialog may sit in one). */
const deepActiveElement = (): Element | null => {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
};

/** See the module comment. */
export class DialogController implements ReactiveController {
  /** The dialog is open on a phone-sized viewport (below 600px wide): it takes the whole screen. */
  phone = false;

  readonly #host: DialogHost;
  readonly #options: DialogOptions;
  /** What had focus when the dialog opened, to give it back. */
  #opener: Element | null = null;
  #closeReason: string | undefined;
  /** While the dialog is open: the phone-width query. */
  #phoneQuery: MediaQueryList | undefined;

  constructor(host: DialogHost, options: DialogOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Closes the dialog; `cosmo-close` fires with `reason`. */
  close(reason: string): void {
    if (this.#host.open) this.#closeReason = reason;
    this.#host.open = false;
  }

  /** The widget app asked to close: an open dialog closes with its reason (`true`); otherwise `false`. */
  closeFromWidget(reason = 'api'): boolean {
    if (this.#host.presentation !== 'dialog' || !this.#host.open) return false;
    this.close(reason);
    return true;
  }

  /** Before each render: an opening dialog starts following the phone-width query (its full-screen mode). */
  hostUpdate(): void {
    if (!this.#host.open || this.#phoneQuery || !this.#host.isConnected || this.#host.presentation !== 'dialog') return;
    // Full screen below 600px, from matchMedia rather than an @media rule in the shadow styles: WebKit resolves
    // a shadow tree created after the viewport changed (a phone turned while no widget was on the page) against
    // the old viewport, media queries and vw alike, so such a dialog would open at the old size.
    const query = (this.#phoneQuery = matchMedia('(max-width: 600px)'));
    this.phone = query.matches;
    query.onchange = () => {
      this.phone = query.matches;
      this.#host.requestUpdate();
    };
  }

  /** After each render: the `<dialog>` follows `open`. */
  hostUpdated(): void {
    const dialog = this.#options.dialog();
    if (!dialog) return;
    if (this.#host.open && this.#host.isConnected && !dialog.open) {
      this.#opener = deepActiveElement();
      dialog.showModal();
      lockScroll(this, true);
      this.#options.emit('open', undefined);
    } else if (!this.#host.open && dialog.open) {
      dialog.close();
    }
  }

  /** A removed element closes its dialog (its `close` event fires) and gives the page its scroll back. */
  hostDisconnected(): void {
    const dialog = this.#options.dialog();
    if (dialog?.open) {
      this.#closeReason = 'disconnect';
      dialog.close();
    }
  }

  /** The `<dialog>`'s `close` event, however it closed (Esc is a `cancel`, then this). */
  readonly closed = (): void => {
    lockScroll(this, false);
    if (this.#phoneQuery) this.#phoneQuery.onchange = null; // no listener outlives the open dialog
    this.#phoneQuery = undefined;
    const reason = this.#closeReason ?? 'escape';
    this.#closeReason = undefined;
    this.#host.open = false;
    if (this.#opener instanceof HTMLElement && this.#opener.isConnected) this.#opener.focus();
    this.#opener = null;
    this.#options.emit('close', { reason });
  };
}
