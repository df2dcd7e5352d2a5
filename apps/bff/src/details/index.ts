import type { SearchObjectKey } from '@corral/shared';
import { eventsOf } from './events.js';
import { permissionsHeldBy, permissionsOf } from './permissions.js';
import { CLUSTER_ROW, DISK_ROW, HOST_ROW, NETWORK_ROW, VM_FROM, VM_ROW, rowsOf } from './sql.js';
import type { TabQuery } from './types.js';

export { recentEvents } from './events.js';
export type { Row } from './types.js';

/**
 * Every details sub-tab but General (which is the object's own row), per object, as
 * packages/shared's DETAIL_TABS lists them; a test keeps the two in step.
 */
export const TAB_QUERIES: Record<SearchObjectKey, Record<string, TabQuery>> = {
  datacenter: {
    clusters: rowsOf(
      `SELECT ${CLUSTER_ROW} FROM cluster c WHERE c.data_center_id = $1 ORDER BY c.name`,
    ),
    storage:
      rowsOf(`SELECT s.id, s.name, s.domain_type AS type, s.storage_type, s.status, s.is_master AS master,
      s.total_gb AS size, s.total_gb - s.used_gb AS free FROM storage_domain s WHERE s.data_center_id = $1
      ORDER BY s.is_master DESC, s.name`),
    networks: rowsOf(
      `SELECT ${NETWORK_ROW} FROM network n WHERE n.data_center_id = $1 ORDER BY n.name`,
    ),
    permissions: permissionsOf('DataCenter'),
    events: eventsOf('data_center_id'),
  },
  cluster: {
    hosts: rowsOf(`SELECT ${HOST_ROW} FROM host h WHERE h.cluster_id = $1 ORDER BY h.name`),
    vms: rowsOf(`SELECT ${VM_ROW} FROM ${VM_FROM} WHERE v.cluster_id = $1 ORDER BY v.name`),
    networks: rowsOf(`SELECT ${NETWORK_ROW}, cn.required, cn.display, cn.migration
      FROM cluster_network cn JOIN network n ON n.id = cn.network_id WHERE cn.cluster_id = $1 ORDER BY n.name`),
    volumes: rowsOf(`SELECT g.id, g.name, g.volume_type AS type, g.status, g.replica_count,
      (SELECT count(*) FROM gluster_brick b WHERE b.volume_id = g.id) AS bricks
      FROM gluster_volume g WHERE g.cluster_id = $1 ORDER BY g.name`),
    permissions: permissionsOf('Cluster'),
    events: eventsOf('cluster_id'),
  },
  host: {
    vms: rowsOf(`SELECT ${VM_ROW} FROM ${VM_FROM} WHERE v.host_id = $1 ORDER BY v.name`),
    nics: rowsOf(`SELECT hn.id, hn.name, hn.mac, hn.ip, n.name AS network, hn.speed_mbps AS speed,
      hn.rx_mbps AS rx, hn.tx_mbps AS tx FROM host_nic hn LEFT JOIN network n ON n.id = hn.network_id
      WHERE hn.host_id = $1 ORDER BY hn.name`),
    bricks: rowsOf(`SELECT b.id, g.name AS volume, b.directory, b.status, b.is_arbiter AS arbiter,
      b.total_gb AS size, b.free_gb AS free FROM gluster_brick b JOIN gluster_volume g ON g.id = b.volume_id
      WHERE b.host_id = $1 ORDER BY g.name, b.position`),
    permissions: permissionsOf('Host'),
    events: eventsOf('host_id'),
  },
  storage: {
    disks:
      rowsOf(`SELECT ${DISK_ROW} FROM disk d JOIN storage_domain s ON s.id = d.storage_domain_id
      WHERE d.storage_domain_id = $1 ORDER BY d.alias`),
    vms: rowsOf(`SELECT ${VM_ROW} FROM ${VM_FROM} WHERE EXISTS (SELECT 1 FROM vm_disk vd JOIN disk d ON d.id = vd.disk_id
      WHERE vd.vm_id = v.id AND d.storage_domain_id = $1) ORDER BY v.name`),
    templates:
      rowsOf(`SELECT t.id, t.name, t.status, t.os, t.memory_mb AS memory, t.vcpus FROM template t
      WHERE EXISTS (SELECT 1 FROM disk d WHERE d.template_id = t.id AND d.storage_domain_id = $1) ORDER BY t.name`),
    permissions: permissionsOf('StorageDomain'),
    events: eventsOf('storage_domain_id'),
  },
  disk: {
    vms: rowsOf(`SELECT ${VM_ROW}, vd.bootable, vd.active FROM vm_disk vd JOIN vm v ON v.id = vd.vm_id
      LEFT JOIN host h ON h.id = v.host_id WHERE vd.disk_id = $1 ORDER BY v.name`),
    volumes:
      rowsOf(`SELECT dv.id, dv.format, dv.path, s.description AS snapshot, dv.created_at AS created,
      dv.parent_id AS parent FROM disk_volume dv LEFT JOIN snapshot s ON s.id = dv.snapshot_id
      WHERE dv.disk_id = $1 ORDER BY dv.created_at`),
    permissions: permissionsOf('Disk'),
  },
  vm: {
    nics: rowsOf(`SELECT vn.id, vn.name, n.name AS network, vn.nic_type AS type, vn.mac, vn.ip, vn.linked,
      vn.speed_mbps AS speed, vn.rx_mbps AS rx, vn.tx_mbps AS tx FROM vm_nic vn LEFT JOIN network n ON n.id = vn.network_id
      WHERE vn.vm_id = $1 ORDER BY vn.name`),
    disks:
      rowsOf(`SELECT ${DISK_ROW}, vd.bootable, vd.active FROM vm_disk vd JOIN disk d ON d.id = vd.disk_id
      JOIN storage_domain s ON s.id = d.storage_domain_id WHERE vd.vm_id = $1 ORDER BY vd.bootable DESC, d.alias`),
    snapshots:
      rowsOf(`SELECT s.id, s.created_at AS date, s.description, s.snapshot_type AS type, s.status,
      s.memory FROM snapshot s WHERE s.vm_id = $1 ORDER BY s.created_at DESC`),
    applications: rowsOf(
      `SELECT a.name FROM vm v, unnest(v.applications) AS a(name) WHERE v.id = $1 ORDER BY a.name`,
    ),
    permissions: permissionsOf('Vm'),
    events: eventsOf('vm_id'),
  },
  pool: {
    vms: rowsOf(
      `SELECT ${VM_ROW}, v.logged_in_user AS user FROM ${VM_FROM} WHERE v.pool_id = $1 ORDER BY v.name`,
    ),
    permissions: permissionsOf('Pool'),
  },
  template: {
    vms: rowsOf(`SELECT ${VM_ROW} FROM ${VM_FROM} WHERE v.template_id = $1 ORDER BY v.name`),
    disks:
      rowsOf(`SELECT ${DISK_ROW} FROM disk d JOIN storage_domain s ON s.id = d.storage_domain_id
      WHERE d.template_id = $1 ORDER BY d.alias`),
    permissions: permissionsOf('Template'),
    events: eventsOf('template_id'),
  },
  volume: {
    bricks: rowsOf(`SELECT b.id, h.name AS server, b.directory, b.status, b.is_arbiter AS arbiter,
      b.total_gb AS size, b.free_gb AS free FROM gluster_brick b JOIN host h ON h.id = b.host_id
      WHERE b.volume_id = $1 ORDER BY b.position`),
    options:
      rowsOf(`SELECT o.key AS option, o.value FROM gluster_volume g, jsonb_each_text(g.options) AS o(key, value)
      WHERE g.id = $1 ORDER BY o.key`),
    events: eventsOf('volume_id'),
  },
  network: {
    clusters:
      rowsOf(`SELECT ${CLUSTER_ROW}, cn.required, cn.display, cn.migration FROM cluster_network cn
      JOIN cluster c ON c.id = cn.cluster_id WHERE cn.network_id = $1 ORDER BY c.name`),
    hosts:
      rowsOf(`SELECT ${HOST_ROW}, hn.name AS nic FROM host_nic hn JOIN host h ON h.id = hn.host_id
      WHERE hn.network_id = $1 ORDER BY h.name`),
    vms: rowsOf(`SELECT ${VM_ROW}, vn.name AS nic FROM vm_nic vn JOIN vm v ON v.id = vn.vm_id
      LEFT JOIN host h ON h.id = v.host_id WHERE vn.network_id = $1 ORDER BY v.name`),
    permissions: permissionsOf('Network'),
  },
  user: {
    vms: rowsOf(`SELECT ${VM_ROW} FROM ${VM_FROM} WHERE EXISTS (SELECT 1 FROM permission p WHERE p.object_type = 'Vm'
      AND p.object_id = v.id AND p.user_id = $1)
      OR v.logged_in_user = (SELECT u.username || '@' || u.domain FROM app_user u WHERE u.id = $1)
      ORDER BY v.name`),
    groups:
      rowsOf(`SELECT g.id, g.username AS name, g.domain FROM group_member gm JOIN app_user g ON g.id = gm.group_id
      WHERE gm.user_id = $1 ORDER BY g.username`),
    permissions: permissionsHeldBy,
    events: eventsOf('user_id'),
  },
  event: {},
  job: {
    steps:
      rowsOf(`SELECT s.id, s.position, s.step_type AS type, s.description, s.status, s.progress,
      s.start_time, s.end_time FROM job_step s WHERE s.job_id = $1 ORDER BY s.position`),
  },
  bookmark: {},
};
