import type { Db } from '../store/index.js';
import { TAB_LIMIT, type Row, type TabQuery } from './types.js';

/** A tab whose rows one parameterised statement ($1 = the object's id) returns. */
export const rowsOf =
  (sql: string): TabQuery =>
  (db: Db, id: string): Promise<Row[]> =>
    db.query(`${sql} LIMIT ${TAB_LIMIT}`, [id]);

// Column lists the tabs share, so a VM reads the same in every tab that lists VMs.
export const VM_ROW = `v.id, v.name, v.status, h.name AS host, v.ip, v.os, v.cpu_usage, v.mem_usage,
  v.memory_mb AS memory, v.vcpus, v.description`;
export const VM_FROM = `vm v LEFT JOIN host h ON h.id = v.host_id`;
export const HOST_ROW = `h.id, h.name, h.address, h.status, h.active_vms, h.cpu_usage, h.mem_usage, h.net_usage`;
export const DISK_ROW = `d.id, d.alias AS name, d.size_gb AS size, d.actual_size_gb AS actual_size, d.format,
  d.sparse, d.interface, d.status, s.name AS storage`;
export const CLUSTER_ROW = `c.id, c.name, c.compat_version, c.cpu_type, c.virt_service, c.gluster_service, c.description`;
export const NETWORK_ROW = `n.id, n.name, n.vlan_id AS vlan, n.mtu, n.vm_network, n.status, n.description`;
