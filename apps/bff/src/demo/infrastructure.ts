// Data centers, clusters, hosts with their hardware and NICs, logical networks, storage
// domains and the Gluster volume: everything VMs run on. Sizes of storage and host usage
// are left at zero here and filled in once the VMs are known (see workloads.ts).
import type { HostStatus } from '@corral/shared';
import {
  CLUSTER_SUFFIXES,
  CPU_FAMILIES,
  DATA_CENTER_DESCRIPTIONS,
  DATA_CENTER_NAMES,
  GLUSTER_VIRT_OPTIONS,
  HCI_CLUSTER_NAME,
  HOST_MEMORY_GB,
  HOST_SOFTWARE,
  NETWORK_SPECS,
  NIC_OUIS,
  type NetworkKey,
  type NetworkSpec,
} from './catalog.js';
import type {
  ClusterNetworkRow,
  ClusterRow,
  DataCenterRow,
  FleetSize,
  GlusterBrickRow,
  GlusterVolumeRow,
  HostNicRow,
  HostRow,
  NetworkRow,
  StorageDomainRow,
} from './fleet.js';
import { MacPool, SubnetAllocator, ipv4At, type Rng } from './prng.js';
import { DAY, HOUR, apportion, iso, must, padNumber } from './util.js';

export interface NetworkPlan {
  readonly row: NetworkRow;
  readonly spec: NetworkSpec;
  readonly cidr: string;
  /** Addresses for VMs; hosts take theirs from the start of the subnet first. */
  readonly addresses: SubnetAllocator;
}

export interface DcPlan {
  readonly row: DataCenterRow;
  readonly index: number;
  /** DNS label of the site: hosts and VMs are `<name>.<slug>.example.com`. */
  readonly slug: string;
  readonly networks: ReadonlyMap<NetworkKey, NetworkPlan>;
  readonly clusters: ClusterPlan[];
  /** Data domains, the Master first; the Gluster-backed one (if any) is among them. */
  readonly dataDomains: StorageDomainRow[];
  iso: StorageDomainRow | null;
  export: StorageDomainRow | null;
}

export interface ClusterPlan {
  readonly row: ClusterRow;
  readonly dc: DcPlan;
  readonly hosts: HostPlan[];
  /** The cluster-name part used in descriptions. */
  readonly role: string;
}

export interface HostPlan {
  readonly row: HostRow;
  readonly cluster: ClusterPlan;
  readonly nics: HostNicRow[];
  /** The NIC carrying each network this host has (VLAN sub-interfaces included). */
  readonly nicByNetwork: Map<string, HostNicRow>;
  /** A VM network the host lacks (why a NonOperational host is non-operational). */
  missingNetwork: NetworkPlan | null;
  /** Memory (MB) of the VMs placed on it. */
  usedMb: number;
}

export interface Infrastructure {
  readonly dcs: DcPlan[];
  readonly clusters: ClusterPlan[];
  readonly hosts: HostPlan[];
  readonly glusterCluster: ClusterPlan;
  readonly glusterVolume: GlusterVolumeRow;
  readonly glusterBricks: GlusterBrickRow[];
  readonly glusterDomain: StorageDomainRow;
  readonly clusterNetworks: ClusterNetworkRow[];
}

/** oVirt hyperconverged clusters come in 3, 6 or 9 hosts. */
function hciSize(dcHosts: number): number {
  return Math.min(9, Math.max(3, 3 * Math.round(dcHosts / 15)));
}

function checkSize(size: FleetSize): void {
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  if (![size.dataCenters, size.clustersPerDc, size.hosts, size.vms].every(whole)) {
    throw new RangeError('fleet sizes must be whole numbers');
  }
  if (size.dataCenters < 1 || size.clustersPerDc < 1) {
    throw new RangeError('a fleet needs at least one data center with one cluster');
  }
  // The Gluster cluster needs three hosts for its replica-3 volume; every other cluster one.
  const minHosts = size.dataCenters * size.clustersPerDc + 2;
  if (size.hosts < minHosts) {
    throw new RangeError(
      `${size.dataCenters} data centers × ${size.clustersPerDc} clusters need at least ${minHosts} hosts`,
    );
  }
}

