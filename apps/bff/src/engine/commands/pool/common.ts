// What the pool commands share: the pool row, its VMs with whether they are assigned,
// and the assignment itself — a UserRole permission of the user on the VM (oVirt's way:
// taking a VM from a pool gives the user rights on that VM, returning takes them away).
import { roleSpec, type PoolType, type VmStatus } from '@corral/shared';
import type { Db } from '../../../store/index.js';
import { notFound } from '../../errors.js';

export interface PoolRow {
  id: string;
  name: string;
  description: string;
  cluster_id: string;
  template_id: string;
  pool_type: PoolType;
  size: number;
  prestarted: number;
  max_per_user: number;
  stateless: boolean;
}

const POOL_COLUMNS = `p.id, p.name, p.description, p.cluster_id, p.template_id, p.pool_type,
  p.size, p.prestarted, p.max_per_user, p.stateless`;

export async function getPool(db: Db, id: string, forUpdate = false): Promise<PoolRow> {
  const [pool] = await db.query<PoolRow>(
    `SELECT ${POOL_COLUMNS} FROM pool p WHERE p.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!pool) throw notFound('Pool', id);
  return pool;
}

export async function allPools(db: Db): Promise<PoolRow[]> {
  return db.query<PoolRow>(`SELECT ${POOL_COLUMNS} FROM pool p ORDER BY p.name`);
}

/** The role a pool VM's user gets on it. */
export const ASSIGNED_ROLE = 'UserRole';

/**
 * The id of the UserRole role. The demo and the first-run bootstrap write the roles; a
 * store without them gets UserRole from its spec here, so a take never fails on it.
 */
export async function assignedRoleId(db: Db): Promise<string> {
  const spec = roleSpec(ASSIGNED_ROLE)!;
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO role (name, description, is_admin, action_groups) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [spec.name, spec.description, spec.isAdmin, [...spec.actionGroups]],
  );
  return row!.id;
}

/** SQL: the users (not groups) a VM `v` is assigned to, as a UserRole permission on it. */
export const ASSIGNED_TO = `
  SELECT p.user_id FROM permission p JOIN role r ON r.id = p.role_id
                                     JOIN app_user u ON u.id = p.user_id
   WHERE p.object_type = 'Vm' AND p.object_id = v.id AND r.name = '${ASSIGNED_ROLE}'
     AND NOT u.is_group`;

export interface PoolVm {
  id: string;
  name: string;
  status: VmStatus;
  stateless_dirty: boolean;
  /** Users holding it (UserRole on it). */
  users: string[];
}

export async function poolVms(db: Db, poolId: string): Promise<PoolVm[]> {
  return db.query<PoolVm>(
    `SELECT v.id, v.name, v.status, v.stateless_dirty,
            ARRAY(${ASSIGNED_TO}) AS users
       FROM vm v WHERE v.pool_id = $1
      ORDER BY length(v.name), v.name`,
    [poolId],
  );
}

/** Removes every user's assignment of the VM (UserRole permissions); the users it had. */
export async function unassign(db: Db, vmId: string, userId?: string): Promise<string[]> {
  const rows = await db.query<{ user_id: string }>(
    `DELETE FROM permission p USING role r, app_user u
      WHERE r.id = p.role_id AND u.id = p.user_id AND NOT u.is_group
        AND r.name = '${ASSIGNED_ROLE}' AND p.object_type = 'Vm' AND p.object_id = $1
        AND ($2::uuid IS NULL OR p.user_id = $2::uuid)
      RETURNING p.user_id`,
    [vmId, userId ?? null],
  );
  return rows.map((r) => r.user_id);
}

export async function userLogin(db: Db, userId: string): Promise<string> {
  const [u] = await db.query<{ login: string }>(
    `SELECT username || '@' || domain AS login FROM app_user WHERE id = $1`,
    [userId],
  );
  return u?.login ?? userId;
}

/** A pool VM's name: `<pool>-<n>`. */
export const poolVmName = (pool: string, n: number) => `${pool}-${n}`;
