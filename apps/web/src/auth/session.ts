// The browser's side of /auth (docs/identity.md): read the session, sign in, sign
// out; and the one place the CSRF token is kept, so that every request the SPA makes
// (tRPC, uploads) can carry it without threading it through components.
import {
  CSRF_HEADER,
  loginFailureOf,
  loginUrl,
  sessionOf,
  type LoginFailure,
  type SessionInfo,
} from './authModel.js';

let current: SessionInfo | null = null;

export function setCurrentSession(session: SessionInfo | null): void {
  current = session;
}

/** The header that proves a request comes from this page; empty before sign-in. */
export function csrfHeaders(): Record<string, string> {
  return current ? { [CSRF_HEADER]: current.csrfToken } : {};
}

let leaving = false;

/**
 * The session is gone (expired, signed out elsewhere, forged): to /login, which brings
 * the user back here afterwards. Once: a burst of refused requests navigates once.
 */
export function goToLogin(): void {
  if (leaving) return;
  leaving = true;
  const { pathname, search, hash } = window.location;
  window.location.assign(loginUrl(`${pathname}${search}${hash}`));
}

/**
 * `fetch` for the BFF: cookies of this site only, the CSRF header on everything, and
 * a 401 sends the browser to /login.
 */
export const apiFetch: typeof fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  for (const [k, v] of Object.entries(csrfHeaders())) headers.set(k, v);
  const res = await fetch(input, { ...init, headers, credentials: 'same-origin' });
  if (res.status === 401) goToLogin();
  return res;
};

/** GET /auth/session: who is signed in, or null when nobody is. */
export async function fetchSession(): Promise<SessionInfo | null> {
  const res = await fetch('/auth/session', {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
  });
  if (res.status === 401) return null;
  if (!res.ok) throw new Error(`The server could not say who is signed in (HTTP ${res.status}).`);
  const session = sessionOf(await res.json());
  if (!session) throw new Error('The server answered the session request with nonsense.');
  return session;
}

export type LoginResult =
  | { readonly ok: true; readonly session: SessionInfo }
  | { readonly ok: false; readonly failure: LoginFailure };

/** POST /auth/login. */
export async function signIn(username: string, password: string): Promise<LoginResult> {
  let res: Response;
  try {
    res = await fetch('/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    return {
      ok: false,
      failure: { kind: 'other', message: 'The server cannot be reached. Check the connection.' },
    };
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) {
    const session = sessionOf(body);
    if (session) return { ok: true, session };
    return { ok: false, failure: { kind: 'other', message: 'The server answered with nonsense.' } };
  }
  return { ok: false, failure: loginFailureOf(res.status, body, res.headers.get('retry-after')) };
}

/** POST /auth/logout (with the CSRF header), then to /login. */
export async function signOut(): Promise<void> {
  try {
    await fetch('/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: csrfHeaders(),
    });
  } finally {
    // Whatever the answer, this page forgets the session: a full load drops every cache.
    setCurrentSession(null);
    leaving = true;
    window.location.assign('/login');
  }
}
