import { describe, expect, it } from 'vitest';
import {
  afterLogin,
  formatWait,
  isUnauthorized,
  loginFailureOf,
  loginUrl,
  redirectFor,
  routeOf,
  safeNext,
  sessionOf,
} from './authModel.js';

const admin = { id: 'a', login: 'admin@internal', admin: true };
const user = { id: 'u', login: 'jsmith@corp.example.com', admin: false };

describe('routes', () => {
  it('tell the pages apart by their first path segment', () => {
    expect(routeOf('/login')).toBe('login');
    expect(routeOf('/portal')).toBe('portal');
    expect(routeOf('/portal/')).toBe('portal');
    expect(routeOf('/console/vm-1')).toBe('console');
    expect(routeOf('/console')).toBe('admin');
    expect(routeOf('/')).toBe('admin');
    expect(routeOf('/loginx')).toBe('admin');
  });
});

describe('next', () => {
  it('follows paths of this site only', () => {
    expect(safeNext('/?q=Vms%3A+status%3Dup')).toBe('/?q=Vms%3A+status%3Dup');
    expect(safeNext('/console/vm-1?protocol=spice')).toBe('/console/vm-1?protocol=spice');
    for (const bad of [
      null,
      '',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
      '/login',
      '/login?next=/',
      '/x\nSet-Cookie: a',
    ]) {
      expect(safeNext(bad), String(bad)).toBeNull();
    }
  });

  it('is carried to /login, the way back included', () => {
    expect(loginUrl('/?q=Hosts%3A')).toBe('/login?next=%2F%3Fq%3DHosts%253A');
    expect(loginUrl('/portal')).toBe('/login?next=%2Fportal');
    // The admin home and /login itself need no way back.
    expect(loginUrl('/')).toBe('/login');
    expect(loginUrl('/login?next=%2F')).toBe('/login');
    const next = new URLSearchParams(loginUrl('/console/v1?protocol=vnc').split('?')[1]).get(
      'next',
    );
    expect(next).toBe('/console/v1?protocol=vnc');
  });
});

describe('after signing in', () => {
  it('an administrator goes where they were going, or to the admin portal', () => {
    expect(afterLogin(admin, '/?q=Hosts%3A')).toBe('/?q=Hosts%3A');
    expect(afterLogin(admin, '/portal')).toBe('/portal');
    expect(afterLogin(admin, null)).toBe('/');
    expect(afterLogin(admin, 'https://evil.example')).toBe('/');
  });

  it('anyone else goes to the user portal, or their console, never the admin portal', () => {
    expect(afterLogin(user, null)).toBe('/portal');
    expect(afterLogin(user, '/?q=Hosts%3A')).toBe('/portal');
    expect(afterLogin(user, '/')).toBe('/portal');
    expect(afterLogin(user, '/console/v1?protocol=spice')).toBe('/console/v1?protocol=spice');
    expect(afterLogin(user, '//evil.example')).toBe('/portal');
  });

  it('a user who is not an administrator is sent from the admin portal to /portal', () => {
    expect(redirectFor(user, 'admin')).toBe('/portal');
    expect(redirectFor(user, 'portal')).toBeNull();
    expect(redirectFor(user, 'console')).toBeNull();
    expect(redirectFor(admin, 'admin')).toBeNull();
    expect(redirectFor(admin, 'portal')).toBeNull();
  });
});

describe('a 401', () => {
  it('is recognised from tRPC and from the session middleware alike', () => {
    expect(isUnauthorized({ data: { code: 'UNAUTHORIZED', httpStatus: 401 } })).toBe(true);
    expect(isUnauthorized({ data: { httpStatus: 401 } })).toBe(true);
    expect(isUnauthorized({ meta: { response: { status: 401 } } })).toBe(true);
    expect(isUnauthorized({ status: 401 })).toBe(true);
    // Forbidden is a refusal to a signed-in user, not a lost session.
    expect(isUnauthorized({ data: { code: 'FORBIDDEN', httpStatus: 403 } })).toBe(false);
    expect(isUnauthorized(new Error('network'))).toBe(false);
    expect(isUnauthorized(null)).toBe(false);
  });
});

describe('session answers', () => {
  it('are taken only when whole', () => {
    const body = { user: { id: 'u', login: 'jsmith@corp', admin: false }, csrfToken: 't' };
    expect(sessionOf(body)).toEqual(body);
    expect(sessionOf({ user: { id: 'u', login: 'x' }, csrfToken: 't' })).toBeNull();
    expect(sessionOf({ user: body.user })).toBeNull();
    expect(sessionOf('nope')).toBeNull();
  });
});

describe('login refusals', () => {
  it('say wrong credentials without saying which', () => {
    const f = loginFailureOf(401, { error: { message: 'Wrong user name or password.' } }, null);
    expect(f).toEqual({ kind: 'credentials', message: 'Wrong user name or password.' });
    expect(loginFailureOf(401, null, null).kind).toBe('credentials');
  });

  it('say how long a lock-out lasts, from the body or Retry-After', () => {
    const body = { error: { message: 'The account is locked.', retryAfterSeconds: 840 } };
    expect(loginFailureOf(429, body, null)).toEqual({
      kind: 'locked',
      retryAfterSeconds: 840,
      message: 'The account is locked. Try again in 14 minutes.',
    });
    const f = loginFailureOf(
      429,
      { error: { message: 'Too many sign-in attempts from this address. Try again shortly.' } },
      '30',
    );
    expect(f).toMatchObject({ kind: 'locked', retryAfterSeconds: 30 });
    expect(f.message).toBe('Too many sign-in attempts from this address. Try again in 30 seconds.');
    const locked = loginFailureOf(
      429,
      {
        error: {
          message: 'This account is locked after too many wrong passwords. Try again later.',
          retryAfterSeconds: 900,
        },
      },
      '900',
    );
    expect(locked.message).toBe(
      'This account is locked after too many wrong passwords. Try again in 15 minutes.',
    );
  });

  it('say something for anything else', () => {
    expect(loginFailureOf(500, 'oops', null)).toEqual({
      kind: 'other',
      message: 'Signing in failed (HTTP 500). Try again in a moment.',
    });
  });

  it('round waits up', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(0.2)).toBe('1 second');
    expect(formatWait(59)).toBe('59 seconds');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(61)).toBe('2 minutes');
  });
});
