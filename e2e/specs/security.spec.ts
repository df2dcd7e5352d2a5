// Security, end to end against the harness BFF (real PostgreSQL, the built SPA in
// Chromium): a wrong-password lock-out, CSRF rejection, session fixation, an expired
// session and a forged cookie are each refused, and each leaves its audit event.
import { createHash, randomBytes, scryptSync } from 'node:crypto';
import type { Page } from '@playwright/test';
import {
  CSRF_HEADER,
  csrfHeaders,
  DEMO_PASSWORD,
  SESSION_COOKIE,
  expect,
  signIn,
  test,
  type DbProbe,
} from '../harness/fixtures.js';

/** A password hash as the BFF stores them (apps/bff/src/identity/passwords.ts). */
function passwordHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 });
  return ['scrypt', 1024, 8, 1, salt.toString('base64'), key.toString('base64')].join('$');
}
const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

interface AuditRow {
  code: string;
  user_name: string;
  user_id: string | null;
  message: string;
}
/** Audit events of these codes written since `since` (the database's clock). */
const eventsSince = (db: DbProbe, since: Date, ...codes: string[]) =>
  db.rows<AuditRow>(
    `SELECT code, user_name, user_id, message FROM audit_event
      WHERE time >= $1 AND code = ANY($2::text[]) ORDER BY id`,
    [since, codes],
  );
const dbNow = async (db: DbProbe) => (await db.one<{ now: Date }>('SELECT now() AS now')).now;

async function sessionCookie(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('the browser holds no session cookie');
  return cookie.value;
}

async function submitLogin(page: Page, username: string, password: string) {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/auth/login')),
    page.getByTestId('login-submit').click(),
  ]);
  return res.status();
}

test.describe('signed out', () => {
  test.use({ signInAs: null });

  test('wrong passwords lock the account: refused even with the right one, audited', async ({
    page,
    db,
  }) => {
    const since = await dbNow(db);
    const username = `e2e-lock-${Date.now().toString(36)}`;
    const { id } = await db.one<{ id: string }>(
      `INSERT INTO app_user (username, password_hash) VALUES ($1, $2) RETURNING id`,
      [username, passwordHash('the-right-password')],
    );
    await page.goto('/login');
    for (let i = 1; i <= 4; i++) {
      expect(await submitLogin(page, username, `wrong-${i}`)).toBe(401);
      await expect(page.getByTestId('login-error')).toBeVisible();
    }
    expect(await submitLogin(page, username, 'wrong-5')).toBe(429);
    await expect(page.getByTestId('login-error')).toContainText(/locked/i);

    // The right password now: still refused, no session, still on the login page.
    expect(await submitLogin(page, username, 'the-right-password')).toBe(429);
    await expect(page.getByTestId('login-error')).toContainText(/locked/i);
    await expect(page).toHaveURL(/\/login/);
    expect((await page.context().cookies()).filter((c) => c.name === SESSION_COOKIE)).toEqual([]);
    expect(await db.rows('SELECT 1 FROM user_session WHERE user_id = $1', [id])).toEqual([]);
    const { locked } = await db.one<{ locked: boolean }>(
      'SELECT locked_until > now() AS locked FROM app_user WHERE id = $1',
      [id],
    );
    expect(locked).toBe(true);

    const events = await eventsSince(
      db,
      since,
      'USER_LOGIN_FAILED',
      'USER_ACCOUNT_LOCKED',
      'USER_LOGIN',
    );
    const mine = events.filter((e) => e.user_name === `${username}@internal`);
    expect(mine.map((e) => e.code)).toEqual([
      ...Array<string>(5).fill('USER_LOGIN_FAILED'),
      'USER_ACCOUNT_LOCKED',
      'USER_LOGIN_FAILED',
    ]);
    for (const e of mine) expect(e.user_id).toBe(id);
    expect(mine.at(-1)!.message).toMatch(/locked/);
  });

  test('session fixation: sign-in never keeps the session the browser came with', async ({
    page,
    db,
    baseURL,
  }) => {
    const since = await dbNow(db);
    // Someone else's live session planted in the browser before it signs in.
    const planted = await signIn(baseURL!, 'jsmith@corp.example.com');
    await page.goto('/login');
    await expect(page.getByTestId('login-form')).toBeVisible();
    await page.context().addCookies([{ ...planted.storageState.cookies[0]!, expires: -1 }]);
    expect(await submitLogin(page, 'admin', DEMO_PASSWORD)).toBe(200);
    await expect(page).not.toHaveURL(/\/login/);
    const after = await sessionCookie(page);
    expect(after).not.toBe(planted.token);
    // The planted session is over; the new one is admin's.
    expect(
      await db.rows('SELECT 1 FROM user_session WHERE token_hash = $1', [tokenHash(planted.token)]),
    ).toEqual([]);
    const old = await fetch(`${baseURL}/auth/session`, { headers: planted.headers() });
    expect(old.status).toBe(401);
    const now = await fetch(`${baseURL}/auth/session`, {
      headers: { cookie: `${SESSION_COOKIE}=${after}` },
    });
    expect(((await now.json()) as { user: { login: string } }).user.login).toBe('admin@internal');

    const events = await eventsSince(db, since, 'USER_LOGIN');
    expect(events.map((e) => e.user_name)).toEqual(['jsmith@corp.example.com', 'admin@internal']);
  });

  test('a forged session cookie is signed out everywhere and audited', async ({
    page,
    db,
    baseURL,
  }) => {
    const forged = randomBytes(32).toString('base64url');
    await page.context().addCookies([
      {
        name: SESSION_COOKIE,
        value: forged,
        domain: new URL(baseURL!).hostname,
        path: '/',
        httpOnly: true,
        secure: true,
        sameSite: 'Strict',
      },
    ]);
    await page.goto('/');
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByTestId('login-form')).toBeVisible();

    const cookie = { cookie: `${SESSION_COOKIE}=${forged}` };
    for (const path of ['/auth/session', '/trpc/bookmark.list', '/api/v1/search?q=Vms%3A'])
      expect((await fetch(`${baseURL}${path}`, { headers: cookie })).status, path).toBe(401);
    const create = await fetch(`${baseURL}/trpc/bookmark.create`, {
      method: 'POST',
      headers: { ...cookie, 'content-type': 'application/json', [CSRF_HEADER]: 'guess' },
      body: JSON.stringify({ name: 'e2e-forged', query: 'Vms:' }),
    });
    expect(create.status).toBe(401);
    expect(await db.rows(`SELECT 1 FROM bookmark WHERE name = 'e2e-forged'`)).toEqual([]);
    // Audited at most once a minute per address (a flood cannot fill the log): there is
    // one for this address within the last minute.
    const recent = await db.rows<AuditRow>(
      `SELECT message FROM audit_event
        WHERE code = 'USER_SESSION_INVALID' AND time > now() - interval '61 seconds'`,
    );
    expect(recent.length).toBeGreaterThanOrEqual(1);
    expect(recent.at(-1)!.message).toMatch(/127\.0\.0\.1/);
  });
});

