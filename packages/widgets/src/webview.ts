/**
 * @cosmopoints/widgets/webview: a bridge between the widgets on a page and the native app around
 * it, when the page runs inside a mobile WebView (React Native WebView, iOS WKWebView, Android
 * WebView, Flutter). Every `cosmo-*` event of every widget on the page goes to the native side as
 * JSON; the native side can send commands back (`reload`, `close`). A `cosmo-open-url` (a program's terms, its
 * sign-in) is cancelled in the page and left to the native side to open, in the platform's in-app browser.
 *
 * Opt-in and separate from the elements (not in the main script-tag bundle). Importing this module
 * does nothing; {@link connectNativeBridge} starts the bridge, and never throws when no native side
 * is there.
 * @example
 * import '@cosmopoints/widgets/define';
 * import { connectNativeBridge } from '@cosmopoints/widgets/webview';
 * const bridge = connectNativeBridge(); // bridge.connected is false in a plain browser
 */

import type { WidgetKind } from '@cosmopoints/protocol';
import { CosmoWidgetErrorCode } from './errors.js';
import { CosmoCloseEvent } from './events/close.js';
import { WIDGET_EVENT_NAMES, WIDGET_KINDS, WIDGET_TAGS } from './generated/event-names.js';

export { WIDGET_EVENT_NAMES } from './generated/event-names.js';

/** The native environments the bridge recognises, and `custom` for an explicit `target`. */
export const NativePlatform = {
  /** `react-native-webview`: `window.ReactNativeWebView.postMessage(string)`. */
  ReactNative: 'react-native',
  /** iOS `WKWebView` with a `WKScriptMessageHandler` named `cosmo`: `window.webkit.messageHandlers.cosmo.postMessage(string)`. */
  IOS: 'ios',
  /** Android `WebView` with `addJavascriptInterface(…, "CosmoAndroid")`: `window.CosmoAndroid.postMessage(string)`. */
  Android: 'android',
  /** Flutter `webview_flutter` with a `JavaScriptChannel` named `CosmoFlutter`: `window.CosmoFlutter.postMessage(string)`. */
  Flutter: 'flutter',
  /** Flutter `flutter_inappwebview` with a JavaScript handler named `cosmo`: `window.flutter_inappwebview.callHandler('cosmo', string)`. */
  FlutterInAppWebView: 'flutter-inappwebview',
  /** The `target` option. */
  Custom: 'custom',
} as const;
/** Union of {@link NativePlatform} values. */
export type NativePlatform = (typeof NativePlatform)[keyof typeof NativePlatform];

/** Where messages go: an object with `postMessage(string)`, or a function taking the JSON string. */
export type NativeTarget = { postMessage(message: string): unknown } | ((message: string) => unknown);

/** Options of {@link connectNativeBridge}. */
export interface NativeBridgeOptions {
  /** Sends messages here instead of the detected native bridge. */
  target?: NativeTarget;
  /** Accept native commands (`window.cosmoNative.dispatch`, React Native `message` events). Default `true`. */
  commands?: boolean;
  /** Disconnects the bridge when aborted. */
  signal?: AbortSignal;
}

/** A connected (or not) bridge. */
export interface NativeBridge {
  /** Whether messages go anywhere: `false` when no native bridge was found (then everything is a no-op). */
  readonly connected: boolean;
  /** Which native side receives the messages, when connected. */
  readonly platform: NativePlatform | undefined;
  /** Stops forwarding events (and, with the last connection, accepting commands). Idempotent. */
  disconnect(): void;
}

/** What the native side receives, as a JSON string, for each widget event. */
export interface NativeMessage {
  /** Always `cosmo`: tells these messages from others on the same channel. */
  readonly source: 'cosmo';
  /** The DOM event's name, e.g. `cosmo-transaction-complete`, or `cosmo-native-error` for a refused command. */
  readonly type: string;
  /** Which widget sent it. */
  readonly widget: WidgetKind | null;
  /** The widget element's `id`, or `null` when it has none. */
  readonly id: string | null;
  /** The event's `detail` (see the README's events table), or `{code, message}` for `cosmo-native-error`. */
  readonly detail: unknown;
}

