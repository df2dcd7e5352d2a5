import { test as base, expect, type BrowserContextOptions, type Page } from '@playwright/test';
import pg from 'pg';

/** Specs assert on what the database holds: `db.rows(sql, params)` reads the BFF's store. */
export interface DbProbe {
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  one<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T>;
}

/** The demo's documented password (docs/identity.md): admin and the named demo users. */
export const DEMO_PASSWORD = 'corral-demo';
export const SESSION_COOKIE = 'corral_session';
export const CSRF_HEADER = 'x-corral-csrf';

type StorageState = Exclude<BrowserContextOptions['storageState'], string | undefined>;

export interface SignedIn {
  /** The corral_session cookie's value. */
  readonly token: string;
  readonly csrfToken: string;
  /** What a browser context needs to be signed in (the session cookie). */
  readonly storageState: StorageState;
  /** Cookie and CSRF headers for HTTP requests as this session. */
  headers(extra?: Record<string, string>): Record<string, string>;
}

/** Signs in through POST /auth/login, as the login page does. */
export async function signIn(
  baseURL: string,
  username: string,
  password = DEMO_PASSWORD,
  cookie?: string,
): Promise<SignedIn> {
  const res = await fetch(`${baseURL}/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {}),
    },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  const token = line?.slice(SESSION_COOKIE.length + 1).split(';')[0];
  if (!token) throw new Error(`sign-in as ${username} set no session cookie`);
  const { hostname } = new URL(baseURL);
  return {
    token,
    csrfToken,
    storageState: {
      cookies: [
        {
          name: SESSION_COOKIE,
          value: token,
          domain: hostname,
          path: '/',
          expires: -1,
          httpOnly: true,
          // The BFF marks it Secure on loopback too; Chromium keeps and sends Secure
          // cookies over http://127.0.0.1 (a secure context).
          secure: line!.split('; ').includes('Secure'),
          sameSite: 'Strict',
        },
      ],
      origins: [],
    },
    headers: (extra = {}) => ({
      cookie: `${SESSION_COOKIE}=${token}`,
      [CSRF_HEADER]: csrfToken,
      ...extra,
    }),
  };
}

/**
 * The CSRF header of the page's session, for `page.request.post('/trpc/…')` (the
 * cookie goes along by itself; a mutation without this header is refused with 403).
 */
export async function csrfHeaders(page: Page): Promise<Record<string, string>> {
  const res = await page.request.get('/auth/session');
  if (!res.ok()) throw new Error(`the page has no session: ${res.status()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { [CSRF_HEADER]: csrfToken };
}

export interface E2eOptions {
  /**
   * Who each test's own browser context (the `context` and `page` fixtures) is signed in
   * as, with the demo password, in a session of its own per test: `admin` unless a spec
   * says `test.use({ signInAs: … })`; null for a context with no session. Contexts a
   * test makes itself (`browser.newContext()`) start signed out.
   */
  signInAs: string | null;
}

export interface E2eFixtures {
  db: DbProbe;
  /** The session of the test's context (null when `signInAs` is null). */
  session: SignedIn | null;
}

export const test = base.extend<E2eFixtures & E2eOptions>({
  signInAs: ['admin', { option: true }],
  session: async ({ signInAs, baseURL }, use) => {
    await use(signInAs ? await signIn(baseURL!, signInAs) : null);
  },
  // The cookie goes into this context only (not the storageState option, which
  // Playwright would also apply to every browser.newContext() of the test).
  context: async ({ context, session }, use) => {
    if (session) await context.addCookies(session.storageState.cookies);
    await use(context);
  },
  // eslint-disable-next-line no-empty-pattern
  db: async ({}, use) => {
    const url = process.env.CORRAL_E2E_DATABASE_URL;
    if (!url) throw new Error('CORRAL_E2E_DATABASE_URL is not set: the global setup did not run');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    pg.types.setTypeParser(20, (v) => Number(v));
    const probe: DbProbe = {
      rows: async (sql, params = []) => (await client.query(sql, params)).rows,
      one: async (sql, params = []) => {
        const rows = (await client.query(sql, params)).rows;
        if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql}`);
        return rows[0];
      },
    };
    await use(probe);
    await client.end();
  },
});

export { expect };