export function buildInfrastructure(rng: Rng, size: FleetSize, now: number): Infrastructure {
  checkSize(size);
  const r = rng.fork('infrastructure');
  const dcs: DcPlan[] = [];
  const clusters: ClusterPlan[] = [];
  const hosts: HostPlan[] = [];
  const clusterNetworks: ClusterNetworkRow[] = [];

  // The first site is headquarters: three times the hardware of the others.
  const dcWeights = Array.from({ length: size.dataCenters }, (_, i) => (i === 0 ? 3 : 1));
  const glusterSeparate = size.clustersPerDc > 1;
  // Every cluster needs a host, and the Gluster cluster two more for its three bricks.
  const dcMins = dcWeights.map((_, i) => size.clustersPerDc + (i === 0 ? 2 : 0));
  const hostsPerDc = apportion(size.hosts, dcWeights, dcMins);
  const hostNameWidth = Math.max(2, String(size.hosts).length);
  const onboardMacs = NIC_OUIS.onboard.map((oui) => new MacPool(`${oui}:${macStart(r)}`, 2 ** 22));
  const addInMacs = NIC_OUIS.addIn.map((oui) => new MacPool(`${oui}:${macStart(r)}`, 2 ** 22));
  let hostNumber = 0;

  const dc0Created = now - r.int(900, 1000) * DAY;
  for (let d = 0; d < size.dataCenters; d++) {
    const name = DATA_CENTER_NAMES[d] ?? `DC-${d + 1}`;
    const created = d === 0 ? dc0Created : now - r.int(250, 850) * DAY;
    const row: DataCenterRow = {
      id: r.uuid(),
      name,
      description: DATA_CENTER_DESCRIPTIONS[name] ?? `Site ${d + 1}`,
      status: 'Up',
      storage_mode: 'Shared',
      compat_version: '4.7',
      quota_mode: d === 1 ? 'Audit' : 'Disabled',
      created_at: iso(created),
    };
    const networks = new Map<NetworkKey, NetworkPlan>();
    for (const spec of NETWORK_SPECS) {
      const cidr = `10.${16 * d + spec.octet}.0.0/16`;
      networks.set(spec.key, {
        row: {
          id: r.uuid(),
          data_center_id: row.id,
          name: spec.key,
          description: `${spec.description} (${cidr})`,
          vlan_id: spec.vlan,
          mtu: spec.mtu,
          vm_network: spec.vmNetwork,
          status: 'Operational',
        },
        spec,
        cidr,
        // Hosts are numbered from .0.11 upwards; VMs start at .64.1 (16,384 host addresses).
        addresses: new SubnetAllocator(cidr, 64 * 256),
      });
    }
    const dc: DcPlan = {
      row,
      index: d,
      slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      networks,
      clusters: [],
      dataDomains: [],
      iso: null,
      export: null,
    };
    dcs.push(dc);

    // Clusters, in creation order: Default (or the site's first) comes first.
    const dcHosts = hostsPerDc[d] ?? 0;
    const glusterHere = d === 0;
    const roles: string[] = [];
    for (let c = 0; c < size.clustersPerDc; c++) {
      if (d === 0 && c === 0) roles.push('Default');
      else if (d === 0 && c === 1) roles.push(HCI_CLUSTER_NAME);
      else {
        const k = d === 0 ? c - 2 : c;
        roles.push(CLUSTER_SUFFIXES[k] ?? `Cluster${k + 1}`);
      }
    }
    for (let c = 0; c < size.clustersPerDc; c++) {
      const role = must(roles[c], 'cluster role');
      const isGluster = glusterHere && (glusterSeparate ? c === 1 : c === 0);
      const clusterName = d === 0 ? role : `${name}-${role}`;
      const family = isGluster ? must(CPU_FAMILIES[2], 'EPYC family') : r.pick(CPU_FAMILIES);
      const relaxed = ['Dev', 'Test', 'VDI'].includes(role);
      const cluster: ClusterPlan = {
        row: {
          id: r.uuid(),
          data_center_id: row.id,
          name: clusterName,
          description: clusterDescription(role, isGluster),
          cpu_type: family.clusterCpuType,
          compat_version: '4.7',
          virt_service: true,
          gluster_service: isGluster,
          mem_overcommit: relaxed ? 150 : 100,
          migration_policy: role === 'Dev' ? 'Suspend workload if needed' : 'Minimal downtime',
          created_at: iso(created + (c === 0 ? 0 : r.int(1, 60) * DAY)),
        },
        dc,
        hosts: [],
        role,
      };
      dc.clusters.push(cluster);
      clusters.push(cluster);
      for (const net of networks.values()) {
        clusterNetworks.push({
          cluster_id: cluster.row.id,
          network_id: net.row.id,
          required:
            net.spec.key === 'ovirtmgmt' || net.spec.key === 'storage' || net.spec.key === 'prod',
          display: net.spec.key === 'ovirtmgmt',
          migration: net.spec.key === 'ovirtmgmt',
        });
      }
    }

    // Hosts per cluster: the Gluster cluster gets an HCI size, the site's first virt
    // cluster twice the share of the others.
    const glusterIdx = glusterHere ? (glusterSeparate ? 1 : 0) : -1;
    const hciHosts =
      glusterSeparate && glusterHere
        ? Math.min(hciSize(dcHosts), dcHosts - (size.clustersPerDc - 1))
        : 0;
    const virtIdx = dc.clusters
      .map((_, i) => i)
      .filter((i) => !(glusterSeparate && i === glusterIdx));
    const split = apportion(
      dcHosts - hciHosts,
      virtIdx.map((_, k) => (k === 0 ? 2 : 1)),
      virtIdx.map((i) => (i === glusterIdx ? 3 : 1)),
    );
    const counts = dc.clusters.map((_, i) => {
      if (glusterSeparate && i === glusterIdx) return hciHosts;
      return split[virtIdx.indexOf(i)] ?? 0;
    });
    // Numbering: the Gluster cluster's hosts first, so Default's hosts reach into the
    // twenties (the search examples filter on `host = rhev-2*`).
    const numberingOrder = dc.clusters
      .map((_, i) => i)
      .sort((a, b) => (a === glusterIdx ? -1 : b === glusterIdx ? 1 : a - b));
    const mgmt = must(networks.get('ovirtmgmt'), 'ovirtmgmt');
    let dcHostIndex = 0;
    for (const ci of numberingOrder) {
      const cluster = must(dc.clusters[ci], 'cluster');
      const family = must(
        CPU_FAMILIES.find((f) => f.clusterCpuType === cluster.row.cpu_type),
        'cpu family',
      );
      for (let h = 0; h < (counts[ci] ?? 0); h++) {
        hostNumber++;
        dcHostIndex++;
        const cpu = r.pick(family.models);
        const sockets = r.pick(cpu.sockets);
        const sw = r.weighted(HOST_SOFTWARE);
        const hostCreated = Math.min(
          Date.parse(cluster.row.created_at) + r.int(1, 120) * DAY,
          now - r.int(20, 60) * DAY,
        );
        const address = ipv4At(mgmt.cidr, 10 + dcHostIndex);
        const hostRow: HostRow = {
          id: r.uuid(),
          cluster_id: cluster.row.id,
          name: `rhev-${padNumber(hostNumber, hostNameWidth)}`,
          address,
          driver: 'sim',
          uri: null,
          status: 'Up',
          cpu_model: cpu.model,
          cpu_sockets: sockets,
          cpu_cores: cpu.cores,
          cpus: sockets * cpu.cores * 2,
          memory_mb: r.weighted(HOST_MEMORY_GB) * 1024,
          os_version: sw.os,
          kvm_version: sw.kvm,
          libvirt_version: sw.libvirt,
          spm: false,
          cpu_usage: 0,
          mem_usage: 0,
          net_usage: 0,
          active_vms: 0,
          boot_time: null,
          created_at: iso(hostCreated),
        };
        const plan: HostPlan = {
          row: hostRow,
          cluster,
          nics: [],
          nicByNetwork: new Map(),
          missingNetwork: null,
          usedMb: 0,
        };
        cluster.hosts.push(plan);
        hosts.push(plan);
      }
    }
  }

  // NICs come after statuses: a non-operational host is missing one of its networks.
  assignHostStatuses(r.fork('host-status'), clusters, now);
  for (const host of hosts) {
    const dc = host.cluster.dc;
    buildHostNics(r, host, dc, onboardMacs, addInMacs);
  }
  for (const dc of dcs) {
    const up = dc.clusters.flatMap((c) => c.hosts).filter((h) => h.row.status === 'Up');
    r.pick(up).row.spm = true;
  }

  const glusterCluster = must(
    clusters.find((c) => c.row.gluster_service),
    'gluster cluster',
  );
  const { volume, bricks } = buildGlusterVolume(r, glusterCluster);
  const glusterDomain = buildStorageDomains(r, dcs, size, glusterCluster, volume);
  return {
    dcs,
    clusters,
    hosts,
    glusterCluster,
    glusterVolume: volume,
    glusterBricks: bricks,
    glusterDomain,
    clusterNetworks,
  };
}

