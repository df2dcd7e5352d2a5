// Sessions over HTTP (docs/identity.md): POST /auth/login, POST /auth/logout,
// GET /auth/session; the middleware that turns the session cookie into the request's
// principal; the CSRF guard; and the 401 for routes that need a signed-in user.
import express, {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { recordEvent, type AuditEventInput } from '../engine/audit.js';
import type { ChangeFeed } from '../live/feed.js';
import type { Db } from '../store/index.js';
import type { IdentityConfig } from './config.js';
import { csrfMatches, isJson, needsCsrf, sameOrigin } from './csrf.js';
import type { DirectoryProvider } from './directory.js';
import { attemptLogin, LoginRateLimiter } from './login.js';
import { loadPrincipal, type Principal } from './principal.js';
import { principalOf, setPrincipal } from './request.js';
import { createSession, deleteSession, lookupSession } from './sessions.js';

export const SESSION_COOKIE = 'corral_session';
/** A token as createSession makes them: 32 random bytes, base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface IdentityHttpOptions {
  readonly db: Db;
  readonly feed: ChangeFeed | null;
  readonly config: IdentityConfig;
  readonly providers: readonly DirectoryProvider[];
  /** The clock (tests move it). */
  readonly now?: () => Date;
}

interface RequestSession {
  readonly token: string;
  readonly csrfToken: string;
}

/** The value of one cookie of the request, or undefined. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Secure unless the browser cannot keep a Secure cookie: plain http to a host other than
 * this machine's loopback (browsers treat http://localhost, 127.0.0.1 and [::1] as
 * secure contexts and keep Secure cookies set from them).
 */
export function cookieIsSecure(req: Request): boolean {
  if (req.secure) return true;
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]'
  );
}

function sessionCookie(req: Request, value: string, clear = false): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(clear ? ['Max-Age=0'] : []),
    ...(cookieIsSecure(req) ? ['Secure'] : []),
  ].join('; ');
}

const clientIp = (req: Request) => req.ip ?? req.socket.remoteAddress ?? '';

function userView(p: Principal) {
  return { id: p.userId, login: p.login, admin: p.admin };
}

/** 401 unless the request has a signed-in user. */
export const requireSession: RequestHandler = (req, res, next) => {
  if (principalOf(req)) {
    next();
    return;
  }
  res.status(401).json({ error: { message: 'Sign in first.' } });
};

export interface IdentityHttp {
  /** Reads the session cookie; sets the principal of a live session. */
  readonly session: RequestHandler;
  /** 403 for a state-changing request of a session without its CSRF token. */
  readonly csrf: RequestHandler;
  /** /login, /logout, /session (mount at /auth). */
  readonly router: Router;
}

