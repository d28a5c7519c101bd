/**
 * What both widget apps share: connecting to the host, theme and locale from `init` / `appearance`,
 * auto-height through `resize`, the header with its close button, and the error screen.
 */
import type { WidgetKind } from '@cosmopoints/protocol';
import { connectToHost } from '@cosmopoints/protocol/iframe';
import type { HostConnection } from '@cosmopoints/protocol/iframe';
import { createWidgetApi } from './api.js';
import type { WidgetApi, WidgetApiError } from './api.js';
import { h, mount } from './dom.js';
import { resolveLocale } from './i18n.js';
import type { Locale } from './i18n.js';
import { applyAppearance } from './theme.js';

/** A started widget app. */
export interface WidgetApp {
  host: HostConnection;
  api: WidgetApi;
  /** The element the app renders into (below the header). */
  body: HTMLElement;
  /** The current locale. */
  locale(): Locale;
  /** Called when `init` changes the locale; the app re-renders. */
  onLocaleChange(render: () => void): void;
  /** Sets `data-state` on the app root (for tests and styling). */
  setState(state: string): void;
  /** Reports an error the app shows to the user to the host (`error` message). */
  reportError(error: WidgetApiError): void;
  /** The error panel with its reload button. */
  errorView(error: WidgetApiError, retry: () => void): HTMLElement;
}

/** Starts a widget app in `#app`; `undefined` when the page is not framed by a Cosmo element. */
export function startWidgetApp(widget: WidgetKind, title: (locale: Locale) => string): WidgetApp | undefined {
  const root = document.getElementById('app') as HTMLElement;
  let locale = resolveLocale(new URL(location.href).searchParams.get('locale') ?? document.documentElement.lang);
  let host: HostConnection;
  try {
    host = connectToHost({ widget });
  } catch {
    root.dataset.state = 'error';
    root.removeAttribute('aria-busy');
    mount(root, h('p', { class: 'status', role: 'alert', 'data-testid': 'error' }, locale.t.notFramed));
    return undefined;
  }
  const heading = h('h1', { class: 'title', id: 'title' }, title(locale));
  const close = h('button', { type: 'button', class: 'link', 'data-testid': 'close', onClick: () => host.send('close', { reason: 'user' }) }, locale.t.close);
  const body = h('section', { class: 'body', 'aria-labelledby': 'title', 'aria-live': 'polite' });
  mount(root, h('header', { class: 'header' }, heading, close), body);
  host.observeHeight(root);

  const listeners: (() => void)[] = [];
  const setLocale = (tag: string | undefined) => {
    if (!tag) return;
    locale = resolveLocale(tag);
    document.documentElement.lang = locale.tag;
    heading.textContent = title(locale);
    close.textContent = locale.t.close;
    for (const listener of listeners) listener();
  };
  host.on('init', ({ appearance, locale: tag }) => {
    applyAppearance(appearance);
    if (tag && tag !== locale.tag) setLocale(tag);
  });
  host.on('appearance', (appearance) => applyAppearance(appearance));

  const app: WidgetApp = {
    host,
    api: createWidgetApi(host),
    body,
    locale: () => locale,
    onLocaleChange: (render) => listeners.push(render),
    setState(state) {
      root.dataset.state = state;
      if (state === 'loading' || state === 'processing') root.setAttribute('aria-busy', 'true');
      else root.removeAttribute('aria-busy');
    },
    reportError(error) {
      host.send('error', { code: sanitizeCode(error.code), message: error.message.slice(0, 500), recoverable: error.recoverable });
    },
    errorView(error, retry) {
      return h(
        'div',
        { class: 'panel', role: 'alert', 'data-testid': 'error', 'data-code': error.code },
        h('h2', {}, locale.t.errorTitle),
        h('p', {}, error.message),
        h('button', { type: 'button', class: 'primary', 'data-testid': 'reload', onClick: retry }, locale.t.reload),
      );
    },
  };
  return app;
}

/** An error code as the protocol accepts it: lowercase letters, digits and dashes. */
export function sanitizeCode(code: string): string {
  return (code.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, 64) || 'error');
}

/** A random idempotency key for one user action. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
