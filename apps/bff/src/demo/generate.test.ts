import { SEARCH_PAGE_SIZE, parseSearch } from '@corral/shared';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BOOKMARKS } from './bookmarks.js';
import { FLEET_SIZES, FLEET_TABLES, type Fleet, type FleetPreset } from './fleet.js';
import { generateFleet } from './generate.js';
import { EVENT_WINDOW_DAYS } from './history.js';
import { ON_HOST_STATUSES } from './workloads.js';

const NOW = new Date('2026-11-01T12:00:00Z');
const fleets = new Map<FleetPreset, Fleet>();
/** Generated once per preset: the invariants below all read the same fleets. */
function fleet(preset: FleetPreset): Fleet {
  let f = fleets.get(preset);
  if (!f) {
    f = generateFleet({ seed: 2013, size: preset, now: NOW });
    fleets.set(preset, f);
  }
  return f;
}

const PRESETS = Object.keys(FLEET_SIZES) as FleetPreset[];

function countBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + 1);
  return m;
}

function duplicates(values: readonly string[]): string[] {
  return [...countBy(values, (v) => v)].filter(([, n]) => n > 1).map(([v]) => v);
}

describe('generateFleet determinism', () => {
  it('gives the same fleet for the same seed, size and now', () => {
    const a = generateFleet({ seed: 42, size: 'demo', now: NOW });
    const b = generateFleet({ seed: 42, size: 'demo', now: NOW });
    expect(b).toEqual(a);
  });

  it('gives a different fleet for a different seed', () => {
    const a = generateFleet({ seed: 42, size: 'small', now: NOW });
    const b = generateFleet({ seed: 43, size: 'small', now: NOW });
    expect(b.vms.map((v) => v.id)).not.toEqual(a.vms.map((v) => v.id));
    expect(b.hosts.map((h) => h.memory_mb)).not.toEqual(a.hosts.map((h) => h.memory_mb));
    expect(b.vms.map((v) => v.status)).not.toEqual(a.vms.map((v) => v.status));
  });

  it('ends the audit log at the given now', () => {
    const later = new Date(NOW.getTime() + 86_400_000);
    const a = generateFleet({ seed: 42, size: 'small', now: NOW });
    const b = generateFleet({ seed: 42, size: 'small', now: later });
    for (const [f, now] of [
      [a, NOW],
      [b, later],
    ] as const) {
      const times = f.auditEvents.map((e) => Date.parse(e.time));
      expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
      expect(Math.min(...times)).toBeGreaterThanOrEqual(
        now.getTime() - EVENT_WINDOW_DAYS * 86_400_000,
      );
    }
  });

  it('refuses sizes it cannot build', () => {
    expect(() =>
      generateFleet({
        seed: 1,
        size: { dataCenters: 1, clustersPerDc: 2, hosts: 3, vms: 10 },
        now: NOW,
      }),
    ).toThrow(RangeError);
    expect(() =>
      generateFleet({
        seed: 1,
        size: { dataCenters: 0, clustersPerDc: 1, hosts: 9, vms: 10 },
        now: NOW,
      }),
    ).toThrow(RangeError);
    expect(() => generateFleet({ seed: 1, size: 'small', now: new Date('not a date') })).toThrow(
      RangeError,
    );
  });

  it('builds custom sizes too, a single cluster holding the Gluster service', () => {
    const f = generateFleet({
      seed: 5,
      size: { dataCenters: 1, clustersPerDc: 1, hosts: 4, vms: 30 },
      now: NOW,
    });
    expect(f.clusters).toHaveLength(1);
    expect(f.clusters[0]?.gluster_service).toBe(true);
    expect(f.hosts).toHaveLength(4);
    expect(f.vms).toHaveLength(30);
  });
});

