// Choosing hosts for VMs about to start: the scheduler's plan, or the host the user
// named, checked against the same rules.
import type { Db } from '../../../store/index.js';
import { getHost, type HostRow, type VmRow } from '../../inventory.js';
import { refuse, refuseEach } from '../../rules/refuse.js';
import { groupBy } from '../common.js';
import { clusterLoad, planPlacements, reserve, unfit, type Placement } from '../../scheduler.js';

const placement = (vm: VmRow): Placement => ({
  id: vm.id,
  name: vm.name,
  memoryMb: vm.memory_mb,
  vcpus: vm.vcpus,
});

/** A host for every VM, or a refusal naming each VM that has none. */
export async function placeVms(
  db: Db,
  vms: readonly VmRow[],
  hostId?: string | null,
): Promise<Map<string, HostRow>> {
  const chosen = new Map<string, HostRow>();
  const reasons = new Map<string, string>();
  const byCluster = groupBy(vms, (v) => v.cluster_id);
  for (const [clusterId, group] of byCluster) {
    const { cluster, hosts } = await clusterLoad(db, clusterId);
    if (hostId) {
      const load = hosts.find((l) => l.host.id === hostId);
      if (!load) {
        const host = await getHost(db, hostId);
        refuse(`Host ${host.name} is not in Cluster ${cluster.name}, where the VM runs.`, 'hostId');
      }
      for (const vm of group) {
        const why = unfit(load, vm.memory_mb);
        if (why) reasons.set(vm.id, why);
        else {
          reserve(load, placement(vm));
          chosen.set(vm.id, load.host);
        }
      }
      continue;
    }
    const plan = planPlacements(cluster.name, hosts, group.map(placement));
    if (!plan.ok) for (const [id, why] of plan.failures) reasons.set(id, why);
    else for (const [id, load] of plan.hosts) chosen.set(id, load.host);
  }
  refuseEach('run the VMs', vms, reasons, hostId ? 'hostId' : undefined);
  return chosen;
}
