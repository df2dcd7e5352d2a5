// The user portal (/portal, docs/user-portal.md): a desktop user's own VMs, the pools
// they may take a desktop from, and their quota for creating VMs. Every query reads only
// rows the caller holds a permission on (their user id or one of their groups), so
// nothing here needs an admin's view of the inventory.
import {
  vmCreateInput,
  vmName,
  type ActionGroup,
  type OperatingSystemId,
  type VmStatus,
} from '@corral/shared';
import { z } from 'zod';
import { ASSIGNED_TO } from '../../engine/commands/pool/common.js';
import { TAKEABLE } from '../../engine/commands/pool/take.js';
import { createVm } from '../../engine/index.js';
import { AppError } from '../../engine/errors.js';
import { createOwned, ownedVmCount } from '../../identity/ownership.js';
import type { Principal } from '../../identity/principal.js';
import type { Db } from '../../store/index.js';
import { procedure, router } from '../trpc.js';
import { actorOf, depsOf } from './vm-actions.js';

/** What a user may do with one of their desktops (from the roles they hold over it). */
export interface PortalVmFlags {
  readonly start: boolean;
  readonly stop: boolean;
  readonly console: boolean;
  readonly snapshot: boolean;
  readonly remove: boolean;
  /** A pool VM the user may hand back. */
  readonly returnToPool: boolean;
}

export interface PortalVm {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly status: VmStatus;
  readonly os: OperatingSystemId | string;
  readonly memoryMb: number;
  readonly vcpus: number;
  readonly display: 'SPICE' | 'VNC';
  readonly ip: string | null;
  readonly poolId: string | null;
  readonly poolName: string | null;
  readonly stateless: boolean;
  readonly can: PortalVmFlags;
}

export interface PortalPool {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly poolType: string;
  readonly size: number;
  /** VMs of the pool assigned to nobody: what Take a desktop can hand out. */
  readonly free: number;
  /** VMs of the pool the caller holds now. */
  readonly held: number;
  readonly maxPerUser: number;
  readonly stateless: boolean;
  readonly templateName: string;
  readonly os: string;
  readonly memoryMb: number;
  readonly vcpus: number;
  /** The caller may take a desktop from it (VM_POOL_BASIC_OPERATIONS held on the pool). */
  readonly canTake: boolean;
}

/** The action group each flag needs. */
const FLAG_GROUPS: Record<keyof PortalVmFlags, ActionGroup> = {
  start: 'VM_BASIC_OPERATIONS',
  stop: 'VM_BASIC_OPERATIONS',
  console: 'CONNECT_TO_VM',
  snapshot: 'MANIPULATE_VM_SNAPSHOTS',
  remove: 'DELETE_VM',
  returnToPool: 'VM_POOL_BASIC_OPERATIONS',
};

interface Held {
  object_type: string;
  object_id: string | null;
  action_groups: string[];
}

/**
 * The action groups the caller holds on each object named, by `type:id`, plus System's
 * under 'System'. One query over the caller's own permissions.
 */
async function heldGroups(
  db: Db,
  user: Principal,
  objects: readonly { type: string; id: string }[],
): Promise<Map<string, Set<string>>> {
  const ids = [...new Set(objects.map((o) => o.id))];
  const rows = await db.query<Held>(
    `SELECT p.object_type, p.object_id, r.action_groups
       FROM permission p JOIN role r ON r.id = p.role_id
      WHERE p.user_id = ANY($1::uuid[])
        AND (p.object_type = 'System' OR p.object_id = ANY($2::uuid[]))`,
    [user.subjectIds, ids],
  );
  const held = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = r.object_type === 'System' ? 'System' : `${r.object_type}:${r.object_id}`;
    let set = held.get(key);
    if (!set) held.set(key, (set = new Set()));
    for (const g of r.action_groups) set.add(g);
  }
  return held;
}

/** Groups held on any of the keys (an object and everything above it). */
function union(held: Map<string, Set<string>>, keys: readonly string[]): Set<string> {
  const all = new Set<string>();
  for (const k of keys) for (const g of held.get(k) ?? []) all.add(g);
  return all;
}

interface VmRow {
  id: string;
  name: string;
  description: string;
  status: VmStatus;
  os: string;
  memory_mb: number;
  vcpus: number;
  display: 'SPICE' | 'VNC';
  ip: string | null;
  pool_id: string | null;
  pool_name: string | null;
  stateless: boolean;
  cluster_id: string;
  data_center_id: string;
}

