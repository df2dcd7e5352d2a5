// The principal a request carries once the session middleware has checked its cookie.
import type { Request } from 'express';
import type { Principal } from './principal.js';

const principals = new WeakMap<Request, Principal>();

export function setPrincipal(req: Request, principal: Principal): void {
  principals.set(req, principal);
}

/** The request's signed-in user, or null when it has no valid session. */
export function principalOf(req: Request): Principal | null {
  return principals.get(req) ?? null;
}
