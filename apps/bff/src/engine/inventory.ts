// The store rows the engine's commands read and the few writes they share.
import type { HostStatus, VmStatus } from '@corral/shared';
import path from 'node:path';
import type { DiskSpec, DomainSpec, HostConnection, NicSpec } from '../hosts/driver.js';
import type { Db } from '../store/index.js';
import type { EngineDeps } from './deps.js';
import { notFound } from './errors.js';

export interface VmRow {
  id: string;
  name: string;
  description: string;
  cluster_id: string;
  host_id: string | null;
  last_host_id: string | null;
  migrating_to_host_id: string | null;
  template_id: string | null;
  pool_id: string | null;
  status: VmStatus;
  vm_type: string;
  os: string;
  memory_mb: number;
  vcpus: number;
  display: 'SPICE' | 'VNC';
  ha: boolean;
}

export interface HostRow {
  id: string;
  name: string;
  address: string;
  driver: string;
  uri: string | null;
  cluster_id: string;
  status: HostStatus;
  memory_mb: number;
  cpus: number;
  cpu_usage: number;
}

export interface ClusterRow {
  id: string;
  name: string;
  data_center_id: string;
  mem_overcommit: number;
  fencing_enabled: boolean;
  virt_service: boolean;
}

const VM_COLUMNS = `v.id, v.name, v.description, v.cluster_id, v.host_id, v.last_host_id,
  v.migrating_to_host_id, v.template_id, v.pool_id, v.status, v.vm_type, v.os, v.memory_mb,
  v.vcpus, v.display, v.ha`;
const HOST_COLUMNS = `h.id, h.name, h.address, h.driver, h.uri, h.cluster_id, h.status,
  h.memory_mb, h.cpus, h.cpu_usage`;

export async function findVms(db: Db, ids: readonly string[]): Promise<VmRow[]> {
  return db.query<VmRow>(
    `SELECT ${VM_COLUMNS} FROM vm v WHERE v.id = ANY($1::uuid[]) ORDER BY v.name`,
    [ids],
  );
}

/** The VMs, in the order asked; NOT_FOUND names the first missing one. */
export async function getVms(db: Db, ids: readonly string[]): Promise<VmRow[]> {
  const rows = await findVms(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound('VM', id);
    return row;
  });
}

export async function getVm(db: Db, id: string): Promise<VmRow> {
  const [vm] = await getVms(db, [id]);
  return vm!;
}

export async function getHosts(db: Db, ids: readonly string[]): Promise<HostRow[]> {
  const rows = await db.query<HostRow>(
    `SELECT ${HOST_COLUMNS} FROM host h WHERE h.id = ANY($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound('Host', id);
    return row;
  });
}

export async function getHost(db: Db, id: string): Promise<HostRow> {
  const [host] = await getHosts(db, [id]);
  return host!;
}

export async function clusterHosts(db: Db, clusterId: string): Promise<HostRow[]> {
  return db.query<HostRow>(
    `SELECT ${HOST_COLUMNS} FROM host h WHERE h.cluster_id = $1 ORDER BY h.name`,
    [clusterId],
  );
}

export async function getCluster(db: Db, id: string): Promise<ClusterRow> {
  const [row] = await db.query<ClusterRow>(
    `SELECT id, name, data_center_id, mem_overcommit, fencing_enabled, virt_service
       FROM cluster WHERE id = $1`,
    [id],
  );
  if (!row) throw notFound('Cluster', id);
  return row;
}

/** The host's connection through the registry (one per host, opened on first use). */
export function connectTo(deps: EngineDeps, host: HostRow): Promise<HostConnection> {
  return deps.hosts.get({
    id: host.id,
    name: host.name,
    address: host.address,
    uri: host.uri,
    driver: host.driver,
  });
}

/**
 * Moves a VM's status (and whatever else `set` names) only while it is still in one of
 * `from`: the engine's transitional states never overwrite what a host reported since.
 */
export async function moveVm(
  db: Db,
  id: string,
  from: readonly VmStatus[],
  set: Partial<Pick<VmRow, 'status' | 'host_id' | 'last_host_id' | 'migrating_to_host_id'>> & {
    started_at?: Date | null;
  },
): Promise<boolean> {
  const columns = Object.keys(set);
  if (columns.length === 0) return false;
  const assignments = columns.map((c, i) => `${c} = $${i + 3}`).join(', ');
  const rows = await db.query(
    `UPDATE vm SET ${assignments} WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
    [id, from, ...columns.map((c) => set[c as keyof typeof set])],
  );
  return rows.length > 0;
}

// ---- disk images ------------------------------------------------------------------

/** A disk image's file name: `<diskId>.qcow2` (`.raw` when RAW). */
export function imageFileName(diskId: string, format: string): string {
  return `${diskId}.${format === 'RAW' ? 'raw' : 'qcow2'}`;
}

/**
 * Where a storage domain's images live on its hosts: its pool's target (docs/storage.md),
 * or — for a domain from before pools, which has none — `<imagesDir>/<domain id>`.
 */
export function domainImageDir(
  imagesDir: string,
  domain: { readonly id: string; readonly target?: string | null },
): string {
  return domain.target || path.join(imagesDir, domain.id);
}