/** A command from the native side. */
export interface NativeCommand {
  /** `reload`: the widget starts over with a fresh token. `close`: the widget emits `cosmo-close` (`reason: 'native'`) and is removed from the page. */
  command: 'reload' | 'close';
  /** The widget element's `id`; every widget on the page when omitted. */
  target?: string;
}

/** Why a native command was refused: the two codes of {@link CosmoWidgetErrorCode} that the bridge uses. */
export const NativeCommandErrorCode = {
  /** Not an object (or JSON object) with `command` `reload` or `close` and an optional string `target`. */
  InvalidCommand: CosmoWidgetErrorCode.InvalidCommand,
  /** No widget on the page has the `target` id (or there is no widget at all). */
  UnknownTarget: CosmoWidgetErrorCode.UnknownTarget,
} as const;
/** Union of {@link NativeCommandErrorCode} values. */
export type NativeCommandErrorCode = (typeof NativeCommandErrorCode)[keyof typeof NativeCommandErrorCode];

/** The result of a native command; a refused one is also sent to the native side as `cosmo-native-error`. */
export type NativeCommandResult =
  | { readonly ok: true; readonly widgets: number }
  | { readonly ok: false; readonly code: NativeCommandErrorCode; readonly message: string };

/** What `window.cosmoNative` offers the native side while a bridge is connected. */
export interface CosmoNativeApi {
  /** Runs a command (an object or its JSON string). Never throws. */
  dispatch(command: NativeCommand | string): NativeCommandResult;
}

/** The widget element as the bridge sees it: duck-typed, so copies of the package on one page interoperate. */
interface WidgetLike extends HTMLElement {
  readonly widget: WidgetKind;
  reload(): void;
}

type Sink = (message: string) => void;
interface Connection {
  sink: Sink;
  platform: NativePlatform;
  refs: number;
  stop: () => void;
}
interface BridgeState {
  /** Active connections by the object that receives their messages. */
  connections: Map<unknown, Connection>;
  stopCommands?: () => void;
}

// Page-global (Symbol.for), so two copies of this module (script tag and npm) share one set of connections.
const STATE = Symbol.for('@cosmopoints/widgets.native-bridge');

type NativeWindow = {
  ReactNativeWebView?: { postMessage?: unknown };
  webkit?: { messageHandlers?: { cosmo?: { postMessage?: unknown } } };
  CosmoAndroid?: { postMessage?: unknown };
  CosmoFlutter?: { postMessage?: unknown };
  flutter_inappwebview?: { callHandler?: unknown };
  cosmoNative?: CosmoNativeApi;
};

const win = (): (Window & NativeWindow) | undefined =>
  'window' in globalThis ? (globalThis as unknown as Window & NativeWindow) : undefined;

const isFunction = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === 'function';

/** Finds the native side: `[platform, the object that receives, a sink]`, or `undefined` in a plain browser. */
function detect(w: Window & NativeWindow): [NativePlatform, unknown, Sink] | undefined {
  try {
    const rn = w.ReactNativeWebView;
    if (rn && isFunction(rn.postMessage)) return [NativePlatform.ReactNative, rn, (m) => void (rn.postMessage as Sink)(m)];
    const ios = w.webkit?.messageHandlers?.cosmo;
    if (ios && isFunction(ios.postMessage)) return [NativePlatform.IOS, ios, (m) => void (ios.postMessage as Sink)(m)];
    // A @JavascriptInterface method is a function-like host object; call it as a method, never detached.
    const android = w.CosmoAndroid;
    if (android && android.postMessage !== undefined) return [NativePlatform.Android, android, (m) => void (android.postMessage as Sink)(m)];
    const flutter = w.CosmoFlutter;
    if (flutter && isFunction(flutter.postMessage)) return [NativePlatform.Flutter, flutter, (m) => void (flutter.postMessage as Sink)(m)];
    const inApp = w.flutter_inappwebview;
    if (inApp && isFunction(inApp.callHandler)) return [NativePlatform.FlutterInAppWebView, inApp, (m) => void (inApp.callHandler as (name: string, m: string) => unknown)('cosmo', m)];
  } catch {
    // A hostile or half-initialised bridge object (a throwing getter): treat as absent.
  }
  return undefined;
}

