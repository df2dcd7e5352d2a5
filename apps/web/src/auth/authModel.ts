// Where a browser goes around signing in, and how the BFF's answers read: which page
// a path is, where /login sends someone afterwards, whether an error means the session
// is gone. Kept free of React and of `window`: the decisions are tested on their own.

/** What every mutation carries (docs/identity.md): the session's CSRF token. */
export const CSRF_HEADER = 'x-corral-csrf';

export interface SessionUser {
  readonly id: string;
  readonly login: string;
  readonly admin: boolean;
}

export interface SessionInfo {
  readonly user: SessionUser;
  readonly csrfToken: string;
}

export type Route = 'login' | 'portal' | 'console' | 'admin';

/** The page a path is: /login, the user portal, a console window, or the admin portal. */
export function routeOf(pathname: string): Route {
  const first = pathname.split('/')[1] ?? '';
  if (first === 'login') return 'login';
  if (first === 'portal') return 'portal';
  if (first === 'console' && pathname.split('/')[2]) return 'console';
  return 'admin';
}

export const ADMIN_HOME = '/';
export const PORTAL_HOME = '/portal';

/**
 * A `next` worth following: a path of this site (not `//evil.example`, not a scheme,
 * not /login itself, which would loop). Anything else is dropped.
 */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return null;
  }
  // Control characters (a newline, a tab) are never part of a path the SPA wrote.
  if ([...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  if (routeOf(next.split(/[?#]/)[0]!) === 'login') return null;
  return next;
}

/** /login with the page to come back to, unless that page is the admin home. */
export function loginUrl(pathAndQuery: string): string {
  const next = safeNext(pathAndQuery);
  return next && next !== ADMIN_HOME ? `/login?next=${encodeURIComponent(next)}` : '/login';
}

/**
 * Where someone lands after signing in: an administrator where they were going (or
 * the admin portal); anyone else in the user portal, unless they were going to a page
 * that is not the admin portal's (their VM's console window).
 */
export function afterLogin(user: SessionUser, next: string | null | undefined): string {
  const target = safeNext(next);
  if (user.admin) return target ?? ADMIN_HOME;
  if (target && routeOf(target.split(/[?#]/)[0]!) !== 'admin') return target;
  return PORTAL_HOME;
}

/** Whether a signed-in user may stay on `route`; if not, where they go instead. */
export function redirectFor(user: SessionUser, route: Route): string | null {
  return route === 'admin' && !user.admin ? PORTAL_HOME : null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Whether an error from the BFF means "not signed in": a tRPC UNAUTHORIZED, or any
 * answer with HTTP status 401 (the session middleware answers before tRPC does).
 */
export function isUnauthorized(err: unknown): boolean {
  if (!isRecord(err)) return false;
  const data = err.data;
  if (isRecord(data) && (data.httpStatus === 401 || data.code === 'UNAUTHORIZED')) return true;
  const meta = err.meta;
  if (isRecord(meta) && isRecord(meta.response) && meta.response.status === 401) return true;
  return err.status === 401;
}

/** A session answer (`{user, csrfToken}`) checked, since it comes from the wire. */
export function sessionOf(body: unknown): SessionInfo | null {
  if (!isRecord(body) || !isRecord(body.user) || typeof body.csrfToken !== 'string') return null;
  const { id, login, admin } = body.user;
  if (typeof id !== 'string' || typeof login !== 'string' || typeof admin !== 'boolean') {
    return null;
  }
  return { user: { id, login, admin }, csrfToken: body.csrfToken };
}

/** "5 minutes", "1 minute", "40 seconds": how long a lock-out still lasts. */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`;
  const m = Math.ceil(s / 60);
  return `${m} minute${m === 1 ? '' : 's'}`;
}

export type LoginFailure =
  | { readonly kind: 'credentials'; readonly message: string }
  | { readonly kind: 'locked'; readonly message: string; readonly retryAfterSeconds: number }
  | { readonly kind: 'other'; readonly message: string };

/**
 * What /auth/login's refusal says to the person at the keyboard. 401: wrong user name
 * or password (never which of the two). 429: locked out or too many attempts, with
 * how long to wait, from the body or the Retry-After header.
 */
export function loginFailureOf(
  status: number,
  body: unknown,
  retryAfterHeader: string | null,
): LoginFailure {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  const message = error && typeof error.message === 'string' ? error.message : null;
  if (status === 401) {
    return { kind: 'credentials', message: message ?? 'Wrong user name or password.' };
  }
  if (status === 429) {
    const fromBody = error?.retryAfterSeconds;
    const fromHeader = retryAfterHeader === null ? NaN : Number(retryAfterHeader);
    const wait =
      typeof fromBody === 'number' && Number.isFinite(fromBody)
        ? fromBody
        : Number.isFinite(fromHeader)
          ? fromHeader
          : 60;
    // The BFF's "Try again later." gives way to how long exactly.
    const base = (message ?? 'Too many failed sign-ins.').replace(/\s*Try again[^.]*\.\s*$/, '');
    return {
      kind: 'locked',
      retryAfterSeconds: wait,
      message: `${base} Try again in ${formatWait(wait)}.`,
    };
  }
  return {
    kind: 'other',
    message: message ?? `Signing in failed (HTTP ${status}). Try again in a moment.`,
  };
}