/** The VMs the caller holds a permission on directly (as a user or through a group). */
export async function portalVms(db: Db, user: Principal): Promise<PortalVm[]> {
  const rows = await db.query<VmRow>(
    `SELECT v.id, v.name, v.description, v.status, v.os, v.memory_mb, v.vcpus, v.display,
            COALESCE(v.ip, (SELECT n.ip FROM vm_nic n WHERE n.vm_id = v.id AND n.ip IS NOT NULL
                             ORDER BY n.name LIMIT 1)) AS ip,
            v.pool_id, pl.name AS pool_name, v.stateless, v.cluster_id, c.data_center_id
       FROM vm v
       JOIN cluster c ON c.id = v.cluster_id
       LEFT JOIN pool pl ON pl.id = v.pool_id
      WHERE EXISTS (SELECT 1 FROM permission p
                     WHERE p.object_type = 'Vm' AND p.object_id = v.id
                       AND p.user_id = ANY($1::uuid[]))
      ORDER BY lower(v.name), v.id`,
    [user.subjectIds],
  );
  const held = await heldGroups(
    db,
    user,
    rows.flatMap((v) => [
      { type: 'Vm', id: v.id },
      { type: 'Cluster', id: v.cluster_id },
      { type: 'DataCenter', id: v.data_center_id },
    ]),
  );
  return rows.map((v) => {
    // A permission holds for everything below its object: System → data center → cluster → VM.
    const groups = union(held, [
      'System',
      `DataCenter:${v.data_center_id}`,
      `Cluster:${v.cluster_id}`,
      `Vm:${v.id}`,
    ]);
    const has = (flag: keyof PortalVmFlags) => groups.has(FLAG_GROUPS[flag]);
    return {
      id: v.id,
      name: v.name,
      description: v.description,
      status: v.status,
      os: v.os,
      memoryMb: v.memory_mb,
      vcpus: v.vcpus,
      display: v.display,
      ip: v.ip,
      poolId: v.pool_id,
      poolName: v.pool_name,
      stateless: v.stateless,
      can: {
        start: has('start'),
        stop: has('stop'),
        console: has('console'),
        snapshot: has('snapshot'),
        remove: has('remove'),
        returnToPool: v.pool_id !== null && has('returnToPool'),
      },
    };
  });
}

interface PoolRow {
  id: string;
  name: string;
  description: string;
  pool_type: string;
  size: number;
  max_per_user: number;
  stateless: boolean;
  template_name: string;
  os: string;
  memory_mb: number;
  vcpus: number;
  vm_count: number;
  free: number;
  held: number;
}

/**
 * The pools the caller holds a permission on (as a user or through a group), with how
 * many VMs are free (assigned to nobody, in a state Take hands out) and how many the caller
 * holds — counted as the pool commands count them (ASSIGNED_TO, TAKEABLE).
 */
export async function portalPools(db: Db, user: Principal): Promise<PortalPool[]> {
  const rows = await db.query<PoolRow>(
    `SELECT pl.id, pl.name, pl.description, pl.pool_type, pl.size, pl.max_per_user, pl.stateless,
            t.name AS template_name, t.os, t.memory_mb, t.vcpus,
            (SELECT count(*) FROM vm v WHERE v.pool_id = pl.id) AS vm_count,
            (SELECT count(*) FROM vm v WHERE v.pool_id = pl.id
                AND v.status = ANY($3::text[]) AND NOT EXISTS (${ASSIGNED_TO})) AS free,
            (SELECT count(*) FROM vm v WHERE v.pool_id = pl.id
                AND $2::uuid IN (${ASSIGNED_TO})) AS held
       FROM pool pl
       JOIN template t ON t.id = pl.template_id
      WHERE EXISTS (SELECT 1 FROM permission p
                     WHERE p.object_type = 'Pool' AND p.object_id = pl.id
                       AND p.user_id = ANY($1::uuid[]))
      ORDER BY lower(pl.name), pl.id`,
    [user.subjectIds, user.userId, TAKEABLE],
  );
  const held = await heldGroups(
    db,
    user,
    rows.map((p) => ({ type: 'Pool', id: p.id })),
  );
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    poolType: p.pool_type,
    size: Number(p.vm_count) || p.size,
    free: Number(p.free),
    held: Number(p.held),
    maxPerUser: p.max_per_user,
    stateless: p.stateless,
    templateName: p.template_name,
    os: p.os,
    memoryMb: p.memory_mb,
    vcpus: p.vcpus,
    canTake: union(held, ['System', `Pool:${p.id}`]).has('VM_POOL_BASIC_OPERATIONS'),
  }));
}

export interface PortalQuota {
  /** VMs the caller created and owns (their creator role on it), pool VMs not counted. */
  readonly owned: number;
  /** VMs the caller may own; null: no quota (an administrator on System). */
  readonly quota: number | null;
  /** CREATE_VM held somewhere: the New VM button shows. */
  readonly canCreate: boolean;
  readonly clusters: readonly { id: string; name: string }[];
  readonly templates: readonly {
    id: string;
    name: string;
    clusterId: string | null;
    os: string;
    memoryMb: number;
    vcpus: number;
  }[];
}

