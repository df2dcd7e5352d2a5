// What a search over the fixture should return, worked out in plain JavaScript from the
// fixture's arrays, independently of the SQL compiler: the store tests hold the two
// against each other. Semantics as docs/search.md states them.
import {
  SEARCH_OBJECTS,
  SEARCH_PAGE_SIZE,
  searchField,
  type SearchCondition,
  type SearchObjectKey,
  type SearchQuery,
  type SearchSort,
  type SearchValue,
} from '@corral/shared';
import type { SearchFixture } from './fixture.js';

export type Id = string | number;
export type OracleRow = { readonly id: Id } & Record<string, unknown>;

const DAY_MS = 86_400_000;
/** Pool VMs in these states are not "running" (no QEMU process). */
const IDLE = new Set(['Down', 'Suspended', 'ImageLocked']);

const byId = <T extends { id: Id }>(rows: readonly T[]) => new Map(rows.map((r) => [r.id, r]));
const count = <T>(rows: readonly T[], p: (r: T) => boolean) => rows.filter(p).length;
const uniq = (ids: Iterable<Id | null | undefined>): Id[] => [
  ...new Set([...ids].filter((x): x is Id => x !== null && x !== undefined)),
];
/** string_agg(… ORDER BY … COLLATE "C"): code-unit order, which is byte order for ASCII. */
const agg = (values: string[]) =>
  values.length ? [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(', ') : null;

export class SearchOracle {
  readonly rows: Record<SearchObjectKey, OracleRow[]>;
  /** Values of many-valued fields (tag, a disk's vm), per object, field and row id. */
  private readonly many = new Map<string, Map<Id, string[]>>();
  private readonly links: Record<string, (id: Id) => Id[]>;

  constructor(
    private readonly fx: SearchFixture,
    private readonly now: Date,
  ) {
    const dcs = byId(fx.dataCenters);
    const clusters = byId(fx.clusters);
    const hosts = byId(fx.hosts);
    const pools = byId(fx.pools);
    const templates = byId(fx.templates);
    const sds = byId(fx.storageDomains);
    const vms = byId(fx.vms);
    const dcOfCluster = (id: string | null | undefined) =>
      id ? (clusters.get(id)?.data_center_id ?? null) : null;
    const name = <T extends { name: string }>(m: Map<Id, T>, id: Id | null | undefined) =>
      id === null || id === undefined ? null : (m.get(id)?.name ?? null);
    const seconds = (since: string | null) =>
      since === null ? null : Math.floor((this.now.getTime() - Date.parse(since)) / 1000);
    const tagsOf = (type: string, id: Id) =>
      fx.tagAssignments
        .filter((a) => a.object_type === type && a.object_id === id)
        .map((a) => fx.tags.find((t) => t.id === a.tag_id)?.name ?? '');
    const disksVms = (diskId: Id) =>
      fx.vmDisks.filter((d) => d.disk_id === diskId).map((d) => vms.get(d.vm_id)?.name ?? '');
    const setMany = (object: SearchObjectKey, field: string, id: Id, values: string[]) => {
      const key = `${object}.${field}`;
      if (!this.many.has(key)) this.many.set(key, new Map());
      this.many.get(key)?.set(id, values);
      return agg(values);
    };

    this.rows = {
      datacenter: fx.dataCenters.map((d) => ({
        id: d.id,
        name: d.name,
        status: d.status,
        storage_type: d.storage_mode,
        compat_version: d.compat_version,
        quota_mode: d.quota_mode,
        clusters: count(fx.clusters, (c) => c.data_center_id === d.id),
        hosts: count(fx.hosts, (h) => dcOfCluster(h.cluster_id) === d.id),
        description: d.description,
      })),
      cluster: fx.clusters.map((c) => ({
        id: c.id,
        name: c.name,
        datacenter: name(dcs, c.data_center_id),
        compat_version: c.compat_version,
        cpu_type: c.cpu_type,
        virt_service: c.virt_service,
        gluster_service: c.gluster_service,
        hosts: count(fx.hosts, (h) => h.cluster_id === c.id),
        vms: count(fx.vms, (v) => v.cluster_id === c.id),
        mem_overcommit: c.mem_overcommit,
        migration_policy: c.migration_policy,
        fencing_enabled: c.fencing_enabled,
        description: c.description,
      })),
      host: fx.hosts.map((h) => ({
        id: h.id,
        name: h.name,
        address: h.address,
        status: h.status,
        cluster: name(clusters, h.cluster_id),
        datacenter: name(dcs, dcOfCluster(h.cluster_id)),
        active_vms: h.active_vms,
        cpu_usage: h.cpu_usage,
        mem_usage: h.mem_usage,
        net_usage: h.net_usage,
        cpus: h.cpus,
        memory: h.memory_mb,
        cpu_model: h.cpu_model,
        os_version: h.os_version,
        driver: h.driver,
        spm: h.spm,
        uptime: seconds(h.boot_time),
        tag: setMany('host', 'tag', h.id, tagsOf('Host', h.id)),
      })),
      storage: fx.storageDomains.map((s) => ({
        id: s.id,
        name: s.name,
        type: s.domain_type,
        storage_type: s.storage_type,
        status: s.status,
        datacenter: name(dcs, s.data_center_id),
        master: s.is_master,
        size: s.total_gb,
        used: s.used_gb,
        free: s.total_gb - s.used_gb,
        usage: s.total_gb > 0 ? Math.round((s.used_gb * 100) / s.total_gb) : 0,
        path: s.path,
        description: s.description,
      })),
      disk: fx.disks.map((d) => ({
        id: d.id,
        name: d.alias,
        size: d.size_gb,
        actual_size: d.actual_size_gb,
        storage: name(sds, d.storage_domain_id),
        datacenter: name(dcs, sds.get(d.storage_domain_id)?.data_center_id),
        vm: setMany('disk', 'vm', d.id, disksVms(d.id)),
        status: d.status,
        format: d.format,
        interface: d.interface,
        shareable: d.shareable,
        creationdate: d.created_at,
        description: d.description,
      })),
      vm: fx.vms.map((v) => ({
        id: v.id,
        name: v.name,
        status: v.status,
        host: name(hosts, v.host_id),
        ip: v.ip,
        fqdn: v.fqdn,
        cluster: name(clusters, v.cluster_id),
        datacenter: name(dcs, dcOfCluster(v.cluster_id)),
        cpu_usage: v.cpu_usage,
        mem_usage: v.mem_usage,
        net_usage: v.net_usage,
        memory: v.memory_mb,
        vcpus: v.vcpus,
        os: v.os,
        type: v.vm_type,
        uptime: seconds(v.started_at),
        loggedinuser: v.logged_in_user,
        pool: name(pools, v.pool_id),
        template: name(templates, v.template_id),
        display: v.display,
        ha: v.ha,
        creationdate: v.created_at,
        tag: setMany('vm', 'tag', v.id, tagsOf('Vm', v.id)),
        description: v.description,
      })),
      pool: fx.pools.map((p) => ({
        id: p.id,
        name: p.name,
        size: p.size,
        running: count(fx.vms, (v) => v.pool_id === p.id && !IDLE.has(v.status)),
        type: p.pool_type,
        prestarted: p.prestarted,
        max_per_user: p.max_per_user,
        template: name(templates, p.template_id),
        cluster: name(clusters, p.cluster_id),
        datacenter: name(dcs, dcOfCluster(p.cluster_id)),
        stateless: p.stateless,
        description: p.description,
      })),
      template: fx.templates.map((t) => ({
        id: t.id,
        name: t.name,
        status: t.status,
        os: t.os,
        cluster: name(clusters, t.cluster_id),
        datacenter: name(dcs, dcOfCluster(t.cluster_id)),
        memory: t.memory_mb,
        vcpus: t.vcpus,
        type: t.vm_type,
        vms: count(fx.vms, (v) => v.template_id === t.id),
        creationdate: t.created_at,
        description: t.description,
      })),
      volume: fx.glusterVolumes.map((g) => ({
        id: g.id,
        name: g.name,
        type: g.volume_type,
        status: g.status,
        cluster: name(clusters, g.cluster_id),
        datacenter: name(dcs, dcOfCluster(g.cluster_id)),
        bricks: count(fx.glusterBricks, (b) => b.volume_id === g.id),
        replica_count: g.replica_count,
        transport: g.transport,
        creationdate: g.created_at,
      })),
      network: fx.networks.map((n) => ({
        id: n.id,
        name: n.name,
        datacenter: name(dcs, n.data_center_id),
        vlan: n.vlan_id,
        mtu: n.mtu,
        vm_network: n.vm_network,
        status: n.status,
        description: n.description,
      })),
      user: fx.users.map((u) => ({
        id: u.id,
        name: u.username,
        firstname: u.first_name,
        lastname: u.last_name,
        email: u.email,
        domain: u.domain,
        department: u.department,
        group: u.is_group,
        tag: setMany('user', 'tag', u.id, tagsOf('User', u.id)),
      })),
      event: fx.auditEvents.map((e) => ({
        id: e.id,
        severity: e.severity,
        time: e.time,
        message: e.message,
        user: e.user_name,
        host: e.host_name,
        vm: e.vm_name,
        cluster: e.cluster_name,
        datacenter: e.data_center_name,
        storage: e.storage_domain_name,
        volume: e.volume_name,
        code: e.code,
        correlation_id: e.correlation_id,
      })),
      job: fx.jobs.map((j) => ({
        id: j.id,
        description: j.description,
        status: j.status,
        progress: j.progress,
        user: j.user_name,
        start_time: j.start_time,
        end_time: j.end_time,
      })),
      bookmark: fx.bookmarks.map((b) => ({ id: b.id, name: b.name, query: b.query })),
    };

    const ev = fx.auditEvents;
    const vmIdsOfDisk = (diskId: Id) =>
      fx.vmDisks.filter((d) => d.disk_id === diskId).map((d) => d.vm_id);
    const diskIdsOfVm = (vmId: Id) =>
      fx.vmDisks.filter((d) => d.vm_id === vmId).map((d) => d.disk_id);
    const vmPermissions = fx.permissions.filter((p) => p.object_type === 'Vm');
    const cl = (id: Id) => clusters.get(id);
    this.links = {
      'datacenter>cluster': (id) =>
        fx.clusters.filter((c) => c.data_center_id === id).map((c) => c.id),
      'datacenter>host': (id) =>
        fx.hosts.filter((h) => dcOfCluster(h.cluster_id) === id).map((h) => h.id),
      'datacenter>vm': (id) =>
        fx.vms.filter((v) => dcOfCluster(v.cluster_id) === id).map((v) => v.id),
      'datacenter>storage': (id) =>
        fx.storageDomains.filter((s) => s.data_center_id === id).map((s) => s.id),
      'datacenter>network': (id) =>
        fx.networks.filter((n) => n.data_center_id === id).map((n) => n.id),
      'datacenter>event': (id) => ev.filter((e) => e.data_center_id === id).map((e) => e.id),
      'cluster>datacenter': (id) => uniq([cl(id)?.data_center_id]),
      'cluster>host': (id) => fx.hosts.filter((h) => h.cluster_id === id).map((h) => h.id),
      'cluster>vm': (id) => fx.vms.filter((v) => v.cluster_id === id).map((v) => v.id),
      'cluster>volume': (id) =>
        fx.glusterVolumes.filter((g) => g.cluster_id === id).map((g) => g.id),
      'cluster>network': (id) =>
        fx.clusterNetworks.filter((c) => c.cluster_id === id).map((c) => c.network_id),
      'cluster>event': (id) => ev.filter((e) => e.cluster_id === id).map((e) => e.id),
      'host>vm': (id) => fx.vms.filter((v) => v.host_id === id).map((v) => v.id),
      'host>cluster': (id) => uniq([hosts.get(id)?.cluster_id]),
      'host>datacenter': (id) => uniq([dcOfCluster(hosts.get(id)?.cluster_id)]),
      'host>event': (id) => ev.filter((e) => e.host_id === id).map((e) => e.id),
      'host>volume': (id) =>
        uniq(fx.glusterBricks.filter((b) => b.host_id === id).map((b) => b.volume_id)),
      'host>network': (id) =>
        uniq(fx.hostNics.filter((n) => n.host_id === id).map((n) => n.network_id)),
      'storage>datacenter': (id) => uniq([sds.get(id)?.data_center_id]),
      'storage>disk': (id) => fx.disks.filter((d) => d.storage_domain_id === id).map((d) => d.id),
      'storage>vm': (id) =>
        uniq(fx.disks.filter((d) => d.storage_domain_id === id).flatMap((d) => vmIdsOfDisk(d.id))),
      'storage>event': (id) => ev.filter((e) => e.storage_domain_id === id).map((e) => e.id),
      'disk>storage': (id) => uniq([fx.disks.find((d) => d.id === id)?.storage_domain_id]),
      'disk>vm': (id) => uniq(vmIdsOfDisk(id)),
      'disk>template': (id) => uniq([fx.disks.find((d) => d.id === id)?.template_id]),
      'disk>datacenter': (id) =>
        uniq([sds.get(fx.disks.find((d) => d.id === id)?.storage_domain_id ?? '')?.data_center_id]),
      'vm>host': (id) => uniq([vms.get(id)?.host_id]),
      'vm>cluster': (id) => uniq([vms.get(id)?.cluster_id]),
      'vm>datacenter': (id) => uniq([dcOfCluster(vms.get(id)?.cluster_id)]),
      'vm>template': (id) => uniq([vms.get(id)?.template_id]),
      'vm>pool': (id) => uniq([vms.get(id)?.pool_id]),
      'vm>storage': (id) =>
        uniq(diskIdsOfVm(id).map((d) => fx.disks.find((x) => x.id === d)?.storage_domain_id)),
      'vm>disk': (id) => uniq(diskIdsOfVm(id)),
      'vm>network': (id) => uniq(fx.vmNics.filter((n) => n.vm_id === id).map((n) => n.network_id)),
      'vm>user': (id) =>
        uniq(vmPermissions.filter((p) => p.object_id === id).map((p) => p.user_id)),
      'vm>event': (id) => ev.filter((e) => e.vm_id === id).map((e) => e.id),
      'pool>vm': (id) => fx.vms.filter((v) => v.pool_id === id).map((v) => v.id),
      'pool>cluster': (id) => uniq([pools.get(id)?.cluster_id]),
      'pool>datacenter': (id) => uniq([dcOfCluster(pools.get(id)?.cluster_id)]),
      'pool>template': (id) => uniq([pools.get(id)?.template_id]),
      'template>vm': (id) => fx.vms.filter((v) => v.template_id === id).map((v) => v.id),
      'template>cluster': (id) => uniq([templates.get(id)?.cluster_id]),
      'template>datacenter': (id) => uniq([dcOfCluster(templates.get(id)?.cluster_id)]),
      'template>pool': (id) => fx.pools.filter((p) => p.template_id === id).map((p) => p.id),
      'template>disk': (id) => fx.disks.filter((d) => d.template_id === id).map((d) => d.id),
      'volume>cluster': (id) => uniq([fx.glusterVolumes.find((g) => g.id === id)?.cluster_id]),
      'volume>host': (id) =>
        uniq(fx.glusterBricks.filter((b) => b.volume_id === id).map((b) => b.host_id)),
      'volume>datacenter': (id) =>
        uniq([dcOfCluster(fx.glusterVolumes.find((g) => g.id === id)?.cluster_id)]),
      'volume>storage': (id) =>
        fx.storageDomains.filter((s) => s.gluster_volume_id === id).map((s) => s.id),
      'network>datacenter': (id) => uniq([fx.networks.find((n) => n.id === id)?.data_center_id]),
      'network>cluster': (id) =>
        fx.clusterNetworks.filter((c) => c.network_id === id).map((c) => c.cluster_id),
      'network>host': (id) =>
        uniq(fx.hostNics.filter((n) => n.network_id === id).map((n) => n.host_id)),
      'network>vm': (id) => uniq(fx.vmNics.filter((n) => n.network_id === id).map((n) => n.vm_id)),
      'user>vm': (id) =>
        uniq(vmPermissions.filter((p) => p.user_id === id).map((p) => p.object_id)),
      'user>event': (id) => ev.filter((e) => e.user_id === id).map((e) => e.id),
      'event>host': (id) => uniq([ev.find((e) => e.id === id)?.host_id]),
      'event>vm': (id) => uniq([ev.find((e) => e.id === id)?.vm_id]),
      'event>cluster': (id) => uniq([ev.find((e) => e.id === id)?.cluster_id]),
      'event>datacenter': (id) => uniq([ev.find((e) => e.id === id)?.data_center_id]),
      'event>storage': (id) => uniq([ev.find((e) => e.id === id)?.storage_domain_id]),
      'event>volume': (id) => uniq([ev.find((e) => e.id === id)?.volume_id]),
      'event>user': (id) => uniq([ev.find((e) => e.id === id)?.user_id]),
    };
  }

  /** Ids of the `inner` rows related to the `outer` row `id`. */
  related(outer: SearchObjectKey, inner: SearchObjectKey, id: Id): Id[] {
    const link = this.links[`${outer}>${inner}`];
    if (!link) throw new Error(`oracle: no relation ${outer} > ${inner}`);
    return link(id);
  }

  hasRelation(outer: SearchObjectKey, inner: SearchObjectKey): boolean {
    return `${outer}>${inner}` in this.links;
  }

  private day(value: string): [number, number] {
    let start: number;
    if (value === 'today' || value === 'yesterday') {
      start =
        Math.floor(this.now.getTime() / DAY_MS) * DAY_MS - (value === 'yesterday' ? DAY_MS : 0);
    } else {
      start = Date.parse(`${value}T00:00:00Z`);
    }
    return [start, start + DAY_MS];
  }

  private matches(actual: unknown, op: SearchCondition['op'], value: SearchValue): boolean {
    if (actual === null || actual === undefined) return false;
    const flip = (b: boolean) => (op === '!=' ? !b : b);
    switch (value.type) {
      case 'string': {
        const text = String(actual).toLowerCase();
        const want = value.value.toLowerCase();
        if (!value.wildcard) return flip(text === want);
        const re = want
          .split('*')
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*');
        return flip(new RegExp(`^${re}$`, 's').test(text));
      }
      case 'enum':
      case 'boolean':
        return flip(actual === value.value);
      case 'number': {
        const n = Number(actual);
        const v = value.value;
        return { '=': n === v, '!=': n !== v, '<': n < v, '>': n > v, '<=': n <= v, '>=': n >= v }[
          op
        ];
      }
      case 'date': {
        const t = Date.parse(String(actual));
        const [start, end] = this.day(value.value);
        const inDay = t >= start && t < end;
        return {
          '=': inDay,
          '!=': !inDay,
          '<': t < start,
          '<=': t < end,
          '>': t >= end,
          '>=': t >= start,
        }[op];
      }
    }
  }

  private holds(object: SearchObjectKey, row: OracleRow, c: SearchCondition): boolean {
    const values = this.many.get(`${object}.${c.field}`);
    if (values) {
      const any = (values.get(row.id) ?? []).some((v) => this.matches(v, '=', c.value));
      return c.op === '!=' ? !any : any;
    }
    return this.matches(row[c.field], c.op, c.value);
  }

  private termHolds(
    object: SearchObjectKey,
    row: OracleRow,
    conditions: readonly SearchCondition[],
  ): boolean {
    const own = conditions.filter((c) => !c.xref);
    if (!own.every((c) => this.holds(object, row, c))) return false;
    const xrefs = new Set(conditions.flatMap((c) => (c.xref ? [c.xref] : [])));
    for (const xref of xrefs) {
      const group = conditions.filter((c) => c.xref === xref);
      const ids = new Set(this.related(object, xref, row.id));
      const ok = this.rows[xref].some(
        (r) => ids.has(r.id) && group.every((c) => this.holds(xref, r, c)),
      );
      if (!ok) return false;
    }
    return true;
  }

  /** Matching rows of the query, in no particular order. */
  filter(query: SearchQuery): OracleRow[] {
    return this.rows[query.object].filter(
      (row) =>
        !query.where ||
        query.where.terms.some((t) => this.termHolds(query.object, row, t.conditions)),
    );
  }

  sorted(object: SearchObjectKey, rows: OracleRow[], sort: SearchSort): OracleRow[] {
    const field = searchField(object, sort.field);
    if (!field) throw new Error(`oracle: no field ${sort.field}`);
    const key = (r: OracleRow): string | number | boolean | null => {
      const v = r[field.name];
      if (v === null || v === undefined) return null;
      switch (field.type) {
        case 'string':
          return String(v).toLowerCase();
        case 'enum':
          return (field.values ?? []).indexOf(String(v));
        case 'date':
          return Date.parse(String(v));
        default:
          return v as number | boolean;
      }
    };
    const cmp = (a: unknown, b: unknown) =>
      a === b ? 0 : a === null ? 1 : b === null ? -1 : (a as number) < (b as number) ? -1 : 1;
    const dir = sort.dir === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => dir * (cmp(key(a), key(b)) || cmp(a.id, b.id)));
  }

  /** What runSearch should return: the page of ids and the total. */
  run(
    query: SearchQuery,
    opts: { limit: number; offset: number; sort?: SearchSort | undefined },
  ): { ids: Id[]; total: number; rows: OracleRow[] } {
    const sort = query.sort ?? opts.sort ?? SEARCH_OBJECTS[query.object].defaultSort;
    const all = this.sorted(query.object, this.filter(query), sort);
    let start = opts.offset;
    let end = opts.offset + opts.limit;
    let total = all.length;
    if (query.page !== undefined) {
      const pageStart = (query.page - 1) * SEARCH_PAGE_SIZE;
      const pageEnd = pageStart + SEARCH_PAGE_SIZE;
      start = pageStart + opts.offset;
      end = Math.min(start + opts.limit, pageEnd);
      total = Math.max(0, Math.min(all.length, pageEnd) - pageStart);
    }
    const rows = all.slice(start, Math.max(start, end));
    return { ids: rows.map((r) => r.id), total, rows };
  }
}
