// What a user may do with a VM in its current state, and why not (DOMAIN.md). Pure: the
// admin portal enables its buttons with these (the reason shows on hover) and the
// engine refuses commands with the same messages.
import type { VmStatus } from '../domain/status.js';

export const VM_ACTIONS = [
  'run',
  'runOnce',
  'shutdown',
  'powerOff',
  'reboot',
  'suspend',
  'migrate',
  'remove',
  'edit',
  'snapshot',
  'restoreSnapshot',
  'makeTemplate',
  'clone',
  'console',
] as const;
export type VmAction = (typeof VM_ACTIONS)[number];

export interface ActionRule {
  readonly allowed: boolean;
  /** Why not, in words a user can act on; absent when allowed. */
  readonly reason?: string;
}

export interface VmState {
  readonly status: VmStatus;
  /** The host it runs on; null/absent while it runs nowhere. */
  readonly hostId?: string | null;
}

/** Statuses in which the VM has a live QEMU process on a host. */
export const VM_RUNNING_STATUSES: readonly VmStatus[] = [
  'Up',
  'PoweringUp',
  'PoweringDown',
  'Paused',
  'RebootInProgress',
  'MigratingFrom',
  'MigratingTo',
  'WaitForLaunch',
  'NotResponding',
  'SavingState',
  'RestoringState',
];

/** DOMAIN.md: a console ticket only for these. */
export const VM_CONSOLE_STATUSES: readonly VmStatus[] = [
  'Up',
  'PoweringUp',
  'PoweringDown',
  'Paused',
  'RebootInProgress',
];

export const VM_MESSAGES = {
  runRunning: 'The VM is already running.',
  run: 'A VM must be Down, Suspended or Paused to be run.',
  runOnce: 'A VM must be Down to be run once.',
  shutdownDown: 'The VM is not running.',
  shutdownAgain: 'The VM is already shutting down.',
  shutdown: 'A VM must be Up, PoweringUp, Paused or RebootInProgress to be shut down.',
  powerOff: 'A VM must be running or Suspended to be powered off.',
  migrating: 'The VM is migrating; wait until the migration ends.',
  reboot: 'A VM must be Up to be rebooted.',
  suspend: 'A VM must be Up to be suspended.',
  migrate: 'A VM must be Up to be migrated.',
  migrateNoHost: 'The VM runs on no host, so it cannot be migrated.',
  remove: 'A VM must be Down to be removed.',
  locked: "The VM's disks are locked by another operation; wait until it ends.",
  snapshot: 'A VM must be Down, Up or Paused to take a snapshot.',
  restoreSnapshot: 'A VM must be Down to restore a snapshot.',
  makeTemplate: 'A VM must be Down to make a template from it.',
  clone: 'A VM must be Down to be cloned.',
  console:
    'A console opens only for a VM that is Up, PoweringUp, PoweringDown, Paused or RebootInProgress.',
  editWhileRunning: 'A VM must be Down to change its cluster, memory, CPUs, OS, display or type.',
} as const;

const ok: ActionRule = { allowed: true };
const no = (reason: string): ActionRule => ({ allowed: false, reason });
const when = (cond: boolean, reason: string): ActionRule => (cond ? ok : no(reason));

function isMigrating(s: VmStatus): boolean {
  return s === 'MigratingFrom' || s === 'MigratingTo';
}

function runRule(s: VmStatus): ActionRule {
  if (s === 'Down' || s === 'Suspended' || s === 'Paused') return ok;
  if (s === 'ImageLocked') return no(VM_MESSAGES.locked);
  if (isMigrating(s)) return no(VM_MESSAGES.migrating);
  return no(VM_RUNNING_STATUSES.includes(s) ? VM_MESSAGES.runRunning : VM_MESSAGES.run);
}

function shutdownRule(s: VmStatus): ActionRule {
  if (s === 'Up' || s === 'PoweringUp' || s === 'Paused' || s === 'RebootInProgress') return ok;
  if (s === 'PoweringDown') return no(VM_MESSAGES.shutdownAgain);
  if (isMigrating(s)) return no(VM_MESSAGES.migrating);
  if (s === 'Down') return no(VM_MESSAGES.shutdownDown);
  return no(VM_MESSAGES.shutdown);
}

function powerOffRule(s: VmStatus): ActionRule {
  if (isMigrating(s)) return no(VM_MESSAGES.migrating);
  if (s === 'Suspended') return ok;
  return when(VM_RUNNING_STATUSES.includes(s) || s === 'Unknown', VM_MESSAGES.powerOff);
}

function migrateRule(vm: VmState): ActionRule {
  if (isMigrating(vm.status)) return no(VM_MESSAGES.migrating);
  if (vm.status !== 'Up') return no(VM_MESSAGES.migrate);
  return when(Boolean(vm.hostId), VM_MESSAGES.migrateNoHost);
}

/** Only for a Down VM, and never while another operation holds its disks. */
function downOnly(s: VmStatus, reason: string): ActionRule {
  if (s === 'ImageLocked') return no(VM_MESSAGES.locked);
  return when(s === 'Down', reason);
}

export function vmActions(vm: VmState): Record<VmAction, ActionRule> {
  const s = vm.status;
  return {
    run: runRule(s),
    runOnce: downOnly(s, VM_MESSAGES.runOnce),
    shutdown: shutdownRule(s),
    powerOff: powerOffRule(s),
    reboot: isMigrating(s) ? no(VM_MESSAGES.migrating) : when(s === 'Up', VM_MESSAGES.reboot),
    suspend: isMigrating(s) ? no(VM_MESSAGES.migrating) : when(s === 'Up', VM_MESSAGES.suspend),
    migrate: migrateRule(vm),
    remove: downOnly(s, VM_MESSAGES.remove),
    edit: s === 'ImageLocked' ? no(VM_MESSAGES.locked) : ok,
    snapshot:
      s === 'ImageLocked'
        ? no(VM_MESSAGES.locked)
        : when(s === 'Down' || s === 'Up' || s === 'Paused', VM_MESSAGES.snapshot),
    restoreSnapshot: downOnly(s, VM_MESSAGES.restoreSnapshot),
    makeTemplate: downOnly(s, VM_MESSAGES.makeTemplate),
    clone: downOnly(s, VM_MESSAGES.clone),
    console: when(VM_CONSOLE_STATUSES.includes(s), VM_MESSAGES.console),
  };
}

/** VM settings that only change while the VM is Down (the running QEMU has them fixed). */
export const VM_COLD_FIELDS = [
  'clusterId',
  'memoryMb',
  'vcpus',
  'os',
  'display',
  'vmType',
] as const;
export type VmColdField = (typeof VM_COLD_FIELDS)[number];

/** Whether `field` may change now; everything else (name, description, HA, …) always may. */
export function vmFieldEditable(vm: VmState, field: string): ActionRule {
  if (vm.status === 'ImageLocked') return no(VM_MESSAGES.locked);
  if ((VM_COLD_FIELDS as readonly string[]).includes(field) && vm.status !== 'Down')
    return no(VM_MESSAGES.editWhileRunning);
  return ok;
}
