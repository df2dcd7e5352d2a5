// /login: user name and password, one form that works with the keyboard alone and on
// a phone. A wrong password and a lock-out are said plainly (the lock-out with how
// long to wait); afterwards the browser goes where it was going (`next`), or to the
// portal the user may use.
import { useEffect, useRef, useState } from 'react';
import { loginInput } from '@corral/shared';
import { afterLogin, type LoginFailure } from './authModel.js';
import { fetchSession, signIn } from './session.js';
import './auth.css';

export function LoginPage() {
  const next = new URLSearchParams(window.location.search).get('next');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<LoginFailure | null>(null);
  const [fieldErrors, setFieldErrors] = useState<{ username?: string; password?: string }>({});
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const usernameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Sign in — Corral';
    // Already signed in (a second tab, the back button): straight on.
    let live = true;
    fetchSession().then(
      (session) => {
        if (live && session) window.location.replace(afterLogin(session.user, next));
      },
      () => {
        // The form is still the way in; a failure to sign in will say what is wrong.
      },
    );
    return () => {
      live = false;
    };
  }, [next]);

  const submit = async () => {
    const parsed = loginInput.safeParse({ username, password });
    if (!parsed.success) {
      const errs: { username?: string; password?: string } = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if ((key === 'username' || key === 'password') && !errs[key]) errs[key] = issue.message;
      }
      setFieldErrors(errs);
      setFailure(null);
      (errs.username ? usernameRef : passwordRef).current?.focus();
      return;
    }
    setFieldErrors({});
    setBusy(true);
    const result = await signIn(parsed.data.username, parsed.data.password);
    if (result.ok) {
      window.location.assign(afterLogin(result.session.user, next));
      return;
    }
    setBusy(false);
    setFailure(result.failure);
    // A wrong password is typed again; the user name usually stays right.
    setPassword('');
    passwordRef.current?.focus();
  };

  return (
    <main className="login-page">
      <form
        className="login-card"
        data-testid="login-form"
        aria-labelledby="login-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void submit();
        }}
      >
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true" />
          <h1 id="login-title">Corral</h1>
        </div>
        <p className="login-intro">Sign in with your Corral account.</p>
        {failure && (
          <div
            className="login-error"
            role="alert"
            data-testid="login-error"
            data-kind={failure.kind}
          >
            {failure.message}
          </div>
        )}
        <label className="login-field">
          <span>User name</span>
          <input
            ref={usernameRef}
            className="input"
            data-testid="login-username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            autoFocus
            value={username}
            aria-invalid={fieldErrors.username ? true : undefined}
            aria-describedby={fieldErrors.username ? 'login-username-error' : undefined}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        {fieldErrors.username && (
          <p className="field-error" id="login-username-error">
            {fieldErrors.username}
          </p>
        )}
        <label className="login-field">
          <span>Password</span>
          <input
            ref={passwordRef}
            className="input"
            type="password"
            data-testid="login-password"
            name="password"
            autoComplete="current-password"
            value={password}
            aria-invalid={fieldErrors.password ? true : undefined}
            aria-describedby={fieldErrors.password ? 'login-password-error' : undefined}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {fieldErrors.password && (
          <p className="field-error" id="login-password-error">
            {fieldErrors.password}
          </p>
        )}
        <button
          type="submit"
          className="button button-primary login-submit"
          data-testid="login-submit"
          disabled={busy}
        >
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="login-hint">
          Accounts of a directory are written <span className="mono">name@domain</span>.
        </p>
      </form>
    </main>
  );
}
