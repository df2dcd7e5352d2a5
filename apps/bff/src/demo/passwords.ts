// The demo's documented password (README, docs/identity.md): admin and the named
// directory users sign in with it, so a visitor can try both portals.
import type { Db } from '../store/index.js';
import { DIRECTORY_DOMAIN, NAMED_USERS } from './catalog.js';

export const DEMO_PASSWORD = 'corral-demo';

/** The demo's named people as user names in DIRECTORY_DOMAIN (`jsmith`, …). */
export function demoNamedUsernames(): string[] {
  return NAMED_USERS.map(([first, last]) => `${first[0]}${last}`.toLowerCase());
}

/**
 * Gives the named demo users that have no password yet the demo password: one hash
 * (scrypt per user would slow the start), the same string stored for all of them.
 * Returns how many were given it.
 */
export async function setDemoPasswords(db: Db, hash: string): Promise<number> {
  const set = await db.query<{ id: string }>(
    `UPDATE app_user SET password_hash = $1
      WHERE domain = $2 AND username = ANY($3::text[]) AND NOT is_group
        AND password_hash IS NULL
     RETURNING id`,
    [hash, DIRECTORY_DOMAIN, demoNamedUsernames()],
  );
  return set.length;
}