function macStart(r: Rng): string {
  // Leave room above the start for the pool to grow into.
  const start = r.int(0, 2 ** 23 - 1);
  return [16, 8, 0].map((s) => ((start >>> s) & 0xff).toString(16).padStart(2, '0')).join(':');
}

function clusterDescription(role: string, gluster: boolean): string {
  if (gluster) return 'Hyperconverged: VMs on Gluster storage served by the same hosts';
  const text: Record<string, string> = {
    Default: 'The default server cluster',
    Prod: 'Production workloads',
    Dev: 'Development and CI',
    Test: 'QA and staging',
    VDI: 'Virtual desktops',
    Batch: 'Batch and build jobs',
    Compute: 'General compute',
    Edge: 'Edge services',
  };
  return text[role] ?? `${role} workloads`;
}

/**
 * Mostly Up, with a few hosts in Maintenance, NonOperational and NonResponsive (the
 * search examples look for them). The Gluster bricks' hosts stay Up, and every cluster
 * keeps at least half its hosts Up so its VMs have somewhere to run.
 */
function assignHostStatuses(r: Rng, clusters: readonly ClusterPlan[], now: number): void {
  const all = clusters.flatMap((c) => c.hosts);
  const total = all.length;
  const down = total >= 20 ? Math.max(3, Math.round(total * 0.06)) : total >= 5 ? 1 : 0;
  const guaranteed: HostStatus[] = ['Maintenance', 'NonOperational', 'NonResponsive'];
  const brickHosts = new Set(
    clusters
      .filter((c) => c.row.gluster_service)
      .flatMap((c) => c.hosts.slice(0, 3))
      .map((h) => h.row.id),
  );
  const upLeft = new Map(clusters.map((c) => [c.row.id, c.hosts.length]));
  let assigned = 0;
  for (const host of r.shuffle(all)) {
    if (assigned >= down) break;
    const cid = host.cluster.row.id;
    const left = upLeft.get(cid) ?? 0;
    if (brickHosts.has(host.row.id) || left - 1 < Math.ceil(host.cluster.hosts.length / 2))
      continue;
    const status =
      guaranteed[assigned] ??
      r.weighted<HostStatus>([
        ['Maintenance', 5],
        ['NonOperational', 2],
        ['NonResponsive', 2],
      ]);
    host.row.status = status;
    upLeft.set(cid, left - 1);
    assigned++;
  }
  for (const host of all) {
    // Hosts are patched and rebooted every few months; a few were rebooted this week.
    const uptimeDays =
      host.row.status === 'Maintenance'
        ? r.real(0.2, 3)
        : r.chance(0.1)
          ? r.real(0.5, 7)
          : r.real(7, 180);
    const created = Date.parse(host.row.created_at);
    host.row.boot_time = iso(Math.max(created + HOUR, now - uptimeDays * DAY));
  }
}