/** The base image of a disk in that directory. */
export function diskImagePath(dir: string, diskId: string, format: string): string {
  return path.posix.join(dir, imageFileName(diskId, format));
}

/** The base image of a disk: `<imagesDir>/<storageDomainId>/<diskId>.qcow2` (`.raw` when RAW). */
export function baseImagePath(
  imagesDir: string,
  storageDomainId: string,
  diskId: string,
  format: string,
): string {
  return path.join(imagesDir, storageDomainId, imageFileName(diskId, format));
}

/** Image directories of these storage domains (see domainImageDir), by id. */
export async function domainImageDirs(
  db: Db,
  imagesDir: string,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const rows = await db.query<{ id: string; target: string | null }>(
    `SELECT id, target FROM storage_domain WHERE id = ANY($1::uuid[])`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, domainImageDir(imagesDir, r)]));
}

/**
 * The layer snapshot `snapshotId` starts over `below`, next to it:
 * `<dir>/<diskId>.qcow2` → `<dir>/<diskId>-snap-<snapshotId>.qcow2`. The libvirt driver
 * names the overlays it creates the same way, so the store and the host's files agree
 * whether or not a driver reads `SnapshotSpec.volumes`.
 */
export function overlayPath(below: string, snapshotId: string): string {
  const dir = path.posix.dirname(below);
  const stem = path.posix
    .basename(below)
    .replace(/\.(qcow2|raw|img)$/, '')
    .replace(/-snap-.*$/, '');
  return path.posix.join(dir, `${stem}-snap-${snapshotId.replace(/[^A-Za-z0-9_.-]/g, '_')}.qcow2`);
}

/** A VM's attached disks with the top volume of each chain (what the VM writes to). */
export interface VmDiskLayer {
  disk_id: string;
  alias: string;
  storage_domain_id: string;
  /** The domain's pool target (null for a domain from before pools). */
  domain_target: string | null;
  size_gb: number;
  format: string;
  interface: string;
  bootable: boolean;
  shareable: boolean;
  top_id: string;
  top_path: string;
  top_format: string;
}

export async function vmDiskLayers(db: Db, vmId: string): Promise<VmDiskLayer[]> {
  return db.query<VmDiskLayer>(
    `SELECT d.id AS disk_id, d.alias, d.storage_domain_id, sd.target AS domain_target, d.size_gb,
            d.format, d.interface, vd.bootable, d.shareable, v.id AS top_id, v.path AS top_path,
            v.format AS top_format
       FROM vm_disk vd
       JOIN disk d ON d.id = vd.disk_id
       JOIN storage_domain sd ON sd.id = d.storage_domain_id
       JOIN disk_volume v ON v.disk_id = d.id
      WHERE vd.vm_id = $1 AND vd.active
        AND NOT EXISTS (SELECT 1 FROM disk_volume c WHERE c.parent_id = v.id AND c.disk_id = d.id)
      ORDER BY vd.bootable DESC, d.alias`,
    [vmId],
  );
}

const BUS: Record<string, DiskSpec['bus']> = {
  VirtIO: 'virtio',
  'VirtIO-SCSI': 'scsi',
  IDE: 'ide',
  SATA: 'sata',
};
const NIC_MODEL: Record<string, NicSpec['model']> = {
  VirtIO: 'virtio',
  e1000: 'e1000',
  rtl8139: 'rtl8139',
};

/** What only one run gets (Run Once): never stored, so the next plain Run goes without. */
export interface RunOnceExtras {
  /** ISO image attached as CD-ROM. */
  readonly cdrom?: string | null;
  /** A kernel booted directly instead of the disks or the CD (Linux boot options). */
  readonly kernel?: DomainSpec['kernel'] | null;
}

/**
 * What a host needs to run the VM, from the store: its config, disks (top volumes) and
 * NICs, plus this run's `extra`s.
 */
export async function domainSpec(
  db: Db,
  vm: VmRow,
  extra: RunOnceExtras = {},
): Promise<DomainSpec> {
  const disks = await vmDiskLayers(db, vm.id);
  const nics = await db.query<{
    name: string;
    mac: string;
    network: string | null;
    nic_type: string;
  }>(
    `SELECT n.name, n.mac, net.name AS network, n.nic_type
       FROM vm_nic n LEFT JOIN network net ON net.id = n.network_id
      WHERE n.vm_id = $1 AND n.linked ORDER BY n.name`,
    [vm.id],
  );
  return {
    id: vm.id,
    name: vm.name,
    memoryMb: vm.memory_mb,
    vcpus: vm.vcpus,
    os: vm.os,
    display: vm.display,
    disks: disks.map((d) => ({
      id: d.disk_id,
      path: d.top_path,
      format: d.top_format === 'RAW' ? 'raw' : 'qcow2',
      sizeGb: d.size_gb,
      bootable: d.bootable,
      bus: BUS[d.interface] ?? 'virtio',
    })),
    nics: nics.map((n) => ({
      name: n.name,
      mac: n.mac,
      network: n.network ?? '',
      model: NIC_MODEL[n.nic_type] ?? 'virtio',
    })),
    cdrom: extra.cdrom ?? undefined,
    kernel: extra.kernel ?? undefined,
  };
}
