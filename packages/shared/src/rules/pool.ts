// What a user may do with a VM pool, and why not (oVirt's pools): the admin portal and
// the user portal enable their buttons with these; the engine refuses with the same words
// on the same fields.
import type { VmStatus } from '../domain/status.js';
import type { ActionRule } from './vm.js';

export const POOL_MESSAGES = {
  prestartedAboveSize: 'Prestarted VMs cannot be more than the pool size.',
  shrink: (size: number) =>
    `A pool only grows: it has ${size} VMs (remove VMs from it one by one instead).`,
  removeRunning: (vms: readonly string[]) =>
    `The pool's VMs ${vms.join(', ')} are running; stop them first.`,
  removeAssigned: (vms: readonly string[]) =>
    `The pool's VMs ${vms.join(', ')} are assigned to users; they must be returned first.`,
  maxPerUser: (max: number) =>
    `You already hold ${max} VM${max === 1 ? '' : 's'} from this pool, the most a user may take.`,
  noFreeVm: 'The pool has no free VM; try again later.',
  notAssigned: 'The VM is not assigned to you.',
  notInPool: 'The VM does not belong to a pool.',
  notAssignedAtAll: 'The VM is not assigned to anyone.',
} as const;

/** The VM statuses in which a pool VM counts as stopped. */
const STOPPED: readonly VmStatus[] = ['Down'];

const ok: ActionRule = { allowed: true };
const no = (reason: string): ActionRule => ({ allowed: false, reason });

/** A refusal with the input field it concerns. */
export interface FieldRule extends ActionRule {
  readonly field?: string;
}

/** Edit Pool: the new size and prestarted count against the pool as it is. */
export function poolUpdateRule(
  current: { readonly size: number; readonly prestarted: number },
  next: { readonly size?: number | undefined; readonly prestarted?: number | undefined },
): FieldRule {
  const size = next.size ?? current.size;
  if (size < current.size) return { ...no(POOL_MESSAGES.shrink(current.size)), field: 'size' };
  const prestarted = next.prestarted ?? current.prestarted;
  if (prestarted > size) return { ...no(POOL_MESSAGES.prestartedAboveSize), field: 'prestarted' };
  return ok;
}

/** A pool VM as the pool rules see it. */
export interface PoolVmState {
  readonly name: string;
  readonly status: VmStatus;
  /** Users it is assigned to (a UserRole permission on it, from the pool). */
  readonly assigned: boolean;
}

/** Remove Pool: none of its VMs running or assigned. */
export function poolRemoveRule(vms: readonly PoolVmState[]): FieldRule {
  const running = vms.filter((v) => !STOPPED.includes(v.status)).map((v) => v.name);
  if (running.length > 0) return { ...no(POOL_MESSAGES.removeRunning(running)), field: 'id' };
  const assigned = vms.filter((v) => v.assigned).map((v) => v.name);
  if (assigned.length > 0) return { ...no(POOL_MESSAGES.removeAssigned(assigned)), field: 'id' };
  return ok;
}

/** Take a VM: the user's holdings against max per user, then a free VM. */
export function poolTakeRule(p: {
  readonly maxPerUser: number;
  /** VMs of this pool the user already holds. */
  readonly held: number;
  /** Unassigned VMs of the pool that can be handed out. */
  readonly free: number;
}): FieldRule {
  if (p.held >= p.maxPerUser) return { ...no(POOL_MESSAGES.maxPerUser(p.maxPerUser)), field: 'id' };
  if (p.free <= 0) return { ...no(POOL_MESSAGES.noFreeVm), field: 'id' };
  return ok;
}

/** Return a VM: it is a pool VM assigned to the user (or an admin of the pool returns it). */
export function poolReturnRule(p: {
  readonly inPool: boolean;
  readonly assignedToUser: boolean;
  readonly assignedToAnyone: boolean;
  readonly poolAdmin: boolean;
}): FieldRule {
  if (!p.inPool) return { ...no(POOL_MESSAGES.notInPool), field: 'vmId' };
  if (p.poolAdmin) {
    return p.assignedToAnyone ? ok : { ...no(POOL_MESSAGES.notAssignedAtAll), field: 'vmId' };
  }
  return p.assignedToUser ? ok : { ...no(POOL_MESSAGES.notAssigned), field: 'vmId' };
}
