// Grid rows (search field names) as the states the shared rules judge. A row comes
// from the wire, so its values are checked, not trusted: an unknown status reads as
// Unknown, which the rules refuse most things for.
import {
  HOST_STATUSES,
  VM_STATUSES,
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
