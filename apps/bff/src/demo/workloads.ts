// Templates, desktop pools and VMs with their NICs, disks and snapshots; where the running
// VMs are placed; and the roll-ups that make hosts and storage agree with them (host
// usage and VM count, NIC traffic, storage domain and brick usage).
import type { DiskFormat, DiskInterface, VmStatus } from '@corral/shared';
import {
  BLANK_TEMPLATE_ID,
  GUEST_BASE_APPS,
  MAX_POOL_SIZE,
  PERSONAL_DESKTOP_ROLES,
  PERSONAL_DESKTOP_SHARE,
  POOLED_DESKTOP_SHARE,
  POOL_ROLES,
  SERVER_ROLES,
  SNAPSHOT_DESCRIPTIONS,
  TEMPLATE_SPECS,
  VM_MAC_POOL_START,
  type VmRole,
} from './catalog.js';
import type {
  AppUserRow,
  DiskRow,
  DiskVolumeRow,
  FleetSize,
  PoolRow,
  SnapshotRow,
  StorageDomainRow,
  TemplateRow,
  VmDiskRow,
  VmNicRow,
  VmRow,
} from './fleet.js';
import type {
  ClusterPlan,
  DcPlan,
  HostPlan,
  Infrastructure,
  NetworkPlan,
} from './infrastructure.js';
import { loginName, type People } from './people.js';
import { MacPool, type Rng } from './prng.js';
import { DAY, HOUR, MINUTE, apportion, clamp, iso, must, padNumber, round1 } from './util.js';

/** Statuses in which a VM occupies a host (its memory is allocated there). */
export const ON_HOST_STATUSES: ReadonlySet<VmStatus> = new Set<VmStatus>([
  'Up',
  'PoweringUp',
  'PoweringDown',
  'Paused',
  'MigratingFrom',
  'RebootInProgress',
  'NotResponding',
]);

/** ~60% Up; the rest mostly Down, and a few of everything the search examples look for. */
const VM_STATUS_SHARES: readonly (readonly [VmStatus, number])[] = [
  ['Up', 0.6],
  ['Down', 0.325],
  ['Suspended', 0.03],
  ['Paused', 0.02],
  ['MigratingFrom', 0.005],
  ['NotResponding', 0.005],
  ['PoweringUp', 0.005],
  ['RebootInProgress', 0.005],
  ['PoweringDown', 0.005],
];

/** Share of a host's memory the scheduler fills before it prefers other hosts. */
const HOST_FILL = 0.9;

export interface VmPlan {
  readonly row: VmRow;
  readonly role: VmRole;
  readonly cluster: ClusterPlan;
  readonly pool: PoolRow | null;
  host: HostPlan | null;
  readonly nics: VmNicRow[];
  readonly disks: DiskRow[];
  readonly snapshots: SnapshotRow[];
  /** The person a personal desktop belongs to (an engine user or a directory login). */
  owner: AppUserRow | null;
}

export interface Migration {
  readonly vm: VmPlan;
  readonly from: HostPlan;
  readonly to: HostPlan;
}

export interface Workloads {
  readonly templates: TemplateRow[];
  readonly templateDisks: DiskRow[];
  readonly pools: PoolRow[];
  readonly vms: VmPlan[];
  readonly vmDisks: VmDiskRow[];
  readonly diskVolumes: DiskVolumeRow[];
  /** MigratingFrom VMs and where they are going. */
  readonly migrations: Migration[];
  /** Hosts the scheduler packed on purpose (memory ≥ 90%). */
  readonly hotHosts: ReadonlySet<HostPlan>;
}

