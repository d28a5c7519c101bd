/**
 * The pages a widget app asks its host to open outside the widget (`open-url`), on the simulator's own origin: a
 * program's terms, and the page where a user signs in with a program. Both are top-level pages in the user's browser
 * (a tab, or the native in-app browser of a mobile app), so they share nothing with the widget frame: the sign-in page
 * completes the sign-in on the server with a plain form post, which works without JavaScript, and the widget app
 * learns it by polling its widget API with its token.
 */
import type { ServerResponse } from 'node:http';
import type { SimulatorContext } from '../context.js';
import { SimulatorError, SimulatorErrorCode } from '../errors.js';
import { ROUTES } from '../faults.js';
import { readText } from '../http.js';
import type { Route } from '../http.js';
import { escapeHtml } from '../internal/html.js';
import { findProgram } from '../programs.js';
import type { SimulatedProgram } from '../programs.js';
import { SignInStatus } from '../sign-ins.js';
import type { SignIn } from '../sign-ins.js';

/** The path of a program's terms page. */
export const programTermsPath = (programId: string): string => `/programs/${encodeURIComponent(programId)}/terms`;
/** The path of a sign-in's page. */
export const signInPagePath = (signInId: string): string => `/sign-in/${encodeURIComponent(signInId)}`;

/**
 * No script at all; styles and the form post only to this origin; never framed (a sign-in page in a frame is how
 * clickjacking starts); no referrer, since the sign-in page's URL is the sign-in's capability.
 */
export const PROGRAM_PAGE_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': PROGRAM_PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/** Writes one page: the widget apps' stylesheet, a title, and `main` (already escaped HTML). */
function sendPage(res: ServerResponse, status: number, title: string, main: string): void {
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/widgets/assets/widget.css">
</head>
<body>
${main}
</body>
</html>
`;
  res.writeHead(status, { ...HEADERS, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const notFound = (res: ServerResponse, what: string) =>
  sendPage(res, 404, 'Not found', `<main class="app" data-testid="not-found"><h1 class="title">Not found</h1><p>${escapeHtml(what)}</p></main>`);

/** What the sign-in page says in each state; only a pending sign-in offers the form. */
function signInMain(signIn: SignIn, program: SimulatedProgram): string {
  const name = escapeHtml(program.name);
  const open = (title: string) =>
    `<main class="app" data-testid="sign-in-page" data-status="${signIn.status}" data-program="${escapeHtml(program.id)}"><h1 class="title">${title}</h1>`;
  switch (signIn.status) {
    case SignInStatus.Pending:
      return `${open(`Sign in to ${name}`)}
<p>This page stands in for ${name}'s own sign-in (Cosmo simulator): signing in lets the widget connect ${name} for you.</p>
<form method="post" class="actions">
<button type="submit" class="primary" name="action" value="complete" data-testid="sign-in-confirm">Sign in to ${name}</button>
<button type="submit" name="action" value="cancel" data-testid="sign-in-decline">Cancel</button>
</form>
</main>`;
    case SignInStatus.Completed:
      return `${open(`Signed in to ${name}`)}<p>You can close this page and go back to the widget.</p></main>`;
    case SignInStatus.Cancelled:
      return `${open('Sign-in cancelled')}<p>You can close this page. To connect ${name}, start again from the widget.</p></main>`;
    case SignInStatus.Expired:
      return `${open('This sign-in expired')}<p>You can close this page. To connect ${name}, start again from the widget.</p></main>`;
  }
}

/** The terms and sign-in page routes. */
export function programPageRoutes(ctx: SimulatorContext): Route[] {
  const names = [ROUTES.ProgramPages] as const;
  /** The sign-in named in the path, with its program; `undefined` when there is none (answered 404). */
  const signInOf = (signInId: string): { signIn: SignIn; program: SimulatedProgram } | undefined => {
    try {
      const signIn = ctx.signIns.get(signInId);
      const program = findProgram(signIn.programId);
      return program && { signIn, program };
    } catch (error) {
      if (error instanceof SimulatorError && error.code === SimulatorErrorCode.SignInNotFound) return undefined;
      throw error;
    }
  };

  return [
    {
      method: 'GET',
      pattern: /^\/programs\/([^/]+)\/terms$/,
      names,
      handle({ res, params }) {
        const program = findProgram(params[0] ?? '');
        if (!program?.active) return notFound(res, 'No such program.');
        const name = escapeHtml(program.name);
        sendPage(
          res,
          200,
          `${program.name}: program terms`,
          `<main class="app" data-testid="terms-page" data-program="${escapeHtml(program.id)}">
<h1 class="title">${name}: program terms</h1>
<p>These are the simulator's stand-in terms of ${name}, run by ${escapeHtml(program.businessName)}: a real program publishes its own.</p>
<p>Points bought or earned with ${name} are ${escapeHtml(program.pointsName)}, credited to the member account you name, and cannot be exchanged back.</p>
</main>`,
        );
      },
    },
    {
      method: 'GET',
      pattern: /^\/sign-in\/([^/]+)$/,
      names,
      handle({ res, params }) {
        const found = signInOf(params[0] ?? '');
        if (!found) return notFound(res, 'No such sign-in.');
        sendPage(res, 200, `Sign in to ${found.program.name}`, signInMain(found.signIn, found.program));
      },
    },
    {
      method: 'POST',
      pattern: /^\/sign-in\/([^/]+)$/,
      names,
      async handle({ req, res, url, params }) {
        const signInId = params[0] ?? '';
        const action = new URLSearchParams(await readText(req)).get('action');
        if (action !== 'complete' && action !== 'cancel') throw new SimulatorError(SimulatorErrorCode.InvalidRequest, 'action must be complete or cancel');
        if (!signInOf(signInId)) return notFound(res, 'No such sign-in.');
        try {
          if (action === 'complete') ctx.signIns.complete(signInId);
          else ctx.signIns.cancel(signInId);
        } catch (error) {
          // A sign-in cancelled or expired meanwhile: the page it redirects to says so.
          if (!(error instanceof SimulatorError && error.code === SimulatorErrorCode.SignInClosed)) throw error;
        }
        // Post/Redirect/Get: a reload of the result page does not post again.
        res.writeHead(303, { location: url.pathname, 'cache-control': 'no-store', 'content-length': 0 });
        res.end();
      },
    },
  ];
}
