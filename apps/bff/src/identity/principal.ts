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

/**
 * The principal of an enabled user, or undefined when there is no such user. One query:
 * it runs on every request (measured in docs/benchmarks.md).
 */
export async function loadPrincipal(db: Db, userId: string): Promise<Principal | undefined> {
  const [row] = await db.query<{
    id: string;
    login: string;
    subject_ids: string[];
    system_groups: string[];
    sees_all: boolean;
    admin: boolean;
  }>(
    `WITH u AS (
       SELECT id, username || '@' || domain AS login FROM app_user
        WHERE id = $1 AND NOT is_group AND NOT disabled),
     subject AS (
       SELECT id FROM u
       UNION SELECT gm.group_id FROM group_member gm JOIN u ON gm.user_id = u.id),
     held AS (
       SELECT p.object_type, r.is_admin, r.action_groups
         FROM permission p JOIN role r ON r.id = p.role_id
        WHERE p.user_id IN (SELECT id FROM subject))
     SELECT u.id, u.login,
            ARRAY(SELECT id FROM subject) AS subject_ids,
            ARRAY(SELECT DISTINCT g FROM held, unnest(held.action_groups) g
                   WHERE held.object_type = 'System') AS system_groups,
            EXISTS (SELECT 1 FROM held WHERE object_type = 'System') AS sees_all,
            EXISTS (SELECT 1 FROM held WHERE is_admin) AS admin
       FROM u`,
    [userId],
  );
  if (!row) return undefined;
  // The user first, then their groups.
  const subjectIds = [row.id, ...row.subject_ids.filter((id) => id !== row.id)];
  return {
    userId: row.id,
    login: row.login,
    subjectIds,
    systemGroups: new Set(row.system_groups as ActionGroup[]),
    seesAll: row.sees_all,
    admin: row.admin,
  };
}