/** Which native side {@link connectNativeBridge} would use, or `undefined` (a plain browser, or server rendering). */
export function detectNativePlatform(): NativePlatform | undefined {
  const w = win();
  return w ? detect(w)?.[0] : undefined;
}

const NOT_CONNECTED: NativeBridge = Object.freeze({ connected: false, platform: undefined, disconnect() {} });

const isWidget = (node: unknown): node is WidgetLike =>
  node instanceof HTMLElement && (WIDGET_KINDS as readonly unknown[]).includes((node as Partial<WidgetLike>).widget) && typeof (node as Partial<WidgetLike>).reload === 'function';

function send(sink: Sink, message: NativeMessage): void {
  let json: string;
  try {
    json = JSON.stringify(message);
  } catch {
    // A forged event with a cyclic or BigInt detail: send the envelope without it.
    json = JSON.stringify({ ...message, detail: null });
  }
  try {
    sink(json);
  } catch (error) {
    // The native side threw (a torn-down channel…): the page goes on.
    console.debug('@cosmopoints/widgets: the native bridge refused a message', error);
  }
}

/**
 * Forwards every `cosmo-*` event of every widget on the page to the native side, as a JSON
 * {@link NativeMessage}, and (unless `commands: false`) accepts native commands through
 * `window.cosmoNative.dispatch(…)` and React Native `message` events. Connecting twice to the same
 * native side shares one connection (each event is sent once); it ends with the last `disconnect()`.
 *
 * Never throws: without a native side (a plain browser, server rendering) it returns a no-op
 * handle with `connected: false`.
 */
export function connectNativeBridge(options: NativeBridgeOptions = {}): NativeBridge {
  const w = win();
  if (!w || options.signal?.aborted) return NOT_CONNECTED;
  const { target } = options;
  let found: [NativePlatform, unknown, Sink] | undefined;
  if (isFunction(target)) found = [NativePlatform.Custom, target, (m) => void target(m)];
  else if (target && typeof target === 'object' && isFunction(target.postMessage)) found = [NativePlatform.Custom, target, (m) => void target.postMessage(m)];
  else found = detect(w);
  if (!found) return NOT_CONNECTED;
  const [platform, key, sink] = found;

  const state: BridgeState = ((w as unknown as Record<symbol, BridgeState>)[STATE] ??= { connections: new Map() });
  let connection = state.connections.get(key);
  if (connection) connection.refs += 1;
  else {
    const forward = (event: Event) => {
      const element = event.composedPath()[0];
      if (!isWidget(element)) return;
      // Inside a WebView, window.open does nothing useful: the native side opens the URL (its in-app browser).
      if (event.type === 'cosmo-open-url') event.preventDefault();
      send(sink, { source: 'cosmo', type: event.type, widget: element.widget, id: element.id || null, detail: (event as Event & { detail?: unknown }).detail ?? null });
    };
    // Capture on window: runs before any page handler could stop the event's propagation.
    for (const name of WIDGET_EVENT_NAMES) w.addEventListener(name, forward, true);
    connection = {
      sink,
      platform,
      refs: 1,
      stop: () => {
        for (const name of WIDGET_EVENT_NAMES) w.removeEventListener(name, forward, true);
      },
    };
    state.connections.set(key, connection);
  }
  if (options.commands !== false) startCommands(w, state);

  let open = true;
  const current = connection;
  const disconnect = () => {
    if (!open) return;
    open = false;
    options.signal?.removeEventListener('abort', disconnect);
    if (--current.refs === 0) {
      current.stop();
      state.connections.delete(key);
    }
    if (state.connections.size === 0) {
      state.stopCommands?.();
      state.stopCommands = undefined;
    }
  };
  options.signal?.addEventListener('abort', disconnect, { once: true });
  return {
    get connected() {
      return open;
    },
    platform,
    disconnect,
  };
}