test.describe('signed in as admin', () => {
  test('CSRF: a mutation without or with a wrong token is refused, changes nothing, is audited', async ({
    page,
    db,
    baseURL,
  }) => {
    const since = await dbNow(db);
    await page.goto('/');
    await expect(page).not.toHaveURL(/\/login/);
    // From the page itself (same origin, the session cookie goes along) but without
    // the header a cross-site form or script could not add.
    const post = (name: string, headers: Record<string, string>) =>
      page.evaluate(
        async ([n, h]) =>
          (
            await fetch('/trpc/bookmark.create', {
              method: 'POST',
              credentials: 'same-origin',
              headers: { 'content-type': 'application/json', ...h },
              body: JSON.stringify({ name: n, query: 'Vms:' }),
            })
          ).status,
        [name, headers] as const,
      );
    expect(await post('e2e-csrf-none', {})).toBe(403);
    expect(await post('e2e-csrf-wrong', { [CSRF_HEADER]: 'not-the-token' })).toBe(403);
    const logout = await page.evaluate(
      async () =>
        (await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' })).status,
    );
    expect(logout).toBe(403);
    expect(
      await db.rows(`SELECT 1 FROM bookmark WHERE name IN ('e2e-csrf-none', 'e2e-csrf-wrong')`),
    ).toEqual([]);
    // Still signed in: the refused logout ended nothing.
    const token = await sessionCookie(page);
    expect(
      await db.rows('SELECT 1 FROM user_session WHERE token_hash = $1', [tokenHash(token)]),
    ).toHaveLength(1);

    // A sign-in posted from another site is refused too.
    const cross = await fetch(`${baseURL}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
    });
    expect(cross.status).toBe(403);
    expect(cross.headers.getSetCookie()).toEqual([]);

    // The session's own token lets the same mutation through (as the SPA sends it).
    const right = await page.request.post('/trpc/bookmark.create', {
      data: { name: 'e2e-csrf-right', query: 'Vms:' },
      headers: await csrfHeaders(page),
    });
    expect(right.status(), await right.text()).toBe(200);
    expect(
      await db.rows(`DELETE FROM bookmark WHERE name = 'e2e-csrf-right' RETURNING id`),
    ).toHaveLength(1);

    const events = await eventsSince(db, since, 'CSRF_REJECTED');
    expect(events).toHaveLength(4);
    for (const e of events.slice(0, 3)) expect(e.user_name).toBe('admin@internal');
    expect(events[0]!.message).toMatch(/bookmark\.create/);
    expect(events[2]!.message).toMatch(/auth\/logout/);
    expect(events[3]!.message).toMatch(/evil\.example/);
  });

  test('an expired session is refused, sends the browser to sign in, and is audited', async ({
    page,
    db,
    baseURL,
  }) => {
    const since = await dbNow(db);
    await page.goto('/');
    await expect(page).not.toHaveURL(/\/login/);
    const token = await sessionCookie(page);
    await db.rows(
      `UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE token_hash = $1`,
      [tokenHash(token)],
    );
    const res = await fetch(`${baseURL}/trpc/bookmark.list`, {
      headers: { cookie: `${SESSION_COOKIE}=${token}` },
    });
    expect(res.status).toBe(401);
    expect(
      await db.rows('SELECT 1 FROM user_session WHERE token_hash = $1', [tokenHash(token)]),
    ).toEqual([]);
    // The open page may find out by itself first (its live feed or a refresh meets the
    // 401 and it goes to /login), which aborts the reload; either way it must end there.
    await page.reload().catch((err: unknown) => {
      if (!/ERR_ABORTED|frame was detached/.test(String(err))) throw err;
    });
    await expect(page).toHaveURL(/\/login/);
    // The SPA's own requests may meet the expiry first; each names admin.
    const events = await eventsSince(db, since, 'USER_SESSION_EXPIRED');
    expect(events.length).toBeGreaterThanOrEqual(1);
    for (const e of events) expect(e).toMatchObject({ user_name: 'admin@internal' });
    expect(events[0]!.user_id).not.toBeNull();
  });
});
