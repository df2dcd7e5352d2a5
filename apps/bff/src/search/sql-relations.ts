// How a searched row is tied to the rows of a related object, for cross-object conditions
// (`Vms: Hosts.name = h17*`). Each link gives the related table under the alias `inner`
// (plus any bridge tables) and the predicate tying it to the row `outer`; the compiler
// wraps that in EXISTS, so a row matches once however many related rows qualify.
import type { SearchObjectKey } from '@corral/shared';
import type { SqlBuilder } from './sql-builder.js';

export interface Link {
  readonly from: string;
  readonly where: string;
}

type LinkFn = (outer: string, inner: string, b: SqlBuilder) => Link;

/** The related row is the one `outer.fk` points at. */
const parent =
  (table: string, fk: string): LinkFn =>
  (o, i) => ({ from: `${table} ${i}`, where: `${i}.id = ${o}.${fk}` });

/** The related rows point at the outer row through their `fk`. */
const children =
  (table: string, fk: string): LinkFn =>
  (o, i) => ({ from: `${table} ${i}`, where: `${i}.${fk} = ${o}.id` });

/** The data center of the cluster `outer.fk` points at. */
const dataCenterViaCluster =
  (fk = 'cluster_id'): LinkFn =>
  (o, i, b) => {
    const c = b.alias('c');
    return {
      from: `data_center ${i} JOIN cluster ${c} ON ${c}.data_center_id = ${i}.id`,
      where: `${c}.id = ${o}.${fk}`,
    };
  };

/** Rows of `table` whose cluster belongs to the outer data center. */
const inDataCenter =
  (table: string): LinkFn =>
  (o, i, b) => {
    const c = b.alias('c');
    return {
      from: `${table} ${i} JOIN cluster ${c} ON ${c}.id = ${i}.cluster_id`,
      where: `${c}.data_center_id = ${o}.id`,
    };
  };

/** A fixed condition on a bridge row, such as the object type of a permission. */
type Narrow = (bridge: string) => string;

/**
 * Rows of `table` tied to the outer row through rows of `bridge` that hold both ids:
 * `bridge.innerKey` → the related row, `bridge.outerKey` → the outer row.
 */
const through =
  (table: string, bridge: string, innerKey: string, outerKey: string, narrow?: Narrow): LinkFn =>
  (o, i, b) => {
    const x = b.alias('b');
    const more = narrow ? ` AND ${narrow(x)}` : '';
    return {
      from: `${table} ${i} JOIN ${bridge} ${x} ON ${x}.${innerKey} = ${i}.id${more}`,
      where: `${x}.${outerKey} = ${o}.id`,
    };
  };

/** Users (or groups) holding a role directly on the VM. */
const vmPermission: Narrow = (p) => `${p}.object_type = 'Vm'`;

export const LINKS: Readonly<
  Partial<Record<SearchObjectKey, Partial<Record<SearchObjectKey, LinkFn>>>>
