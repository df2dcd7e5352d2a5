// What a principal may see, as SQL the store runs (docs/identity.md, "Roles and
// permissions"): a row is visible when one of the principal's subjects (the user or a
// group they are in) holds a permission on it or on anything above it. The one
// ancestry definition here serves the visibility filters, the permission checks
// (authz.ts) and the Permissions sub-tab (details/permissions.ts).
import { SEARCH_OBJECT_TYPE, type ObjectType, type SearchObjectKey } from '@corral/shared';
import type { Principal } from './principal.js';

/** How a statement takes a value: `$n::type` (SqlBuilder.param, or a local counter). */
export type Param = (value: unknown, type: string) => string;

/** The table of each object a permission can point at. */
export const OBJECT_TABLE: Record<Exclude<ObjectType, 'System'>, string> = {
  DataCenter: 'data_center',
  Cluster: 'cluster',
  Host: 'host',
  StorageDomain: 'storage_domain',
  Disk: 'disk',
  Vm: 'vm',
  Template: 'template',
  Pool: 'pool',
  Network: 'network',
  GlusterVolume: 'gluster_volume',
  User: 'app_user',
};

/**
 * One ancestor of a row: its type and the SQL for its id given the row's alias. `many`
 * ancestors are a subquery of ids (a disk's VMs), the others one expression.
 */
interface Ancestor {
  readonly type: Exclude<ObjectType, 'System'>;
  readonly id: (row: string) => string;
  readonly many?: boolean;
  /** Only admin roles reach the row through this ancestor (a pool's VMs, see ANCESTRY). */
  readonly adminOnly?: boolean;
}

const self = (type: Exclude<ObjectType, 'System'>): Ancestor => ({ type, id: (r) => `${r}.id` });
const col = (type: Exclude<ObjectType, 'System'>, column: string): Ancestor => ({
  type,
  id: (r) => `${r}.${column}`,
});
/** The data center of a row's cluster. */
const dcOfCluster = (column = 'cluster_id'): Ancestor => ({
  type: 'DataCenter',
  id: (r) => `(SELECT anc_c.data_center_id FROM cluster anc_c WHERE anc_c.id = ${r}.${column})`,
});

/**
 * The objects whose permissions hold for a row, the row itself first: System → data
 * center → cluster → host / VM / pool / template / volume; a VM also through its pool; a
 * disk through its storage domain (and its data center) and the VMs it is attached to
 * (and their clusters); a storage domain and a network through their data center.
 *
 * A pool's VMs inherit only its admin roles: a UserRole on a pool lets its users see the
 * pool and take a desktop from it (the taken VM gets its own permission), not reach the
 * desktops others took — as in oVirt's user portal.
 */
export const ANCESTRY: Record<Exclude<ObjectType, 'System'>, readonly Ancestor[]> = {
  DataCenter: [self('DataCenter')],
  Cluster: [self('Cluster'), col('DataCenter', 'data_center_id')],
  Host: [self('Host'), col('Cluster', 'cluster_id'), dcOfCluster()],
  Vm: [
    self('Vm'),
    { ...col('Pool', 'pool_id'), adminOnly: true },
    col('Cluster', 'cluster_id'),
    dcOfCluster(),
  ],
  Pool: [self('Pool'), col('Cluster', 'cluster_id'), dcOfCluster()],
  Template: [self('Template'), col('Cluster', 'cluster_id'), dcOfCluster()],
  GlusterVolume: [self('GlusterVolume'), col('Cluster', 'cluster_id'), dcOfCluster()],
  StorageDomain: [self('StorageDomain'), col('DataCenter', 'data_center_id')],
  Network: [self('Network'), col('DataCenter', 'data_center_id')],
  Disk: [
    self('Disk'),
    col('StorageDomain', 'storage_domain_id'),
    {
      type: 'DataCenter',
      id: (r) =>
        `(SELECT anc_s.data_center_id FROM storage_domain anc_s WHERE anc_s.id = ${r}.storage_domain_id)`,
    },
    {
      type: 'Vm',
      many: true,
      id: (r) => `SELECT anc_vd.vm_id FROM vm_disk anc_vd WHERE anc_vd.disk_id = ${r}.id`,
    },
    {
      type: 'Cluster',
      many: true,
      id: (r) =>
        `SELECT anc_v.cluster_id FROM vm_disk anc_vd JOIN vm anc_v ON anc_v.id = anc_vd.vm_id WHERE anc_vd.disk_id = ${r}.id`,
    },
  ],
  User: [self('User')],
};