export function buildWorkloads(
  rng: Rng,
  infra: Infrastructure,
  people: People,
  size: FleetSize,
  now: number,
): Workloads {
  const r = rng.fork('workloads');
  const { templates, templateDisks, templateFor } = buildTemplates(r.fork('templates'), infra);
  const capacity = infra.clusters.map((c) => [c, upMemory(c)] as const);
  const pickCluster = (cr: Rng) => cr.weighted(capacity);

  // How many VMs of each kind: exact, so preset sizes hold.
  const pooled = Math.round(size.vms * POOLED_DESKTOP_SHARE);
  const personal = Math.round(size.vms * PERSONAL_DESKTOP_SHARE);
  const servers = size.vms - pooled - personal;
  const poolCounts = apportion(
    pooled,
    POOL_ROLES.map((p) => p.poolShare),
  );
  const personalCounts = apportion(
    personal,
    PERSONAL_DESKTOP_ROLES.map((p) => p.weight),
  );
  const serverCounts = apportion(
    servers,
    SERVER_ROLES.map((p) => p.weight),
  );

  const vr = r.fork('vms');
  const pools: PoolRow[] = [];
  const vms: VmPlan[] = [];
  const newVm = (
    role: VmRole,
    name: string,
    cluster: ClusterPlan,
    pool: PoolRow | null,
    os: string,
    template: string,
    created: number,
  ) => {
    const plan: VmPlan = {
      row: {
        id: vr.uuid(),
        cluster_id: cluster.row.id,
        host_id: null,
        template_id: template,
        pool_id: pool?.id ?? null,
        name,
        description: role.description,
        status: 'Down',
        vm_type: role.vmType,
        os,
        memory_mb: vr.pick(role.memoryGb) * 1024,
        vcpus: vr.pick(role.vcpus),
        display: role.display,
        ha: vr.chance(role.haShare),
        stateless: pool !== null,
        allow_reconnect: role.vmType === 'Desktop' && pool === null,
        ip: null,
        fqdn: null,
        logged_in_user: null,
        applications: [],
        cpu_usage: 0,
        mem_usage: 0,
        net_usage: 0,
        started_at: null,
        created_at: iso(created),
      },
      role,
      cluster,
      pool,
      host: null,
      nics: [],
      disks: [],
      snapshots: [],
      owner: null,
    };
    vms.push(plan);
    return plan;
  };

  POOL_ROLES.forEach((role, k) => {
    const count = poolCounts[k] ?? 0;
    if (count === 0) return;
    const sizes = apportion(
      count,
      Array.from({ length: Math.ceil(count / MAX_POOL_SIZE) }, () => 1),
    );
    sizes.forEach((poolSize, p) => {
      const cluster = pickCluster(vr);
      const template = must(
        templateFor(cluster.dc, vr.weighted(role.os)),
        `template for ${role.key}`,
      );
      const from =
        Math.max(Date.parse(template.created_at), Date.parse(cluster.row.created_at)) + DAY;
      const created = vr.int(Math.min(from, now - 14 * DAY), Math.max(from, now - 14 * DAY));
      const pool: PoolRow = {
        id: vr.uuid(),
        cluster_id: cluster.row.id,
        template_id: template.id,
        name: p === 0 ? role.prefix : `${role.prefix}${p + 1}`,
        description: role.poolDescription,
        pool_type: 'Automatic',
        size: poolSize,
        prestarted: Math.round(poolSize * 0.1),
        max_per_user: 1,
        stateless: true,
        created_at: iso(created),
      };
      pools.push(pool);
      const width = Math.max(role.pad, String(poolSize).length);
      let at = created;
      for (let i = 1; i <= poolSize; i++) {
        at += vr.int(5, 30) * 1000;
        newVm(
          role,
          `${pool.name}-${padNumber(i, width)}`,
          cluster,
          pool,
          template.os,
          template.id,
          at,
        );
      }
    });
  });
  const namedRoles = [
    ...PERSONAL_DESKTOP_ROLES.map((role, k) => [role, personalCounts[k] ?? 0] as const),
    ...SERVER_ROLES.map((role, k) => [role, serverCounts[k] ?? 0] as const),
  ];
  for (const [role, count] of namedRoles) {
    const width = role.pad === 0 ? 0 : Math.max(role.pad, String(count).length);
    for (let i = 1; i <= count; i++) {
      const cluster = pickCluster(vr);
      const os = vr.weighted(role.os);
      // Appliances and some hand-built VMs start from Blank; the rest from their OS's template.
      const template =
        os === 'other_linux' || vr.chance(0.1) ? undefined : templateFor(cluster.dc, os);
      const from = Math.max(
        Date.parse(cluster.row.created_at),
        template ? Date.parse(template.created_at) : 0,
      );
      const created = vr.int(Math.min(from + DAY, now - HOUR), now - 10 * MINUTE);
      const name = `${role.prefix}${padNumber(i, width)}`;
      newVm(role, name, cluster, null, os, template?.id ?? BLANK_TEMPLATE_ID, created);
    }
  }

  // Personal desktops belong to the named users first, then to directory people.
  const or = r.fork('owners');
  const owners = or.shuffle(people.named);
  vms
    .filter((v) => v.role.vmType === 'Desktop' && v.pool === null)
    .forEach((v, i) => {
      v.owner = owners[i] ?? null;
    });

  assignStatuses(r.fork('status'), vms);
  const hotHosts = placeVms(r.fork('placement'), infra, vms);
  const migrations = planMigrations(r.fork('migrations'), vms);
  fillRuntime(r.fork('runtime'), vms, people, now);
  overloadHosts(r.fork('overload'), infra, vms, hotHosts);
  const macs = new MacPool(VM_MAC_POOL_START, 2 ** 24);
  const nr = r.fork('nics');
  for (const vm of vms) buildVmNics(nr, vm, macs);
  const { vmDisks, diskVolumes } = buildStorage(r.fork('disks'), vms, templateDisks, infra, now);
  rollUpHosts(r.fork('host-stats'), infra, vms, migrations);
  rollUpStorage(r.fork('storage'), infra, [...templateDisks, ...vms.flatMap((v) => v.disks)]);
  return { templates, templateDisks, pools, vms, vmDisks, diskVolumes, migrations, hotHosts };
}