/** Parses and runs a native command against the page's widgets. */
function runCommand(w: Window & NativeWindow, input: unknown): NativeCommandResult {
  let command: unknown = input;
  if (typeof input === 'string') {
    try {
      command = JSON.parse(input);
    } catch {
      command = undefined;
    }
  }
  const { command: name, target } = (command ?? {}) as Partial<Record<string, unknown>>;
  if (typeof command !== 'object' || (name !== 'reload' && name !== 'close') || (target !== undefined && typeof target !== 'string')) {
    return { ok: false, code: NativeCommandErrorCode.InvalidCommand, message: '@cosmopoints/widgets: a native command is {"command": "reload" | "close", "target"?: "<element id>"}' };
  }
  const candidates = target === undefined ? [...w.document.querySelectorAll(WIDGET_TAGS.join())] : [w.document.getElementById(target)];
  const widgets = candidates.filter(isWidget);
  if (widgets.length === 0) {
    return {
      ok: false,
      code: NativeCommandErrorCode.UnknownTarget,
      message: target === undefined ? '@cosmopoints/widgets: no widget on the page' : `@cosmopoints/widgets: no widget with id "${target}"`,
    };
  }
  for (const widget of widgets) {
    if (name === 'reload') widget.reload();
    else {
      // Same shape as the widget's own cosmo-close, so one page handler covers both.
      widget.dispatchEvent(new CosmoCloseEvent({ reason: 'native' }));
      widget.remove();
    }
  }
  return { ok: true, widgets: widgets.length };
}

/** Installs `window.cosmoNative` and the React Native `message` listeners, once per page. */
function startCommands(w: Window & NativeWindow, state: BridgeState): void {
  if (state.stopCommands) return;
  const dispatch = (input: NativeCommand | string): NativeCommandResult => {
    let result: NativeCommandResult;
    try {
      result = runCommand(w, input);
    } catch (error) {
      result = { ok: false, code: NativeCommandErrorCode.InvalidCommand, message: `@cosmopoints/widgets: the command failed: ${String(error)}` };
    }
    if (!result.ok) {
      const target = typeof input === 'object' && input && typeof input.target === 'string' ? input.target : null;
      for (const { sink } of state.connections.values()) {
        send(sink, { source: 'cosmo', type: 'cosmo-native-error', widget: null, id: target, detail: { code: result.code, message: result.message } });
      }
    }
    return result;
  };
  const api: CosmoNativeApi = Object.freeze({ dispatch });
  // react-native-webview's `webViewRef.postMessage(data)` dispatches a synthetic MessageEvent
  // (no source window) on `window` (iOS) or `document` (Android). Messages from frames (the widget's
  // own iframe, any other) have a source window and are never commands.
  const onMessage = (event: Event) => {
    const { data, source } = event as MessageEvent;
    if (source !== null || typeof data !== 'string' || !data.includes('"command"')) return;
    dispatch(data);
  };
  w.cosmoNative = api;
  w.addEventListener('message', onMessage);
  w.document.addEventListener('message', onMessage);
  state.stopCommands = () => {
    if (w.cosmoNative === api) delete w.cosmoNative;
    w.removeEventListener('message', onMessage);
    w.document.removeEventListener('message', onMessage);
  };
}

declare global {
  interface Window {
    /** Set while a native bridge is connected: the native side calls `window.cosmoNative.dispatch({command: 'reload'})`. */
    cosmoNative?: CosmoNativeApi;
  }
}
