/**
 * The smallest partner site for the real-world tests (real-world.test.ts): a page on `http://localhost:<port>` that
 * loads the script-tag bundle and shows one `<cosmo-purchase-widget token-url="/token">`, its `/token` route minting
 * real widget tokens from the simulator (on `127.0.0.1`: another site than the page's, as Cosmo is in production), and
 * a plain `/other` page to navigate to and come back from.
 *
 * Pages are served with no `Cache-Control` at all: `no-store` would keep them out of Chromium's back/forward cache,
 * and the point is to see what the element does there. An event recorder runs in the page before the bundle: every
 * `cosmo-*` event with its detail, each `pageshow` (its `persisted` flag), `online`/`offline`, `visibilitychange`, and
 * the page's calls to `fetch('/token')` (the element's token attempts, whether or not they reach the network).
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '@cosmopoints/simulator';
import type { Simulator } from '@cosmopoints/simulator';
import { WIDGET_EVENT_NAMES } from '@cosmopoints/widgets/webview';
import type { PageDriver } from './driver.js';

const BUNDLE = fileURLToPath(new URL('../../../packages/widgets/cdn/cosmo-widgets.js', import.meta.url));

/** The simulator's demo client (see the simulator's `DEFAULT_CLIENTS`). */
const DEMO_CLIENT = { clientId: 'demo-client', clientSecret: 'demo-secret-sandbox' } as const;

/** The user every token is minted for. */
export const SITE_USER_ID = 'real-world-user';

/** One `/token` request as the site saw it. */
export interface TokenRequest {
  /** `minted`: answered with a fresh token; `refused`: the connection was dropped (the site was "offline"). */
  readonly outcome: 'minted' | 'refused';
  /** The token answered, when minted. */
  readonly token?: string;
  readonly expiresAt?: string;
}

/** What the page's recorder saw (see {@link recorded}). */
export interface Recording {
  /** Every `cosmo-*` event, in order, with its detail as JSON. */
  readonly events: { type: string; detail: unknown }[];
  /** The `persisted` flag of each `pageshow` since this document loaded. */
  readonly pageshows: boolean[];
  /** `online` / `offline` events, in order. */
  readonly connectivity: string[];
  /** `document.visibilityState` at each `visibilitychange`, in order. */
  readonly visibility: string[];
  /** How many times the page called `fetch` on `/token`. */
  readonly tokenFetches: number;
  /** A random id of this document: a new one means the page was loaded again (not restored from a cache). */
  readonly documentId: string;
}

/** A running site and its simulator. */
export interface RealWorldSite {
  /** The page origin, `http://localhost:<port>`. */
  readonly url: string;
  readonly simulator: Simulator;
  /** Every `/token` request so far, in order. */
  readonly tokenRequests: readonly TokenRequest[];
  /** The URL of the widget page: `timeout` sets the element's attribute; `mount: 'manual'` leaves it to {@link mountWidget}. */
  pageUrl(options?: { timeout?: number; mount?: 'manual' }): string;
  /** While `true`, `/token` drops the connection without an answer (what a browser sees of a network that is gone). */
  refuseTokens(refuse: boolean): void;
  close(): Promise<void>;
}

/** Runs in the page, before the bundle: the recorder described in the module comment. */
function installRecorder(eventNames: readonly string[]): void {
  const record = {
    events: [] as { type: string; detail: unknown }[],
    pageshows: [] as boolean[],
    connectivity: [] as string[],
    visibility: [] as string[],
    tokenFetches: 0,
    documentId: Math.random().toString(36).slice(2),
  };
  (window as unknown as { __recording: typeof record }).__recording = record;
  for (const name of eventNames) {
    window.addEventListener(name, (event) => record.events.push({ type: event.type, detail: JSON.parse(JSON.stringify((event as CustomEvent).detail ?? null)) }), true);
  }
  window.addEventListener('pageshow', (event) => record.pageshows.push(event.persisted));
  window.addEventListener('online', () => record.connectivity.push('online'));
  window.addEventListener('offline', () => record.connectivity.push('offline'));
  document.addEventListener('visibilitychange', () => record.visibility.push(document.visibilityState));
  const realFetch = window.fetch;
  window.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.pathname === '/token') record.tokenFetches++;
    return realFetch.call(this, input, init);
  } as typeof fetch;
}

const html = (title: string, head: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

/** Starts the simulator (`widgetTokenTtlSeconds`, default 30: every token is within a minute of its expiry) and the site. */
export async function startRealWorldSite(options: { widgetTokenTtlSeconds?: number } = {}): Promise<RealWorldSite> {
  const simulator = await startSimulator({ widgetTokenTtlSeconds: options.widgetTokenTtlSeconds ?? 30 });
  const bundle = await readFile(BUNDLE);
  const tokenRequests: TokenRequest[] = [];
  let refusing = false;
  const recorder = `<script>(${installRecorder.toString()})(${JSON.stringify(WIDGET_EVENT_NAMES)});</script>`;
  const widgetPage = (timeout: string | null, manual: boolean) => {
    const attributes = `token-url="/token" widget-url="${simulator.widgetUrls.purchase}"${timeout ? ` timeout="${Number(timeout)}"` : ''}`;
    // `mountWidget()` adds the element later (e.g. once the test has taken the browser offline).
    const mount = `<script>window.mountWidget = () => document.querySelector('main').insertAdjacentHTML('beforeend', '<cosmo-purchase-widget ${attributes}></cosmo-purchase-widget>');</script>`;
    return html('Real-world partner', `${recorder}${mount}<script type="module" src="/cosmo-widgets.js"></script>`, `<main><h1>Shop</h1><a href="/other">Other page</a>${manual ? '' : `<cosmo-purchase-widget ${attributes}></cosmo-purchase-widget>`}</main>`);
  };

  const mint = async (): Promise<{ token: string; expiresAt: string }> => {
    const response = await fetch(`${simulator.url}/auth/widget/point-exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...DEMO_CLIENT, userId: SITE_USER_ID }),
    });
    if (!response.ok) throw new Error(`the simulator refused a widget token: ${response.status} ${await response.text()}`);
    const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: string };
    return { token, expiresAt };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/token' && req.method === 'POST') {
      if (refusing) {
        tokenRequests.push({ outcome: 'refused' });
        req.socket.destroy();
        return;
      }
      const minted = await mint();
      tokenRequests.push({ outcome: 'minted', ...minted });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(minted));
      return;
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(widgetPage(url.searchParams.get('timeout'), url.searchParams.get('mount') === 'manual'));
      return;
    }
    if (url.pathname === '/other') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html('Another page', '', '<main><h1>Another page</h1><a href="/">Back to the shop</a></main>'));
      return;
    }
    if (url.pathname === '/cosmo-widgets.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://localhost:${port}`;

  return {
    url: origin,
    simulator,
    tokenRequests,
    pageUrl: (page = {}) => {
      const url = new URL('/', origin);
      if (page.timeout !== undefined) url.searchParams.set('timeout', String(page.timeout));
      if (page.mount) url.searchParams.set('mount', page.mount);
      return url.href;
    },
    refuseTokens: (refuse) => {
      refusing = refuse;
      // A request refused on a kept-alive connection may be sent again by the browser's network stack (a reused
      // connection that dies before answering looks stale, not down): refused requests come on fresh connections.
      if (refuse) server.closeIdleConnections();
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await simulator.close();
    },
  };
}

/** What the page's recorder has seen so far (see {@link Recording}). */
export function recorded(page: PageDriver): Promise<Recording> {
  return page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { __recording: unknown }).__recording)) as Recording);
}
