/**
 * The two widget apps' pages and assets. The HTML loads one bundled script and one stylesheet from
 * this origin, under a strict Content Security Policy: no inline script or style, no eval, data only
 * from this origin, and `frame-ancestors` limited to the allowed host origins.
 */
import { readFile } from 'node:fs/promises';
import { WIDGET_KINDS } from '@cosmopoints/protocol';
import type { WidgetKind } from '@cosmopoints/protocol';
import type { SimulatorContext } from '../context.js';
import { SimulatorError, SimulatorErrorCode } from '../errors.js';
import { ROUTES } from '../faults.js';
import { ERROR_STATUS } from '../http.js';
import type { Route } from '../http.js';
import { escapeHtml } from '../internal/html.js';

const TITLES: Record<WidgetKind, string> = { purchase: 'Cosmo · Buy points', multibrand: 'Cosmo · Reward preferences' };
const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The Content-Security-Policy header of a widget page. */
export function widgetPageCsp(allowedOrigins: readonly string[] | undefined): string {
  const ancestors = allowedOrigins && allowedOrigins.length > 0 ? allowedOrigins.join(' ') : '*';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

function page(widget: WidgetKind, lang: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${TITLES[widget]}</title>
<link rel="stylesheet" href="./assets/widget.css">
<script type="module" src="./assets/${widget}.js"></script>
</head>
<body>
<main id="app" class="app" data-widget="${widget}" data-state="loading" aria-busy="true">
<p class="status" data-testid="loading">Loading…</p>
</main>
</body>
</html>
`;
}

/** The page a host origin that may not embed the widget gets, carrying the code as the API's errors do. */
function forbiddenPage(message: string): string {
  const code = SimulatorErrorCode.OriginNotAllowed;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cosmo widget unavailable</title></head><body><p data-code="${code}">${escapeHtml(message)}</p></body></html>\n`;
}

/** The widget page and asset routes. */
export function widgetPageRoutes(ctx: SimulatorContext): Route[] {
  const securityHeaders = {
    'content-security-policy': widgetPageCsp(ctx.allowedOrigins),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  const pages: Route[] = WIDGET_KINDS.map((widget) => ({
    method: 'GET',
    pattern: new RegExp(`^/widgets/${widget}/?$`),
    names: [ROUTES.WidgetApp],
    handle({ res, url }) {
      const origin = url.searchParams.get('origin');
      if (ctx.allowedOrigins && (!origin || !ctx.allowedOrigins.includes(safeOrigin(origin)))) {
        const body = forbiddenPage(`The origin ${origin ?? '(none)'} is not allowed to embed this widget.`);
        res.writeHead(ERROR_STATUS[SimulatorErrorCode.OriginNotAllowed], { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...securityHeaders });
        res.end(body);
        return;
      }
      const locale = url.searchParams.get('locale') ?? 'en';
      const lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(locale) ? locale : 'en';
      const body = page(widget, lang);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...securityHeaders });
      res.end(body);
    },
  }));
  return [
    ...pages,
    {
      method: 'GET',
      pattern: /^\/widgets\/assets\/([a-z-]+\.(?:js|css|js\.map))$/,
      names: [ROUTES.WidgetApp],
      async handle({ res, params }) {
        const name = params[0] ?? '';
        let body: Buffer;
        try {
          body = await readFile(new URL(name, ctx.assetsDir));
        } catch {
          if (/^(purchase|multibrand)\.js$|^widget\.css$/.test(name)) {
            throw new SimulatorError(SimulatorErrorCode.AppsNotBuilt, 'widget apps are not built: run pnpm --filter @cosmopoints/simulator build');
          }
          throw new SimulatorError(SimulatorErrorCode.NotFound, `no asset ${name}`);
        }
        const type = ASSET_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
        res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
        res.end(body);
      },
    },
  ];
}

function safeOrigin(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return '';
  }
}
