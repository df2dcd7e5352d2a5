// Permissions (who may do what where) and tags, once the objects they point at exist.
import { HOSTS_PER_RACK, TAG_TREE } from './catalog.js';
import type { AppUserRow, PermissionRow, TagAssignmentRow, TagRow } from './fleet.js';
import type { Infrastructure } from './infrastructure.js';
import type { People } from './people.js';
import type { Rng } from './prng.js';
import { DAY, iso, must } from './util.js';
import type { Workloads } from './workloads.js';

export interface Grants {
  readonly permissions: PermissionRow[];
  readonly tags: TagRow[];
  readonly tagAssignments: TagAssignmentRow[];
}

/** Teams whose work the named users' departments match. */
const DEPARTMENT_TEAM: Record<string, string> = {
  Engineering: 'web',
  QA: 'qa',
  'IT Operations': 'infra',
};

export function buildGrants(
  rng: Rng,
  infra: Infrastructure,
  work: Workloads,
  people: People,
  now: number,
): Grants {
  const r = rng.fork('grants');
  const permissions: PermissionRow[] = [];
  const grant = (
    user: AppUserRow,
    roleName: string,
    objectType: PermissionRow['object_type'],
    objectId: string | null,
    after: string,
  ) => {
    const from = Date.parse(after);
    permissions.push({
      id: r.uuid(),
      user_id: user.id,
      role_id: people.role(roleName).id,
      object_type: objectType,
      object_id: objectId,
      created_at: iso(Math.max(from, Math.min(now - DAY, from + r.int(0, 30) * DAY))),
    });
  };
  const dc0 = must(infra.dcs[0], 'first data center');
  const byName = (first: string) =>
    must(
      people.named.find((u) => u.first_name === first),
      first,
    );
  grant(people.admin, 'SuperUser', 'System', null, people.admin.created_at);
  grant(
    people.itOpsGroup,
    'DataCenterAdmin',
    'DataCenter',
    dc0.row.id,
    people.itOpsGroup.created_at,
  );
  grant(byName('Michael'), 'StorageAdmin', 'DataCenter', dc0.row.id, byName('Michael').created_at);
  grant(
    byName('Carlos'),
    'HostAdmin',
    'Cluster',
    infra.glusterCluster.row.id,
    byName('Carlos').created_at,
  );
  const dc1 = infra.dcs[1];
  if (dc1)
    grant(byName('Yuki'), 'DataCenterAdmin', 'DataCenter', dc1.row.id, byName('Yuki').created_at);
  const devCluster =
    infra.clusters.find((c) => c.role === 'Dev') ?? must(infra.clusters[0], 'cluster');
  grant(byName('Wei'), 'PowerUserRole', 'Cluster', devCluster.row.id, byName('Wei').created_at);
  grant(byName('Elena'), 'VmCreator', 'Cluster', devCluster.row.id, byName('Elena').created_at);
  for (const vm of work.vms) {
    if (vm.owner) grant(vm.owner, 'UserRole', 'Vm', vm.row.id, vm.row.created_at);
  }
  for (const pool of work.pools)
    grant(people.vdiGroup, 'UserRole', 'Pool', pool.id, pool.created_at);

  const tags: TagRow[] = [];
  const tagId = new Map<string, string>();
  for (const [name, description, children] of TAG_TREE) {
    const parent: TagRow = { id: r.uuid(), parent_id: null, name, description };
    tags.push(parent);
    tagId.set(name, parent.id);
    for (const [child, childDescription] of children) {
      const row: TagRow = {
        id: r.uuid(),
        parent_id: parent.id,
        name: child,
        description: childDescription,
      };
      tags.push(row);
      tagId.set(child, row.id);
    }
  }
  const tagAssignments: TagAssignmentRow[] = [];
  const tag = (name: string, objectType: TagAssignmentRow['object_type'], objectId: string) =>
    tagAssignments.push({
      tag_id: must(tagId.get(name), `tag ${name}`),
      object_type: objectType,
      object_id: objectId,
    });
  for (const vm of work.vms) {
    tag(vm.role.env, 'Vm', vm.row.id);
    tag(vm.role.team, 'Vm', vm.row.id);
    if (vm.row.ha) tag('critical', 'Vm', vm.row.id);
  }
  const racks = must(
    TAG_TREE.find(([name]) => name === 'rack'),
    'rack tags',
  )[2].map(([name]) => name);
  infra.hosts.forEach((host, i) =>
    tag(must(racks[Math.floor(i / HOSTS_PER_RACK) % racks.length], 'rack'), 'Host', host.row.id),
  );
  for (const user of people.named) {
    const team = DEPARTMENT_TEAM[user.department];
    if (team) tag(team, 'User', user.id);
  }
  for (const pool of work.pools) tag('vdi', 'Pool', pool.id);
  return { permissions, tags, tagAssignments };
}
