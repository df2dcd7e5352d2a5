// Sign-in, sessions and CSRF over real HTTP (app.listen(0) + fetch), on PGlite and
// PostgreSQL: every refusal is checked for what it answers, what it left unchanged and
// the audit event it wrote.
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import type { Db } from '../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../store/testing/index.js';
import { loadIdentityConfig, type IdentityConfig } from './config.js';
import { CSRF_HEADER } from './csrf.js';
import { SESSION_COOKIE } from './http.js';
import { hashPassword } from './passwords.js';
import { hashToken } from './sessions.js';
import { addTestUser, sessionCookieOf, signIn } from './testing.js';

const config: IdentityConfig = {
  ...loadIdentityConfig({}),
  maxFailures: 3,
  ratePerMinute: 1000,
};

async function listen(db: Db, identity: IdentityConfig): Promise<{ server: Server; base: string }> {
  const server = createApp({ db, identity }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A sign-in over node:http, which (unlike fetch) lets a test set Host and proxy headers. */
function rawLogin(
  base: string,
  body: { username: string; password: string },
  headers: Record<string, string>,
): Promise<{ status: number; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/auth/login`,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [] }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe.each(STORE_BACKENDS)('sign-in and sessions over HTTP on %s', (backend) => {
  let db: Db;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    db = await openTestStore(backend);
    ({ server, base } = await listen(db, config));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await db.close();
  });

  const login = (username: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ username, password }),
    });
  const cookie = (token: string) => ({ cookie: `${SESSION_COOKIE}=${token}` });
  const events = (code: string, userName?: string) =>
    db.query<{ user_name: string; user_id: string | null; message: string; severity: string }>(
      `SELECT user_name, user_id, message, severity FROM audit_event
        WHERE code = $1 AND ($2::text IS NULL OR user_name = $2) ORDER BY id`,
      [code, userName ?? null],
    );
  const bookmarks = async (name: string) =>
    (await db.query('SELECT 1 FROM bookmark WHERE name = $1', [name])).length;
  const createBookmark = (name: string, headers: Record<string, string>) =>
    fetch(`${base}/trpc/bookmark.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ name, query: 'Vms:' }),
    });

  it('signs in: a session cookie (HttpOnly, SameSite=Strict, Secure on loopback), the user and a CSRF token; only the token hash is stored', async () => {
    const id = await addTestUser(db, {
      username: 'alice',
      password: 'alice-pass',
      role: 'SuperUser',
    });
    const res = await login('alice', 'alice-pass');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { user: unknown; csrfToken: string };
    expect(body.user).toEqual({ id, login: 'alice@internal', admin: true });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [line] = res.headers.getSetCookie();
    expect(line).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43};`));
    for (const flag of ['HttpOnly', 'SameSite=Strict', 'Path=/', 'Secure'])
      expect(line!.split('; ')).toContain(flag);
    const token = sessionCookieOf(res)!;

    const rows = await db.query<{ token_hash: string; csrf_token: string }>(
      'SELECT token_hash, csrf_token FROM user_session WHERE user_id = $1',
      [id],
    );
    expect(rows).toEqual([{ token_hash: hashToken(token), csrf_token: body.csrfToken }]);
    expect(rows[0]!.token_hash).not.toContain(token);

    const session = await fetch(`${base}/auth/session`, { headers: cookie(token) });
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual(body);
    expect(await events('USER_LOGIN', 'alice@internal')).toEqual([
      expect.objectContaining({ user_id: id, severity: 'Normal' }),
    ]);
    const [user] = await db.query<{ last_login: Date | null }>(
      'SELECT last_login FROM app_user WHERE id = $1',
      [id],
    );
    expect(user!.last_login).not.toBeNull();
  });

  it('refuses a wrong password and an unknown user alike (401, same words, about the same time), and audits both', async () => {
    // A real-cost hash, so the timing comparison means something.
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO app_user (username, password_hash) VALUES ('bob', $1) RETURNING id`,
      [await hashPassword('bob-password')],
    );
    const t0 = performance.now();
    const wrong = await login('bob', 'not-bobs');
    const known = performance.now() - t0;
    const t1 = performance.now();
    const unknown = await login('nobody-here', 'whatever');
    const stranger = performance.now() - t1;
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
    expect(wrong.headers.getSetCookie()).toEqual([]);
    // Unknown users are checked against a dummy hash: not answered in an instant.
    expect(stranger).toBeGreaterThan(known * 0.4);

    expect(await events('USER_LOGIN_FAILED', 'bob@internal')).toEqual([
      expect.objectContaining({
        user_id: row!.id,
        message: expect.stringMatching(/wrong password/),
      }),
    ]);
    expect(await events('USER_LOGIN_FAILED', 'nobody-here@internal')).toEqual([
      expect.objectContaining({ user_id: null, message: expect.stringMatching(/no such user/) }),
    ]);
    const [bob] = await db.query<{ failed_logins: number }>(
      'SELECT failed_logins FROM app_user WHERE id = $1',
      [row!.id],
    );
    expect(bob!.failed_logins).toBe(1);
    // A domain with no provider is an unknown user too.
    expect((await login('bob@elsewhere.example', 'bob-password')).status).toBe(401);
    // Bad input is a 400 naming the problem, and no event.
    const empty = await login('', 'x');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: { message: 'Enter your user name.' } });
  });

  it('locks an account after N wrong passwords in a row: refused (429) even with the right one, audited, open again when the lock ends', async () => {
    const id = await addTestUser(db, {
      username: 'carol',
      password: 'carol-pass',
      role: 'UserRole',
    });
    expect((await login('carol', 'nope-1')).status).toBe(401);
    // A success in between starts the count again.
    expect((await login('carol', 'carol-pass')).status).toBe(200);
    expect((await login('carol', 'nope-2')).status).toBe(401);
    expect((await login('carol', 'nope-3')).status).toBe(401);
    const locking = await login('carol', 'nope-4');
    expect(locking.status).toBe(429);
    const body = (await locking.json()) as { error: { retryAfterSeconds: number } };
    expect(body.error.retryAfterSeconds).toBe(15 * 60);
    expect(await events('USER_ACCOUNT_LOCKED', 'carol@internal')).toEqual([
      expect.objectContaining({ user_id: id, severity: 'Warning' }),
    ]);

    const sessionsBefore = await db.query('SELECT 1 FROM user_session WHERE user_id = $1', [id]);
    const right = await login('carol', 'carol-pass');
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.headers.getSetCookie()).toEqual([]);
    expect(await db.query('SELECT 1 FROM user_session WHERE user_id = $1', [id])).toHaveLength(
      sessionsBefore.length,
    );
    const failed = await events('USER_LOGIN_FAILED', 'carol@internal');
    expect(failed.at(-1)!.message).toMatch(/locked/);

    await db.query(`UPDATE app_user SET locked_until = now() - interval '1 second' WHERE id = $1`, [
      id,
    ]);
    expect((await login('carol', 'carol-pass')).status).toBe(200);
    const [carol] = await db.query<{ failed_logins: number; locked_until: Date | null }>(
      'SELECT failed_logins, locked_until FROM app_user WHERE id = $1',
      [id],
    );
    expect(carol).toEqual({ failed_logins: 0, locked_until: null });
  });

  it('rate-limits sign-in attempts per client address, audited once, not per attempt', async () => {
    const limited = await listen(db, { ...config, ratePerMinute: 3 });
    try {
      await addTestUser(db, { username: 'dave', password: 'dave-pass' });
      const attempt = (password: string) =>
        fetch(`${limited.base}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'dave', password }),
        });
      for (const p of ['a', 'b']) expect((await attempt(p)).status).toBe(401);
      expect((await attempt('dave-pass')).status).toBe(200);
      const refused = await attempt('dave-pass');
      expect(refused.status).toBe(429);
      const body = (await refused.json()) as { error: { retryAfterSeconds: number } };
      expect(body.error.retryAfterSeconds).toBeGreaterThan(0);
      expect(body.error.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(refused.headers.getSetCookie()).toEqual([]);
      for (let i = 0; i < 5; i++) expect((await attempt('x')).status).toBe(429);
      const noted = (await events('USER_LOGIN_FAILED', 'dave@internal')).filter((e) =>
        /refused for a while/.test(e.message),
      );
      expect(noted).toHaveLength(1);
      // Rate-limited attempts are not wrong passwords: the account is not locked.
      const [dave] = await db.query<{ locked_until: Date | null }>(
        `SELECT locked_until FROM app_user WHERE username = 'dave'`,
      );
      expect(dave!.locked_until).toBeNull();
      // Other servers (and this test's other app) keep their own count.
      expect((await login('dave', 'dave-pass')).status).toBe(200);
    } finally {
      await new Promise((r) => limited.server.close(r));
    }
  });

  it('refuses a mutation without or with a wrong CSRF header (403), changes nothing and audits it', async () => {
    await addTestUser(db, { username: 'erin', password: 'erin-pass', role: 'SuperUser' });
    const s = await signIn(base, 'erin', 'erin-pass');
    const before = (await events('CSRF_REJECTED')).length;

    const without = await createBookmark('csrf-none', cookie(s.token));
    expect(without.status).toBe(403);
    const wrong = await createBookmark('csrf-wrong', {
      ...cookie(s.token),
      [CSRF_HEADER]: randomBytes(32).toString('base64url'),
    });
    expect(wrong.status).toBe(403);
    expect(await bookmarks('csrf-none')).toBe(0);
    expect(await bookmarks('csrf-wrong')).toBe(0);
    const rejected = (await events('CSRF_REJECTED')).slice(before);
    expect(rejected).toEqual([
      expect.objectContaining({ user_name: 'erin@internal', user_id: expect.any(String) }),
      expect.objectContaining({ user_name: 'erin@internal' }),
    ]);
    expect(rejected[0]!.message).toMatch(/POST \/trpc\/bookmark\.create/);

    // Queries (GET) need no header; the right header lets the mutation through.
    const query = await fetch(`${base}/trpc/bookmark.list`, { headers: cookie(s.token) });
    expect(query.status).toBe(200);
    const ok = await createBookmark('csrf-right', s.headers());
    expect(ok.status).toBe(200);
    expect(await bookmarks('csrf-right')).toBe(1);
    // Without a session a mutation is simply not signed in.
    expect((await createBookmark('csrf-anon', {})).status).toBe(401);
    expect(await bookmarks('csrf-anon')).toBe(0);
  });

  it('takes a sign-in only as JSON and, with an Origin, only from this origin', async () => {
    await addTestUser(db, { username: 'frank', password: 'frank-pass' });
    const form = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=frank&password=frank-pass',
    });
    expect(form.status).toBe(415);
    expect(form.headers.getSetCookie()).toEqual([]);
    const before = (await events('CSRF_REJECTED')).length;
    const cross = await login('frank', 'frank-pass', { origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    expect(cross.headers.getSetCookie()).toEqual([]);
    const rejected = (await events('CSRF_REJECTED')).slice(before);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.message).toMatch(/evil\.example/);
    expect((await login('frank', 'frank-pass', { origin: base })).status).toBe(200);
  });

  it('makes a new session at every sign-in and ends the one the browser came with (session fixation)', async () => {
    await addTestUser(db, { username: 'grace', password: 'grace-pass', role: 'SuperUser' });
    const first = await signIn(base, 'grace', 'grace-pass');
    const again = await login('grace', 'grace-pass', cookie(first.token));
    expect(again.status).toBe(200);
    const second = sessionCookieOf(again)!;
    expect(second).not.toBe(first.token);
    expect((await fetch(`${base}/auth/session`, { headers: cookie(first.token) })).status).toBe(
      401,
    );
    expect((await fetch(`${base}/auth/session`, { headers: cookie(second) })).status).toBe(200);
    expect(
      await db.query('SELECT 1 FROM user_session WHERE token_hash = $1', [hashToken(first.token)]),
    ).toEqual([]);

    // A token planted in the browser beforehand is never the one sign-in hands out.
    const planted = randomBytes(32).toString('base64url');
    const fixed = await login('grace', 'grace-pass', cookie(planted));
    expect(fixed.status).toBe(200);
    expect(sessionCookieOf(fixed)).not.toBe(planted);
    expect((await fetch(`${base}/auth/session`, { headers: cookie(planted) })).status).toBe(401);
  });

  it('ends a session that idled too long or outlived its maximum: 401, cookie cleared, audited', async () => {
    const id = await addTestUser(db, {
      username: 'heidi',
      password: 'heidi-pass',
      role: 'SuperUser',
    });
    const idle = await signIn(base, 'heidi', 'heidi-pass');
    await db.query(
      `UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE token_hash = $1`,
      [hashToken(idle.token)],
    );
    const res = await fetch(`${base}/trpc/bookmark.list`, { headers: cookie(idle.token) });
    expect(res.status).toBe(401);
    expect(sessionCookieOf(res)).toBe('');
    expect(res.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect(
      await db.query('SELECT 1 FROM user_session WHERE token_hash = $1', [hashToken(idle.token)]),
    ).toEqual([]);

    const old = await signIn(base, 'heidi', 'heidi-pass');
    await db.query(
      `UPDATE user_session SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [hashToken(old.token)],
    );
    expect((await fetch(`${base}/auth/session`, { headers: cookie(old.token) })).status).toBe(401);
    expect(await events('USER_SESSION_EXPIRED', 'heidi@internal')).toEqual([
      expect.objectContaining({ user_id: id }),
      expect.objectContaining({ user_id: id }),
    ]);
  });

  it('moves last_seen_at on at most once a minute', async () => {
    await addTestUser(db, { username: 'ivan', password: 'ivan-pass' });
    const s = await signIn(base, 'ivan', 'ivan-pass');
    const seen = async () =>
      (
        await db.query<{ t: string }>(
          `SELECT last_seen_at::text AS t FROM user_session WHERE token_hash = $1`,
          [hashToken(s.token)],
        )
      )[0]!.t;
    await db.query(
      `UPDATE user_session SET last_seen_at = now() - interval '2 minutes' WHERE token_hash = $1`,
      [hashToken(s.token)],
    );
    const stale = await seen();
    expect((await fetch(`${base}/auth/session`, { headers: cookie(s.token) })).status).toBe(200);
    const touched = await seen();
    expect(touched).not.toBe(stale);
    expect((await fetch(`${base}/auth/session`, { headers: cookie(s.token) })).status).toBe(200);
    expect(await seen()).toBe(touched);
  });

  it('treats a forged cookie as signed out (401) and audits it at most once a minute per address', async () => {
    // A server of its own: this file's earlier planted cookies were noted by the other.
    const fresh = await listen(db, config);
    try {
      const before = (await events('USER_SESSION_INVALID')).length;
      for (const forged of [
        randomBytes(32).toString('base64url'),
        'not-even-a-token',
        'x'.repeat(43),
      ]) {
        const res = await fetch(`${fresh.base}/trpc/bookmark.list`, { headers: cookie(forged) });
        expect(res.status).toBe(401);
        expect(sessionCookieOf(res)).toBe('');
        const session = await fetch(`${fresh.base}/auth/session`, { headers: cookie(forged) });
        expect(session.status).toBe(401);
      }
      const noted = (await events('USER_SESSION_INVALID')).slice(before);
      expect(noted).toHaveLength(1);
      expect(noted[0]!.severity).toBe('Warning');
      expect(noted[0]!.message).toMatch(/127\.0\.0\.1/);
    } finally {
      await new Promise((r) => fresh.server.close(r));
    }
  });

  it('logs out: needs the CSRF header, deletes the session, clears the cookie, audits it', async () => {
    const id = await addTestUser(db, { username: 'judy', password: 'judy-pass' });
    const s = await signIn(base, 'judy', 'judy-pass');
    const forged = await fetch(`${base}/auth/logout`, { method: 'POST', headers: cookie(s.token) });
    expect(forged.status).toBe(403);
    expect((await fetch(`${base}/auth/session`, { headers: cookie(s.token) })).status).toBe(200);

    const res = await fetch(`${base}/auth/logout`, { method: 'POST', headers: s.headers() });
    expect(res.status).toBe(204);
    expect(sessionCookieOf(res)).toBe('');
    expect(await db.query('SELECT 1 FROM user_session WHERE user_id = $1', [id])).toEqual([]);
    expect((await fetch(`${base}/auth/session`, { headers: cookie(s.token) })).status).toBe(401);
    expect(await events('USER_LOGOUT', 'judy@internal')).toEqual([
      expect.objectContaining({ user_id: id }),
    ]);
  });

  it('refuses the REST search and upload without a session (401), and upload without the CSRF header (403)', async () => {
    const q = `${base}/api/v1/search?q=${encodeURIComponent('Vms:')}`;
    const anon = await fetch(q);
    expect(anon.status).toBe(401);
    expect(await anon.json()).toEqual({ error: { message: 'Sign in first.' } });
    await addTestUser(db, { username: 'ken', password: 'ken-pass', role: 'SuperUser' });
    const s = await signIn(base, 'ken', 'ken-pass');
    expect((await fetch(q, { headers: cookie(s.token) })).status).toBe(200);

    const url = `${base}/api/v1/disks/${crypto.randomUUID()}/upload`;
    const body = Buffer.alloc(1024);
    expect((await fetch(url, { method: 'PUT', body })).status).toBe(401);
    expect((await fetch(url, { method: 'PUT', body, headers: cookie(s.token) })).status).toBe(403);
    // Signed in with the header it reaches the upload, which knows no such id.
    expect((await fetch(url, { method: 'PUT', body, headers: s.headers() })).status).toBe(404);
  });

  it('marks the cookie Secure over https and on loopback hosts, not over plain http to another host', async () => {
    await addTestUser(db, { username: 'liam', password: 'liam-pass' });
    const secure = async (headers: Record<string, string>) => {
      const res = await rawLogin(base, { username: 'liam', password: 'liam-pass' }, headers);
      expect(res.status).toBe(200);
      return res.setCookie[0]!.split('; ').includes('Secure');
    };
    const port = new URL(base).port;
    expect(await secure({ host: `127.0.0.1:${port}` })).toBe(true);
    expect(await secure({ host: `localhost:${port}` })).toBe(true);
    expect(await secure({ host: `[::1]:${port}` })).toBe(true);
    expect(await secure({ host: `corral.example:${port}` })).toBe(false);
    // No proxy is trusted by default: its X-Forwarded-Proto means nothing.
    expect(await secure({ host: 'corral.example', 'x-forwarded-proto': 'https' })).toBe(false);
  });

  it('behind a trusted proxy (CORRAL_TRUST_PROXY) takes https and the client address from it', async () => {
    await addTestUser(db, { username: 'mia', password: 'mia-pass' });
    const proxied = await listen(db, { ...config, ratePerMinute: 2, trustProxy: 'loopback' });
    try {
      const attempt = (ip: string, extra: Record<string, string> = {}) =>
        rawLogin(
          proxied.base,
          { username: 'mia', password: 'mia-pass' },
          {
            host: 'corral.example',
            'x-forwarded-proto': 'https',
            'x-forwarded-for': ip,
            origin: 'https://corral.example',
            ...extra,
          },
        );
      const first = await attempt('10.0.0.1');
      expect(first.status).toBe(200);
      expect(first.setCookie[0]!.split('; ')).toContain('Secure');
      expect((await attempt('10.0.0.1')).status).toBe(200);
      expect((await attempt('10.0.0.1')).status).toBe(429);
      // Another client behind the same proxy has its own count.
      expect((await attempt('10.0.0.2')).status).toBe(200);
      // The Origin is compared with the scheme the proxy reports.
      expect((await attempt('10.0.0.3', { origin: 'http://corral.example' })).status).toBe(403);
      const [signedIn] = await db.query<{ message: string }>(
        `SELECT message FROM audit_event WHERE code = 'USER_LOGIN' AND user_name = 'mia@internal'
          ORDER BY id LIMIT 1`,
      );
      expect(signedIn!.message).toMatch(/10\.0\.0\.1/);
    } finally {
      await new Promise((r) => proxied.server.close(r));
    }
  });
});
