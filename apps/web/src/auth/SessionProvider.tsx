// Who is signed in, for every page but /login. The session is read once at start
// (GET /auth/session); nothing below renders before it is known, so no request goes
// out without the CSRF token. Nobody signed in: to /login, with the way back. A page
// the user may not see (the admin portal, for someone who is not an administrator):
// to the user portal.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { redirectFor, routeOf, type SessionInfo, type SessionUser } from './authModel.js';
import { fetchSession, goToLogin, setCurrentSession, signOut } from './session.js';
import './auth.css';

export interface Session {
  readonly user: SessionUser;
  readonly csrfToken: string;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

type State =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly session: SessionInfo }
  | { readonly kind: 'leaving' }
  | { readonly kind: 'error'; readonly message: string };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    fetchSession().then(
      (session) => {
        if (!live) return;
        if (!session) {
          setState({ kind: 'leaving' });
          goToLogin();
          return;
        }
        const elsewhere = redirectFor(session.user, routeOf(window.location.pathname));
        if (elsewhere) {
          setState({ kind: 'leaving' });
          window.location.replace(elsewhere);
          return;
        }
        setCurrentSession(session);
        setState({ kind: 'ready', session });
      },
      (err: unknown) => {
        if (live) setState({ kind: 'error', message: String((err as Error).message ?? err) });
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  // Back to a tab left open for a while: if the session ended meanwhile (expired, signed
  // out in another tab), to /login now rather than at the next click. Signed in again in
  // another tab: the same user goes on with the new session's CSRF token; another user
  // gets this page afresh, as theirs.
  const userId = state.kind === 'ready' ? state.session.user.id : null;
  useEffect(() => {
    if (!userId) return;
    const check = () => {
      if (document.visibilityState !== 'visible') return;
      fetchSession().then(
        (s) => {
          if (!s) goToLogin();
          else if (s.user.id !== userId) window.location.reload();
          else setCurrentSession(s);
        },
        () => {
          // The server is unreachable: the live indicator says so; nothing to decide here.
        },
      );
    };
    document.addEventListener('visibilitychange', check);
    return () => document.removeEventListener('visibilitychange', check);
  }, [userId]);

  const session = state.kind === 'ready' ? state.session : null;
  const value = useMemo<Session | null>(
    () => session && { user: session.user, csrfToken: session.csrfToken, logout: signOut },
    [session],
  );

  if (value) {
    return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
  }
  if (state.kind === 'error') {
    return (
      <main className="session-wait" data-testid="session-error">
        <p role="alert">{state.message}</p>
        <button type="button" className="button" onClick={() => setAttempt((a) => a + 1)}>
          Try again
        </button>
      </main>
    );
  }
  return (
    <main className="session-wait" data-testid="session-loading" aria-busy="true">
      <p>Signing in…</p>
    </main>
  );
}

/** The signed-in user; only below SessionProvider. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside <SessionProvider>');
  return session;
}
