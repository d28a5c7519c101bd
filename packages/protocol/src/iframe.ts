/**
 * The iframe side of the protocol, for a widget app running inside `<cosmo-*-widget>`.
 *
 * The host passes `channel`, `origin` and `token` in the iframe URL. The app posts only to that
 * origin and accepts only messages whose source is its parent window, whose origin is that origin,
 * whose envelope parses and whose channel matches, the same four checks the host makes.
 * @example
 * const host = connectToHost({ widget: 'purchase' });
 * host.on('init', ({ appearance }) => applyTheme(appearance));
 * host.send('transaction-complete', { … });
 * host.openUrl('https://cosmo.example/programs/prog_skyair/terms', { purpose: 'link' });
 */
import { ProtocolError, ProtocolErrorCode } from './errors.js';
import { CHANNEL_PATTERN } from './messages.js';
import type { HostMessage, HostMessageType, HostPayload, OpenUrlPurpose, WidgetKind, WidgetMessageType, WidgetPayload } from './messages.js';
import { parseHostMessage, parseWidgetMessage, widgetMessage } from './parse.js';
import type { WidgetToken } from './widget-token.js';

/** Options of {@link connectToHost}. */
export interface ConnectOptions {
  /** Which widget this app is; sent in the `ready` handshake. */
  widget: WidgetKind;
  /** Host origins allowed to embed this app; any origin when omitted (Cosmo checks the partner's registered origins server-side). */
  allowedOrigins?: readonly string[];
  /** The app's window; `globalThis.window` by default (tests pass their own). */
  window?: Window;
  /** Called with every message dropped by the checks, for debugging. */
  onDrop?: (reason: string, event: MessageEvent) => void;
}

type Handler<T extends HostMessageType> = (payload: HostPayload<T>) => void;

/** A live connection from a widget app to its host page. */
export interface HostConnection {
  /** The host page's origin, from the iframe URL. */
  readonly hostOrigin: string;
  /** This instance's channel id, from the iframe URL. */
  readonly channel: string;
  /** The current widget token: the URL's, then the latest refreshed one. */
  readonly token: string;
  /** Sends a message to the host. */
  send<T extends WidgetMessageType>(type: T, payload: WidgetPayload<T>): void;
  /** Subscribes to a host message; returns the unsubscribe function. */
  on<T extends HostMessageType>(type: T, handler: Handler<T>): () => void;
  /**
   * Asks the host for a fresh token (`token-request`) and resolves with its answer, or rejects with a
   * {@link ProtocolError} `token-refresh-failed` when the host answers `token-error` (its `code` and
   * `recoverable` in the error's `cause`).
   */
  requestToken(options?: { signal?: AbortSignal; reason?: string }): Promise<WidgetToken>;
  /**
   * Asks the host page to open `url` outside the widget (`open-url`): program terms (`purpose: 'link'`, the default
   * meaning) or a program's sign-in (`'sign-in'`). The host decides how (a new tab with `noopener`, the native in-app
   * browser inside a mobile WebView); the app cannot tell whether it did, so a sign-in is confirmed by the app's own
   * backend, never by this call. The URL is checked with the protocol's own rule before anything is posted.
   * @throws {ProtocolError} `invalid-payload` when the URL is not absolute, not https (http only on a loopback host),
   * carries a user name or password, or is longer than `MAX_OPEN_URL_LENGTH`; the message names the rule
   * @example
   * termsLink.addEventListener('click', (event) => {
   *   event.preventDefault(); // the anchor keeps its real href, for screen readers and "copy link"
   *   host.openUrl(termsLink.href, { purpose: 'link' });
   * });
   */
  openUrl(url: string, options?: { purpose?: OpenUrlPurpose }): void;
  /** Sends `resize` whenever the element's height changes. Returns the stop function. */
  observeHeight(element: Element): () => void;
  /** Removes every listener this connection added. */
  close(): void;
}

/**
 * Reads the launch parameters, starts listening to the host and sends `ready`.
 * @throws {ProtocolError} `invalid-option` when the page is not framed or the URL lacks its parameters
 */