function buildHostNics(
  r: Rng,
  host: HostPlan,
  dc: DcPlan,
  onboardMacs: readonly MacPool[],
  addInMacs: readonly MacPool[],
): void {
  const onboard = r.pick(onboardMacs);
  const addIn = r.pick(addInMacs);
  const fast = /EPYC|Gold 63|Platinum/.test(host.row.cpu_model) ? 25_000 : 10_000;
  const net = (key: NetworkKey) => must(dc.networks.get(key), `network ${key}`);
  const nic = (
    name: string,
    speed: number,
    mac: string,
    network: NetworkPlan | null,
    ip: string | null,
  ) => {
    const row: HostNicRow = {
      id: r.uuid(),
      host_id: host.row.id,
      name,
      network_id: network?.row.id ?? null,
      mac,
      ip,
      speed_mbps: speed,
      rx_mbps: 0,
      tx_mbps: 0,
    };
    host.nics.push(row);
    if (network) host.nicByNetwork.set(network.row.id, row);
    return row;
  };
  nic('eno1', 1000, onboard.take(), net('ovirtmgmt'), host.row.address);
  nic('eno2', 1000, onboard.take(), null, null);
  const uplinkMac = addIn.take();
  nic('ens1f0', fast, uplinkMac, null, null);
  const vmNetworks = [...dc.networks.values()].filter(
    (n) => n.spec.vmNetwork && n.spec.vlan !== null,
  );
  if (host.row.status === 'NonOperational') host.missingNetwork = r.pick(vmNetworks);
  for (const n of vmNetworks) {
    if (n === host.missingNetwork) continue;
    nic(`ens1f0.${n.spec.vlan}`, fast, uplinkMac, n, null);
  }
  const storageMac = addIn.take();
  nic('ens1f1', fast, storageMac, null, null);
  const storage = net('storage');
  // Same host number in the storage subnet as in the management one.
  const [, , third = 0, fourth = 0] = host.row.address.split('.').map(Number);
  nic(
    `ens1f1.${storage.spec.vlan}`,
    fast,
    storageMac,
    storage,
    ipv4At(storage.cidr, third * 256 + fourth),
  );
}

