// What a user may do with a storage domain, and why not (DOMAIN.md, as oVirt has it):
// the first Data domain attached to a data center becomes its Master; a data center has
// at most one ISO and one Export domain; a domain needs an Up host in its data center to
// be attached or activated; only Unattached and Maintenance domains are removed, only
// Maintenance ones detached; the master leaves last.
import type {
  DataCenterStorageMode,
  StorageDomainStatus,
  StorageDomainType,
  StorageType,
} from '../domain/status.js';
import type { ActionRule } from './vm.js';

export const STORAGE_DOMAIN_ACTIONS = [
  'attach',
  'detach',
  'activate',
  'maintenance',
  'remove',
] as const;
export type StorageDomainAction = (typeof STORAGE_DOMAIN_ACTIONS)[number];

/** DOMAIN.md's words for a data center without an Up host. */
export const NO_ACTIVE_HOST = 'There should be at least one active host in the data center.';

export const STORAGE_DOMAIN_MESSAGES = {
  noActiveHost: NO_ACTIVE_HOST,
  busy: (status: string) =>
    `The storage domain is ${status}; wait until its current operation ends.`,
  attach: 'Only an Unattached storage domain can be attached to a data center.',
  detach: 'A storage domain must be in Maintenance to be detached.',
  masterLast:
    "The master domain leaves its data center last; detach the data center's other storage domains first.",
  activateAlready: 'The storage domain is already Active.',
  activate: 'Only a storage domain in Maintenance can be activated.',
  needsMaster:
    'ISO and Export domains need an active Data domain (the master) in the data center; attach or activate one first.',
  maintenanceAlready: 'The storage domain is already in Maintenance.',
  maintenance: 'Only an Active storage domain can be moved to Maintenance.',
  maintenanceRunning: (vms: readonly string[]) =>
    `The storage domain holds disks of VMs that are not Down (${vms.join(', ')}); stop them first.`,
  masterMaintenanceLast:
    "The master domain goes to Maintenance last; move the data center's ISO and Export domains to Maintenance first.",
  remove: 'A storage domain must be Unattached or in Maintenance to be removed.',
  removeDisks: (n: number) =>
    `The storage domain holds ${n} disk${n === 1 ? '' : 's'}; remove or move ${n === 1 ? 'it' : 'them'} first.`,
  oneIso: (dc: string, name: string) =>
    `Data Center ${dc} already has an ISO domain (${name}); a data center has at most one.`,
  oneExport: (dc: string, name: string) =>
    `Data Center ${dc} already has an Export domain (${name}); a data center has at most one.`,
  localInShared: 'Local storage domains belong to Local data centers.',
  sharedDataInLocal: "A Local data center's Data domains are Local storage.",
  localOtherDataCenter: (dc: string) =>
    `A Local storage domain stays in the data center of its host (${dc}).`,
  unsupported: (type: string) => `Corral cannot connect ${type} storage.`,
} as const;

const BUSY: readonly StorageDomainStatus[] = ['Locked', 'Activating', 'Detaching'];

/** A storage domain and what around it decides its actions. */
export interface StorageDomainState {
  readonly status: StorageDomainStatus;
  readonly domainType: StorageDomainType;
  readonly storageType: StorageType;
  readonly isMaster: boolean;
  /** Other domains attached to its data center (any type, any status). */
  readonly otherAttached: number;
  /** Other Data domains of its data center that are Active. */
  readonly otherActiveData: number;
  /** ISO and Export domains of its data center that are Active. */
  readonly activeIsoExport: number;
  /** Whether its data center has an Active master domain (other than this one). */
  readonly masterActive: boolean;
  /** Up hosts that reach it: its data center's (a Local domain: its own host). */
  readonly upHosts: number;
  /** Disks on it. */
  readonly disks: number;
  /** VMs that are not Down (running, starting, suspended, locked) with disks on it. */
  readonly runningVms: readonly string[];
}

const ok: ActionRule = { allowed: true };
const no = (reason: string): ActionRule => ({ allowed: false, reason });

function attachRule(d: StorageDomainState): ActionRule {
  return d.status === 'Unattached' ? ok : no(STORAGE_DOMAIN_MESSAGES.attach);
}

function detachRule(d: StorageDomainState): ActionRule {
  if (d.status !== 'Maintenance') return no(STORAGE_DOMAIN_MESSAGES.detach);
  if (d.isMaster && d.otherAttached > 0) return no(STORAGE_DOMAIN_MESSAGES.masterLast);
  return ok;
}

