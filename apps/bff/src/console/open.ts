// console.open: the rule, the host's console and its one-time password, and the ticket.
import { vmActions } from '@corral/shared';
import { randomBytes, randomUUID } from 'node:crypto';
import { recordEvent } from '../engine/audit.js';
import { now, type Actor, type EngineDeps } from '../engine/deps.js';
import { AppError, notFound } from '../engine/errors.js';
import { connectTo, getHost } from '../engine/inventory.js';
import type { GraphicsInfo } from '../hosts/driver.js';
import { consoleSecret, consoleVm, takeOverSessions } from './store.js';
import { signTicket, TICKET_TTL_MS, type ConsoleProtocol } from './ticket.js';

export interface ConsoleOpenInput {
  readonly vmId: string;
  readonly protocol: ConsoleProtocol;
}

export interface ConsoleOpened {
  /** Signed; goes in the websocket's path as it is. */
  readonly ticket: string;
  readonly protocol: ConsoleProtocol;
  /** What the console client answers the VNC/SPICE server's authentication with. */
  readonly password: string;
  readonly expiresAt: Date;
  /** Where the browser opens its websocket: `/console/<ticket>`. */
  readonly path: string;
}

/**
 * VNC authentication uses 8 characters of the password (libvirt keeps no more); SPICE
 * takes a longer one. 6 random bytes are exactly 8 base64url characters.
 */
function freshPassword(protocol: ConsoleProtocol): string {
  return randomBytes(protocol === 'vnc' ? 6 : 18).toString('base64url');
}

export async function openConsole(
  deps: EngineDeps,
  actor: Actor,
  input: ConsoleOpenInput,
  options: { secret?: string | undefined } = {},
): Promise<ConsoleOpened> {
  const { db } = deps;
  const vm = await consoleVm(db, input.vmId);
  if (!vm) throw notFound('VM', input.vmId);
  const rule = vmActions({ status: vm.status, hostId: vm.hostId }).console;
  if (!rule.allowed) throw new AppError('RULE_VIOLATION', rule.reason ?? '', 'vmId');
  if (!vm.hostId) {
    throw new AppError('RULE_VIOLATION', `VM ${vm.name} runs on no host.`, 'vmId');
  }
  const host = await getHost(db, vm.hostId);
  const protocolName = input.protocol.toUpperCase();

  let graphics: GraphicsInfo | undefined;
  const password = freshPassword(input.protocol);
  const expiresAt = new Date(now(deps).getTime() + TICKET_TTL_MS);
  try {
    const conn = await connectTo(deps, host);
    graphics = (await conn.graphics(vm.id)).find((g) => g.type === input.protocol);
    if (graphics) await conn.setGraphicsPassword(vm.id, password, expiresAt);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new AppError('CONFLICT', `Host ${host.name} could not open a console: ${why}`, 'vmId');
  }
  if (!graphics) {
    throw new AppError(
      'RULE_VIOLATION',
      `VM ${vm.name} has no ${protocolName} console.`,
      'protocol',
    );
  }

  // One console user at a time: the new ticket's holder takes the console over, and the
  // proxy holding the old session (on whichever replica) closes it when told.
  if (!vm.allowReconnect) {
    const previous = await takeOverSessions(db, vm.id);
    if (previous.length > 0) {
      const whose = [...new Set(previous.map((p) => p.userName))].join(', ');
      await recordEvent(db, deps.feed, {
        code: 'VM_CONSOLE_TAKEN_OVER',
        message: `User ${actor.userName} took over the console of VM ${vm.name} from ${whose}.`,
        userName: actor.userName,
        vmId: vm.id,
      });
      deps.feed.publish([{ object: 'vm', ids: [vm.id], op: 'upsert' }]);
    }
  }

  const ticket = signTicket(await consoleSecret(db, options.secret), {
    v: 1,
    id: randomUUID(),
    user: actor.userName,
    vmId: vm.id,
    hostId: host.id,
    startedAt: vm.startedAt,
    protocol: input.protocol,
    address: graphics.address,
    port: graphics.port,
    exp: expiresAt.getTime(),
  });
  return { ticket, protocol: input.protocol, password, expiresAt, path: `/console/${ticket}` };
}
