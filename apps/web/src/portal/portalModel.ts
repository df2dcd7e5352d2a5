// The user portal's decisions, free of React and the browser so they are tested on
// their own: which OS family a VM's icon shows, what a desktop card offers in the VM's
// current state, how a pool's holdings read, and whether the portal connects by itself.
import { poolTakeRule, vmActions, type VmStatus } from '@corral/shared';
import { statusTone, type StatusTone } from '../grid/format.js';
import type { ConsoleProtocol } from '../console/consoleRoute.js';

export type OsFamily = 'windows' | 'rhel' | 'fedora' | 'debian' | 'ubuntu' | 'linux' | 'other';

/** The family of an oVirt OS id (`vm.os`), for its icon and label. */
export function osFamily(os: string): OsFamily {
  const id = os.toLowerCase();
  if (id.startsWith('windows')) return 'windows';
  if (id.startsWith('rhel') || id.startsWith('centos')) return 'rhel';
  if (id.startsWith('fedora')) return 'fedora';
  if (id.startsWith('debian')) return 'debian';
  if (id.startsWith('ubuntu')) return 'ubuntu';
  if (id.includes('linux') || id.startsWith('sles') || id.startsWith('suse')) return 'linux';
  return 'other';
}

export const OS_FAMILY_LABEL: Record<OsFamily, string> = {
  windows: 'Windows',
  rhel: 'Red Hat Enterprise Linux',
  fedora: 'Fedora',
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  linux: 'Linux',
  other: 'Other OS',
};

/** A desktop as portal.vms answers it (only the fields these decisions read). */
export interface DesktopState {
  readonly id: string;
  readonly name: string;
  readonly status: VmStatus | string;
  readonly display: string;
  readonly poolId: string | null;
  readonly can: {
    readonly start: boolean;
    readonly stop: boolean;
    readonly console: boolean;
    readonly snapshot: boolean;
    readonly remove: boolean;
    readonly returnToPool: boolean;
  };
}

export type DesktopAction =
  'start' | 'shutdown' | 'reboot' | 'console' | 'snapshot' | 'remove' | 'return';

export interface Offer {
  /** Shown at all: the user's roles allow it. */
  readonly shown: boolean;
  /** Enabled in the VM's current state. */
  readonly enabled: boolean;
  /** Why not, when shown but disabled. */
  readonly reason?: string;
}

const NO_RIGHT: Offer = { shown: false, enabled: false };

function offer(right: boolean, rule: { allowed: boolean; reason?: string }): Offer {
  if (!right) return NO_RIGHT;
  return rule.allowed
    ? { shown: true, enabled: true }
    : { shown: true, enabled: false, ...(rule.reason ? { reason: rule.reason } : {}) };
}

/** What a desktop card offers: the user's rights (from the BFF) and the VM's state (shared rules). */
export function desktopOffers(vm: DesktopState): Record<DesktopAction, Offer> {
  const rules = vmActions({ status: vm.status as VmStatus });
  return {
    start: offer(vm.can.start, rules.run),
    shutdown: offer(vm.can.stop, rules.shutdown),
    reboot: offer(vm.can.stop, rules.reboot),
    console: offer(vm.can.console, rules.console),
    snapshot: offer(vm.can.snapshot, rules.snapshot),
    // A pool's VM goes back to the pool instead; only the pool's administrator removes it.
    remove: offer(vm.can.remove && vm.poolId === null, rules.remove),
    // Returning a running VM is allowed: the pool shuts it down (and resets a stateless one).
    return: vm.can.returnToPool ? { shown: true, enabled: true } : NO_RIGHT,
  };
}

export function desktopTone(status: string): StatusTone {
  return statusTone(status);
}

/** `2 GB` / `512 MB`. */
export function memoryLabel(mb: number): string {
  if (mb >= 1024 && mb % 1024 === 0) return `${mb / 1024} GB`;
  if (mb >= 1024) return `${(mb / 1024).toFixed(1)} GB`;
  return `${mb} MB`;
}

export function cpuLabel(vcpus: number): string {
  return `${vcpus} vCPU${vcpus === 1 ? '' : 's'}`;
}

/** A pool as portal.pools answers it (only the fields read here). */
export interface PoolState {
  readonly free: number;
  readonly held: number;
  readonly maxPerUser: number;
  readonly canTake: boolean;
}

export function poolHoldingLabel(p: PoolState): string {
  return `You have ${p.held} of ${p.maxPerUser}`;
}

export function poolFreeLabel(p: PoolState): string {
  return p.free === 1 ? '1 desktop free' : `${p.free} desktops free`;
}

/** Take a desktop: allowed, or why not (the shared pool rule the engine refuses with). */
export function takeOffer(p: PoolState): Offer {
  if (!p.canTake) return NO_RIGHT;
  return offer(true, poolTakeRule({ maxPerUser: p.maxPerUser, held: p.held, free: p.free }));
}

/** The protocol a console opens with unless the user picks: the VM's display type. */
export function preferredProtocol(display: string): ConsoleProtocol {
  return display.toLowerCase() === 'spice' ? 'spice' : 'vnc';
}

/**
 * Connect automatically (as the RHEV user portal did): with the option on, a user whose
 * only desktop is Up gets its console on portal load. The VM to open, or null.
 */
export function autoConnectTarget<T extends DesktopState>(
  enabled: boolean,
  vms: readonly T[],
): T | null {
  if (!enabled || vms.length !== 1) return null;
  const only = vms[0]!;
  if (only.status !== 'Up' || !only.can.console) return null;
  return only;
}

export const AUTOCONNECT_KEY = 'corral.portal.autoConnect';

/** The saved option; anything but the string `true` is off. */
export function readAutoConnect(storage: Pick<Storage, 'getItem'> | null): boolean {
  try {
    return storage?.getItem(AUTOCONNECT_KEY) === 'true';
  } catch {
    return false;
  }
}

export function writeAutoConnect(storage: Pick<Storage, 'setItem'> | null, on: boolean): void {
  try {
    storage?.setItem(AUTOCONNECT_KEY, on ? 'true' : 'false');
  } catch {
    // Storage full or forbidden (private mode): the option lasts for this page only.
  }
}

/** Whether the user owns as many VMs as they may (null quota: none). */
export function quotaFull(q: { readonly owned: number; readonly quota: number | null }): boolean {
  return q.quota !== null && q.owned >= q.quota;
}

export function quotaLabel(q: { readonly owned: number; readonly quota: number | null }): string {
  return q.quota === null ? `${q.owned} VMs, no quota` : `${q.owned} of ${q.quota} VMs`;
}

/** The changes the portal re-reads its lists for. */
export const PORTAL_OBJECTS = ['vm', 'pool', 'user'] as const;
