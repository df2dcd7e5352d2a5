// Where each search field lives in the schema (store/migrations/0001-inventory.ts). These
// tables are the only source of identifiers in compiled SQL; values never are.
import type { ObjectType, SearchObjectKey } from '@corral/shared';
import type { SqlBuilder } from './sql-builder.js';

/** One step along a foreign key: `row.fk` → `table.id`. */
export interface RefStep {
  readonly fk: string;
  readonly table: string;
}

/** Rows of another table that each hold one value of a many-valued field (a VM's tags). */
export interface ManySource {
  readonly from: string;
  /** The column holding the id of the searched row the value belongs to. */
  readonly key: string;
  /** A fixed narrowing of those rows (the object type of a tag assignment). */
  readonly filter?: string;
  /** The value expression. */
  readonly value: string;
}

export type FieldSql =
  /** A scalar expression on the row itself: a column, or a count / figure computed from it. */
  | { readonly kind: 'expr'; readonly sql: (row: string, b: SqlBuilder) => string }
  /** A name reached through foreign keys (a VM's cluster, or its cluster's data center). */
  | { readonly kind: 'ref'; readonly path: readonly RefStep[]; readonly column: string }
  /** Any number of values (tags, the VMs a disk is attached to). */
  | { readonly kind: 'many'; readonly source: (b: SqlBuilder) => ManySource };

export interface ObjectSql {
  readonly table: string;
  /** `audit_event.id` is a bigserial; everything else has uuid ids. */
  readonly idType: 'uuid' | 'bigint';
  readonly fields: Readonly<Record<string, FieldSql>>;
}

const col = (column: string): FieldSql => ({ kind: 'expr', sql: (r) => `${r}.${column}` });
const expr = (sql: (row: string, b: SqlBuilder) => string): FieldSql => ({ kind: 'expr', sql });
const ref = (column: string, ...path: RefStep[]): FieldSql => ({ kind: 'ref', path, column });

const CLUSTER: RefStep = { fk: 'cluster_id', table: 'cluster' };
const DATA_CENTER: RefStep = { fk: 'data_center_id', table: 'data_center' };
const HOST: RefStep = { fk: 'host_id', table: 'host' };
const POOL: RefStep = { fk: 'pool_id', table: 'pool' };
const TEMPLATE: RefStep = { fk: 'template_id', table: 'template' };
const STORAGE_DOMAIN: RefStep = { fk: 'storage_domain_id', table: 'storage_domain' };

/** `count(*)` of the rows of `table` whose `fk` points at the row, optionally narrowed. */
const countOf = (table: string, fk: string, narrow?: (alias: string) => string): FieldSql =>
  expr((r, b) => {
    const x = b.alias('n');
    const more = narrow ? ` AND ${narrow(x)}` : '';
    return `(SELECT count(*)::int FROM ${table} ${x} WHERE ${x}.${fk} = ${r}.id${more})`;
  });

/** Whole seconds since an instant, against the compile-time clock (null when unset). */
const secondsSince = (column: string): FieldSql =>
  expr((r, b) => `floor(extract(epoch FROM (${b.now()} - ${r}.${column})))::int`);

/** Tags assigned directly to the row (tag_assignment.object_type is a fixed vocabulary). */
const tags = (objectType: ObjectType): FieldSql => ({
  kind: 'many',
  source: (b) => {
    const ta = b.alias('ta');
    const tg = b.alias('tg');
    return {
      from: `tag_assignment ${ta} JOIN tag ${tg} ON ${tg}.id = ${ta}.tag_id`,
      key: `${ta}.object_id`,
      filter: `${ta}.object_type = '${objectType}'`,
      value: `${tg}.name`,
    };
  },
});

/** A VM in these states has no QEMU process: it is not counted as running in its pool. */
export const NOT_RUNNING_STATUSES = ['Down', 'Suspended', 'ImageLocked'] as const;