describe.each(PRESETS)('the %s fleet', (preset) => {
  const size = FLEET_SIZES[preset];

  it('has exactly the preset size', () => {
    const f = fleet(preset);
    expect(f.dataCenters).toHaveLength(size.dataCenters);
    expect(f.clusters).toHaveLength(size.dataCenters * size.clustersPerDc);
    for (const dc of f.dataCenters) {
      expect(f.clusters.filter((c) => c.data_center_id === dc.id)).toHaveLength(size.clustersPerDc);
    }
    expect(f.hosts).toHaveLength(size.hosts);
    expect(f.vms).toHaveLength(size.vms);
  });

  // Large fleets have 50,000 VMs: collect what is wrong and assert once.
  it('runs every running VM on an Up host of its own cluster, and no other VM anywhere', () => {
    const f = fleet(preset);
    const hosts = new Map(f.hosts.map((h) => [h.id, h]));
    const wrong: string[] = [];
    for (const vm of f.vms) {
      const host = hosts.get(vm.host_id ?? '');
      if (ON_HOST_STATUSES.has(vm.status)) {
        if (!host) wrong.push(`${vm.name}: ${vm.status} without a host`);
        else if (host.status !== 'Up')
          wrong.push(`${vm.name}: on ${host.status} host ${host.name}`);
        else if (host.cluster_id !== vm.cluster_id)
          wrong.push(`${vm.name}: on ${host.name} of another cluster`);
        if (!vm.ip || !vm.fqdn || !vm.started_at)
          wrong.push(`${vm.name}: running without ip, fqdn or start time`);
      } else if (vm.host_id || vm.ip || vm.started_at || vm.logged_in_user || vm.cpu_usage) {
        wrong.push(`${vm.name}: ${vm.status} but has a host, ip, start time, user or load`);
      }
      if (vm.logged_in_user && vm.vm_type !== 'Desktop')
        wrong.push(`${vm.name}: logged-in user on a server`);
    }
    expect(wrong).toEqual([]);
  });

  it('never gives a host more VM memory than it has, and counts its VMs right', () => {
    const f = fleet(preset);
    const onHost = new Map<string, Fleet['vms']>();
    for (const v of f.vms)
      if (v.host_id) onHost.set(v.host_id, [...(onHost.get(v.host_id) ?? []), v]);
    const wrong: string[] = [];
    for (const host of f.hosts) {
      const mine = onHost.get(host.id) ?? [];
      const memory = mine.reduce((n, v) => n + v.memory_mb, 0);
      if (memory > host.memory_mb)
        wrong.push(`${host.name}: ${memory} MB of VMs in ${host.memory_mb} MB`);
      if (host.active_vms !== mine.length)
        wrong.push(`${host.name}: active_vms ${host.active_vms}, runs ${mine.length}`);
      // Memory use includes the guests' memory, and an idle host is idle.
      if (host.mem_usage < Math.floor((100 * memory) / host.memory_mb))
        wrong.push(`${host.name}: mem_usage too low`);
      if (mine.length === 0 && host.cpu_usage > 5) wrong.push(`${host.name}: busy without VMs`);
      for (const u of [host.cpu_usage, host.mem_usage, host.net_usage]) {
        if (!(u >= 0 && u <= 100)) wrong.push(`${host.name}: usage ${u}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keeps VM timelines in order', () => {
    const f = fleet(preset);
    const now = NOW.getTime();
    const hosts = new Map(f.hosts.map((h) => [h.id, h]));
    const clusters = new Map(f.clusters.map((c) => [c.id, c]));
    const templates = new Map(f.templates.map((t) => [t.id, t]));
    const wrong: string[] = [];
    for (const vm of f.vms) {
      const created = Date.parse(vm.created_at);
      if (created > now) wrong.push(`${vm.name}: created in the future`);
      if (created < Date.parse(clusters.get(vm.cluster_id)?.created_at ?? ''))
        wrong.push(`${vm.name}: before its cluster`);
      const template = templates.get(vm.template_id ?? '');
      if (template?.cluster_id && created <= Date.parse(template.created_at))
        wrong.push(`${vm.name}: before its template`);
      if (vm.started_at) {
        const started = Date.parse(vm.started_at);
        const boot = Date.parse(hosts.get(vm.host_id ?? '')?.boot_time ?? '');
        if (started < created || started > now || !(started >= boot))
          wrong.push(`${vm.name}: started ${vm.started_at}`);
      }
    }
    expect(wrong).toEqual([]);
    const times = f.auditEvents.map((e) => e.time);
    expect(times).toEqual([...times].sort());
  });

  it('has one Master Data domain per data center, at most one ISO and one Export', () => {
    const f = fleet(preset);
    for (const dc of f.dataCenters) {
      const mine = f.storageDomains.filter((s) => s.data_center_id === dc.id);
      expect(mine.filter((s) => s.is_master)).toHaveLength(1);
      expect(mine.find((s) => s.is_master)?.domain_type).toBe('Data');
      expect(mine.filter((s) => s.domain_type === 'ISO').length).toBeLessThanOrEqual(1);
      expect(mine.filter((s) => s.domain_type === 'Export').length).toBeLessThanOrEqual(1);
    }
  });

  it('sizes storage from the disks on it', () => {
    const f = fleet(preset);
    const used = countBy(f.disks, (d) => d.storage_domain_id);
    const gb = new Map<string, number>();
    for (const d of f.disks)
      gb.set(d.storage_domain_id, (gb.get(d.storage_domain_id) ?? 0) + d.actual_size_gb);
    for (const sd of f.storageDomains) {
      expect(sd.used_gb, sd.name).toBeLessThanOrEqual(sd.total_gb);
      if (used.has(sd.id))
        expect(sd.used_gb, sd.name).toBeGreaterThanOrEqual((gb.get(sd.id) ?? 0) - 1);
      if (sd.domain_type !== 'Data') expect(used.has(sd.id), sd.name).toBe(false);
    }
    // Thin disks hold part of their size, snapshot layers a few % each.
    expect(f.disks.filter((d) => d.actual_size_gb > d.size_gb * 1.2).map((d) => d.alias)).toEqual(
      [],
    );
  });

  it('has a replica-3 Gluster volume with its bricks on three Up hosts of its cluster', () => {
    const f = fleet(preset);
    const hosts = new Map(f.hosts.map((h) => [h.id, h]));
    expect(f.glusterVolumes.length).toBeGreaterThan(0);
    for (const vol of f.glusterVolumes) {
      const bricks = f.glusterBricks.filter((b) => b.volume_id === vol.id);
      expect(vol.volume_type).toBe('Replicate');
      expect(bricks).toHaveLength(vol.replica_count);
      expect(vol.replica_count).toBe(3);
      expect(new Set(bricks.map((b) => b.host_id)).size).toBe(3);
      for (const b of bricks) {
        expect(hosts.get(b.host_id)?.status).toBe('Up');
        expect(hosts.get(b.host_id)?.cluster_id).toBe(vol.cluster_id);
      }
      expect(f.clusters.find((c) => c.id === vol.cluster_id)?.gluster_service).toBe(true);
      // Optimized for virt store: gluster's virt group and the qemu owner.
      expect(vol.options).toMatchObject({
        'performance.quick-read': 'off',
        'network.remote-dio': 'enable',
        'cluster.eager-lock': 'enable',
        'storage.owner-uid': '36',
        'storage.owner-gid': '36',
      });
    }
  });

  it('has one SPM per data center, an Up host', () => {
    const f = fleet(preset);
    const clusterDc = new Map(f.clusters.map((c) => [c.id, c.data_center_id]));
    for (const dc of f.dataCenters) {
      const spm = f.hosts.filter((h) => h.spm && clusterDc.get(h.cluster_id) === dc.id);
      expect(spm).toHaveLength(1);
      expect(spm[0]?.status).toBe('Up');
    }
  });

  it('keeps names and keys unique where the store does', () => {
    const f = fleet(preset);
    const unique: [string, string[]][] = [
      ['data center', f.dataCenters.map((x) => x.name)],
      ['cluster', f.clusters.map((x) => x.name)],
      ['host', f.hosts.map((x) => x.name)],
      ['storage domain', f.storageDomains.map((x) => x.name)],
      ['template', f.templates.map((x) => x.name)],
      ['pool', f.pools.map((x) => x.name)],
      ['vm', f.vms.map((x) => x.name)],
      ['role', f.roles.map((x) => x.name)],
      ['tag', f.tags.map((x) => x.name)],
      ['user', f.users.map((x) => `${x.username}@${x.domain}`)],
      ['network', f.networks.map((x) => `${x.data_center_id}/${x.name}`)],
      ['host nic', f.hostNics.map((x) => `${x.host_id}/${x.name}`)],
      ['vm nic', f.vmNics.map((x) => `${x.vm_id}/${x.name}`)],
      ['vm nic mac', f.vmNics.map((x) => x.mac)],
      ['brick', f.glusterBricks.map((x) => `${x.host_id}:${x.directory}`)],
      ['cluster network', f.clusterNetworks.map((x) => `${x.cluster_id}/${x.network_id}`)],
      ['vm disk', f.vmDisks.map((x) => `${x.vm_id}/${x.disk_id}`)],
      ['group member', f.groupMembers.map((x) => `${x.group_id}/${x.user_id}`)],
      [
        'tag assignment',
        f.tagAssignments.map((x) => `${x.tag_id}/${x.object_type}/${x.object_id}`),
      ],
      ['running vm ip', f.vms.flatMap((x) => (x.ip ? [x.ip] : []))],
    ];
    for (const [key] of FLEET_TABLES) {
      const rows = f[key] as readonly object[];
      if (rows[0] && 'id' in rows[0])
        unique.push([`${key} id`, rows.map((r) => String((r as { id: unknown }).id))]);
    }
    for (const [what, values] of unique) expect(duplicates(values), what).toEqual([]);
  });

  it('refers only to rows that exist', () => {
    const f = fleet(preset);
    const ids = (rows: readonly { id: string }[]) => new Set(rows.map((r) => r.id));
    const sets = {
      dataCenters: ids(f.dataCenters),
      clusters: ids(f.clusters),
      hosts: ids(f.hosts),
      networks: ids(f.networks),
      glusterVolumes: ids(f.glusterVolumes),
      storageDomains: ids(f.storageDomains),
      templates: ids(f.templates),
      pools: ids(f.pools),
      vms: ids(f.vms),
      disks: ids(f.disks),
      snapshots: ids(f.snapshots),
      diskVolumes: ids(f.diskVolumes),
      users: ids(f.users),
      roles: ids(f.roles),
      tags: ids(f.tags),
      jobs: ids(f.jobs),
      jobSteps: ids(f.jobSteps),
    };
    type Target = keyof typeof sets;
    const check = <T>(
      what: string,
      rows: readonly T[],
      ref: (r: T) => string | null,
      target: Target,
      nullable = false,
    ) => {
      const missing = rows
        .map(ref)
        .filter((id) => (id === null ? !nullable : !sets[target].has(id)));
      expect(missing, what).toEqual([]);
    };
    check('cluster → data center', f.clusters, (r) => r.data_center_id, 'dataCenters');
    check('host → cluster', f.hosts, (r) => r.cluster_id, 'clusters');
    check('network → data center', f.networks, (r) => r.data_center_id, 'dataCenters');
    check('cluster network → cluster', f.clusterNetworks, (r) => r.cluster_id, 'clusters');
    check('cluster network → network', f.clusterNetworks, (r) => r.network_id, 'networks');
    check('host nic → host', f.hostNics, (r) => r.host_id, 'hosts');
    check('host nic → network', f.hostNics, (r) => r.network_id, 'networks', true);
    check('gluster volume → cluster', f.glusterVolumes, (r) => r.cluster_id, 'clusters');
    check('brick → volume', f.glusterBricks, (r) => r.volume_id, 'glusterVolumes');
    check('brick → host', f.glusterBricks, (r) => r.host_id, 'hosts');
    check(
      'storage domain → data center',
      f.storageDomains,
      (r) => r.data_center_id,
      'dataCenters',
      true,
    );
    check(
      'storage domain → volume',
      f.storageDomains,
      (r) => r.gluster_volume_id,
      'glusterVolumes',
      true,
    );
    check('template → cluster', f.templates, (r) => r.cluster_id, 'clusters', true);
    check('pool → cluster', f.pools, (r) => r.cluster_id, 'clusters');
    check('pool → template', f.pools, (r) => r.template_id, 'templates');
    check('vm → cluster', f.vms, (r) => r.cluster_id, 'clusters');
    check('vm → host', f.vms, (r) => r.host_id, 'hosts', true);
    check('vm → template', f.vms, (r) => r.template_id, 'templates', true);
    check('vm → pool', f.vms, (r) => r.pool_id, 'pools', true);
    check('vm nic → vm', f.vmNics, (r) => r.vm_id, 'vms');
    check('vm nic → network', f.vmNics, (r) => r.network_id, 'networks', true);
    check('disk → storage domain', f.disks, (r) => r.storage_domain_id, 'storageDomains');
    check('disk → template', f.disks, (r) => r.template_id, 'templates', true);
    check('vm disk → vm', f.vmDisks, (r) => r.vm_id, 'vms');
    check('vm disk → disk', f.vmDisks, (r) => r.disk_id, 'disks');
    check('snapshot → vm', f.snapshots, (r) => r.vm_id, 'vms');
    check('disk volume → disk', f.diskVolumes, (r) => r.disk_id, 'disks');
    check('disk volume → parent', f.diskVolumes, (r) => r.parent_id, 'diskVolumes', true);
    check('disk volume → snapshot', f.diskVolumes, (r) => r.snapshot_id, 'snapshots', true);
    check('group member → group', f.groupMembers, (r) => r.group_id, 'users');
    check('group member → user', f.groupMembers, (r) => r.user_id, 'users');
    check('permission → user', f.permissions, (r) => r.user_id, 'users');
    check('permission → role', f.permissions, (r) => r.role_id, 'roles');
    check('tag → parent', f.tags, (r) => r.parent_id, 'tags', true);
    check('tag assignment → tag', f.tagAssignments, (r) => r.tag_id, 'tags');
    check('job step → job', f.jobSteps, (r) => r.job_id, 'jobs');
    check('job step → parent', f.jobSteps, (r) => r.parent_id, 'jobSteps', true);
    check('event → job', f.auditEvents, (r) => r.job_id, 'jobs', true);

    // Objects named by type: permissions, tags, events.
    const byType: Record<string, Target | undefined> = {
      DataCenter: 'dataCenters',
      Cluster: 'clusters',
      Host: 'hosts',
      StorageDomain: 'storageDomains',
      Vm: 'vms',
      Template: 'templates',
      Pool: 'pools',
      User: 'users',
    };
    const exists = (type: string, id: string | null) =>
      type === 'System' ? id === null : sets[byType[type] ?? 'snapshots'].has(id ?? '');
    expect(f.permissions.filter((p) => !exists(p.object_type, p.object_id))).toEqual([]);
    expect(f.tagAssignments.filter((t) => !exists(t.object_type, t.object_id))).toEqual([]);
    // Rows inserted in order: a parent comes before its children in the same table.
    const seenTags = new Set<string>();
    for (const t of f.tags) {
      if (t.parent_id) expect(seenTags.has(t.parent_id)).toBe(true);
      seenTags.add(t.id);
    }
    const seenVolumes = new Set<string>();
    for (const v of f.diskVolumes) {
      if (v.parent_id) expect(seenVolumes.has(v.parent_id)).toBe(true);
      seenVolumes.add(v.id);
    }
  });

  type Event = Fleet['auditEvents'][number];
  type Ref = [id: string | null, name: string | null];
  it('names the objects of each event as they are called', () => {
    const f = fleet(preset);
    const names = (rows: readonly { id: string; name: string }[]) =>
      new Map(rows.map((r) => [r.id, r.name]));
    const pairs = [
      [names(f.dataCenters), (e: Event): Ref => [e.data_center_id, e.data_center_name]],
      [names(f.clusters), (e: Event): Ref => [e.cluster_id, e.cluster_name]],
      [names(f.hosts), (e: Event): Ref => [e.host_id, e.host_name]],
      [names(f.vms), (e: Event): Ref => [e.vm_id, e.vm_name]],
      [names(f.storageDomains), (e: Event): Ref => [e.storage_domain_id, e.storage_domain_name]],
      [names(f.glusterVolumes), (e: Event): Ref => [e.volume_id, e.volume_name]],
    ] as const;
    const wrong: string[] = [];
    for (const e of f.auditEvents) {
      for (const [byId, refOf] of pairs) {
        const [id, name] = refOf(e);
        if ((id === null && name !== null) || (id !== null && byId.get(id) !== name))
          wrong.push(`${e.message}: ${name}`);
      }
      if (e.vm_name && !e.message.includes(e.vm_name))
        wrong.push(`${e.message}: not about ${e.vm_name}`);
    }
    expect(wrong).toEqual([]);
  });

  it('gives every disk a volume chain: one layer per snapshot plus the active one', () => {
    const f = fleet(preset);
    const vmOfDisk = new Map(f.vmDisks.map((d) => [d.disk_id, d.vm_id]));
    const snapshots = countBy(f.snapshots, (s) => s.vm_id);
    const volumes = countBy(f.diskVolumes, (v) => v.disk_id);
    const tops = countBy(
      f.diskVolumes.filter((v) => v.snapshot_id === null),
      (v) => v.disk_id,
    );
    const wrong = f.disks.filter((d) => {
      const vm = vmOfDisk.get(d.id);
      return volumes.get(d.id) !== 1 + (vm ? (snapshots.get(vm) ?? 0) : 0) || tops.get(d.id) !== 1;
    });
    expect(wrong.map((d) => d.alias)).toEqual([]);
  });
});

describe('the demo fleet answers the SEARCH.md examples and the bookmarks', () => {
  // What the examples ask, computed over the generated objects.
  const f = () => fleet('demo');
  const hostsById = () => new Map(f().hosts.map((h) => [h.id, h]));
  const clusterName = () => new Map(f().clusters.map((c) => [c.id, c.name]));

  it('has busy running VMs (status = up and cpu_usage > 80)', () => {
    expect(f().vms.filter((v) => v.status === 'Up' && v.cpu_usage > 80).length).toBeGreaterThan(0);
  });

  it('has a second page of VMs in cluster Default on hosts rhev-2*', () => {
    const hosts = hostsById();
    const clusters = clusterName();
    const matches = f().vms.filter(
      (v) =>
        clusters.get(v.cluster_id) === 'Default' &&
        /^rhev-2/i.test(hosts.get(v.host_id ?? '')?.name ?? ''),
    );
    expect(matches.length).toBeGreaterThan(SEARCH_PAGE_SIZE);
  });

  it('has Windows VMs and VMs named RHEL*', () => {
    expect(f().vms.some((v) => v.os.startsWith('windows'))).toBe(true);
    expect(f().vms.some((v) => /^rhel/i.test(v.name))).toBe(true);
    expect(f().vms.some((v) => v.os.startsWith('rhel'))).toBe(true);
  });

  it('has hosts in maintenance and non-operational, and full ones in Default', () => {
    const clusters = clusterName();
    expect(f().hosts.some((h) => h.status === 'Maintenance')).toBe(true);
    expect(f().hosts.some((h) => h.status === 'NonOperational')).toBe(true);
    expect(
      f().hosts.some((h) => clusters.get(h.cluster_id) === 'Default' && h.mem_usage >= 90),
    ).toBe(true);
  });

  it('has error events, some on hosts over 80% CPU', () => {
    const hosts = hostsById();
    const errors = f().auditEvents.filter((e) => e.severity === 'Error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => (hosts.get(e.host_id ?? '')?.cpu_usage ?? 0) > 80)).toBe(true);
    for (const severity of ['Normal', 'Warning', 'Alert']) {
      expect(
        f().auditEvents.some((e) => e.severity === severity),
        severity,
      ).toBe(true);
    }
  });

  it('has storage outside data center Default and an Up replicate volume', () => {
    const dcName = new Map(f().dataCenters.map((d) => [d.id, d.name]));
    expect(
      f().storageDomains.some(
        (s) => s.data_center_id && dcName.get(s.data_center_id) !== 'Default',
      ),
    ).toBe(true);
    expect(f().glusterVolumes.some((v) => v.volume_type === 'Replicate' && v.status === 'Up')).toBe(
      true,
    );
  });

  it('finds something for every default bookmark, each a valid query', () => {
    const vms = f().vms;
    const hosts = f().hosts;
    const found: Record<string, number> = {
      'Vms: type = desktop': vms.filter((v) => v.vm_type === 'Desktop').length,
      'Vms: type = server': vms.filter((v) => v.vm_type === 'Server').length,
      'Vms: os = windows*': vms.filter((v) => v.os.startsWith('windows')).length,
      'Vms: os = rhel*': vms.filter((v) => v.os.startsWith('rhel')).length,
      'Hosts: cpu_usage > 80': hosts.filter((h) => h.cpu_usage > 80).length,
      'Hosts: net_usage > 80': hosts.filter((h) => h.net_usage > 80).length,
      'Vms: status = up': vms.filter((v) => v.status === 'Up').length,
    };
    for (const b of DEFAULT_BOOKMARKS) {
      expect(parseSearch(b.query).ok, b.query).toBe(true);
      expect(found[b.query], b.name).toBeGreaterThan(0);
    }
    expect(new Set(DEFAULT_BOOKMARKS.map((b) => b.query))).toEqual(new Set(Object.keys(found)));
  });
});