> = {
  datacenter: {
    cluster: children('cluster', 'data_center_id'),
    host: inDataCenter('host'),
    vm: inDataCenter('vm'),
    storage: children('storage_domain', 'data_center_id'),
    network: children('network', 'data_center_id'),
    event: children('audit_event', 'data_center_id'),
  },
  cluster: {
    datacenter: parent('data_center', 'data_center_id'),
    host: children('host', 'cluster_id'),
    vm: children('vm', 'cluster_id'),
    volume: children('gluster_volume', 'cluster_id'),
    network: through('network', 'cluster_network', 'network_id', 'cluster_id'),
    event: children('audit_event', 'cluster_id'),
  },
  host: {
    vm: children('vm', 'host_id'),
    cluster: parent('cluster', 'cluster_id'),
    datacenter: dataCenterViaCluster(),
    event: children('audit_event', 'host_id'),
    // volumes with a brick on the host
    volume: through('gluster_volume', 'gluster_brick', 'volume_id', 'host_id'),
    // networks on the host's NICs
    network: through('network', 'host_nic', 'network_id', 'host_id'),
  },
  storage: {
    datacenter: parent('data_center', 'data_center_id'),
    disk: children('disk', 'storage_domain_id'),
    // VMs with a disk on the domain
    vm: (o, i, b) => {
      const vd = b.alias('vd');
      const d = b.alias('d');
      return {
        from: `vm ${i} JOIN vm_disk ${vd} ON ${vd}.vm_id = ${i}.id JOIN disk ${d} ON ${d}.id = ${vd}.disk_id`,
        where: `${d}.storage_domain_id = ${o}.id`,
      };
    },
    event: children('audit_event', 'storage_domain_id'),
  },
  disk: {
    storage: parent('storage_domain', 'storage_domain_id'),
    vm: through('vm', 'vm_disk', 'vm_id', 'disk_id'),
    template: parent('template', 'template_id'),
    datacenter: (o, i, b) => {
      const s = b.alias('s');
      return {
        from: `data_center ${i} JOIN storage_domain ${s} ON ${s}.data_center_id = ${i}.id`,
        where: `${s}.id = ${o}.storage_domain_id`,
      };
    },
  },
  vm: {
    host: parent('host', 'host_id'),
    cluster: parent('cluster', 'cluster_id'),
    datacenter: dataCenterViaCluster(),
    template: parent('template', 'template_id'),
    pool: parent('pool', 'pool_id'),
    // domains holding one of the VM's disks
    storage: (o, i, b) => {
      const d = b.alias('d');
      const vd = b.alias('vd');
      return {
        from: `storage_domain ${i} JOIN disk ${d} ON ${d}.storage_domain_id = ${i}.id JOIN vm_disk ${vd} ON ${vd}.disk_id = ${d}.id`,
        where: `${vd}.vm_id = ${o}.id`,
      };
    },
    disk: through('disk', 'vm_disk', 'disk_id', 'vm_id'),
    // networks of the VM's NICs
    network: through('network', 'vm_nic', 'network_id', 'vm_id'),
    user: through('app_user', 'permission', 'user_id', 'object_id', vmPermission),
    event: children('audit_event', 'vm_id'),
  },
  pool: {
    vm: children('vm', 'pool_id'),
    cluster: parent('cluster', 'cluster_id'),
    datacenter: dataCenterViaCluster(),
    template: parent('template', 'template_id'),
  },
  template: {
    vm: children('vm', 'template_id'),
    cluster: parent('cluster', 'cluster_id'),
    datacenter: dataCenterViaCluster(),
    pool: children('pool', 'template_id'),
    disk: children('disk', 'template_id'),
  },
  volume: {
    cluster: parent('cluster', 'cluster_id'),
    host: through('host', 'gluster_brick', 'host_id', 'volume_id'),
    datacenter: dataCenterViaCluster(),
    // storage domains backed by the volume
    storage: children('storage_domain', 'gluster_volume_id'),
  },
  network: {
    datacenter: parent('data_center', 'data_center_id'),
    cluster: through('cluster', 'cluster_network', 'cluster_id', 'network_id'),
    host: through('host', 'host_nic', 'host_id', 'network_id'),
    vm: through('vm', 'vm_nic', 'vm_id', 'network_id'),
  },
  user: {
    vm: through('vm', 'permission', 'object_id', 'user_id', vmPermission),
    event: children('audit_event', 'user_id'),
  },
  event: {
    host: parent('host', 'host_id'),
    vm: parent('vm', 'vm_id'),
    cluster: parent('cluster', 'cluster_id'),
    datacenter: parent('data_center', 'data_center_id'),
    storage: parent('storage_domain', 'storage_domain_id'),
    volume: parent('gluster_volume', 'volume_id'),
    user: parent('app_user', 'user_id'),
  },
};

export function linkOf(outer: SearchObjectKey, inner: SearchObjectKey): LinkFn | undefined {
  return LINKS[outer]?.[inner];
}
