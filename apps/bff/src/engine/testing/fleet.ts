// A small data center written straight into the store for the engine's tests: one
// cluster (or two), a Data domain, a VM network, simulated hosts with chosen memory and
// CPU load, and VMs placed where a test wants them.
import type { HostStatus, VmStatus } from '@corral/shared';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../store/index.js';

export interface TestHost {
  readonly id: string;
  readonly name: string;
}

export interface TestFleet {
  readonly dataCenterId: string;
  readonly clusterId: string;
  readonly storageDomainId: string;
  readonly isoDomainId: string;
  readonly networkId: string;
  /** A network of the data center not attached to the cluster. */
  readonly loneNetworkId: string;
  readonly hosts: TestHost[];
}

export interface HostOptions {
  readonly name: string;
  readonly memoryMb?: number;
  readonly cpuUsage?: number;
  readonly status?: HostStatus;
  readonly clusterId?: string;
  readonly driver?: 'sim' | 'libvirt';
}

export interface FleetOptions {
  readonly name?: string;
  readonly overcommit?: number;
  readonly fencing?: boolean;
  readonly hosts: readonly HostOptions[];
}

let serial = 0;

export async function addTestHost(db: Db, clusterId: string, h: HostOptions): Promise<TestHost> {
  serial++;
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO host (cluster_id, name, address, driver, status, cpu_model, cpu_sockets, cpu_cores,
       cpus, memory_mb, cpu_usage)
     VALUES ($1, $2, $3, $4, $5, 'Intel Xeon Gold 6338', 2, 8, 32, $6, $7) RETURNING id`,
    [
      h.clusterId ?? clusterId,
      h.name,
      `${h.name.toLowerCase()}.test.example.com`,
      h.driver ?? 'sim',
      h.status ?? 'Up',
      h.memoryMb ?? 65536,
      h.cpuUsage ?? 10,
    ],
  );
  return { id: row!.id, name: h.name };
}

export async function buildFleet(db: Db, o: FleetOptions): Promise<TestFleet> {
  const name = o.name ?? 'Test';
  const [dc] = await db.query<{ id: string }>(
    `INSERT INTO data_center (name, status) VALUES ($1, 'Up') RETURNING id`,
    [`${name}-DC`],
  );
  const [cluster] = await db.query<{ id: string }>(
    `INSERT INTO cluster (data_center_id, name, mem_overcommit, fencing_enabled)
     VALUES ($1, $2, $3, $4) RETURNING id`,
    [dc!.id, `${name}-Cluster`, o.overcommit ?? 100, o.fencing ?? true],
  );
  const [sd] = await db.query<{ id: string }>(
    `INSERT INTO storage_domain (data_center_id, name, domain_type, storage_type, is_master, status,
       path, total_gb, used_gb)
     VALUES ($1, $2, 'Data', 'NFS', true, 'Active', '/exports/data', 2000, 100) RETURNING id`,
    [dc!.id, `${name}-data`],
  );
  const [iso] = await db.query<{ id: string }>(
    `INSERT INTO storage_domain (data_center_id, name, domain_type, storage_type, status, path, total_gb)
     VALUES ($1, $2, 'ISO', 'NFS', 'Active', '/exports/iso', 100) RETURNING id`,
    [dc!.id, `${name}-iso`],
  );
  const [net] = await db.query<{ id: string }>(
    `INSERT INTO network (data_center_id, name) VALUES ($1, 'ovirtmgmt') RETURNING id`,
    [dc!.id],
  );
  const [lone] = await db.query<{ id: string }>(
    `INSERT INTO network (data_center_id, name) VALUES ($1, 'backup') RETURNING id`,
    [dc!.id],
  );
  await db.query(`INSERT INTO cluster_network (cluster_id, network_id) VALUES ($1, $2)`, [
    cluster!.id,
    net!.id,
  ]);
  const hosts: TestHost[] = [];
  for (const h of o.hosts) hosts.push(await addTestHost(db, cluster!.id, h));
  return {
    dataCenterId: dc!.id,
    clusterId: cluster!.id,
    storageDomainId: sd!.id,
    isoDomainId: iso!.id,
    networkId: net!.id,
    loneNetworkId: lone!.id,
    hosts,
  };
}

export interface VmOptions {
  readonly name: string;
  readonly memoryMb?: number;
  readonly vcpus?: number;
  readonly status?: VmStatus;
  readonly hostId?: string | null;
  readonly ha?: boolean;
  readonly disks?: number;
  readonly cpuUsage?: number;
  readonly clusterId?: string;
}

/** A VM with `disks` disks (one base volume each) and one NIC on the cluster network. */
export async function addTestVm(db: Db, fleet: TestFleet, v: VmOptions): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO vm (id, cluster_id, host_id, last_host_id, name, status, memory_mb, vcpus, ha, cpu_usage, os)
     VALUES ($1, $2, $3, $3, $4, $5, $6, $7, $8, $9, 'rhel_9x64')`,
    [
      id,
      v.clusterId ?? fleet.clusterId,
      v.hostId ?? null,
      v.name,
      v.status ?? 'Down',
      v.memoryMb ?? 2048,
      v.vcpus ?? 2,
      v.ha ?? false,
      v.cpuUsage ?? 0,
    ],
  );
  for (let i = 0; i < (v.disks ?? 1); i++) {
    const disk = randomUUID();
    await db.query(
      `INSERT INTO disk (id, storage_domain_id, alias, size_gb) VALUES ($1, $2, $3, 20)`,
      [disk, fleet.storageDomainId, `${v.name}_Disk${i + 1}`],
    );
    await db.query(`INSERT INTO disk_volume (disk_id, path) VALUES ($1, $2)`, [
      disk,
      `/images/${fleet.storageDomainId}/${disk}.qcow2`,
    ]);
    await db.query(`INSERT INTO vm_disk (vm_id, disk_id, bootable) VALUES ($1, $2, $3)`, [
      id,
      disk,
      i === 0,
    ]);
  }
  await db.query(`INSERT INTO vm_nic (vm_id, name, network_id, mac) VALUES ($1, 'nic1', $2, $3)`, [
    id,
    fleet.networkId,
    `56:6f:00:00:${(serial++ % 256).toString(16).padStart(2, '0')}:${id.slice(0, 2)}`,
  ]);
  return id;
}
