// Return a VM to its pool: the user's assignment goes (a pool administrator's return
// takes every user's), the VM is powered off when it runs, and — stateless — its disks
// go back to the template's state once it is Down. USER_RETURNED_VM_TO_POOL.
import { poolReturnRule, vmActions } from '@corral/shared';
import { recordEvent } from '../../audit.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { getVm } from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, type Started } from '../common.js';
import { powerOffVm } from '../vm/power-off.js';
import { getPool, poolVms, unassign, userLogin } from './common.js';
import { resetStatelessVm } from './stateless.js';

export async function returnVm(
  deps: EngineDeps,
  actor: Actor,
  input: { vmId: string; asPoolAdmin?: boolean },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const vm = await getVm(db, input.vmId);
  const pool = vm.pool_id ? await getPool(db, vm.pool_id) : null;
  const users = pool ? ((await poolVms(db, pool.id)).find((v) => v.id === vm.id)?.users ?? []) : [];
  const verdict = poolReturnRule({
    inPool: Boolean(pool),
    assignedToUser: Boolean(a.userId && users.includes(a.userId)),
    assignedToAnyone: users.length > 0,
    poolAdmin: input.asPoolAdmin ?? false,
  });
  if (!verdict.allowed) refuse(verdict.reason!, verdict.field);
  const mine = a.userId && users.includes(a.userId) && !input.asPoolAdmin;
  const removed = await unassign(db, vm.id, mine ? a.userId : undefined);
  if (removed.length === 0) refuse(`VM ${vm.name} was returned meanwhile.`, 'vmId');
  const holders = await Promise.all(removed.map((u) => userLogin(db, u)));
  await recordEvent(db, deps.feed, {
    code: 'USER_RETURNED_VM_TO_POOL',
    message: `VM ${vm.name} was returned to pool ${pool!.name} by ${a.userName}${mine ? '' : ` (it was ${holders.join(', ')}'s)`}.`,
    userName: a.userName,
    userId: a.userId ?? null,
    correlationId: a.correlationId,
    vmId: vm.id,
  });
  touched(deps, 'vm', [vm.id]);
  touched(deps, 'pool', [pool!.id]);
  if (vmActions({ status: vm.status }).powerOff.allowed)
    return powerOffVm(deps, a, { ids: [vm.id] });
  if (vm.status === 'Down') void resetStatelessVm(deps, vm.id).catch(() => undefined);
  return { jobIds: [], done: Promise.resolve([]) };
}
