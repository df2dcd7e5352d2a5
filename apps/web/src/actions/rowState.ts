// Grid rows (search field names) as the states the shared rules judge. A row comes
// from the wire, so its values are checked, not trusted: an unknown status reads as
// Unknown, which the rules refuse most things for.
import {
  HOST_STATUSES,
  STORAGE_DOMAIN_STATUSES,
  STORAGE_DOMAIN_TYPES,
  STORAGE_TYPES,
  VM_STATUSES,
  type ClusterState,
  type DataCenterState,
  type StorageDomainState,
  type StorageDomainStatus,
  type HostState,
  type HostStatus,
  type VmState,
  type VmStatus,
} from '@corral/shared';

export const oneOf = <T extends string>(values: readonly T[], v: unknown): T | undefined =>
  values.find((x) => x === v);

/** A count from a grid cell; anything else reads as 0. */
export function countOf(v: unknown): number {
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

export function vmStatusOf(row: Record<string, unknown>): VmStatus {
  return oneOf(VM_STATUSES, row.status) ?? 'Unknown';
}

export function hostStatusOf(row: Record<string, unknown>): HostStatus {
  // A host's status set has no Unknown; Error is its closest: most actions are refused.
  return oneOf(HOST_STATUSES, row.status) ?? 'Error';
}

export function vmStateOf(row: Record<string, unknown>): VmState {
  // The grid names the host rather than giving its id; the rules only ask whether there is one.
  const host = typeof row.host === 'string' && row.host ? row.host : null;
  return { status: vmStatusOf(row), hostId: host };
}

export function hostStateOf(row: Record<string, unknown>): HostState {
  return { status: hostStatusOf(row), activeVms: countOf(row.active_vms) };
}

export function storageStatusOf(row: Record<string, unknown>): StorageDomainStatus {
  return oneOf(STORAGE_DOMAIN_STATUSES, row.status) ?? 'Unknown';
}

/**
 * A storage domain row as the state the shared rules judge. The grid shows the domain's
 * own status, type and master flag, not what surrounds it (other domains, Up hosts,
 * disks, running VMs): those are taken at their most permissive, so the browser refuses
 * only what the row itself rules out and the server's verdict (`storage.actions`) adds
 * the rest.
 */
export function storageStateOf(row: Record<string, unknown>): StorageDomainState {
  return {
    status: storageStatusOf(row),
    domainType: oneOf(STORAGE_DOMAIN_TYPES, row.type) ?? 'Data',
    storageType: oneOf(STORAGE_TYPES, row.storage_type) ?? 'NFS',
    isMaster: row.master === true,
    otherAttached: 0,
    otherActiveData: 1,
    activeIsoExport: 0,
    masterActive: true,
    upHosts: 1,
    disks: 0,
    runningVms: [],
  };
}

/** A data center row as its rules' state; its active domains are the server's to count. */
export function dataCenterStateOf(row: Record<string, unknown>): DataCenterState {
  return { clusters: countOf(row.clusters), activeDomains: 0 };
}

/** A cluster row as its rules' state; templates, pools and volumes are the server's to count. */
export function clusterStateOf(row: Record<string, unknown>): ClusterState {
  return {
    hosts: countOf(row.hosts),
    vms: countOf(row.vms),
    templates: 0,
    pools: 0,
    glusterVolumes: 0,
  };
}