export function identityHttp(options: IdentityHttpOptions): IdentityHttp {
  const { db, feed, config } = options;
  const now = options.now ?? (() => new Date());
  const providers = new Map(options.providers.map((p) => [p.domain, p]));
  const limiter = new LoginRateLimiter(config.ratePerMinute);
  const sessions = new WeakMap<Request, RequestSession>();
  /** Per client address: when a forged cookie was last audited. */
  const invalidNoted = new Map<string, number>();

  const audit = (e: AuditEventInput) => recordEvent(db, feed, e);
  const loginOf = async (userId: string) =>
    (
      await db.query<{ login: string }>(
        `SELECT username || '@' || domain AS login FROM app_user WHERE id = $1`,
        [userId],
      )
    )[0]?.login ?? '';

  const noteInvalid = async (req: Request) => {
    const ip = clientIp(req);
    const t = now().getTime();
    if (t - (invalidNoted.get(ip) ?? 0) < 60_000) return;
    if (invalidNoted.size > 10_000)
      for (const [key, at] of invalidNoted) if (t - at >= 60_000) invalidNoted.delete(key);
    invalidNoted.set(ip, t);
    await audit({
      code: 'USER_SESSION_INVALID',
      severity: 'Warning',
      message: `A request from ${ip} presented a session cookie that matches no session (forged or from another installation); it was treated as signed out.`,
    });
  };

  const session: RequestHandler = async (req, res, next) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (!token) {
      next();
      return;
    }
    const found = TOKEN_SHAPE.test(token)
      ? await lookupSession(db, token, config, now())
      : ({ ok: false, reason: 'unknown' } as const);
    if (found.ok) {
      const principal = await loadPrincipal(db, found.userId);
      if (principal) {
        setPrincipal(req, principal);
        sessions.set(req, { token, csrfToken: found.csrfToken });
        next();
        return;
      }
      // The account was disabled or removed since: its sessions are over.
      await db.query('DELETE FROM user_session WHERE user_id = $1', [found.userId]);
    } else if (found.reason === 'expired') {
      const login = await loginOf(found.userId);
      await audit({
        code: 'USER_SESSION_EXPIRED',
        message: `The session of user ${login} expired; it must sign in again.`,
        userName: login,
        userId: found.userId,
      });
    } else {
      await noteInvalid(req);
    }
    res.append('Set-Cookie', sessionCookie(req, '', true));
    next();
  };

  const csrf: RequestHandler = async (req, res, next) => {
    const s = sessions.get(req);
    // Without a session the request has no authority to forge; its route answers 401.
    if (!needsCsrf(req.method) || !s || csrfMatches(req, s.csrfToken)) {
      next();
      return;
    }
    const p = principalOf(req);
    await audit({
      code: 'CSRF_REJECTED',
      severity: 'Warning',
      message: `A ${req.method} ${req.originalUrl.split('?')[0]} request of user ${p?.login ?? ''} from ${clientIp(req)} was refused: missing or wrong CSRF token.`,
      userName: p?.login ?? '',
      userId: p?.userId ?? null,
    });
    res.status(403).json({ error: { message: 'Missing or wrong CSRF token. Reload the page.' } });
  };

  const router = Router();
  router.post(
    '/login',
    async (req: Request, res: Response, next: NextFunction) => {
      if (!isJson(req)) {
        res.status(415).json({ error: { message: 'Send the sign-in as application/json.' } });
        return;
      }
      if (!sameOrigin(req)) {
        await audit({
          code: 'CSRF_REJECTED',
          severity: 'Warning',
          message: `A sign-in from ${clientIp(req)} was refused: it came from another site (${String(req.headers.origin).slice(0, 200)}).`,
        });
        res.status(403).json({ error: { message: 'Sign-in from another site is refused.' } });
        return;
      }
      next();
    },
    express.json({ limit: '16kb' }),
    async (req: Request, res: Response) => {
      const result = await attemptLogin(
        { db, feed, config, providers, limiter },
        req.body,
        { ip: clientIp(req) },
        now(),
      );
      if (!result.ok) {
        if (result.status === 429) {
          res.setHeader('Retry-After', String(result.retryAfterSeconds));
          res.status(429).json({
            error: { message: result.message, retryAfterSeconds: result.retryAfterSeconds },
          });
        } else res.status(result.status).json({ error: { message: result.message } });
        return;
      }
      // Session fixation: whatever session the browser came with ends; a new one begins.
      const old = readCookie(req, SESSION_COOKIE);
      if (old) await deleteSession(db, old);
      const principal = await loadPrincipal(db, result.userId);
      if (!principal) {
        res.status(401).json({ error: { message: 'The user name or password is wrong.' } });
        return;
      }
      const created = await createSession(
        db,
        result.userId,
        config,
        { ip: clientIp(req), userAgent: req.headers['user-agent'] ?? '' },
        now(),
      );
      res.setHeader('Cache-Control', 'no-store');
      res.append('Set-Cookie', sessionCookie(req, created.token));
      res.json({ user: userView(principal), csrfToken: created.csrfToken });
    },
  );

  router.post('/logout', async (req: Request, res: Response) => {
    const s = sessions.get(req);
    const p = principalOf(req);
    if (s && p) {
      await deleteSession(db, s.token);
      await audit({
        code: 'USER_LOGOUT',
        message: `User ${p.login} signed out.`,
        userName: p.login,
        userId: p.userId,
      });
    }
    res.append('Set-Cookie', sessionCookie(req, '', true));
    res.status(204).end();
  });

  router.get('/session', (req: Request, res: Response) => {
    const s = sessions.get(req);
    const p = principalOf(req);
    res.setHeader('Cache-Control', 'no-store');
    if (!s || !p) {
      res.status(401).json({ error: { message: 'Not signed in.' } });
      return;
    }
    res.json({ user: userView(p), csrfToken: s.csrfToken });
  });

  return { session, csrf, router };
}