function upMemory(cluster: ClusterPlan): number {
  return cluster.hosts
    .filter((h) => h.row.status === 'Up')
    .reduce((n, h) => n + h.row.memory_mb, 0);
}

function buildTemplates(r: Rng, infra: Infrastructure) {
  const dc0 = must(infra.dcs[0], 'first data center');
  const blank: TemplateRow = {
    id: BLANK_TEMPLATE_ID,
    cluster_id: null,
    name: 'Blank',
    description: 'Blank template',
    status: 'OK',
    os: 'other',
    vm_type: 'Server',
    memory_mb: 1024,
    vcpus: 1,
    display: 'SPICE',
    created_at: dc0.row.created_at,
  };
  const templates: TemplateRow[] = [blank];
  const templateDisks: DiskRow[] = [];
  const byDc = new Map<string, Map<string, TemplateRow>>();
  for (const dc of infra.dcs) {
    const home = must(dc.clusters[0], 'first cluster');
    const master = must(dc.dataDomains[0], 'master domain');
    const mine = new Map<string, TemplateRow>();
    byDc.set(dc.row.id, mine);
    for (const spec of TEMPLATE_SPECS) {
      const created = iso(Date.parse(home.row.created_at) + r.int(20, 120) * DAY);
      const t: TemplateRow = {
        id: r.uuid(),
        cluster_id: home.row.id,
        name: dc.index === 0 ? spec.base : `${spec.base}-${dc.slug}`,
        description: spec.description,
        status: 'OK',
        os: spec.os,
        vm_type: spec.vmType,
        memory_mb: spec.memoryGb * 1024,
        vcpus: spec.vcpus,
        display: spec.display,
        created_at: created,
      };
      templates.push(t);
      mine.set(spec.os, t);
      templateDisks.push({
        id: r.uuid(),
        storage_domain_id: master.id,
        template_id: t.id,
        alias: `${t.name}_Disk1`,
        description: `${t.name} system disk`,
        size_gb: spec.diskGb,
        actual_size_gb: round1(spec.diskGb * r.real(0.15, 0.4)),
        format: 'COW',
        sparse: true,
        interface: 'VirtIO-SCSI',
        shareable: false,
        status: 'OK',
        created_at: created,
      });
    }
  }
  const templateFor = (dc: DcPlan, os: string) => byDc.get(dc.row.id)?.get(os);
  return { templates, templateDisks, templateFor };
}

