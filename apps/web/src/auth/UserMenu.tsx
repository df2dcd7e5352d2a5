// The header's signed-in user: their name, and a menu to the user portal and to sign
// out. Opens with a click or Enter; Escape or a click elsewhere closes it.
import { useEffect, useRef, useState } from 'react';
import { useSession } from './SessionProvider.js';

export function UserMenu() {
  const { user, logout } = useSession();
  const [open, setOpen] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const first = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (!open) return;
    first.current?.focus();
    const away = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', key);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', key);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={root}>
      <button
        type="button"
        className="user-menu-button"
        data-testid="user-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        title={`Signed in as ${user.login}${user.admin ? ' (administrator)' : ''}`}
        onClick={() => setOpen((o) => !o)}
      >
        <span data-testid="user-name">{user.login}</span>
        <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div className="menu" role="menu" aria-label="User" data-testid="user-menu-list">
          <div className="user-menu-who">Signed in as {user.login}</div>
          <a
            ref={first}
            className="user-menu-item"
            role="menuitem"
            href="/portal"
            data-testid="user-portal-link"
          >
            User portal
          </a>
          <button
            type="button"
            className="user-menu-item"
            role="menuitem"
            data-testid="sign-out"
            disabled={leaving}
            onClick={() => {
              setLeaving(true);
              void logout();
            }}
          >
            {leaving ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      )}
    </div>
  );
}
