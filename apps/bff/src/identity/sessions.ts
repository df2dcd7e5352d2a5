// Sessions kept in the store (user_session), so any replica serves any browser. The
// cookie holds a random token; the store holds only its SHA-256, so a copy of the
// database opens no session. Each session has its own CSRF token.
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/index.js';

export interface SessionTimes {
  /** Over when unused this long. */
  readonly sessionIdleMs: number;
  /** Over this long after it began, however busy. */
  readonly sessionMaxMs: number;
}

/** last_seen_at is written at most this often, not on every request. */
export const TOUCH_INTERVAL_MS = 60_000;

export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

const newToken = () => randomBytes(32).toString('base64url');

export interface NewSession {
  /** The cookie's value: shown to the browser once, never stored. */
  readonly token: string;
  readonly csrfToken: string;
}

export async function createSession(
  db: Db,
  userId: string,
  times: SessionTimes,
  client: { ip?: string; userAgent?: string } = {},
  now = new Date(),
): Promise<NewSession> {
  const token = newToken();
  const csrfToken = newToken();
  await db.query(
    `INSERT INTO user_session
       (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
     VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`,
    [
      hashToken(token),
      userId,
      csrfToken,
      now,
      new Date(now.getTime() + times.sessionMaxMs),
      (client.ip ?? '').slice(0, 100),
      (client.userAgent ?? '').slice(0, 400),
    ],
  );
  return { token, csrfToken };
}

export type SessionLookup =
  | { readonly ok: true; readonly userId: string; readonly csrfToken: string }
  | { readonly ok: false; readonly reason: 'unknown' }
  | { readonly ok: false; readonly reason: 'expired'; readonly userId: string };

/**
 * The session a cookie names. An expired one is deleted on the way (so it is reported
 * expired once); a live one has last_seen_at moved on when a minute has passed.
 */
export async function lookupSession(
  db: Db,
  token: string,
  times: SessionTimes,
  now = new Date(),
): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const [row] = await db.query<{
    user_id: string;
    csrf_token: string;
    last_seen_at: Date;
    expires_at: Date;
  }>(
    `SELECT user_id, csrf_token, last_seen_at, expires_at FROM user_session WHERE token_hash = $1`,
    [tokenHash],
  );
  if (!row) return { ok: false, reason: 'unknown' };
  const lastSeen = new Date(row.last_seen_at).getTime();
  const t = now.getTime();
  if (t >= new Date(row.expires_at).getTime() || t >= lastSeen + times.sessionIdleMs) {
    await db.query('DELETE FROM user_session WHERE token_hash = $1', [tokenHash]);
    return { ok: false, reason: 'expired', userId: row.user_id };
  }
  if (t - lastSeen >= TOUCH_INTERVAL_MS)
    await db.query('UPDATE user_session SET last_seen_at = $2 WHERE token_hash = $1', [
      tokenHash,
      now,
    ]);
  return { ok: true, userId: row.user_id, csrfToken: row.csrf_token };
}

/** Ends the session; whether there was one. */
export async function deleteSession(db: Db, token: string): Promise<{ userId: string } | null> {
  const [row] = await db.query<{ user_id: string }>(
    'DELETE FROM user_session WHERE token_hash = $1 RETURNING user_id',
    [hashToken(token)],
  );
  return row ? { userId: row.user_id } : null;
}

/**
 * Deletes sessions that ended more than `graceMs` ago (a browser coming back within the
 * grace still hears "expired" rather than "no such session"); returns how many.
 */
export async function purgeExpiredSessions(
  db: Db,
  times: SessionTimes,
  now = new Date(),
  graceMs = 24 * 3_600_000,
): Promise<number> {
  const before = new Date(now.getTime() - graceMs);
  const gone = await db.query<{ token_hash: string }>(
    `DELETE FROM user_session
      WHERE expires_at < $1 OR last_seen_at < $2
      RETURNING token_hash`,
    [before, new Date(before.getTime() - times.sessionIdleMs)],
  );
  return gone.length;
}
