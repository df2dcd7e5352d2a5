// Snapshot operations go through a host: the one a running VM is on, or for a Down VM
// the host it last ran on (which knows its snapshots), else any Up host of its cluster,
// where the VM is defined from the store first.
import type { HostConnection } from '../../../hosts/driver.js';
import type { EngineDeps } from '../../deps.js';
import {
  clusterHosts,
  connectTo,
  domainSpec,
  getHost,
  type HostRow,
  type VmRow,
} from '../../inventory.js';
import { refuse } from '../../rules/refuse.js';

export async function snapshotHost(deps: EngineDeps, vm: VmRow): Promise<HostRow> {
  if (vm.host_id && vm.status !== 'Down') return getHost(deps.db, vm.host_id);
  const hosts = await clusterHosts(deps.db, vm.cluster_id);
  const up = hosts.filter((h) => h.status === 'Up');
  const last = up.find((h) => h.id === vm.last_host_id);
  const host = last ?? up[0];
  if (!host)
    refuse(
      `There should be at least one active host in the VM's cluster to work on its snapshots.`,
    );
  return host;
}

/** The host's connection, with the (Down) VM defined there from the store. */
export async function connectForSnapshots(
  deps: EngineDeps,
  vm: VmRow,
  host: HostRow,
): Promise<HostConnection> {
  const conn = await connectTo(deps, host);
  if (vm.status === 'Down' || vm.status === 'ImageLocked')
    await conn.define(await domainSpec(deps.db, vm));
  return conn;
}

export async function requireNoSnapshotInProgress(deps: EngineDeps, vm: VmRow): Promise<void> {
  const [busy] = await deps.db.query(
    `SELECT 1 FROM snapshot WHERE vm_id = $1 AND status = 'Locked' LIMIT 1`,
    [vm.id],
  );
  if (busy) refuse(`A snapshot of VM ${vm.name} is being worked on; wait until it ends.`);
}

export async function getSnapshot(
  deps: EngineDeps,
  vm: VmRow,
  snapshotId: string,
): Promise<{ id: string; description: string; status: string }> {
  const [snap] = await deps.db.query<{ id: string; description: string; status: string }>(
    `SELECT id, description, status FROM snapshot WHERE id = $1 AND vm_id = $2`,
    [snapshotId, vm.id],
  );
  if (!snap) refuse(`VM ${vm.name} has no such snapshot.`, 'snapshotId');
  if (snap.status !== 'OK') refuse(`Snapshot ${snap.description} is ${snap.status}.`, 'snapshotId');
  return snap;
}