function assignStatuses(r: Rng, vms: readonly VmPlan[]): void {
  const counts = apportion(
    vms.length,
    VM_STATUS_SHARES.map(([, share]) => share),
  );
  const statuses = VM_STATUS_SHARES.flatMap(([status], i) =>
    Array<VmStatus>(counts[i] ?? 0).fill(status),
  );
  r.shuffle(statuses).forEach((status, i) => {
    const vm = vms[i];
    if (vm) vm.row.status = status;
  });
}

/** Host memory the hypervisor keeps for itself (qemu overhead, vdsm, page cache). */
function hostOverheadMb(host: HostPlan): number {
  return 2048 + Math.round(host.row.memory_mb * 0.015);
}

/**
 * Places the VMs that run, cluster by cluster, never beyond a host's memory. Like oVirt's
 * even-distribution policy, a VM goes preferably where most memory is free; in clusters
 * of four hosts or more, a few hosts have been packed to 90%+ (they carry the "high
 * memory" warnings and the `mem_usage >= 90` search example). A VM that fits nowhere
 * stays Down.
 */
function placeVms(r: Rng, infra: Infrastructure, vms: readonly VmPlan[]): Set<HostPlan> {
  const hot = new Set<HostPlan>();
  for (const cluster of infra.clusters) {
    const up = cluster.hosts.filter((h) => h.row.status === 'Up');
    const running = r.shuffle(
      vms.filter((v) => v.cluster === cluster && ON_HOST_STATUSES.has(v.row.status)),
    );
    const limit = new Map<HostPlan, number>();
    const bias = new Map<HostPlan, number>();
    // Packing needs a cluster big enough that the others still get their share.
    const hotCount = up.length >= 4 ? Math.max(1, Math.round(up.length * 0.1)) : 0;
    const packed = new Set(r.sample(up, hotCount));
    for (const h of up) {
      const fill = packed.has(h) ? r.real(0.9, 0.95) : HOST_FILL;
      limit.set(h, Math.floor(h.row.memory_mb * fill) - hostOverheadMb(h));
      bias.set(h, r.real(0.6, 1.4));
    }
    for (const vm of running) {
      const mem = vm.row.memory_mb;
      const fits = (h: HostPlan) => h.usedMb + mem <= (limit.get(h) ?? 0);
      const packing = [...packed].filter(fits);
      let host: HostPlan | undefined;
      if (packing.length > 0) host = r.pick(packing);
      else {
        const open = up.filter((h) => !packed.has(h) && fits(h));
        if (open.length > 0) {
          host = r.weighted(
            open.map((h) => [h, ((limit.get(h) ?? 0) - h.usedMb) * (bias.get(h) ?? 1)] as const),
          );
        }
      }
      if (!host) {
        vm.row.status = 'Down';
        continue;
      }
      host.usedMb += mem;
      vm.host = host;
      vm.row.host_id = host.row.id;
    }
    for (const h of packed) if (h.usedMb + hostOverheadMb(h) >= 0.9 * h.row.memory_mb) hot.add(h);
  }
  return hot;
}

/** A migrating VM needs a destination with room; without one it simply stays Up. */
function planMigrations(r: Rng, vms: readonly VmPlan[]): Migration[] {
  const out: Migration[] = [];
  for (const vm of vms) {
    if (vm.row.status !== 'MigratingFrom' || !vm.host) continue;
    const from = vm.host;
    const targets = vm.cluster.hosts.filter(
      (h) =>
        h !== from &&
        h.row.status === 'Up' &&
        h.usedMb + vm.row.memory_mb + hostOverheadMb(h) <= h.row.memory_mb * HOST_FILL,
    );
    if (targets.length === 0) {
      vm.row.status = 'Up';
      continue;
    }
    out.push({ vm, from, to: r.pick(targets) });
  }
  return out;
}