/** Clusters where the caller holds CREATE_VM (on System, their data center or themselves). */
async function creatableClusters(db: Db, user: Principal) {
  return db.query<{ id: string; name: string }>(
    `SELECT c.id, c.name FROM cluster c
      WHERE EXISTS (
        SELECT 1 FROM permission p JOIN role r ON r.id = p.role_id
         WHERE p.user_id = ANY($1::uuid[]) AND 'CREATE_VM' = ANY(r.action_groups)
           AND (p.object_type = 'System'
                OR (p.object_type = 'DataCenter' AND p.object_id = c.data_center_id)
                OR (p.object_type = 'Cluster' AND p.object_id = c.id)))
      ORDER BY lower(c.name), c.id`,
    [user.subjectIds],
  );
}

async function quotaOf(db: Db, userId: string): Promise<number> {
  const [row] = await db.query<{ vm_quota: number }>(
    'SELECT vm_quota FROM app_user WHERE id = $1',
    [userId],
  );
  return row?.vm_quota ?? 0;
}

export async function portalQuota(db: Db, user: Principal): Promise<PortalQuota> {
  const clusters = await creatableClusters(db, user);
  const templates =
    clusters.length === 0
      ? []
      : await db.query<{
          id: string;
          name: string;
          cluster_id: string | null;
          os: string;
          memory_mb: number;
          vcpus: number;
        }>(
          `SELECT t.id, t.name, t.cluster_id, t.os, t.memory_mb, t.vcpus FROM template t
            WHERE t.status = 'OK' AND (t.cluster_id IS NULL OR t.cluster_id = ANY($1::uuid[]))
            ORDER BY (t.cluster_id IS NULL AND t.name = 'Blank'), lower(t.name), t.id`,
          [clusters.map((c) => c.id)],
        );
  return {
    owned: await ownedVmCount(db, user.userId),
    quota: user.seesAll ? null : await quotaOf(db, user.userId),
    canCreate: clusters.length > 0,
    clusters,
    templates: templates.map((t) => ({
      id: t.id,
      name: t.name,
      clusterId: t.cluster_id,
      os: t.os,
      memoryMb: t.memory_mb,
      vcpus: t.vcpus,
    })),
  };
}

export const PORTAL_MESSAGES = {
  template: 'Choose a template you may use in this cluster.',
} as const;

export const portalCreateInput = z.object({
  name: vmName,
  clusterId: z.uuid({ message: 'Choose a cluster.' }),
  templateId: z.uuid({ message: 'Choose a template.' }),
});

export const portalRouter = router({
  vms: procedure
    .meta({ checkedInside: "lists only the caller's own VMs and pools" })
    .query(({ ctx }) => portalVms(ctx.db, ctx.user)),
  pools: procedure
    .meta({ checkedInside: "lists only the caller's own VMs and pools" })
    .query(({ ctx }) => portalPools(ctx.db, ctx.user)),
  quota: procedure
    .meta({ checkedInside: "reads only the caller's own quota and permissions" })
    .query(({ ctx }) => portalQuota(ctx.db, ctx.user)),
  /**
   * New VM from the user portal: a thin VM from a template, within the caller's quota, in
   * a cluster where they hold CREATE_VM; the caller becomes its UserVmManager.
   */
  createVm: procedure
    .meta({
      needs: { group: 'CREATE_VM', on: 'Cluster', id: (i: { clusterId: string }) => i.clusterId },
    })
    .input(portalCreateInput)
    .mutation(async ({ ctx, input }) => {
      const [template] = await ctx.db.query<{ id: string }>(
        `SELECT id FROM template WHERE id = $1 AND status = 'OK'
            AND (cluster_id IS NULL OR cluster_id = $2)`,
        [input.templateId, input.clusterId],
      );
      if (!template) throw new AppError('RULE_VIOLATION', PORTAL_MESSAGES.template, 'templateId');
      // A desktop needs a network: the cluster's management network, else its first.
      const [nic] = await ctx.db.query<{ network_id: string }>(
        `SELECT cn.network_id FROM cluster_network cn JOIN network n ON n.id = cn.network_id
          WHERE cn.cluster_id = $1 ORDER BY (n.name = 'ovirtmgmt') DESC, n.name LIMIT 1`,
        [input.clusterId],
      );
      // As vm.create: within the quota, and the creator owns what they create.
      const created = await createOwned(ctx.db, ctx.user, () =>
        createVm(
          depsOf(ctx),
          actorOf(ctx),
          vmCreateInput.parse({
            name: input.name,
            clusterId: input.clusterId,
            templateId: input.templateId,
            storageAllocation: 'Thin',
            nics: nic ? [{ networkId: nic.network_id }] : [],
          }),
        ),
      );
      // The new row is the caller's now: their feed may carry it.
      ctx.engine.feed.publish([{ object: 'vm', ids: [created.id], op: 'upsert' }]);
      return { id: created.id, jobIds: created.jobIds };
    }),
});
