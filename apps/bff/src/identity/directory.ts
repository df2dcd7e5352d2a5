// Where passwords are checked: one directory provider per login domain (oVirt's
// "profiles"). Corral ships the internal provider, over the password hashes in its own
// store. An LDAP provider fits the same interface (docs/identity.md): it binds as the
// user against the server, then finds or creates the app_user row of (username, domain)
// so permissions can name the account; nothing else in login changes.
import { INTERNAL_DOMAIN } from '@corral/shared';
import type { Db } from '../store/index.js';
import { DEFAULT_COST, hashPassword, verifyPassword } from './passwords.js';

/** The answer of a provider: the app_user row that signed in, or why not. */
export type DirectoryAnswer =
  | { readonly ok: true; readonly userId: string }
  /** No such account (or a group, or one without a password here). */
  | { readonly ok: false; readonly reason: 'unknown' }
  /** The account exists; the password is wrong. */
  | { readonly ok: false; readonly reason: 'wrong-password'; readonly userId: string };

export interface DirectoryProvider {
  /** The login domain it answers for: `name@<domain>`; `internal` for bare names. */
  readonly domain: string;
  /**
   * Checks the password. Must take about the same time whether or not the account
   * exists (the caller cannot tell a user name's existence from the delay).
   */
  authenticate(username: string, password: string): Promise<DirectoryAnswer>;
}

let dummy: Promise<string> | undefined;
/** A hash of nothing anyone knows, verified for unknown users to spend the same time. */
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`dummy-${Math.random()}`, DEFAULT_COST);
  return dummy;
}

/** Spends the time of one password check, for attempts that have no hash to check. */
export async function spendPasswordTime(password: string): Promise<void> {
  await verifyPassword(password, await dummyHash());
}

/**
 * Accounts whose password hash is in the store (app_user.password_hash) for one domain:
 * `internal`, and in demo mode the demo's directory domain (standing in for its LDAP).
 */
export function storeDirectory(db: Db, domain: string = INTERNAL_DOMAIN): DirectoryProvider {
  return {
    domain,
    async authenticate(username, password) {
      const [user] = await db.query<{ id: string; password_hash: string | null }>(
        `SELECT id, password_hash FROM app_user
          WHERE username = $1 AND domain = $2 AND NOT is_group AND NOT disabled`,
        [username, domain],
      );
      const stored = user?.password_hash ?? null;
      const ok = await verifyPassword(password, stored ?? (await dummyHash()));
      if (!user || stored === null) return { ok: false, reason: 'unknown' };
      return ok
        ? { ok: true, userId: user.id }
        : { ok: false, reason: 'wrong-password', userId: user.id };
    },
  };
}