function fillRuntime(r: Rng, vms: readonly VmPlan[], people: People, now: number): void {
  for (const vm of vms) {
    const row = vm.row;
    if (!vm.host) continue;
    const boot = Date.parse(vm.host.row.boot_time ?? vm.host.row.created_at);
    const created = Date.parse(row.created_at);
    // Desktops are started every working day; servers run for weeks between patch windows.
    const uptime =
      row.vm_type === 'Desktop'
        ? r.logUniform(10 * MINUTE, 3 * DAY)
        : r.chance(0.85)
          ? r.real(DAY, 120 * DAY)
          : r.logUniform(10 * MINUTE, DAY);
    let started = Math.max(now - uptime, created + 5 * MINUTE, boot + 5 * MINUTE);
    if (row.status === 'PoweringUp') started = now - r.int(10, 90) * 1000;
    row.started_at = iso(Math.min(started, now - MINUTE));
    row.fqdn = `${row.name.toLowerCase()}.${vm.cluster.dc.slug}.example.com`;
    row.applications = [...(GUEST_BASE_APPS[row.os] ?? []), ...vm.role.apps];
    const live = row.status !== 'Paused' && row.status !== 'NotResponding';
    if (live) {
      const hotCpu = r.chance(vm.role.cpu.hotShare);
      row.cpu_usage = hotCpu ? r.int(81, 99) : r.normalInt(vm.role.cpu.mean, vm.role.cpu.sd, 0, 79);
      if (row.status === 'PoweringUp') row.cpu_usage = r.int(40, 95);
      row.mem_usage = r.normalInt(55, 18, 8, 97);
    } else if (row.status === 'Paused') {
      row.mem_usage = r.normalInt(55, 18, 8, 97);
    }
    if (row.vm_type === 'Desktop' && row.status === 'Up') {
      if (vm.owner && r.chance(0.85)) row.logged_in_user = loginName(vm.owner);
      else if (!vm.owner && r.chance(0.7)) row.logged_in_user = people.nextDirectoryLogin(r);
      if (row.logged_in_user) row.cpu_usage = Math.max(row.cpu_usage, r.int(3, 25));
    }
  }
}

/**
 * In each cluster one of the packed hosts is also CPU-bound (its guests are busy: the
 * "Hosts over 80% CPU" bookmark and the failed balancing migrations in the audit log).
 */
function overloadHosts(
  r: Rng,
  infra: Infrastructure,
  vms: readonly VmPlan[],
  hot: ReadonlySet<HostPlan>,
): void {
  for (const cluster of infra.clusters) {
    const packed = cluster.hosts.filter((h) => hot.has(h));
    if (packed.length === 0) continue;
    const host = r.pick(packed);
    const guests = vms.filter((v) => v.host === host && v.row.status === 'Up');
    const wanted = (host.row.cpus * r.int(84, 96)) / 100;
    // Spread the missing load over the guests in vCPU proportion, a guest tops out at 99%.
    for (let round = 0; round < 5; round++) {
      const load = guests.reduce((n, v) => n + (v.row.vcpus * v.row.cpu_usage) / 100, 0);
      const room = guests.filter((v) => v.row.cpu_usage < 99);
      const vcpus = room.reduce((n, v) => n + v.row.vcpus, 0);
      if (load >= wanted || vcpus === 0) break;
      const add = ((wanted - load) / vcpus) * 100;
      for (const v of room) v.row.cpu_usage = Math.min(99, Math.ceil(v.row.cpu_usage + add));
    }
  }
}