export function connectToHost(options: ConnectOptions): HostConnection {
  const win = options.window ?? window;
  const params = new URL(win.location.href).searchParams;
  const channel = params.get('channel') ?? '';
  const rawOrigin = params.get('origin') ?? '';
  let token = params.get('token') ?? '';
  if (win.parent === win) throw new ProtocolError(ProtocolErrorCode.InvalidOption, 'the widget app must run inside an iframe');
  if (!CHANNEL_PATTERN.test(channel)) throw new ProtocolError(ProtocolErrorCode.InvalidOption, 'missing or malformed "channel" parameter');
  let hostOrigin: string;
  try {
    hostOrigin = new URL(rawOrigin).origin;
  } catch (cause) {
    throw new ProtocolError(ProtocolErrorCode.InvalidOption, 'missing or malformed "origin" parameter', { cause });
  }
  if (hostOrigin === 'null' || (options.allowedOrigins && !options.allowedOrigins.includes(hostOrigin))) {
    throw new ProtocolError(ProtocolErrorCode.InvalidOption, `host origin ${hostOrigin} is not allowed to embed this widget`);
  }

  const handlers = new Map<HostMessageType, Set<(payload: never) => void>>();
  const drop = (reason: string, event: MessageEvent) => options.onDrop?.(reason, event);
  const onMessage = (event: MessageEvent) => {
    if (event.source !== win.parent) return drop('source', event);
    if (event.origin !== hostOrigin) return drop('origin', event);
    const result = parseHostMessage(event.data);
    if (!result.ok) return drop(result.error.code, event);
    if (result.message.channel !== channel) return drop('channel', event);
    const message: HostMessage = result.message;
    if (message.type === 'token') token = message.payload.token;
    for (const handler of handlers.get(message.type) ?? []) handler(message.payload as never);
  };
  win.addEventListener('message', onMessage);
  const cleanups = new Set<() => void>([() => win.removeEventListener('message', onMessage)]);

  const connection: HostConnection = {
    hostOrigin,
    channel,
    get token() {
      return token;
    },
    send(type, payload) {
      win.parent.postMessage(widgetMessage(channel, type, payload), hostOrigin);
    },
    openUrl(url, { purpose } = {}) {
      // The host's own parser: what it would drop (with a console warning the app author may never see) throws here.
      const result = parseWidgetMessage(widgetMessage(channel, 'open-url', purpose === undefined ? { url } : { url, purpose }));
      if (!result.ok) throw result.error;
      win.parent.postMessage(result.message, hostOrigin);
    },
    on(type, handler) {
      let set = handlers.get(type);
      if (!set) handlers.set(type, (set = new Set()));
      set.add(handler as (payload: never) => void);
      return () => set.delete(handler as (payload: never) => void);
    },
    requestToken({ signal, reason } = {}) {
      return new Promise<WidgetToken>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const settle = (settled: () => void) => {
          stopToken();
          stopError();
          signal?.removeEventListener('abort', onAbort);
          settled();
        };
        const stopToken = connection.on('token', (payload) => settle(() => resolve(payload)));
        const stopError = connection.on('token-error', (payload) =>
          settle(() => reject(new ProtocolError(ProtocolErrorCode.TokenRefreshFailed, `the host could not renew the token (${payload.code})`, { cause: payload }))),
        );
        const onAbort = () => settle(() => reject(signal?.reason));
        signal?.addEventListener('abort', onAbort, { once: true });
        connection.send('token-request', reason ? { reason } : {});
      });
    },
    observeHeight(element) {
      let last = -1;
      const observer = new ResizeObserver(() => {
        const height = Math.ceil(element.getBoundingClientRect().height);
        if (height !== last) connection.send('resize', { height: (last = height) });
      });
      observer.observe(element);
      const stop = () => {
        observer.disconnect();
        cleanups.delete(stop);
      };
      cleanups.add(stop);
      return stop;
    },
    close() {
      for (const cleanup of [...cleanups]) cleanup();
      handlers.clear();
    },
  };
  connection.send('ready', { widget: options.widget });
  return connection;
}
