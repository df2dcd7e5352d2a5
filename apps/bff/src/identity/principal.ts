// Who is acting: the signed-in user as the permission checks see them, loaded once per
// request from the session (docs/identity.md).
import { ACTION_GROUPS, type ActionGroup } from '@corral/shared';
import type { Db } from '../store/index.js';

export interface Principal {
  readonly userId: string;
  /** `username@domain`, as events and jobs name the user. */
  readonly login: string;
  /** The user and the groups they belong to: whose permissions count. */
  readonly subjectIds: readonly string[];
  /** Action groups held on System: they hold on every object, no lookup needed. */
  readonly systemGroups: ReadonlySet<ActionGroup>;
  /** Holds some permission on System, so every object is visible (no filter needed). */
  readonly seesAll: boolean;
  /** Holds an admin role somewhere: may use the admin portal. */
  readonly admin: boolean;
}

/**
 * A principal holding every action group on System, for the engine's own work and for
 * tests that exercise commands rather than permissions.
 */
export function superUser(
  login = 'admin@internal',
  userId = '00000000-0000-0000-0000-000000000000',
): Principal {
  return {
    userId,
    login,
    subjectIds: [userId],
    systemGroups: new Set(ACTION_GROUPS),
    seesAll: true,
    admin: true,
  };
}

/** The principal of an enabled user, or undefined when there is no such user. */
export async function loadPrincipal(db: Db, userId: string): Promise<Principal | undefined> {
  const [user] = await db.query<{ id: string; login: string }>(
    `SELECT id, username || '@' || domain AS login FROM app_user
      WHERE id = $1 AND NOT is_group AND NOT disabled`,
    [userId],
  );
  if (!user) return undefined;
  const groups = await db.query<{ group_id: string }>(
    'SELECT group_id FROM group_member WHERE user_id = $1',
    [userId],
  );
  const subjectIds = [user.id, ...groups.map((g) => g.group_id)];
  const held = await db.query<{ object_type: string; is_admin: boolean; action_groups: string[] }>(
    `SELECT DISTINCT p.object_type, r.is_admin, r.action_groups
       FROM permission p JOIN role r ON r.id = p.role_id
      WHERE p.user_id = ANY($1::uuid[])`,
    [subjectIds],
  );
  const systemGroups = new Set<ActionGroup>();
  let seesAll = false;
  for (const p of held) {
    if (p.object_type !== 'System') continue;
    seesAll = true;
    for (const g of p.action_groups) systemGroups.add(g as ActionGroup);
  }
  return {
    userId: user.id,
    login: user.login,
    subjectIds,
    systemGroups,
    seesAll,
    admin: held.some((p) => p.is_admin),
  };
}