function buildVmNics(r: Rng, vm: VmPlan, macs: MacPool): void {
  const dc = vm.cluster.dc;
  const wanted: NetworkPlan[] = [must(dc.networks.get(vm.role.network), vm.role.network)];
  const second = vm.role.secondNic;
  if (second && r.chance(second.share))
    wanted.push(must(dc.networks.get(second.network), second.network));
  const running = vm.host !== null;
  const live = running && vm.row.status !== 'Paused' && vm.row.status !== 'NotResponding';
  let peak = 0;
  wanted.forEach((net, i) => {
    const address = net.addresses.take();
    const speed = 1000;
    const busy = live
      ? clamp(r.normal(vm.role.netMean, vm.role.netMean / 2), 0.1, 95) / (i === 0 ? 1 : 3)
      : 0;
    const a = (busy / 100) * speed;
    const b = a * r.real(0.15, 1);
    const inbound = r.chance(0.6);
    const nic: VmNicRow = {
      id: r.uuid(),
      vm_id: vm.row.id,
      name: `nic${i + 1}`,
      network_id: net.row.id,
      mac: macs.take(),
      ip: running ? address : null,
      nic_type: 'VirtIO',
      linked: true,
      speed_mbps: speed,
      rx_mbps: round1(inbound ? a : b),
      tx_mbps: round1(inbound ? b : a),
    };
    peak = Math.max(peak, Math.max(nic.rx_mbps, nic.tx_mbps) / speed);
    vm.nics.push(nic);
  });
  vm.row.ip = vm.nics[0]?.ip ?? null;
  vm.row.net_usage = Math.round(peak * 100);
}

function diskLayout(r: Rng): { format: DiskFormat; sparse: boolean; iface: DiskInterface } {
  const sparse = r.chance(0.8);
  return {
    format: sparse ? 'COW' : 'RAW',
    sparse,
    iface: r.weighted<DiskInterface>([
      ['VirtIO-SCSI', 6],
      ['VirtIO', 3],
      ['SATA', 1],
    ]),
  };
}