function buildGlusterVolume(
  r: Rng,
  cluster: ClusterPlan,
): { volume: GlusterVolumeRow; bricks: GlusterBrickRow[] } {
  const volume: GlusterVolumeRow = {
    id: r.uuid(),
    cluster_id: cluster.row.id,
    name: 'vmstore',
    volume_type: 'Replicate',
    status: 'Up',
    replica_count: 3,
    arbiter_count: 0,
    disperse_count: 0,
    redundancy_count: 0,
    transport: 'TCP',
    options: { ...GLUSTER_VIRT_OPTIONS },
    created_at: iso(Date.parse(cluster.row.created_at) + r.int(1, 5) * DAY),
  };
  // oVirt's hyperconverged deployment puts bricks under /gluster_bricks/<volume>/<volume>.
  const bricks = cluster.hosts.slice(0, 3).map((h, position): GlusterBrickRow => ({
    id: r.uuid(),
    volume_id: volume.id,
    host_id: h.row.id,
    directory: '/gluster_bricks/vmstore/vmstore',
    position,
    status: 'Up',
    is_arbiter: false,
    total_gb: 0,
    free_gb: 0,
  }));
  return { volume, bricks };
}

const DATA_STORAGE_TYPES = ['NFS', 'iSCSI', 'POSIX'] as const;
/** Disks a data domain is planned for; more VMs, more domains. */
const DISKS_PER_DATA_DOMAIN = 4000;

