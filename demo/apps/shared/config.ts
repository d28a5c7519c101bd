/**
 * What the three framework pages share: the widget URLs the demo backend writes into each page's
 * `<meta>` tags (the local simulator; in production you leave `widgetUrl` out), the signed-in member,
 * and the shape of a logged event.
 */

/** The simulator's widget app URLs from `<meta name="cosmo-…-widget-url">`; `undefined` when the page was not templated. */
export function widgetUrls(): { purchase: string | undefined; multibrand: string | undefined } {
  const read = (name: string) => {
    const value = document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
    return value && !value.startsWith('%') ? value : undefined;
  };
  return { purchase: read('cosmo-purchase-widget-url'), multibrand: read('cosmo-multibrand-widget-url') };
}

/** The demo's partner token route: `createTokenHandler` from `@cosmopoints/server`, 401 when signed out. */
export const TOKEN_URL = '/api/cosmo/token';

/** Who is signed in on Acme's site (the token route needs the session cookie). */
export async function currentMember(signal?: AbortSignal): Promise<{ signedIn: boolean; name?: string }> {
  try {
    const response = await fetch('/api/me', { signal, credentials: 'same-origin' });
    const body = (await response.json()) as { signedIn: boolean; user?: { name?: string } };
    return { signedIn: body.signedIn, ...(body.user?.name ? { name: body.user.name } : {}) };
  } catch {
    return { signedIn: false };
  }
}

/** One line of a page's event log. */
export interface LoggedEvent {
  readonly seq: number;
  readonly widget: 'purchase' | 'multibrand';
  readonly type: string;
  readonly detail: unknown;
}

let seq = 0;
/** Makes a log entry from a widget event. */
export const logEntry = (widget: LoggedEvent['widget'], event: Event & { detail?: unknown }): LoggedEvent => ({
  seq: ++seq,
  widget,
  type: event.type,
  detail: event.detail ?? null,
});
