// For tests over real HTTP: local accounts with a cheap password hash, and signing in
// through POST /auth/login as a browser would.
import { INTERNAL_DOMAIN } from '@corral/shared';
import type { Db } from '../store/index.js';
import { ensureRoles } from './bootstrap.js';
import { CSRF_HEADER } from './csrf.js';
import { SESSION_COOKIE } from './http.js';
import { hashPassword } from './passwords.js';

/** Fast enough for tests, still a real scrypt hash. */
export const TEST_COST = { N: 2 ** 10, r: 8, p: 1 };

/** A local user with a password, holding `role` on System when given; its id. */
export async function addTestUser(
  db: Db,
  opts: { username: string; password: string; role?: string; domain?: string },
): Promise<string> {
  const [user] = await db.query<{ id: string }>(
    `INSERT INTO app_user (username, domain, password_hash) VALUES ($1, $2, $3) RETURNING id`,
    [opts.username, opts.domain ?? INTERNAL_DOMAIN, await hashPassword(opts.password, TEST_COST)],
  );
  if (opts.role) {
    await ensureRoles(db);
    await db.query(
      `INSERT INTO permission (user_id, role_id, object_type, object_id)
       SELECT $1, id, 'System', NULL FROM role WHERE name = $2`,
      [user!.id, opts.role],
    );
  }
  return user!.id;
}

export interface TestSession {
  /** The signed-in user's app_user id. */
  readonly userId: string;
  /** The corral_session token. */
  readonly token: string;
  readonly csrfToken: string;
  /** `Cookie` plus the CSRF header, for fetch. */
  headers(extra?: Record<string, string>): Record<string, string>;
}

/** The session token a response sets, or undefined (a clearing Set-Cookie gives ''). */
export function sessionCookieOf(res: Response): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const m = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(line);
    if (m) return m[1];
  }
  return undefined;
}

export async function signIn(
  base: string,
  username: string,
  password: string,
): Promise<TestSession> {
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const { csrfToken, user } = (await res.json()) as { csrfToken: string; user: { id: string } };
  const token = sessionCookieOf(res);
  if (!token) throw new Error(`sign-in as ${username} set no session cookie`);
  return {
    userId: user.id,
    token,
    csrfToken,
    headers: (extra = {}) => ({
      cookie: `${SESSION_COOKIE}=${token}`,
      [CSRF_HEADER]: csrfToken,
      ...extra,
    }),
  };
}

/** Adds a SuperUser account and signs it in. */
export async function signInAdmin(
  base: string,
  db: Db,
  username = 'test-admin',
): Promise<TestSession> {
  const password = 'test-password';
  await addTestUser(db, { username, password, role: 'SuperUser' });
  return signIn(base, username, password);
}