function buildStorageDomains(
  r: Rng,
  dcs: readonly DcPlan[],
  size: FleetSize,
  glusterCluster: ClusterPlan,
  volume: GlusterVolumeRow,
): StorageDomainRow {
  let glusterDomain: StorageDomainRow | null = null;
  for (const dc of dcs) {
    const created = Date.parse(dc.row.created_at) + r.int(1, 10) * DAY;
    const dcHosts = dc.clusters.reduce((n, c) => n + c.hosts.length, 0);
    const expectedDisks = ((size.vms * dcHosts) / size.hosts) * 1.6;
    const count = Math.max(2, Math.ceil(expectedDisks / DISKS_PER_DATA_DOMAIN));
    const prefix = dc.index === 0 ? '' : `${dc.slug}-`;
    const domain = (
      name: string,
      domainType: StorageDomainRow['domain_type'],
      storageType: StorageDomainRow['storage_type'],
      extra: Partial<StorageDomainRow> = {},
    ): StorageDomainRow => ({
      id: r.uuid(),
      data_center_id: dc.row.id,
      name,
      description: '',
      domain_type: domainType,
      storage_type: storageType,
      is_master: false,
      status: 'Active',
      path: storagePath(storageType, name, dc.slug),
      vfs_type: storageType === 'POSIX' ? 'ceph' : null,
      gluster_volume_id: null,
      total_gb: 0,
      used_gb: 0,
      created_at: iso(created + r.int(0, 30) * DAY),
      ...extra,
    });
    for (let k = 0; k < count; k++) {
      const type = must(
        DATA_STORAGE_TYPES[(k + dc.index) % DATA_STORAGE_TYPES.length],
        'storage type',
      );
      const sd = domain(`${prefix}data${k + 1}`, 'Data', type, {
        description: k === 0 ? 'Master data domain' : `${type} data domain`,
        // The first Data domain attached to a data center becomes its Master.
        is_master: k === 0,
        created_at: iso(created),
      });
      dc.dataDomains.push(sd);
    }
    if (glusterCluster.dc === dc) {
      const server = must(glusterCluster.hosts[0], 'brick host').row.address;
      glusterDomain = domain(volume.name, 'Data', 'GlusterFS', {
        description: 'Hyperconverged VM store (Gluster volume vmstore)',
        path: `${server}:/${volume.name}`,
        vfs_type: 'glusterfs',
        gluster_volume_id: volume.id,
      });
      dc.dataDomains.push(glusterDomain);
    }
    dc.iso = domain(`${prefix}iso`, 'ISO', 'NFS', { description: 'Installation media' });
    dc.export = domain(`${prefix}export`, 'Export', 'NFS', {
      description: 'Export domain for moving VMs between sites',
      // Export domains are kept in maintenance between transfers, except at headquarters.
      status: dc.index === 0 ? 'Active' : 'Maintenance',
    });
  }
  return must(glusterDomain ?? undefined, 'gluster storage domain');
}

function storagePath(type: StorageDomainRow['storage_type'], name: string, slug: string): string {
  switch (type) {
    case 'NFS':
      return `nfs01.${slug}.example.com:/exports/${name}`;
    case 'iSCSI':
      return `iqn.2004-04.com.example.${slug}:array01.${name}`;
    case 'POSIX':
      return `cephfs.${slug}.example.com:6789:/ovirt/${name}`;
    default:
      return name;
  }
}