function activateRule(d: StorageDomainState): ActionRule {
  if (d.status === 'Active') return no(STORAGE_DOMAIN_MESSAGES.activateAlready);
  if (d.status !== 'Maintenance' && d.status !== 'Inactive' && d.status !== 'Unknown')
    return no(STORAGE_DOMAIN_MESSAGES.activate);
  if (d.upHosts === 0) return no(NO_ACTIVE_HOST);
  if (d.domainType !== 'Data' && !d.masterActive) return no(STORAGE_DOMAIN_MESSAGES.needsMaster);
  return ok;
}

function maintenanceRule(d: StorageDomainState): ActionRule {
  if (d.status === 'Maintenance') return no(STORAGE_DOMAIN_MESSAGES.maintenanceAlready);
  if (d.status !== 'Active') return no(STORAGE_DOMAIN_MESSAGES.maintenance);
  if (d.runningVms.length > 0) return no(STORAGE_DOMAIN_MESSAGES.maintenanceRunning(d.runningVms));
  if (d.isMaster && d.otherActiveData === 0 && d.activeIsoExport > 0)
    return no(STORAGE_DOMAIN_MESSAGES.masterMaintenanceLast);
  return ok;
}

function removeRule(d: StorageDomainState): ActionRule {
  if (d.status !== 'Unattached' && d.status !== 'Maintenance')
    return no(STORAGE_DOMAIN_MESSAGES.remove);
  if (d.status === 'Maintenance' && d.isMaster && d.otherAttached > 0)
    return no(STORAGE_DOMAIN_MESSAGES.masterLast);
  if (d.disks > 0) return no(STORAGE_DOMAIN_MESSAGES.removeDisks(d.disks));
  return ok;
}

export function storageDomainActions(
  d: StorageDomainState,
): Record<StorageDomainAction, ActionRule> {
  if (BUSY.includes(d.status)) {
    const busy = no(STORAGE_DOMAIN_MESSAGES.busy(d.status));
    return { attach: busy, detach: busy, activate: busy, maintenance: busy, remove: busy };
  }
  return {
    attach: attachRule(d),
    detach: detachRule(d),
    activate: activateRule(d),
    maintenance: maintenanceRule(d),
    remove: removeRule(d),
  };
}

/** What a data center already holds, for attaching a domain to it. */
export interface AttachTarget {
  readonly name: string;
  readonly storageMode: DataCenterStorageMode;
  /** Name of the ISO / Export domain attached to it, if any. */
  readonly iso: string | null;
  readonly export: string | null;
  readonly upHosts: number;
  readonly masterActive: boolean;
}

/**
 * Why this domain cannot join that data center, or ok. `hostDataCenter` is, for a Local
 * domain, the data center of the host that holds it (null while that is unknown).
 */
export function attachToRule(
  d: { readonly domainType: StorageDomainType; readonly storageType: StorageType },
  dc: AttachTarget,
  hostDataCenter?: { readonly id: string; readonly name: string; readonly sameAsTarget: boolean },
): ActionRule {
  if (d.storageType === 'iSCSI' || d.storageType === 'FC')
    return no(STORAGE_DOMAIN_MESSAGES.unsupported(d.storageType));
  if (d.storageType === 'Local' && dc.storageMode !== 'Local')
    return no(STORAGE_DOMAIN_MESSAGES.localInShared);
  if (d.storageType !== 'Local' && d.domainType === 'Data' && dc.storageMode === 'Local')
    return no(STORAGE_DOMAIN_MESSAGES.sharedDataInLocal);
  if (d.storageType === 'Local' && hostDataCenter && !hostDataCenter.sameAsTarget)
    return no(STORAGE_DOMAIN_MESSAGES.localOtherDataCenter(hostDataCenter.name));
  if (d.domainType === 'ISO' && dc.iso) return no(STORAGE_DOMAIN_MESSAGES.oneIso(dc.name, dc.iso));
  if (d.domainType === 'Export' && dc.export)
    return no(STORAGE_DOMAIN_MESSAGES.oneExport(dc.name, dc.export));
  if (dc.upHosts === 0) return no(NO_ACTIVE_HOST);
  if (d.domainType !== 'Data' && !dc.masterActive) return no(STORAGE_DOMAIN_MESSAGES.needsMaster);
  return ok;
}
