// What consoles keep in the store: the shared signing secret, used tickets, open sessions.
import { VM_CONSOLE_STATUSES, type VmStatus } from '@corral/shared';
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/index.js';
import type { ConsoleTicketClaims } from './ticket.js';

const secrets = new WeakMap<Db, Promise<Buffer>>();

/**
 * The ticket-signing secret: the configured one, else the store's, created by whichever
 * replica asks first so every replica verifies every other's tickets.
 */
export function consoleSecret(db: Db, configured?: string): Promise<Buffer> {
  if (configured) return Promise.resolve(Buffer.from(configured, 'utf8'));
  let secret = secrets.get(db);
  if (!secret) {
    secret = (async () => {
      await db.query(
        `INSERT INTO console_secret (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`,
        [randomBytes(32).toString('base64url')],
      );
      const [row] = await db.query<{ secret: string }>(
        `SELECT secret FROM console_secret WHERE id = 1`,
      );
      return Buffer.from(row!.secret, 'base64url');
    })();
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}

/**
 * Marks the ticket used; false when it was used before (on this replica or another).
 * Expired entries go at the same time: a ticket past its expiry fails verification anyway.
 */
export async function consumeTicket(db: Db, claims: ConsoleTicketClaims): Promise<boolean> {
  await db.query(`DELETE FROM console_ticket_used WHERE expires_at < now() - interval '1 minute'`);
  const rows = await db.query(
    `INSERT INTO console_ticket_used (ticket_id, expires_at) VALUES ($1, $2)
     ON CONFLICT (ticket_id) DO NOTHING RETURNING ticket_id`,
    [claims.id, new Date(claims.exp)],
  );
  return rows.length === 1;
}

export interface ConsoleVm {
  readonly id: string;
  readonly name: string;
  readonly status: VmStatus;
  readonly hostId: string | null;
  /** `started_at` in ms since the epoch: which QEMU process of the VM runs now. */
  readonly startedAt: number | null;
  readonly allowReconnect: boolean;
  readonly display: string;
}

export async function consoleVm(db: Db, id: string): Promise<ConsoleVm | undefined> {
  const [row] = await db.query<{
    id: string;
    name: string;
    status: VmStatus;
    host_id: string | null;
    started_ms: number | string | null;
    allow_reconnect: boolean;
    display: string;
  }>(
    `SELECT id, name, status, host_id, allow_reconnect, display,
            (extract(epoch FROM started_at) * 1000)::bigint AS started_ms
       FROM vm WHERE id = $1`,
    [id],
  );
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    hostId: row.host_id,
    startedAt: row.started_ms === null ? null : Number(row.started_ms),
    allowReconnect: row.allow_reconnect,
    display: row.display,
  };
}

/** Why a verified ticket no longer fits the VM, or null when it still does. */
export function ticketMismatch(
  vm: ConsoleVm | undefined,
  claims: ConsoleTicketClaims,
): string | null {
  if (!vm) return 'the VM no longer exists';
  if (!VM_CONSOLE_STATUSES.includes(vm.status)) return `the VM is ${vm.status}`;
  if (vm.hostId !== claims.hostId) return 'the VM runs on another host now';
  if (vm.startedAt !== claims.startedAt) return 'the VM was restarted since the ticket was made';
  return null;
}

export async function recordSession(db: Db, claims: ConsoleTicketClaims): Promise<void> {
  await db.query(
    `INSERT INTO console_session (id, vm_id, user_name, protocol) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO NOTHING`,
    [claims.id, claims.vmId, claims.user, claims.protocol],
  );
}

export async function endSession(db: Db, id: string): Promise<void> {
  await db.query(`DELETE FROM console_session WHERE id = $1`, [id]);
}

/** Ends every session of the VM (a takeover); answers whose they were. */
export async function takeOverSessions(db: Db, vmId: string): Promise<{ userName: string }[]> {
  const rows = await db.query<{ user_name: string }>(
    `DELETE FROM console_session WHERE vm_id = $1 RETURNING user_name`,
    [vmId],
  );
  return rows.map((r) => ({ userName: r.user_name }));
}

/** Which of these sessions the store still holds (the others were taken over). */
export async function liveSessions(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM console_session WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return new Set(rows.map((r) => r.id));
}