/**
 * SQL true when permission `perm` (an alias of `permission`) holds for row `row` of
 * `type`: it is on System, on the row, or on one of the row's ancestors.
 */
export function permissionCovers(
  type: Exclude<ObjectType, 'System'>,
  row: string,
  perm: string,
): string {
  const terms = ANCESTRY[type].map((a) => {
    const match = a.many
      ? `${perm}.object_type = '${a.type}' AND ${perm}.object_id IN (${a.id(row)})`
      : `${perm}.object_type = '${a.type}' AND ${perm}.object_id = ${a.id(row)}`;
    const admin = a.adminOnly
      ? ` AND EXISTS (SELECT 1 FROM role anc_r WHERE anc_r.id = ${perm}.role_id AND anc_r.is_admin)`
      : '';
    return `(${match}${admin})`;
  });
  return `(${perm}.object_type = 'System' OR ${terms.join(' OR ')})`;
}

/** SQL true when one of `subjects` (a uuid[] parameter) holds a permission covering the row. */
export function coveredFor(
  type: Exclude<ObjectType, 'System'>,
  row: string,
  subjects: string,
  perm = 'vis_p',
): string {
  return `EXISTS (SELECT 1 FROM permission ${perm} WHERE ${perm}.user_id = ANY(${subjects}) AND ${permissionCovers(type, row, perm)})`;
}

/** The audit event columns that name an object, with that object's type. */
const EVENT_OBJECTS: readonly [string, Exclude<ObjectType, 'System'>][] = [
  ['vm_id', 'Vm'],
  ['host_id', 'Host'],
  ['cluster_id', 'Cluster'],
  ['data_center_id', 'DataCenter'],
  ['storage_domain_id', 'StorageDomain'],
  ['template_id', 'Template'],
  ['volume_id', 'GlusterVolume'],
];

/**
 * The condition rows of a search object must meet to be visible to the principal, for
 * row alias `row`; undefined when no filter is needed (the principal sees everything,
 * which keeps the administrators' queries exactly as fast as without permissions).
 *
 * - inventory objects: a permission on the row or above it;
 * - users: an administrator sees every user, anyone else only themself;
 * - events: those naming the user, or an object they see;
 * - jobs: their own; bookmarks: administrators only.
 */
export function visibleWhere(
  object: SearchObjectKey,
  row: string,
  principal: Principal | undefined,
  param: Param,
): string | undefined {
  if (!principal || principal.seesAll) return undefined;
  switch (object) {
    case 'user':
      return principal.admin ? undefined : `${row}.id = ${param(principal.userId, 'uuid')}`;
    case 'bookmark':
      return principal.admin ? undefined : 'FALSE';
    case 'job':
      return `${row}.user_name = ${param(principal.login, 'text')}`;
    case 'event': {
      const subjects = param([...principal.subjectIds], 'uuid[]');
      const named = EVENT_OBJECTS.map(([column, type]) => {
        const alias = `ev_${column.replace(/_id$/, '')}`;
        return `EXISTS (SELECT 1 FROM ${OBJECT_TABLE[type]} ${alias} WHERE ${alias}.id = ${row}.${column} AND ${coveredFor(type, alias, subjects)})`;
      });
      const me = `${row}.user_id = ${param(principal.userId, 'uuid')}`;
      return `(${[me, ...named].join(' OR ')})`;
    }
    default: {
      const type = SEARCH_OBJECT_TYPE[object];
      if (!type) return 'FALSE';
      return coveredFor(type, row, param([...principal.subjectIds], 'uuid[]'));
    }
  }
}

/** A `$n` counter for hand-written statements: `params` collects the values. */
export function paramList(start: unknown[] = []): { params: unknown[]; param: Param } {
  const params = [...start];
  return {
    params,
    param: (value, type) => {
      params.push(value);
      return `$${params.length}::${type}`;
    },
  };
}