/** oVirt's volume paths: file domains under the mount point, block domains as LVs. */
function volumePath(sd: StorageDomainRow, diskId: string, volumeId: string): string {
  if (sd.storage_type === 'iSCSI' || sd.storage_type === 'FC') return `/dev/${sd.id}/${volumeId}`;
  const mount = sd.path.replace(/\//g, '_');
  const dir = sd.storage_type === 'GlusterFS' ? `glusterSD/${mount}` : mount;
  return `/rhev/data-center/mnt/${dir}/${sd.id}/images/${diskId}/${volumeId}`;
}

function buildStorage(
  r: Rng,
  vms: readonly VmPlan[],
  templateDisks: readonly DiskRow[],
  infra: Infrastructure,
  now: number,
): { vmDisks: VmDiskRow[]; diskVolumes: DiskVolumeRow[] } {
  const vmDisks: VmDiskRow[] = [];
  const diskVolumes: DiskVolumeRow[] = [];
  const domains = new Map(infra.dcs.flatMap((dc) => dc.dataDomains).map((sd) => [sd.id, sd]));
  const chain = (disk: DiskRow, layers: readonly SnapshotRow[]) => {
    const sd = must(domains.get(disk.storage_domain_id), 'disk domain');
    let parent: string | null = null;
    let created = disk.created_at;
    // Each snapshot freezes the current top volume and starts a new one above it.
    for (let i = 0; i <= layers.length; i++) {
      const id = r.uuid();
      const snap = layers[i];
      diskVolumes.push({
        id,
        disk_id: disk.id,
        parent_id: parent,
        snapshot_id: snap?.id ?? null,
        path: volumePath(sd, disk.id, id),
        format: i === 0 ? disk.format : 'COW',
        created_at: created,
      });
      parent = id;
      created = snap?.created_at ?? created;
    }
  };
  for (const disk of templateDisks) chain(disk, []);

  for (const vm of vms) {
    const dc = vm.cluster.dc;
    const plain = dc.dataDomains.filter((sd) => sd.id !== infra.glusterDomain.id);
    const domain = () =>
      vm.cluster === infra.glusterCluster && r.chance(0.9) ? infra.glusterDomain : r.pick(plain);
    const created = Date.parse(vm.row.created_at);
    if (vm.pool === null && created < now - 2 * HOUR && r.chance(0.12)) {
      const times = Array.from({ length: r.int(1, 3) }, () =>
        r.int(created + HOUR, now - 5 * MINUTE),
      ).sort((a, b) => a - b);
      for (const t of times) {
        vm.snapshots.push({
          id: r.uuid(),
          vm_id: vm.row.id,
          description: r.pick(SNAPSHOT_DESCRIPTIONS),
          snapshot_type: 'Regular',
          status: 'OK',
          memory: vm.host !== null && r.chance(0.3),
          created_at: iso(t),
        });
      }
    }
    const sizes: [number, string][] = [[r.int(...vm.role.bootDiskGb), 'system disk']];
    const data = vm.role.dataDisk;
    if (data && r.chance(data.share))
      sizes.push([Math.round(r.int(data.gb[0], data.gb[1]) / 10) * 10, 'data disk']);
    sizes.forEach(([sizeGb, what], i) => {
      const layout = diskLayout(r);
      // Snapshot layers hold what changed since: a few % of the disk each.
      const layersGb = vm.snapshots.reduce((n) => n + sizeGb * r.real(0.01, 0.06), 0);
      const base = layout.sparse ? sizeGb * r.real(0.15, 0.75) : sizeGb;
      const disk: DiskRow = {
        id: r.uuid(),
        storage_domain_id: domain().id,
        template_id: null,
        alias: `${vm.row.name}_Disk${i + 1}`,
        description: `${vm.row.name} ${what}`,
        size_gb: sizeGb,
        actual_size_gb: round1(base + layersGb),
        format: layout.format,
        sparse: layout.sparse,
        interface: layout.iface,
        shareable: false,
        status: 'OK',
        created_at: vm.row.created_at,
      };
      vm.disks.push(disk);
      vmDisks.push({ vm_id: vm.row.id, disk_id: disk.id, bootable: i === 0, active: true });
      chain(disk, vm.snapshots);
    });
  }
  return { vmDisks, diskVolumes };
}

/**
 * Host numbers follow from the VMs on them: VM count, memory (guest memory plus the
 * hypervisor's own), CPU (the guests' load over the host's logical CPUs) and NIC traffic
 * (guests' traffic on the VLAN it rides, live migrations on ovirtmgmt).
 */
function rollUpHosts(
  r: Rng,
  infra: Infrastructure,
  vms: readonly VmPlan[],
  migrations: readonly Migration[],
): void {
  const onHost = new Map<HostPlan, VmPlan[]>();
  for (const vm of vms) {
    if (!vm.host) continue;
    const list = onHost.get(vm.host);
    if (list) list.push(vm);
    else onHost.set(vm.host, [vm]);
  }
  for (const host of infra.hosts) {
    const row = host.row;
    const mine = onHost.get(host) ?? [];
    row.active_vms = mine.length;
    if (row.status === 'NonResponsive') continue; // no stats from a host the engine can't reach
    const monitored = row.status === 'Up';
    const vcpuLoad = mine.reduce((n, v) => n + (v.row.vcpus * v.row.cpu_usage) / 100, 0);
    row.cpu_usage = clamp(Math.round(r.real(0.5, 3) + (100 * vcpuLoad) / row.cpus), 0, 100);
    row.mem_usage = clamp(
      Math.round((100 * (host.usedMb + hostOverheadMb(host))) / row.memory_mb),
      0,
      100,
    );
    for (const vm of mine) {
      for (const nic of vm.nics) {
        const hostNic = nic.network_id ? host.nicByNetwork.get(nic.network_id) : undefined;
        if (!hostNic) continue;
        // What the guest receives the host transmits to it, and the other way round.
        hostNic.rx_mbps = round1(hostNic.rx_mbps + nic.tx_mbps);
        hostNic.tx_mbps = round1(hostNic.tx_mbps + nic.rx_mbps);
      }
    }
    for (const nic of host.nics) {
      if (nic.name === 'eno1') {
        nic.rx_mbps = round1(r.real(0.5, 6));
        nic.tx_mbps = round1(r.real(0.5, 6));
      }
      if (nic.name.startsWith('ens1f1.')) {
        // Storage traffic grows with the VMs whose disks the host reads and writes.
        nic.rx_mbps = round1(monitored ? mine.length * r.real(2, 15) : r.real(0, 1));
        nic.tx_mbps = round1(monitored ? mine.length * r.real(1, 8) : r.real(0, 1));
      }
    }
  }
  // A live migration streams guest memory over the migration network (ovirtmgmt here).
  for (const m of migrations) {
    const rate = r.real(700, 940);
    const out = must(
      m.from.nics.find((n) => n.name === 'eno1'),
      'eno1',
    );
    const into = must(
      m.to.nics.find((n) => n.name === 'eno1'),
      'eno1',
    );
    out.tx_mbps = round1(Math.min(out.speed_mbps * 0.98, out.tx_mbps + rate));
    into.rx_mbps = round1(Math.min(into.speed_mbps * 0.98, into.rx_mbps + rate));
  }
  for (const host of infra.hosts) {
    if (host.row.status === 'NonResponsive') continue;
    // A VLAN sub-interface's traffic also crosses its parent.
    for (const nic of host.nics) {
      const dot = nic.name.indexOf('.');
      if (dot < 0) continue;
      const parent = host.nics.find((n) => n.name === nic.name.slice(0, dot));
      if (!parent) continue;
      parent.rx_mbps = round1(parent.rx_mbps + nic.rx_mbps);
      parent.tx_mbps = round1(parent.tx_mbps + nic.tx_mbps);
    }
    const peak = Math.max(
      0,
      ...host.nics.map((n) => Math.max(n.rx_mbps, n.tx_mbps) / n.speed_mbps),
    );
    host.row.net_usage = clamp(Math.round(peak * 100), 0, 100);
  }
}

/**
 * Storage sizes follow from the disks on each domain. Most domains are 35–80% full; the
 * headquarters' Master is running low (the "low disk space" warnings).
 */
function rollUpStorage(r: Rng, infra: Infrastructure, disks: readonly DiskRow[]): void {
  const used = new Map<string, number>();
  for (const d of disks)
    used.set(d.storage_domain_id, (used.get(d.storage_domain_id) ?? 0) + d.actual_size_gb);
  for (const dc of infra.dcs) {
    for (const sd of dc.dataDomains) {
      // Domain metadata, OVF stores and leases take a few GB on every data domain.
      const u = (used.get(sd.id) ?? 0) + 8;
      const low = dc.index === 0 && sd.is_master;
      const target = low ? r.real(0.91, 0.94) : r.real(0.35, 0.8);
      const step = low ? 16 : 256;
      sd.used_gb = round1(u);
      sd.total_gb = Math.max(low ? 0 : 512, Math.ceil(u / target / step) * step);
    }
    if (dc.iso) {
      dc.iso.total_gb = r.pick([500, 750, 1024]);
      dc.iso.used_gb = round1(dc.iso.total_gb * r.real(0.2, 0.6));
    }
    if (dc.export) {
      dc.export.total_gb = r.pick([2048, 4096, 8192]);
      dc.export.used_gb = round1(dc.export.total_gb * r.real(0.1, 0.5));
    }
  }
  const sd = infra.glusterDomain;
  for (const brick of infra.glusterBricks) {
    // A replica-3 volume is as big as one brick; every brick holds a full copy.
    brick.total_gb = sd.total_gb;
    brick.free_gb = round1(sd.total_gb - sd.used_gb);
  }
}
