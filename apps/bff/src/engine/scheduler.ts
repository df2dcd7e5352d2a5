// Where a VM runs. Policy (oVirt's "evenly distributed" in its simplest form): only Up
// hosts of the VM's cluster; only those with enough free memory — the host's memory,
// scaled by the cluster's memory overcommit, less what the VMs placed on it take; of
// those the least CPU-loaded, then the one with the most free memory.
import type { Db } from '../store/index.js';
import { getCluster, type ClusterRow, type HostRow } from './inventory.js';

export interface HostLoad {
  readonly host: HostRow;
  /** memory_mb × mem_overcommit / 100. */
  readonly capacityMb: number;
  /** Memory of the VMs placed on it: running there, starting there, or migrating to it. */
  committedMb: number;
  /** cpu_usage as the host last reported it, plus what placements in this plan add. */
  cpuLoad: number;
}

export const freeMb = (l: HostLoad) => l.capacityMb - l.committedMb;

/** A VM to place: its memory and, for the CPU estimate, its vCPUs and measured load. */
export interface Placement {
  readonly id: string;
  readonly name: string;
  readonly memoryMb: number;
  readonly vcpus: number;
  readonly cpuUsage?: number;
}

/** A VM without a measured load counts this busy (% of its vCPUs) when planning. */
const UNMEASURED_CPU = 10;

export async function clusterLoad(
  db: Db,
  clusterId: string,
): Promise<{ cluster: ClusterRow; hosts: HostLoad[] }> {
  const cluster = await getCluster(db, clusterId);
  const rows = await db.query<HostRow & { committed_mb: number }>(
    `SELECT h.id, h.name, h.address, h.driver, h.uri, h.cluster_id, h.status, h.memory_mb,
            h.cpus, h.cpu_usage,
            COALESCE((SELECT SUM(v.memory_mb) FROM vm v
                       WHERE (v.host_id = h.id AND v.status NOT IN ('Down', 'Suspended'))
                          OR v.migrating_to_host_id = h.id), 0)::bigint AS committed_mb
       FROM host h WHERE h.cluster_id = $1 ORDER BY h.name`,
    [clusterId],
  );
  return {
    cluster,
    hosts: rows.map(({ committed_mb, ...host }) => ({
      host,
      capacityMb: Math.floor((host.memory_mb * cluster.mem_overcommit) / 100),
      committedMb: committed_mb,
      cpuLoad: host.cpu_usage,
    })),
  };
}

export type Choice = { ok: true; load: HostLoad } | { ok: false; reason: string };

/** Why `load`'s host can't take a VM needing `memoryMb`, or null when it can. */
export function unfit(load: HostLoad, memoryMb: number): string | null {
  if (load.host.status !== 'Up') return `Host ${load.host.name} is not Up.`;
  const free = freeMb(load);
  if (free < memoryMb)
    return `Host ${load.host.name} has ${Math.max(0, free)} MB of free memory; the VM needs ${memoryMb} MB.`;
  return null;
}

/** The scheduler's pick among `loads` for one VM, never one of `exclude`. */
export function pickHost(
  clusterName: string,
  loads: readonly HostLoad[],
  memoryMb: number,
  exclude: ReadonlySet<string> = new Set(),
): Choice {
  const up = loads.filter((l) => l.host.status === 'Up' && !exclude.has(l.host.id));
  if (up.length === 0) {
    return {
      ok: false,
      reason:
        exclude.size > 0
          ? `There is no other Up host in Cluster ${clusterName}.`
          : `There should be at least one active host in Cluster ${clusterName}.`,
    };
  }
  const fits = up.filter((l) => freeMb(l) >= memoryMb);
  if (fits.length === 0) {
    const roomiest = [...up].sort((a, b) => freeMb(b) - freeMb(a))[0]!;
    return {
      ok: false,
      reason: `No Up host in Cluster ${clusterName} has ${memoryMb} MB of free memory (the most is ${Math.max(0, freeMb(roomiest))} MB, on ${roomiest.host.name}).`,
    };
  }
  fits.sort(
    (a, b) =>
      a.cpuLoad - b.cpuLoad || freeMb(b) - freeMb(a) || a.host.name.localeCompare(b.host.name),
  );
  return { ok: true, load: fits[0]! };
}

/** Books a VM on a host within a plan, so the next pick sees less room and more load. */
export function reserve(load: HostLoad, vm: Placement): void {
  load.committedMb += vm.memoryMb;
  const busy = vm.cpuUsage && vm.cpuUsage > 0 ? vm.cpuUsage : UNMEASURED_CPU;
  load.cpuLoad += (busy * vm.vcpus) / Math.max(1, load.host.cpus);
}

export type Plan =
  { ok: true; hosts: Map<string, HostLoad> } | { ok: false; failures: Map<string, string> };

/**
 * Places several VMs at once (bulk run, evacuating a host), the largest first, each
 * pick seeing the memory the earlier ones took. Fails with the reason for every VM
 * that found no host.
 */
export function planPlacements(
  clusterName: string,
  loads: readonly HostLoad[],
  vms: readonly Placement[],
  exclude: ReadonlySet<string> = new Set(),
): Plan {
  const hosts = new Map<string, HostLoad>();
  const failures = new Map<string, string>();
  const order = [...vms].sort((a, b) => b.memoryMb - a.memoryMb || a.name.localeCompare(b.name));
  for (const vm of order) {
    const choice = pickHost(clusterName, loads, vm.memoryMb, exclude);
    if (!choice.ok) {
      failures.set(vm.id, choice.reason);
      continue;
    }
    reserve(choice.load, vm);
    hosts.set(vm.id, choice.load);
  }
  return failures.size > 0 ? { ok: false, failures } : { ok: true, hosts };
}
