// A VM's creator owns it, as in oVirt: who creates a VM without seeing everything gets
// UserVmManager on it (use it, edit it, snapshot it, remove it, share it), and may own at
// most their account's vm_quota VMs (docs/identity.md, "Roles and permissions").
import { roleSpec } from '@corral/shared';
import { AppError } from '../engine/errors.js';
import type { Db } from '../store/index.js';
import type { Principal } from './principal.js';

/** The role a VM's creator gets on it. */
export const CREATOR_ROLE = 'UserVmManager';

/** VMs the user owns: those they hold the creator role on directly (pool desktops aside). */
export async function ownedVmCount(db: Db, userId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(DISTINCT v.id)::int AS n FROM vm v
       JOIN permission p ON p.object_type = 'Vm' AND p.object_id = v.id AND p.user_id = $1::uuid
       JOIN role r ON r.id = p.role_id AND r.name = $2
      WHERE v.pool_id IS NULL`,
    [userId, CREATOR_ROLE],
  );
  return Number(row?.n ?? 0);
}

export function quotaMessage(quota: number): string {
  return `You already own ${quota} VM${quota === 1 ? '' : 's'}, your quota; remove one first.`;
}

/**
 * Refuses (on the name field, nothing created) when a user who does not see everything
 * already owns their quota of VMs. Administrators on System have no quota.
 */
export async function requireVmQuota(db: Db, principal: Principal): Promise<void> {
  if (principal.seesAll) return;
  const [user] = await db.query<{ vm_quota: number }>(
    'SELECT vm_quota FROM app_user WHERE id = $1',
    [principal.userId],
  );
  const quota = user?.vm_quota ?? 0;
  if ((await ownedVmCount(db, principal.userId)) >= quota) {
    throw new AppError('RULE_VIOLATION', quotaMessage(quota), 'name');
  }
}

/** The creator role's id, the row made from @corral/shared's spec when the store has none yet. */
async function creatorRoleId(db: Db): Promise<string> {
  const spec = roleSpec(CREATOR_ROLE);
  if (!spec) throw new Error(`roleSpec: no ${CREATOR_ROLE}`);
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO role (name, description, is_admin, action_groups) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [spec.name, spec.description, spec.isAdmin, [...spec.actionGroups]],
  );
  return row!.id;
}

/** Per user, the tail of the creations under way in this process. */
const creating = new Map<string, Promise<unknown>>();

/**
 * Creates a VM the principal will own: the quota check, the creation and the owner's
 * permission, one creation at a time per user in this process — so two requests at the
 * same instant can't both pass a check that only one of them fits. (Two BFF replicas
 * could still each let one through; docs/identity.md.)
 */
export async function createOwned<T extends { id: string }>(
  db: Db,
  principal: Principal,
  create: () => Promise<T>,
): Promise<T> {
  if (principal.seesAll) return create();
  const before = creating.get(principal.userId) ?? Promise.resolve();
  const run = before
    .catch(() => undefined)
    .then(async () => {
      await requireVmQuota(db, principal);
      const created = await create();
      await grantOwner(db, principal, created.id);
      return created;
    });
  creating.set(principal.userId, run);
  try {
    return await run;
  } finally {
    if (creating.get(principal.userId) === run) creating.delete(principal.userId);
  }
}

/** Gives a VM's creator UserVmManager on it, unless they see everything (nothing to add). */
export async function grantOwner(db: Db, principal: Principal, vmId: string): Promise<void> {
  if (principal.seesAll) return;
  await db.query(
    `INSERT INTO permission (user_id, role_id, object_type, object_id)
     VALUES ($1, $2, 'Vm', $3) ON CONFLICT DO NOTHING`,
    [principal.userId, await creatorRoleId(db), vmId],
  );
}