export const OBJECT_SQL: Readonly<Record<SearchObjectKey, ObjectSql>> = {
  datacenter: {
    table: 'data_center',
    idType: 'uuid',
    fields: {
      name: col('name'),
      status: col('status'),
      storage_type: col('storage_mode'),
      compat_version: col('compat_version'),
      quota_mode: col('quota_mode'),
      clusters: countOf('cluster', 'data_center_id'),
      hosts: expr((r, b) => {
        const h = b.alias('h');
        const c = b.alias('c');
        return `(SELECT count(*)::int FROM host ${h} JOIN cluster ${c} ON ${c}.id = ${h}.cluster_id WHERE ${c}.data_center_id = ${r}.id)`;
      }),
      description: col('description'),
    },
  },
  cluster: {
    table: 'cluster',
    idType: 'uuid',
    fields: {
      name: col('name'),
      datacenter: ref('name', DATA_CENTER),
      compat_version: col('compat_version'),
      cpu_type: col('cpu_type'),
      virt_service: col('virt_service'),
      gluster_service: col('gluster_service'),
      hosts: countOf('host', 'cluster_id'),
      vms: countOf('vm', 'cluster_id'),
      mem_overcommit: col('mem_overcommit'),
      migration_policy: col('migration_policy'),
      fencing_enabled: col('fencing_enabled'),
      description: col('description'),
    },
  },
  host: {
    table: 'host',
    idType: 'uuid',
    fields: {
      name: col('name'),
      address: col('address'),
      status: col('status'),
      cluster: ref('name', CLUSTER),
      datacenter: ref('name', CLUSTER, DATA_CENTER),
      active_vms: col('active_vms'),
      cpu_usage: col('cpu_usage'),
      mem_usage: col('mem_usage'),
      net_usage: col('net_usage'),
      cpus: col('cpus'),
      memory: col('memory_mb'),
      cpu_model: col('cpu_model'),
      os_version: col('os_version'),
      driver: col('driver'),
      spm: col('spm'),
      uptime: secondsSince('boot_time'),
      tag: tags('Host'),
    },
  },
  storage: {
    table: 'storage_domain',
    idType: 'uuid',
    fields: {
      name: col('name'),
      type: col('domain_type'),
      storage_type: col('storage_type'),
      status: col('status'),
      datacenter: ref('name', DATA_CENTER),
      master: col('is_master'),
      size: col('total_gb'),
      used: col('used_gb'),
      free: expr((r) => `(${r}.total_gb - ${r}.used_gb)`),
      // numeric rounds halves away from zero, as people (and Math.round) expect
      usage: expr(
        (r) =>
          `CASE WHEN ${r}.total_gb > 0 THEN round((${r}.used_gb::float8 * 100 / ${r}.total_gb)::numeric)::int ELSE 0 END`,
      ),
      path: col('path'),
      description: col('description'),
    },
  },
  disk: {
    table: 'disk',
    idType: 'uuid',
    fields: {
      name: col('alias'),
      size: col('size_gb'),
      actual_size: col('actual_size_gb'),
      storage: ref('name', STORAGE_DOMAIN),
      datacenter: ref('name', STORAGE_DOMAIN, DATA_CENTER),
      vm: {
        kind: 'many',
        source: (b) => {
          const v = b.alias('v');
          const vd = b.alias('vd');
          return {
            from: `vm_disk ${vd} JOIN vm ${v} ON ${v}.id = ${vd}.vm_id`,
            key: `${vd}.disk_id`,
            value: `${v}.name`,
          };
        },
      },
      status: col('status'),
      format: col('format'),
      interface: col('interface'),
      shareable: col('shareable'),
      creationdate: col('created_at'),
      description: col('description'),
    },
  },
  vm: {
    table: 'vm',
    idType: 'uuid',
    fields: {
      name: col('name'),
      status: col('status'),
      host: ref('name', HOST),
      ip: col('ip'),
      fqdn: col('fqdn'),
      cluster: ref('name', CLUSTER),
      datacenter: ref('name', CLUSTER, DATA_CENTER),
      cpu_usage: col('cpu_usage'),
      mem_usage: col('mem_usage'),
      net_usage: col('net_usage'),
      memory: col('memory_mb'),
      vcpus: col('vcpus'),
      os: col('os'),
      type: col('vm_type'),
      uptime: secondsSince('started_at'),
      loggedinuser: col('logged_in_user'),
      pool: ref('name', POOL),
      template: ref('name', TEMPLATE),
      display: col('display'),
      ha: col('ha'),
      creationdate: col('created_at'),
      tag: tags('Vm'),
      description: col('description'),
    },
  },
  pool: {
    table: 'pool',
    idType: 'uuid',
    fields: {
      name: col('name'),
      size: col('size'),
      running: countOf(
        'vm',
        'pool_id',
        (x) => `${x}.status NOT IN (${NOT_RUNNING_STATUSES.map((s) => `'${s}'`).join(', ')})`,
      ),
      type: col('pool_type'),
      prestarted: col('prestarted'),
      max_per_user: col('max_per_user'),
      template: ref('name', TEMPLATE),
      cluster: ref('name', CLUSTER),
      datacenter: ref('name', CLUSTER, DATA_CENTER),
      stateless: col('stateless'),
      description: col('description'),
    },
  },
  template: {
    table: 'template',
    idType: 'uuid',
    fields: {
      name: col('name'),
      status: col('status'),
      os: col('os'),
      cluster: ref('name', CLUSTER),
      datacenter: ref('name', CLUSTER, DATA_CENTER),
      memory: col('memory_mb'),
      vcpus: col('vcpus'),
      type: col('vm_type'),
      vms: countOf('vm', 'template_id'),
      creationdate: col('created_at'),
      description: col('description'),
    },
  },
  volume: {
    table: 'gluster_volume',
    idType: 'uuid',
    fields: {
      name: col('name'),
      type: col('volume_type'),
      status: col('status'),
      cluster: ref('name', CLUSTER),
      datacenter: ref('name', CLUSTER, DATA_CENTER),
      bricks: countOf('gluster_brick', 'volume_id'),
      replica_count: col('replica_count'),
      transport: col('transport'),
      creationdate: col('created_at'),
    },
  },
  network: {
    table: 'network',
    idType: 'uuid',
    fields: {
      name: col('name'),
      datacenter: ref('name', DATA_CENTER),
      vlan: col('vlan_id'),
      mtu: col('mtu'),
      vm_network: col('vm_network'),
      status: col('status'),
      description: col('description'),
    },
  },
  user: {
    table: 'app_user',
    idType: 'uuid',
    fields: {
      name: col('username'),
      firstname: col('first_name'),
      lastname: col('last_name'),
      email: col('email'),
      domain: col('domain'),
      department: col('department'),
      group: col('is_group'),
      tag: tags('User'),
    },
  },
  event: {
    table: 'audit_event',
    idType: 'bigint',
    fields: {
      severity: col('severity'),
      time: col('time'),
      message: col('message'),
      user: col('user_name'),
      host: col('host_name'),
      vm: col('vm_name'),
      cluster: col('cluster_name'),
      datacenter: col('data_center_name'),
      storage: col('storage_domain_name'),
      volume: col('volume_name'),
      code: col('code'),
      correlation_id: col('correlation_id'),
    },
  },
  job: {
    table: 'job',
    idType: 'uuid',
    fields: {
      description: col('description'),
      status: col('status'),
      progress: col('progress'),
      user: col('user_name'),
      start_time: col('start_time'),
      end_time: col('end_time'),
    },
  },
  bookmark: {
    table: 'bookmark',
    idType: 'uuid',
    fields: {
      name: col('name'),
      query: col('query'),
    },
  },
};
