import fc from 'fast-check';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signTicket, TICKET_TTL_MS, verifyTicket, type ConsoleTicketClaims } from './ticket.js';

const secret = randomBytes(32);
const now = Date.UTC(2026, 0, 1);

function claims(over: Partial<ConsoleTicketClaims> = {}): ConsoleTicketClaims {
  return {
    v: 1,
    id: randomUUID(),
    user: 'admin@internal',
    vmId: randomUUID(),
    hostId: randomUUID(),
    startedAt: now - 60_000,
    protocol: 'vnc',
    address: '127.0.0.1',
    port: 5900,
    exp: now + TICKET_TTL_MS,
    ...over,
  };
}

/** The ticket with its payload replaced, MAC kept. */
function withPayload(ticket: string, payload: object): string {
  const mac = ticket.split('.')[1]!;
  return `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${mac}`;
}

describe('console tickets', () => {
  it('verifies what it signed, with every claim intact', () => {
    const c = claims({ protocol: 'spice', port: 5901 });
    expect(verifyTicket(secret, signTicket(secret, c), now)).toEqual({ ok: true, claims: c });
  });

  it('is URL-safe as it is', () => {
    const t = signTicket(secret, claims());
    expect(encodeURIComponent(t)).toBe(t);
  });

  it('refuses another secret, a changed binding and a changed MAC as forged', () => {
    const c = claims();
    const t = signTicket(secret, c);
    expect(verifyTicket(randomBytes(32), t, now)).toEqual({ ok: false, reason: 'forged' });
    for (const rebound of [{ port: 5999 }, { vmId: randomUUID() }, { user: 'mallory' }]) {
      expect(verifyTicket(secret, withPayload(t, { ...c, ...rebound }), now)).toEqual({
        ok: false,
        reason: 'forged',
      });
    }
    const mac = Buffer.from(t.split('.')[1]!, 'base64url');
    mac[0] = mac[0]! ^ 1;
    expect(verifyTicket(secret, `${t.split('.')[0]!}.${mac.toString('base64url')}`, now)).toEqual({
      ok: false,
      reason: 'forged',
    });
  });

  it('expires at exp, not a millisecond later', () => {
    const c = claims();
    const t = signTicket(secret, c);
    expect(verifyTicket(secret, t, c.exp - 1).ok).toBe(true);
    expect(verifyTicket(secret, t, c.exp)).toEqual({ ok: false, reason: 'expired' });
  });

  it('calls malformed what is not a ticket', () => {
    const t = signTicket(secret, claims());
    const [payload, mac] = t.split('.') as [string, string];
    for (const bad of [
      '',
      payload,
      `${payload}.`,
      `.${mac}`,
      `${t}.${mac}`,
      `${payload}.${mac.slice(1)}`,
      `${payload}.${mac}=`,
      `${payload}+.${mac}`,
      'x'.repeat(5000),
      42,
      null,
    ]) {
      expect(verifyTicket(secret, bad, now)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('calls a signed payload that is not a ticket malformed', () => {
    const payload = Buffer.from(JSON.stringify({ v: 1, id: 'nope' })).toString('base64url');
    const mac = createHmac('sha256', secret).update(payload).digest('base64url');
    expect(verifyTicket(secret, `${payload}.${mac}`, now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('never verifies and never throws on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        expect(verifyTicket(secret, s, now).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
    const alphabet = fc.constantFrom(
      ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'.split(''),
    );
    fc.assert(
      fc.property(fc.string({ unit: alphabet, minLength: 1, maxLength: 400 }), (s) => {
        expect(verifyTicket(secret, s, now).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
