// What a host's report means for a VM's row (ARCHITECTURE.md, decision 2: hosts own
// truth). Pure: the monitor reads the stored row, asks here, and writes the verdict only
// if the row is still what it read.
import type { VmStatus } from '@corral/shared';

/** Statuses in which the VM's qemu process exists on its host (`vm.host_id` is set). */
export const RUNNING_STATUSES: ReadonlySet<VmStatus> = new Set<VmStatus>([
  'Up',
  'PoweringUp',
  'PoweringDown',
  'Paused',
  'MigratingFrom',
  'MigratingTo',
  'RebootInProgress',
  'NotResponding',
  'Unknown',
  'SavingState',
  'RestoringState',
]);

/** Statuses a VM leaves when it starts: entering a running one sets `started_at`. */
const NOT_STARTED: ReadonlySet<VmStatus> = new Set<VmStatus>([
  'Down',
  'Suspended',
  'WaitForLaunch',
  'ImageLocked',
]);

/** Off statuses: the VM is on no host (its last host is remembered for resuming). */
const OFF: ReadonlySet<VmStatus> = new Set<VmStatus>(['Down', 'Suspended']);

/**
 * Transitional statuses the engine writes before the host acts. A sample taken before the
 * host got to it still says Up; that is not news, so samples leave these alone for a while
 * (the engine's job settles them). Events are the host acting, and always count.
 */
const ENGINE_INTENT: ReadonlySet<VmStatus> = new Set<VmStatus>([
  'PoweringDown',
  'RebootInProgress',
  'SavingState',
  'MigratingFrom',
]);

const MIGRATING: ReadonlySet<VmStatus> = new Set<VmStatus>(['MigratingFrom', 'MigratingTo']);

export interface StoredVm {
  readonly id: string;
  readonly name: string;
  readonly status: VmStatus;
  readonly hostId: string | null;
}

/** What one host said about one VM. */
export type Observation =
  /** The host reports the domain in this status (an event, or a line of its sample). */
  | {
      readonly kind: 'reported';
      readonly hostId: string;
      readonly status: VmStatus;
      readonly reason?: string | undefined;
      readonly via: 'event' | 'sample';
    }
  /** The store places the VM on this host, and the host's sample does not list it. */
  | { readonly kind: 'missing'; readonly hostId: string };

export type Verdict =
  | { readonly kind: 'none' }
  /** The host disagrees, but for a reason that may pass (a command or migration under way). */
  | { readonly kind: 'hold'; readonly why: 'intent' | 'migration' }
  | {
      readonly kind: 'move';
      readonly status: VmStatus;
      readonly hostId: string | null;
      /** The host the VM last ran on, for resuming a suspended VM. */
      readonly lastHostId: string;
      /** It starts running now: `started_at` is the observation's time. */
      readonly start: boolean;
      /** It stopped: usage, address, logged-in user and start time are cleared. */
      readonly stop: boolean;
      readonly reason?: string | undefined;
    };

const NONE: Verdict = { kind: 'none' };

/**
 * The VM's new status and host, given what a host said. `holdExpired` is set by the
 * caller once a hold has lasted longer than it is willing to wait: the host's word wins.
 */
export function reconcileVm(vm: StoredVm, obs: Observation, holdExpired = false): Verdict {
  // The engine holds the VM's disks (creating it, a snapshot of it down): not the host's call.
  if (vm.status === 'ImageLocked') return NONE;
  const host = obs.hostId;

  if (obs.kind === 'reported' && obs.status !== 'Down') {
    const s = obs.status;
    if (vm.status === s && vm.hostId === host) return NONE;
    const elsewhere = vm.hostId !== null && vm.hostId !== host;
    // During a migration the source speaks for the VM until the target reports it Up.
    if (elsewhere && (s === 'MigratingTo' || (MIGRATING.has(vm.status) && s !== 'Up'))) return NONE;
    if (OFF.has(s)) {
      if (elsewhere || vm.status === s) return NONE;
      return move(s, null, host, false, true, obs.reason);
    }
    if (
      obs.via === 'sample' &&
      s === 'Up' &&
      !elsewhere &&
      ENGINE_INTENT.has(vm.status) &&
      !holdExpired
    )
      return { kind: 'hold', why: 'intent' };
    return move(s, host, host, NOT_STARTED.has(vm.status), false, obs.reason);
  }

  // The VM is gone from the host: a Down event, or the host's sample no longer lists it.
  if (vm.hostId !== host) return NONE;
  const reason = obs.kind === 'reported' ? obs.reason : undefined;
  const starting = vm.status === 'WaitForLaunch' && obs.kind === 'reported';
  if (!RUNNING_STATUSES.has(vm.status) && !starting) return NONE;
  // Left the source (or never landed on the target): the other host's report settles it.
  if (MIGRATING.has(vm.status) && !holdExpired) return { kind: 'hold', why: 'migration' };
  const saved = vm.status === 'SavingState' || /\bsaved?\b/i.test(reason ?? '');
  return move(saved ? 'Suspended' : 'Down', null, host, false, true, reason);
}

function move(
  status: VmStatus,
  hostId: string | null,
  lastHostId: string,
  start: boolean,
  stop: boolean,
  reason: string | undefined,
): Verdict {
  return { kind: 'move', status, hostId, lastHostId, start, stop, reason };
}
