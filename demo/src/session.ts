/**
 * The demo's sign-in: a stand-in for the partner's real authentication. Cosmo never sees it; the token
 * route only asks it "who is this request?" (`authenticate`). A session is a random id in an HttpOnly,
 * SameSite=Lax cookie, mapped in memory to a user; the user id Cosmo sees is derived from the name.
 */
import { randomBytes } from 'node:crypto';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'acme_session';

/** A signed-in demo user. */
export interface DemoUser {
  /** The partner's own, opaque user id: what the token route passes to Cosmo. */
  userId: string;
  /** Display name typed into the sign-in form. */
  name: string;
}

/** Reads one cookie from a `Cookie` header; `undefined` when absent. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}

/** Turns a display name into a stable, URL-safe user id (`user_ada-lovelace`). */
export function userIdFor(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `user_${slug || 'guest'}`;
}

/** In-memory sessions: enough for a demo, replaced by the partner's own auth in real life. */
export class SessionStore {
  #sessions = new Map<string, DemoUser>();

  /** Starts a session for `name`; returns the `Set-Cookie` header value. */
  signIn(name: string): { user: DemoUser; setCookie: string } {
    const clean = name.replace(/\s+/g, ' ').trim().slice(0, 60) || 'Guest';
    const user = { userId: userIdFor(clean), name: clean };
    const id = randomBytes(24).toString('base64url');
    this.#sessions.set(id, user);
    return { user, setCookie: `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax` };
  }

  /** Ends the session named by the cookie header (if any); returns the clearing `Set-Cookie` value. */
  signOut(cookieHeader: string | null | undefined): string {
    const id = readCookie(cookieHeader, SESSION_COOKIE);
    if (id) this.#sessions.delete(id);
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
  }

  /** The user behind a request's cookie header, or `null` when signed out. */
  userFor(cookieHeader: string | null | undefined): DemoUser | null {
    const id = readCookie(cookieHeader, SESSION_COOKIE);
    return (id && this.#sessions.get(id)) || null;
  }
}
