// Signing in: the password is checked by the directory provider of the login's domain;
// an account locks after repeated wrong passwords, and one client address may only try
// so often. Every outcome is an audit event (docs/identity.md).
import { loginInput, splitLogin } from '@corral/shared';
import { recordEvent } from '../engine/audit.js';
import type { ChangeFeed } from '../live/feed.js';
import type { Db } from '../store/index.js';
import type { IdentityConfig } from './config.js';
import { spendPasswordTime, type DirectoryProvider } from './directory.js';

/** Attempts per client address in a sliding minute, in this process's memory. */
export class LoginRateLimiter {
  private readonly attempts = new Map<string, number[]>();
  private readonly noted = new Map<string, number>();
  constructor(private readonly perMinute: number) {}

  /**
   * Counts an attempt; refused with the seconds until one is allowed again, and whether
   * this refusal is the address's first in a minute (the one worth an audit event).
   */
  take(
    ip: string,
    now: number,
  ): { ok: true } | { ok: false; retryAfterSeconds: number; first: boolean } {
    const since = now - 60_000;
    if (this.attempts.size > 10_000) {
      for (const [key, times] of this.attempts)
        if ((times.at(-1) ?? 0) <= since) this.attempts.delete(key);
      for (const [key, at] of this.noted) if (at <= since) this.noted.delete(key);
    }
    const times = (this.attempts.get(ip) ?? []).filter((t) => t > since);
    if (times.length >= this.perMinute) {
      this.attempts.set(ip, times);
      const first = (this.noted.get(ip) ?? 0) <= since;
      if (first) this.noted.set(ip, now);
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((times[0]! - since) / 1000)),
        first,
      };
    }
    times.push(now);
    this.attempts.set(ip, times);
    return { ok: true };
  }
}

export interface LoginDeps {
  readonly db: Db;
  readonly feed: ChangeFeed | null;
  readonly config: IdentityConfig;
  /** By login domain; a domain without one is refused like an unknown user. */
  readonly providers: ReadonlyMap<string, DirectoryProvider>;
  readonly limiter: LoginRateLimiter;
}

export type LoginResult =
  | { readonly ok: true; readonly userId: string; readonly login: string }
  | { readonly ok: false; readonly status: 400; readonly message: string }
  | { readonly ok: false; readonly status: 401; readonly message: string }
  | {
      readonly ok: false;
      readonly status: 429;
      readonly message: string;
      readonly retryAfterSeconds: number;
    };

const WRONG = 'The user name or password is wrong.';

/** Checks a login attempt and keeps the account's failure count; makes no session. */
export async function attemptLogin(
  deps: LoginDeps,
  body: unknown,
  client: { ip: string },
  now = new Date(),
): Promise<LoginResult> {
  const { db, feed, config } = deps;
  const input = loginInput.safeParse(body);
  if (!input.success)
    return {
      ok: false,
      status: 400,
      message: input.error.issues[0]?.message ?? 'Enter a user name and password.',
    };
  const { username, domain } = splitLogin(input.data.username);
  const login = `${username}@${domain}`.slice(0, 200);
  const { password } = input.data;
  const audit = (code: string, message: string, userId: string | null, severity = 'Warning') =>
    recordEvent(db, feed, {
      code,
      message,
      severity: severity as 'Normal' | 'Warning',
      userName: login,
      userId,
    });

  const limited = deps.limiter.take(client.ip, now.getTime());
  if (!limited.ok) {
    // Audited once a minute per address, not per attempt: a flood would fill the log.
    if (limited.first)
      await audit(
        'USER_LOGIN_FAILED',
        `Sign-in attempts from ${client.ip} are refused for a while: more than ${config.ratePerMinute} a minute (the last as ${login}).`,
        null,
      );
    return {
      ok: false,
      status: 429,
      message: 'Too many sign-in attempts from this address. Try again shortly.',
      retryAfterSeconds: limited.retryAfterSeconds,
    };
  }

  const [account] = await db.query<{ id: string; locked_until: Date | null }>(
    `SELECT id, locked_until FROM app_user
      WHERE username = $1 AND domain = $2 AND NOT is_group`,
    [username, domain],
  );
  const lockedUntil = account?.locked_until ? new Date(account.locked_until).getTime() : 0;
  if (account && lockedUntil > now.getTime()) {
    await spendPasswordTime(password);
    await audit(
      'USER_LOGIN_FAILED',
      `User ${login} failed to sign in from ${client.ip}: the account is locked.`,
      account.id,
    );
    return {
      ok: false,
      status: 429,
      message: 'This account is locked after too many wrong passwords. Try again later.',
      retryAfterSeconds: Math.ceil((lockedUntil - now.getTime()) / 1000),
    };
  }

  const provider = deps.providers.get(domain);
  const answer = provider
    ? await provider.authenticate(username, password)
    : await spendPasswordTime(password).then(() => ({ ok: false, reason: 'unknown' }) as const);

  if (answer.ok) {
    await db.query(
      `UPDATE app_user SET failed_logins = 0, locked_until = NULL, last_login = $2 WHERE id = $1`,
      [answer.userId, now],
    );
    await audit(
      'USER_LOGIN',
      `User ${login} signed in from ${client.ip}.`,
      answer.userId,
      'Normal',
    );
    return { ok: true, userId: answer.userId, login };
  }
  if (answer.reason === 'unknown') {
    await audit(
      'USER_LOGIN_FAILED',
      `Sign-in as ${login} from ${client.ip} failed: no such user${provider ? '' : ' (unknown domain)'}.`,
      null,
    );
    return { ok: false, status: 401, message: WRONG };
  }
  // One statement: concurrent wrong passwords each count, and exactly one locks.
  const lockUntil = new Date(now.getTime() + config.lockMs);
  const [row] = await db.query<{ locked: boolean; failures: number }>(
    `UPDATE app_user SET
       failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
       locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
     WHERE id = $1
     RETURNING failed_logins = 0 AS locked, failed_logins AS failures`,
    [answer.userId, config.maxFailures, lockUntil],
  );
  await audit(
    'USER_LOGIN_FAILED',
    `User ${login} failed to sign in from ${client.ip}: wrong password.`,
    answer.userId,
  );
  if (row?.locked) {
    await audit(
      'USER_ACCOUNT_LOCKED',
      `User ${login} is locked for ${Math.round(config.lockMs / 60_000)} minutes after ${config.maxFailures} wrong passwords in a row.`,
      answer.userId,
    );
    return {
      ok: false,
      status: 429,
      message: 'This account is locked after too many wrong passwords. Try again later.',
      retryAfterSeconds: Math.ceil(config.lockMs / 1000),
    };
  }
  return { ok: false, status: 401, message: WRONG };
}
