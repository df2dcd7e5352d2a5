// A small hand-made inventory for the search tests: every searchable object, every
// relation, and the awkward cases (names holding LIKE's own % and _, rows with no host or
// no data center, dates on day boundaries, a shareable disk on two VMs, a group, nested
// tags). Timestamps are relative to FIXTURE_NOW so `today` / `yesterday` are testable.
import { FLEET_TABLES, type AuditEventRow, type Fleet, type VmRow } from '../../demo/fleet.js';
import type { Db } from '../../store/index.js';
import type { HostStatus, VmStatus } from '@corral/shared';

export const FIXTURE_NOW = new Date('2025-03-15T12:00:00.000Z');

export interface FixtureEvent extends AuditEventRow {
  readonly id: number;
}

export interface FixtureBookmark {
  readonly id: string;
  readonly name: string;
  readonly query: string;
  readonly created_at: string;
}

export interface SearchFixture extends Omit<Fleet, 'auditEvents' | 'clusters'> {
  /** The demo fleet leaves fencing to the column's default; the search tests vary it. */
  clusters: (Fleet['clusters'][number] & { fencing_enabled: boolean })[];
  auditEvents: FixtureEvent[];
  bookmarks: FixtureBookmark[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(FIXTURE_NOW.getTime() + ms).toISOString();
const ago = (ms: number) => at(-ms);

/** Readable, stable uuids: the first digit says what kind of row it is. */
const KIND = {
  dc: 1,
  cluster: 2,
  host: 3,
  vm: 4,
  template: 5,
  pool: 6,
  storage: 7,
  disk: 8,
  volume: 9,
  brick: 'a',
  network: 'b',
  nic: 'c',
  user: 'd',
  tag: 'e',
  misc: 'f',
} as const;
const uid = (kind: keyof typeof KIND, n: number) =>
  `${KIND[kind]}0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export function buildSearchFixture(): SearchFixture {
  const created = ago(400 * DAY);
  const dataCenters: Fleet['dataCenters'] = [
    ['Default', 'Up', 'Shared', 'Main site'],
    ['Remote', 'Up', 'Local', 'Branch office'],
    ['Lab', 'Uninitialized', 'Shared', ''],
  ].map(([name = '', status, mode, description = ''], i) => ({
    id: uid('dc', i + 1),
    name,
    description,
    status: status as 'Up' | 'Uninitialized',
    storage_mode: mode as 'Shared' | 'Local',
    compat_version: i === 1 ? '4.6' : '4.7',
    quota_mode: i === 0 ? 'Enforced' : 'Disabled',
    created_at: created,
  }));
  const [dcDefault, dcRemote] = dataCenters.map((d) => d.id);

  const clusters: SearchFixture['clusters'] = [
    { name: 'Default', dc: dcDefault, gluster: false },
    { name: 'GlusterCluster', dc: dcDefault, gluster: true },
    { name: 'Edge', dc: dcRemote, gluster: false },
  ].map((c, i) => ({
    id: uid('cluster', i + 1),
    data_center_id: c.dc ?? '',
    name: c.name,
    description: c.gluster ? 'Hyperconverged' : '',
    cpu_type: i === 2 ? 'AMD EPYC' : 'Intel Skylake Family',
    compat_version: '4.7',
    virt_service: true,
    gluster_service: c.gluster,
    mem_overcommit: 100 + i * 50,
    migration_policy: i === 1 ? 'Post-copy migration' : 'Minimal downtime',
    fencing_enabled: i !== 2,
    created_at: created,
  }));
  const [cDefault, cGluster, cEdge] = clusters.map((c) => c.id) as [string, string, string];

  const hostSpecs: [string, string, HostStatus, number, number, number | null][] = [
    // name, cluster, status, cpu %, mem %, booted (days ago)
    ['rhev-1', cDefault, 'Up', 85, 92, 5],
    ['rhev-2', cDefault, 'Up', 40, 90, 2.5],
    ['rhev-20', cDefault, 'Maintenance', 0, 5, 1],
    ['rhev-3', cDefault, 'NonOperational', 0, 0, null],
    ['rhev-4', cDefault, 'Installing', 0, 0, null],
    ['h17a', cEdge, 'Up', 81, 60, 10],
    ['h170', cEdge, 'Up', 20, 95, 0.5],
    ['h2', cEdge, 'NonResponsive', 0, 0, 3],
    ['gl-1', cGluster, 'Up', 55, 70, 7],
    ['gl-2', cGluster, 'Up', 91, 91, 7],
    ['gl-3', cGluster, 'Maintenance', 3, 10, 1],
  ];
  const hosts: Fleet['hosts'] = hostSpecs.map(([name, cluster, status, cpu, mem, booted], i) => ({
    id: uid('host', i + 1),
    cluster_id: cluster,
    name,
    address: `10.0.${i < 5 ? 1 : 2}.${10 + i}`,
    driver: i % 4 === 0 ? 'libvirt' : 'sim',
    uri: null,
    status,
    cpu_model: i % 2 ? 'Intel Xeon Gold 6230' : 'AMD EPYC 7302',
    cpu_sockets: 2,
    cpu_cores: 8 + (i % 3) * 4,
    cpus: 32 + (i % 3) * 16,
    memory_mb: 65536 * (1 + (i % 3)),
    os_version: i < 5 ? 'RHEL 9.4' : 'RHEL 8.10',
    kvm_version: '8.2.0',
    libvirt_version: '10.0.0',
    spm: i === 0 || i === 5,
    cpu_usage: cpu,
    mem_usage: mem,
    net_usage: (i * 7) % 50,
    active_vms: 0,
    boot_time: booted === null ? null : ago(booted * DAY),
    created_at: created,
  }));
  const hostId = (name: string) => hosts.find((h) => h.name === name)?.id ?? '';

  const templates: Fleet['templates'] = [
    { name: 'Blank', cluster: null, os: 'other', type: 'Server' as const, created: ago(400 * DAY) },
    {
      name: 'rhel9-tpl',
      cluster: cDefault,
      os: 'rhel_9x64',
      type: 'Server' as const,
      created: ago(DAY / 2),
    },
    {
      name: 'win-tpl',
      cluster: cDefault,
      os: 'windows_2019',
      type: 'Desktop' as const,
      created: '2025-03-14T00:00:00.000Z',
    },
    {
      name: 'edge-tpl',
      cluster: cEdge,
      os: 'rhel_8x64',
      type: 'Server' as const,
      created: ago(30 * DAY),
    },
  ].map((t, i) => ({
    id: uid('template', i + 1),
    cluster_id: t.cluster,
    name: t.name,
    description: t.name === 'Blank' ? 'Blank template' : '',
    status: i === 3 ? 'Locked' : 'OK',
    os: t.os,
    vm_type: t.type,
    memory_mb: 1024 * (i + 1),
    vcpus: i + 1,
    display: 'SPICE',
    created_at: t.created,
  }));
  const [tBlank, tRhel, tWin, tEdge] = templates.map((t) => t.id);

  const pools: Fleet['pools'] = [
    { name: 'desk-pool', cluster: cDefault, template: tWin, type: 'Automatic' as const, size: 5 },
    { name: 'lab-pool', cluster: cEdge, template: tEdge, type: 'Manual' as const, size: 3 },
    { name: 'empty-pool', cluster: cGluster, template: tRhel, type: 'Automatic' as const, size: 0 },
  ].map((p, i) => ({
    id: uid('pool', i + 1),
    cluster_id: p.cluster,
    template_id: p.template ?? '',
    name: p.name,
    description: i === 0 ? 'Windows desktops for the help desk' : '',
    pool_type: p.type,
    size: p.size,
    prestarted: i === 0 ? 1 : 0,
    max_per_user: i + 1,
    stateless: i !== 1,
    created_at: created,
  }));
  const [pDesk, pLab] = pools.map((p) => p.id);

  // VMs: name, cluster, host (null = not placed), status, os, template, pool, created
  type VmSpec = [
    string,
    string,
    string | null,
    VmStatus,
    string,
    string | null,
    string | null,
    string,
  ];
  const today = (h: number) => `2025-03-15T${String(h).padStart(2, '0')}:00:00.000Z`;
  const yesterday = (h: number) => `2025-03-14T${String(h).padStart(2, '0')}:00:00.000Z`;
  const vmSpecs: VmSpec[] = [
    ['web01', cDefault, 'rhev-1', 'Up', 'rhel_9x64', tRhel ?? null, null, today(9)],
    ['web02', cDefault, 'rhev-2', 'Up', 'rhel_9x64', tRhel ?? null, null, today(0)],
    [
      'web03',
      cDefault,
      'rhev-20',
      'MigratingFrom',
      'rhel_8x64',
      tRhel ?? null,
      null,
      yesterday(23),
    ],
    ['web04', cDefault, null, 'Down', 'rhel_8x64', tBlank ?? null, null, yesterday(0)],
    ['web05', cDefault, 'rhev-1', 'Paused', 'other_linux', null, null, '2025-03-13T23:59:59.000Z'],
    [
      'web06',
      cDefault,
      'rhev-2',
      'PoweringUp',
      'rhel_9x64',
      tRhel ?? null,
      null,
      '2025-01-01T12:00:00.000Z',
    ],
    ['web07', cDefault, 'rhev-1', 'Up', 'Windows_2022', null, null, '2024-12-31T23:00:00.000Z'],
    ['web08', cDefault, null, 'Suspended', 'windows_2019', null, null, '2024-06-30T08:00:00.000Z'],
    ['web09', cEdge, 'h17a', 'Up', 'rhel_8x64', tEdge ?? null, null, today(11)],
    ['web10', cEdge, 'h170', 'RebootInProgress', 'rhel_8x64', tEdge ?? null, null, yesterday(12)],
    ['web11', cEdge, 'h17a', 'NotResponding', 'rhel_8x64', null, null, '2024-11-11T11:00:00.000Z'],
    ['web12', cGluster, 'gl-1', 'Up', 'rhel_9x64', tRhel ?? null, null, '2024-02-29T00:00:00.000Z'],
    [
      'db01',
      cDefault,
      'rhev-2',
      'Up',
      'rhel_9x64',
      tRhel ?? null,
      null,
      '2024-05-05T05:00:00.000Z',
    ],
    ['db02', cDefault, 'rhev-2', 'Up', 'rhel_8x64', null, null, '2024-05-06T05:00:00.000Z'],
    ['db03', cDefault, null, 'Down', 'rhel_8x64', null, null, '2024-05-07T05:00:00.000Z'],
    ['db04', cGluster, 'gl-2', 'Up', 'rhel_9x64', null, null, '2024-08-01T00:00:00.000Z'],
    ['db05', cGluster, 'gl-2', 'SavingState', 'rhel_9x64', null, null, '2024-08-02T00:00:00.000Z'],
    ['db06', cEdge, 'h170', 'Up', 'other_linux', null, null, '2024-08-03T00:00:00.000Z'],
    [
      'RHEL-8-build',
      cDefault,
      'rhev-1',
      'Up',
      'rhel_8x64',
      tRhel ?? null,
      null,
      '2025-02-01T00:00:00.000Z',
    ],
    [
      'rhel-9-ci',
      cEdge,
      'h17a',
      'Up',
      'rhel_9x64',
      tEdge ?? null,
      null,
      '2025-02-02T00:00:00.000Z',
    ],
    ['rhelish', cEdge, null, 'Down', 'rhel_9x64', null, null, '2025-02-03T00:00:00.000Z'],
    [
      'win-ad01',
      cDefault,
      'rhev-1',
      'Up',
      'windows_2019',
      tWin ?? null,
      null,
      '2023-01-01T00:00:00.000Z',
    ],
    [
      'win-ad02',
      cDefault,
      'rhev-2',
      'Up',
      'windows_2022',
      tWin ?? null,
      null,
      '2023-01-02T00:00:00.000Z',
    ],
    ['win-desk-1', cDefault, 'rhev-1', 'Up', 'windows_10', tWin ?? null, pDesk ?? null, today(1)],
    ['win-desk-2', cDefault, 'rhev-2', 'Up', 'windows_10', tWin ?? null, pDesk ?? null, today(1)],
    ['win-desk-3', cDefault, null, 'Down', 'windows_10', tWin ?? null, pDesk ?? null, today(1)],
    [
      'win-desk-4',
      cDefault,
      null,
      'Suspended',
      'windows_10',
      tWin ?? null,
      pDesk ?? null,
      today(1),
    ],
    [
      'win-desk-5',
      cDefault,
      'rhev-1',
      'PoweringDown',
      'windows_10',
      tWin ?? null,
      pDesk ?? null,
      today(1),
    ],
    [
      'lab-1',
      cEdge,
      'h170',
      'Up',
      'rhel_8x64',
      tEdge ?? null,
      pLab ?? null,
      '2025-03-01T00:00:00.000Z',
    ],
    [
      'lab-2',
      cEdge,
      null,
      'ImageLocked',
      'rhel_8x64',
      tEdge ?? null,
      pLab ?? null,
      '2025-03-02T00:00:00.000Z',
    ],
    [
      'lab-3',
      cEdge,
      'h2',
      'Unknown',
      'rhel_8x64',
      tEdge ?? null,
      pLab ?? null,
      '2025-03-03T00:00:00.000Z',
    ],
    ['edge-01', cEdge, 'h17a', 'Up', 'rhel_8x64', null, null, '2025-03-10T00:00:00.000Z'],
    ['edge-02', cEdge, 'h17a', 'MigratingTo', 'rhel_8x64', null, null, '2025-03-11T00:00:00.000Z'],
    ['edge-03', cEdge, null, 'WaitForLaunch', 'rhel_8x64', null, null, '2025-03-12T00:00:00.000Z'],
    [
      'edge-04',
      cEdge,
      'h170',
      'RestoringState',
      'rhel_8x64',
      null,
      null,
      '2025-03-13T00:00:00.000Z',
    ],
    // LIKE's metacharacters, literally: `name = web_*` must not match webXlit
    ['web%literal', cDefault, null, 'Down', 'other', null, null, '2025-03-05T00:00:00.000Z'],
    ['web_lit', cDefault, null, 'Down', 'other', null, null, '2025-03-05T00:00:00.000Z'],
    ['webXlit', cDefault, null, 'Down', 'other', null, null, '2025-03-05T00:00:00.000Z'],
    ['Web-Upper', cGluster, 'gl-1', 'Up', 'OTHER', null, null, '2025-03-05T00:00:00.000Z'],
    ['back\\slash', cGluster, null, 'Down', 'other', null, null, '2025-03-05T00:00:00.000Z'],
  ];
  const vms: VmRow[] = vmSpecs.map(
    ([name, cluster, host, status, os, template, pool, createdAt], i) => {
      const running = host !== null;
      return {
        id: uid('vm', i + 1),
        cluster_id: cluster,
        host_id: host === null ? null : hostId(host),
        template_id: template,
        pool_id: pool,
        name,
        description: i % 5 === 0 ? `Front end ${i}` : i % 7 === 0 ? 'Database (primary)' : '',
        status,
        vm_type: os.toLowerCase().startsWith('windows') ? 'Desktop' : 'Server',
        os,
        memory_mb: 1024 * (1 + (i % 8)),
        vcpus: 1 + (i % 4),
        display: i % 3 === 0 ? 'VNC' : 'SPICE',
        ha: i % 4 === 0,
        stateless: pool !== null,
        allow_reconnect: false,
        ip: running ? `192.168.${Math.floor(i / 10)}.${i + 10}` : null,
        fqdn: running ? `${name.toLowerCase()}.example.com` : null,
        logged_in_user: running && i % 3 === 1 ? (i % 2 ? 'alice@internal' : 'bob@corp') : null,
        applications: [],
        cpu_usage: running ? (i * 37) % 101 : 0,
        mem_usage: running ? (i * 53) % 101 : 0,
        net_usage: running ? (i * 11) % 101 : 0,
        started_at: running ? ago((i + 1) * 3 * HOUR + i * 61_000) : null,
        created_at: createdAt,
      };
    },
  );
  for (const h of hosts) h.active_vms = vms.filter((v) => v.host_id === h.id).length;
  const vmId = (name: string) => vms.find((v) => v.name === name)?.id ?? '';

  const volumes: Fleet['glusterVolumes'] = [
    { name: 'vmstore', type: 'Replicate' as const, status: 'Up' as const, replica: 3 },
    { name: 'scratch', type: 'Distribute' as const, status: 'Down' as const, replica: 1 },
    { name: 'backup', type: 'Replicate' as const, status: 'Down' as const, replica: 2 },
    { name: 'archive', type: 'Distributed-Replicate' as const, status: 'Up' as const, replica: 2 },
  ].map((v, i) => ({
    id: uid('volume', i + 1),
    cluster_id: cGluster,
    name: v.name,
    volume_type: v.type,
    status: v.status,
    replica_count: v.replica,
    arbiter_count: 0,
    disperse_count: 0,
    redundancy_count: 0,
    transport: 'TCP',
    options: {},
    created_at: i === 0 ? today(3) : ago((i + 2) * DAY),
  }));
  const brickHosts: [number, string[]][] = [
    [0, ['gl-1', 'gl-2', 'gl-3']],
    [1, ['gl-1', 'gl-2']],
    [2, ['gl-1', 'gl-3']],
    [3, ['gl-1', 'gl-2', 'gl-3', 'rhev-1']],
  ];
  const bricks: Fleet['glusterBricks'] = brickHosts.flatMap(([v, names]) =>
    names.map((h, position) => ({
      id: uid('brick', v * 10 + position + 1),
      volume_id: volumes[v]?.id ?? '',
      host_id: hostId(h),
      directory: `/gluster/${volumes[v]?.name}/brick${position + 1}`,
      position,
      status: volumes[v]?.status ?? 'Down',
      is_arbiter: false,
      total_gb: 500,
      free_gb: 250,
    })),
  );

  const storageDomains: Fleet['storageDomains'] = [
    {
      name: 'data-master',
      dc: dcDefault,
      type: 'Data',
      st: 'NFS',
      status: 'Active',
      master: true,
      total: 1000,
      used: 400,
      vol: null,
    },
    {
      name: 'iso-store',
      dc: dcDefault,
      type: 'ISO',
      st: 'NFS',
      status: 'Active',
      master: false,
      total: 100,
      used: 12.5,
      vol: null,
    },
    {
      name: 'export-x',
      dc: null,
      type: 'Export',
      st: 'NFS',
      status: 'Unattached',
      master: false,
      total: 50,
      used: 0,
      vol: null,
    },
    {
      name: 'gluster-data',
      dc: dcRemote,
      type: 'Data',
      st: 'GlusterFS',
      status: 'Active',
      master: true,
      total: 2000,
      used: 1500,
      vol: volumes[0]?.id ?? null,
    },
    {
      name: 'remote-local',
      dc: dcRemote,
      type: 'Data',
      st: 'Local',
      status: 'Maintenance',
      master: false,
      total: 0,
      used: 0,
      vol: null,
    },
    {
      name: 'data-2',
      dc: dcDefault,
      type: 'Data',
      st: 'iSCSI',
      status: 'Active',
      master: false,
      total: 8,
      used: 1,
      vol: null,
    },
  ].map((s, i) => ({
    id: uid('storage', i + 1),
    data_center_id: s.dc ?? null,
    name: s.name,
    description: i === 0 ? 'Primary NFS export' : '',
    domain_type: s.type as 'Data' | 'ISO' | 'Export',
    storage_type: s.st as 'NFS' | 'GlusterFS' | 'Local' | 'iSCSI',
    is_master: s.master,
    status: s.status as 'Active' | 'Unattached' | 'Maintenance',
    path: `/exports/${s.name}`,
    vfs_type: null,
    gluster_volume_id: s.vol,
    total_gb: s.total,
    used_gb: s.used,
    created_at: created,
  }));
  const sd = (name: string) => storageDomains.find((s) => s.name === name)?.id ?? '';

  // Disks: name, domain, template (own disk of a template), VMs attached
  const diskSpecs: [string, string, string | null, string[]][] = [
    ['web01_disk1', 'data-master', null, ['web01']],
    ['web01_disk2', 'data-2', null, ['web01']],
    ['web02_disk1', 'data-master', null, ['web02']],
    ['db01_data', 'data-master', null, ['db01']],
    ['shared-quorum', 'data-master', null, ['db01', 'db02']],
    ['web09_disk1', 'gluster-data', null, ['web09']],
    ['lab-1_disk1', 'gluster-data', null, ['lab-1']],
    ['rhel9-tpl_disk', 'data-master', tRhel ?? null, []],
    ['win-tpl_disk', 'data-2', tWin ?? null, []],
    ['orphan', 'remote-local', null, []],
  ];
  const disks: Fleet['disks'] = diskSpecs.map(([alias, domain, template, attached], i) => ({
    id: uid('disk', i + 1),
    storage_domain_id: sd(domain),
    template_id: template,
    alias,
    description: '',
    size_gb: 10 * (i + 1),
    actual_size_gb: 2.5 * (i + 1),
    format: i % 2 ? 'RAW' : 'COW',
    sparse: i % 2 === 0,
    interface: i % 3 === 0 ? 'VirtIO-SCSI' : 'VirtIO',
    shareable: attached.length > 1,
    status: i === 9 ? 'Illegal' : i === 6 ? 'Locked' : 'OK',
    created_at: i < 3 ? today(2) : i < 5 ? yesterday(2) : '2024-10-10T10:00:00.000Z',
  }));
  const vmDisks: Fleet['vmDisks'] = diskSpecs.flatMap(([, , , attached], i) =>
    attached.map((name, k) => ({
      vm_id: vmId(name),
      disk_id: disks[i]?.id ?? '',
      bootable: k === 0,
      active: true,
    })),
  );

  const networks: Fleet['networks'] = [
    { name: 'ovirtmgmt', dc: dcDefault, vlan: null, mtu: 1500, vm: true },
    { name: 'storage-net', dc: dcDefault, vlan: 20, mtu: 9000, vm: false },
    { name: 'ovirtmgmt', dc: dcRemote, vlan: null, mtu: 1500, vm: true },
    { name: 'guest-vlan30', dc: dcRemote, vlan: 30, mtu: 1500, vm: true },
  ].map((n, i) => ({
    id: uid('network', i + 1),
    data_center_id: n.dc ?? '',
    name: n.name,
    description: n.vm ? '' : 'Gluster replication',
    vlan_id: n.vlan,
    mtu: n.mtu,
    vm_network: n.vm,
    status: i === 3 ? 'NonOperational' : 'Operational',
  }));
  const [nMgmt, nStorage, nRemoteMgmt, nGuest] = networks.map((n) => n.id) as [
    string,
    string,
    string,
    string,
  ];
  const clusterNetworks: Fleet['clusterNetworks'] = [
    [cDefault, nMgmt],
    [cDefault, nStorage],
    [cGluster, nMgmt],
    [cGluster, nStorage],
    [cEdge, nRemoteMgmt],
    [cEdge, nGuest],
  ].map(([cluster_id = '', network_id = ''], i) => ({
    cluster_id,
    network_id,
    required: true,
    display: false,
    migration: i === 0,
  }));
  const hostNics: Fleet['hostNics'] = hosts.flatMap((h, i) => {
    const mgmt = h.cluster_id === cEdge ? nRemoteMgmt : nMgmt;
    const nics = [{ name: 'eth0', network: mgmt as string | null }];
    if (h.cluster_id === cGluster) nics.push({ name: 'eth1', network: nStorage });
    if (h.name === 'rhev-3') nics.push({ name: 'eth2', network: null });
    return nics.map((n, k) => ({
      id: uid('nic', i * 10 + k + 1),
      host_id: h.id,
      name: n.name,
      network_id: n.network,
      mac: `52:54:00:00:${i.toString(16).padStart(2, '0')}:0${k}`,
      ip: k === 0 ? h.address : null,
      speed_mbps: 10000,
      rx_mbps: 0,
      tx_mbps: 0,
    }));
  });
  const vmNics: Fleet['vmNics'] = vms
    .filter((_, i) => i % 6 !== 5)
    .flatMap((v, i) => {
      const edge = v.cluster_id === cEdge;
      const nets = edge ? [nRemoteMgmt, ...(i % 2 ? [nGuest] : [])] : [nMgmt];
      return nets.map((network_id, k) => ({
        id: uid('nic', 1000 + i * 10 + k),
        vm_id: v.id,
        name: `nic${k + 1}`,
        network_id,
        mac: `56:6f:00:00:${i.toString(16).padStart(2, '0')}:0${k}`,
        ip: k === 0 ? v.ip : null,
        nic_type: 'VirtIO',
        linked: true,
        speed_mbps: 1000,
        rx_mbps: 0,
        tx_mbps: 0,
      }));
    });

  const users: Fleet['users'] = [
    {
      username: 'admin',
      domain: 'internal',
      first: 'Admin',
      last: '',
      email: 'admin@example.com',
      dept: 'IT',
      group: false,
    },
    {
      username: 'alice',
      domain: 'internal',
      first: 'Alice',
      last: 'Smith',
      email: 'alice@example.com',
      dept: 'Help Desk',
      group: false,
    },
    {
      username: 'bob',
      domain: 'corp.example.com',
      first: 'Bob',
      last: 'Jones',
      email: 'bob@corp.example.com',
      dept: 'Dev',
      group: false,
    },
    {
      username: 'ops',
      domain: 'corp.example.com',
      first: '',
      last: '',
      email: '',
      dept: 'Operations',
      group: true,
    },
    {
      username: 'carol_x',
      domain: 'internal',
      first: 'Carol',
      last: 'Xu',
      email: 'carol@example.com',
      dept: 'Dev',
      group: false,
    },
  ].map((u, i) => ({
    id: uid('user', i + 1),
    username: u.username,
    domain: u.domain,
    first_name: u.first,
    last_name: u.last,
    email: u.email,
    department: u.dept,
    is_group: u.group,
    created_at: created,
  }));
  const userId = (name: string) => users.find((u) => u.username === name)?.id ?? '';
  const roles: Fleet['roles'] = [
    { id: uid('misc', 1), name: 'SuperUser', description: '', is_admin: true, action_groups: [] },
    { id: uid('misc', 2), name: 'UserRole', description: '', is_admin: false, action_groups: [] },
  ];
  const permissionSpecs: [string, string, 'System' | 'Vm' | 'Cluster', string | null][] = [
    ['admin', 'SuperUser', 'System', null],
    ['alice', 'UserRole', 'Vm', vmId('win-desk-1')],
    ['alice', 'UserRole', 'Vm', vmId('win-desk-2')],
    ['bob', 'UserRole', 'Vm', vmId('db01')],
    ['ops', 'UserRole', 'Vm', vmId('db01')],
    ['ops', 'UserRole', 'Vm', vmId('web01')],
    // on a cluster, not on a VM: does not tie carol_x to any VM
    ['carol_x', 'UserRole', 'Cluster', cDefault],
  ];
  const permissions: Fleet['permissions'] = permissionSpecs.map(
    ([user, role, type, object], i) => ({
      id: uid('misc', 100 + i),
      user_id: userId(user),
      role_id: roles.find((r) => r.name === role)?.id ?? '',
      object_type: type,
      object_id: object,
      created_at: created,
    }),
  );
  const groupMembers: Fleet['groupMembers'] = [{ group_id: userId('ops'), user_id: userId('bob') }];

  const tags: Fleet['tags'] = [
    { id: uid('tag', 1), parent_id: null, name: 'prod', description: '' },
    { id: uid('tag', 2), parent_id: uid('tag', 1), name: 'prod_eu', description: 'EU production' },
    { id: uid('tag', 3), parent_id: null, name: 'dev', description: '' },
    { id: uid('tag', 4), parent_id: null, name: 'Zeta', description: '' },
  ];
  const tagOf = (name: string) => tags.find((t) => t.name === name)?.id ?? '';
  const tagSpecs: [string, 'Vm' | 'Host' | 'User', string][] = [
    ['prod', 'Vm', 'web01'],
    ['prod_eu', 'Vm', 'web01'],
    ['Zeta', 'Vm', 'web01'],
    ['prod', 'Vm', 'db01'],
    ['prodXeu', 'Vm', 'db02'],
    ['dev', 'Vm', 'web04'],
    ['prod_eu', 'Vm', 'web09'],
    ['prod', 'Host', 'rhev-1'],
    ['dev', 'Host', 'h17a'],
    ['dev', 'User', 'bob'],
    ['prod', 'User', 'alice'],
  ];
  const tagAssignments: Fleet['tagAssignments'] = tagSpecs
    .filter(([tag]) => tagOf(tag) !== '')
    .map(([tag, type, name]) => ({
      tag_id: tagOf(tag),
      object_type: type,
      object_id: type === 'Vm' ? vmId(name) : type === 'Host' ? hostId(name) : userId(name),
    }));

  const jobs: Fleet['jobs'] = [
    {
      d: 'Migrating VM web03 to rhev-20',
      s: 'Started' as const,
      u: 'admin@internal',
      p: 40,
      start: ago(HOUR),
      end: null,
    },
    {
      d: 'Creating VM win-desk-5',
      s: 'Finished' as const,
      u: 'alice@internal',
      p: 100,
      start: yesterday(8),
      end: yesterday(9),
    },
    {
      d: 'Adding host rhev-4',
      s: 'Failed' as const,
      u: 'admin@internal',
      p: 10,
      start: today(4),
      end: today(5),
    },
    {
      d: 'Creating volume vmstore',
      s: 'Finished' as const,
      u: 'admin@internal',
      p: 100,
      start: today(3),
      end: today(3),
    },
  ].map((j, i) => ({
    id: uid('misc', 200 + i),
    description: j.d,
    status: j.s,
    user_name: j.u,
    correlation_id: `corr-${i}`,
    progress: j.p,
    start_time: j.start,
    end_time: j.end,
  }));

  const ev = (
    id: number,
    time: string,
    severity: AuditEventRow['severity'],
    message: string,
    refs: {
      host?: string;
      vm?: string;
      volume?: string;
      storage?: string;
      user?: string;
      dc?: string;
    } = {},
  ): FixtureEvent => {
    const host = refs.host ? hosts.find((h) => h.name === refs.host) : undefined;
    const vm = refs.vm ? vms.find((v) => v.name === refs.vm) : undefined;
    const clusterId = vm?.cluster_id ?? host?.cluster_id ?? null;
    const cluster = clusters.find((c) => c.id === clusterId);
    const dc = refs.dc
      ? dataCenters.find((d) => d.name === refs.dc)
      : dataCenters.find((d) => d.id === cluster?.data_center_id);
    const volume = refs.volume ? volumes.find((v) => v.name === refs.volume) : undefined;
    const storage = refs.storage ? storageDomains.find((s) => s.name === refs.storage) : undefined;
    const user = refs.user ? users.find((u) => u.username === refs.user) : undefined;
    return {
      id,
      time,
      severity,
      code: String(900 + id),
      message,
      user_name: user ? `${user.username}@${user.domain}` : '',
      correlation_id: id % 3 === 0 ? `corr-${id}` : null,
      job_id: null,
      data_center_id: dc?.id ?? null,
      cluster_id: cluster?.id ?? null,
      host_id: host?.id ?? null,
      vm_id: vm?.id ?? null,
      storage_domain_id: storage?.id ?? null,
      template_id: null,
      volume_id: volume?.id ?? null,
      user_id: user?.id ?? null,
      data_center_name: dc?.name ?? null,
      cluster_name: cluster?.name ?? null,
      host_name: host?.name ?? null,
      vm_name: vm?.name ?? null,
      storage_domain_name: storage?.name ?? null,
      template_name: null,
      volume_name: volume?.name ?? null,
    };
  };
  const auditEvents: FixtureEvent[] = [
    ev(1, ago(10 * DAY), 'Normal', 'Host rhev-1 was activated', { host: 'rhev-1', user: 'admin' }),
    ev(2, ago(3 * DAY), 'Error', 'Host rhev-1 power management failed', { host: 'rhev-1' }),
    ev(3, yesterday(23), 'Warning', 'Host h17a memory usage 91%', { host: 'h17a' }),
    ev(4, yesterday(0), 'Error', 'Host h17a is not responding', { host: 'h17a' }),
    ev(5, today(0), 'Alert', 'Host gl-2 CPU over 90%', { host: 'gl-2' }),
    ev(6, today(8), 'Error', 'Host rhev-2 failed to migrate VM web03', {
      host: 'rhev-2',
      vm: 'web03',
    }),
    ev(7, today(9), 'Normal', 'VM web01 started on rhev-1', {
      host: 'rhev-1',
      vm: 'web01',
      user: 'alice',
    }),
    ev(8, today(10), 'Normal', 'VM win-desk-1 started', { vm: 'win-desk-1', user: 'alice' }),
    ev(9, today(11), 'Warning', 'Storage domain gluster-data is low on space', {
      storage: 'gluster-data',
      dc: 'Remote',
    }),
    ev(10, today(11), 'Error', 'Gluster volume backup is down', { volume: 'backup' }),
    ev(11, ago(2 * HOUR), 'Normal', 'User bob logged in', { user: 'bob' }),
    ev(12, ago(40 * DAY), 'Error', 'Disk full on data-2: 100% used', {
      storage: 'data-2',
      dc: 'Default',
    }),
    ev(13, today(7), 'Error', 'VM db05 is not responding', { vm: 'db05', host: 'gl-2' }),
    ev(14, yesterday(15), 'Normal', 'Data center Lab created', { dc: 'Lab', user: 'admin' }),
    ev(15, today(6), 'Error', 'Host gl-2 lost connection to 50% of its bricks', {
      host: 'gl-2',
      volume: 'vmstore',
    }),
  ];

  const bookmarks: FixtureBookmark[] = [
    { id: uid('misc', 300), name: 'Busy VMs', query: 'Vms: cpu_usage > 80', created_at: created },
    {
      id: uid('misc', 301),
      name: 'Hosts in maintenance',
      query: 'Hosts: status = maintenance',
      created_at: created,
    },
    {
      id: uid('misc', 302),
      name: '100%_errors',
      query: 'Events: severity = error',
      created_at: created,
    },
  ];

  return {
    dataCenters,
    clusters,
    hosts,
    networks,
    clusterNetworks,
    hostNics,
    glusterVolumes: volumes,
    glusterBricks: bricks,
    storageDomains,
    templates,
    pools,
    vms,
    vmNics,
    disks,
    vmDisks,
    snapshots: [],
    diskVolumes: [],
    users,
    groupMembers,
    roles,
    permissions,
    tags,
    tagAssignments,
    jobs,
    jobSteps: [],
    auditEvents,
    bookmarks,
  };
}

/** Loads the fixture into a fresh, migrated store, one INSERT per table. */
export async function loadSearchFixture(db: Db, fixture: SearchFixture): Promise<void> {
  const tables: (readonly [keyof SearchFixture, string])[] = [
    ...FLEET_TABLES,
    ['bookmarks', 'bookmark'],
  ];
  for (const [key, table] of tables) {
    const rows = fixture[key];
    const first = rows[0];
    if (!first) continue;
    // Name the fixture's columns, so columns later migrations add take their defaults.
    const columns = Object.keys(first).join(', ');
    await db.query(
      `INSERT INTO ${table} (${columns})
       SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`,
      [JSON.stringify(rows)],
    );
  }
}
