// Cross-site request forgery: the session cookie is SameSite=Strict already; on top of
// that every state-changing request must carry the session's CSRF token in a header a
// cross-site page cannot set (x-corral-csrf), and a login must be JSON (no plain HTML
// form can send that) from this origin.
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

export const CSRF_HEADER = 'x-corral-csrf';

/** GET and HEAD change nothing; everything else needs the token. */
export function needsCsrf(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** Whether the request's header carries the expected token (compared in constant time). */
export function csrfMatches(req: Request, expected: string): boolean {
  const sent = req.headers[CSRF_HEADER];
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether an Origin header, when present, names this server as the browser reached it
 * (scheme and host:port). No Origin (curl, scripts) is not a cross-site browser request.
 */
export function sameOrigin(req: Request): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.host === req.headers.host && url.protocol === `${req.protocol}:`;
}

/** Whether the login body is JSON (a cross-site form can only send form encodings). */
export function isJson(req: Request): boolean {
  return req.is('application/json') === 'application/json';
}
