// Console tickets: what `console.open` hands the browser and the proxy checks before it
// opens any connection to a host. A ticket is self-contained (no lookup needed to verify
// it, so any replica can serve the websocket) and signed with the servers' shared
// secret; single use is enforced in the store (store.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const CONSOLE_PROTOCOLS = ['vnc', 'spice'] as const;
export type ConsoleProtocol = (typeof CONSOLE_PROTOCOLS)[number];

/** DOMAIN.md: a console ticket is valid for 120 s. */
export const TICKET_TTL_MS = 120_000;

const claimsSchema = z.strictObject({
  v: z.literal(1),
  /** Unique per ticket: the key single use is recorded under. */
  id: z.uuid(),
  user: z.string().min(1),
  vmId: z.uuid(),
  hostId: z.uuid(),
  /**
   * The VM's `started_at` (ms since the epoch) when the ticket was made: the QEMU process it was made for.
   * A VM restarted since (new process, new graphics port) no longer matches.
   */
  startedAt: z.number().int().nullable(),
  protocol: z.enum(CONSOLE_PROTOCOLS),
  address: z.string().min(1),
  port: z.number().int().min(1).max(65535),
  /** Expiry, milliseconds since the epoch. */
  exp: z.number().int(),
});

export type ConsoleTicketClaims = z.infer<typeof claimsSchema>;

export type TicketVerdict =
  | { readonly ok: true; readonly claims: ConsoleTicketClaims }
  | { readonly ok: false; readonly reason: 'malformed' | 'forged' | 'expired' };

/** Base64url without padding, the only alphabet a ticket is made of besides one '.'. */
const PART = /^[A-Za-z0-9_-]+$/;
/** Far above any real ticket; keeps a hostile path from costing more than one HMAC. */
const MAX_TICKET_LENGTH = 2048;
const MAC_BYTES = 32;

function mac(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/** `<base64url(JSON claims)>.<base64url(HMAC-SHA256(secret, first part))>` */
export function signTicket(secret: Buffer, claims: ConsoleTicketClaims): string {
  const payload = Buffer.from(JSON.stringify(claimsSchema.parse(claims))).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/**
 * Checks MAC first (nothing of an unsigned ticket is parsed), then shape, then expiry.
 * Never throws: whatever arrives in a URL gets a verdict.
 */
export function verifyTicket(secret: Buffer, ticket: unknown, now: number): TicketVerdict {
  try {
    if (typeof ticket !== 'string' || ticket.length > MAX_TICKET_LENGTH) {
      return { ok: false, reason: 'malformed' };
    }
    const parts = ticket.split('.');
    const [payload, signature] = parts;
    if (parts.length !== 2 || !payload || !signature) return { ok: false, reason: 'malformed' };
    if (!PART.test(payload) || !PART.test(signature)) return { ok: false, reason: 'malformed' };
    const given = Buffer.from(signature, 'base64url');
    // Only the canonical spelling: no second string for the same MAC.
    if (given.length !== MAC_BYTES || given.toString('base64url') !== signature) {
      return { ok: false, reason: 'malformed' };
    }
    if (!timingSafeEqual(given, mac(secret, payload))) return { ok: false, reason: 'forged' };
    const parsed = claimsSchema.safeParse(
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    );
    // Signed by us yet not a ticket: only an older format could do that.
    if (!parsed.success) return { ok: false, reason: 'malformed' };
    if (parsed.data.exp <= now) return { ok: false, reason: 'expired' };
    return { ok: true, claims: parsed.data };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}
