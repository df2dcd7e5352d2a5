// Granting and revoking roles (Permissions sub-tabs, Users tab; docs/identity.md, "Roles
// and permissions"). Who holds MANIPULATE_PERMISSIONS on an object may grant roles on it
// (so a VM's owner may share their VM), but never more than they hold: an admin role
// only by who holds all its groups on System, any other role only by who holds all its
// groups on that object. Each change is audited and published, and ends the live feed
// of the user it concerns, so their grids and portal re-read with what they may see now.
import {
  OBJECT_LABEL,
  SEARCH_OBJECT_TYPE,
  permissionAddInput,
  permissionRemoveInput,
  type ActionGroup,
  type ObjectType,
  type SearchObjectKey,
} from '@corral/shared';
import { recordEvent, type AuditEventInput } from '../../engine/audit.js';
import { AppError, isUniqueViolation, notFound } from '../../engine/errors.js';
import { requireGroup } from '../../identity/authz.js';
import type { Principal } from '../../identity/principal.js';
import { OBJECT_TABLE, permissionCovers } from '../../identity/visibility.js';
import type { Change } from '../../live/feed.js';
import type { Db } from '../../store/index.js';
import { procedure, router } from '../trpc.js';

type Typed = Exclude<ObjectType, 'System'>;

export interface RoleRow {
  id: string;
  name: string;
  description: string;
  admin: boolean;
  groups: ActionGroup[];
}

const ROLE_COLUMNS = `id, name, description, is_admin AS admin, action_groups AS groups`;

/** The search object a permission's object is shown in, for the live feed. */
const SEARCH_KEY = Object.fromEntries(
  Object.entries(SEARCH_OBJECT_TYPE).map(([key, type]) => [type, key]),
) as Partial<Record<Typed, SearchObjectKey>>;

/** The audit event column that names an object of each type. */
const EVENT_FIELD: Partial<Record<Typed, keyof AuditEventInput>> = {
  DataCenter: 'dataCenterId',
  Cluster: 'clusterId',
  Host: 'hostId',
  Vm: 'vmId',
  StorageDomain: 'storageDomainId',
  Template: 'templateId',
  GlusterVolume: 'volumeId',
};

/** Action groups the principal holds on the object (System's included). */
async function groupsHeldOn(
  db: Db,
  principal: Principal,
  type: ObjectType,
  id: string | null,
): Promise<Set<string>> {
  const held = new Set<string>(principal.systemGroups);
  if (type === 'System' || id === null) return held;
  const rows = await db.query<{ g: string }>(
    `SELECT DISTINCT unnest(r.action_groups) AS g
       FROM ${OBJECT_TABLE[type]} t
       JOIN permission p ON p.user_id = ANY($2::uuid[]) AND ${permissionCovers(type, 't', 'p')}
       JOIN role r ON r.id = p.role_id
      WHERE t.id = $1`,
    [id, [...principal.subjectIds]],
  );
  for (const r of rows) held.add(r.g);
  return held;
}

/**
 * No privilege escalation: an admin role only from who holds every one of its groups on
 * System, any other role only from who holds every one of its groups on the object.
 */
async function requireMayGrant(
  db: Db,
  principal: Principal,
  role: RoleRow,
  type: ObjectType,
  id: string | null,
  verb: 'grant' | 'revoke',
): Promise<void> {
  const held = role.admin
    ? new Set<string>(principal.systemGroups)
    : await groupsHeldOn(db, principal, type, id);
  const missing = role.groups.filter((g) => !held.has(g));
  if (missing.length === 0) return;
  const where = role.admin ? 'on System' : 'here';
  throw new AppError(
    'FORBIDDEN',
    `You may not ${verb} ${role.name}: it holds ${missing.join(', ')}, which you do not hold ${where}.`,
    'role',
  );
}

/** The object's name for events ('System' for System); NOT_FOUND when it does not exist. */
async function objectName(db: Db, type: ObjectType, id: string | null): Promise<string> {
  if (type === 'System' || id === null) return 'System';
  const column = type === 'User' ? `username || '@' || domain` : type === 'Disk' ? 'alias' : 'name';
  const [row] = await db.query<{ name: string }>(
    `SELECT ${column} AS name FROM ${OBJECT_TABLE[type]} WHERE id = $1`,
    [id],
  );
  if (!row) throw notFound(OBJECT_LABEL[type], id);
  return row.name;
}

/** The object's row and the grantee: what the views showing either re-read. */
function changesOf(type: ObjectType, objectId: string | null, userId: string): Change[] {
  const out: Change[] = [{ object: 'user', ids: [userId], op: 'upsert' }];
  const key = type === 'System' ? undefined : SEARCH_KEY[type];
  if (key && objectId && key !== 'user') out.push({ object: key, ids: [objectId], op: 'upsert' });
  return out;
}

function eventScope(type: ObjectType, objectId: string | null): Partial<AuditEventInput> {
  const field = type === 'System' ? undefined : EVENT_FIELD[type];
  return field && objectId ? { [field]: objectId } : {};
}

export const permissionRouter = router({
  add: procedure
    .meta({ checkedInside: 'MANIPULATE_PERMISSIONS on the object, and no privilege escalation' })
    .input(permissionAddInput)
    .mutation(async ({ ctx, input }) => {
      const type = input.objectType as ObjectType;
      const objectId = type === 'System' ? null : input.objectId;
      await requireGroup(
        ctx.db,
        ctx.user,
        'MANIPULATE_PERMISSIONS',
        type,
        objectId === null ? null : [objectId],
        'grant roles on',
      );
      const [role] = await ctx.db.query<RoleRow>(
        `SELECT ${ROLE_COLUMNS} FROM role WHERE name = $1`,
        [input.role],
      );
      if (!role) throw new AppError('NOT_FOUND', `There is no role named ${input.role}.`, 'role');
      await requireMayGrant(ctx.db, ctx.user, role, type, objectId, 'grant');
      const [grantee] = await ctx.db.query<{ login: string; isGroup: boolean }>(
        `SELECT username || '@' || domain AS login, is_group AS "isGroup" FROM app_user WHERE id = $1`,
        [input.userId],
      );
      if (!grantee) throw new AppError('NOT_FOUND', 'There is no such user or group.', 'userId');
      const name = await objectName(ctx.db, type, objectId);
      let id: string;
      try {
        const [row] = await ctx.db.query<{ id: string }>(
          `INSERT INTO permission (user_id, role_id, object_type, object_id)
           VALUES ($1, $2, $3, $4) RETURNING id`,
          [input.userId, role.id, type, objectId],
        );
        id = row!.id;
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new AppError(
            'CONFLICT',
            `${grantee.login} already has ${role.name} on ${name}.`,
            'role',
          );
        }
        throw err;
      }
      const on = type === 'System' ? 'System' : `${OBJECT_LABEL[type]} ${name}`;
      await recordEvent(ctx.db, ctx.engine.feed, {
        code: 'PERMISSION_ADDED',
        message: `${ctx.user.login} granted ${role.name} on ${on} to ${grantee.login}.`,
        userName: ctx.user.login,
        userId: input.userId,
        ...eventScope(type, objectId),
      });
      ctx.engine.feed.publish(changesOf(type, objectId, input.userId));
      return { id };
    }),

  remove: procedure
    .meta({ checkedInside: 'MANIPULATE_PERMISSIONS on the object, and no privilege escalation' })
    .input(permissionRemoveInput)
    .mutation(async ({ ctx, input }) => {
      const [p] = await ctx.db.query<{
        userId: string;
        login: string;
        objectType: ObjectType;
        objectId: string | null;
        roleName: string;
      }>(
        `SELECT p.user_id AS "userId", u.username || '@' || u.domain AS login,
                p.object_type AS "objectType", p.object_id AS "objectId", r.name AS "roleName"
           FROM permission p JOIN app_user u ON u.id = p.user_id JOIN role r ON r.id = p.role_id
          WHERE p.id = $1`,
        [input.permissionId],
      );
      if (!p) throw notFound('Permission', input.permissionId);
      const type = p.objectType;
      // Who cannot see the object cannot see its permissions either: NOT_FOUND, as if absent.
      try {
        await requireGroup(
          ctx.db,
          ctx.user,
          'MANIPULATE_PERMISSIONS',
          type,
          p.objectId === null ? null : [p.objectId],
          'revoke roles on',
        );
      } catch (err) {
        if (err instanceof AppError && err.code === 'NOT_FOUND') {
          throw notFound('Permission', input.permissionId);
        }
        throw err;
      }
      const [role] = await ctx.db.query<RoleRow>(
        `SELECT ${ROLE_COLUMNS} FROM role WHERE name = $1`,
        [p.roleName],
      );
      await requireMayGrant(ctx.db, ctx.user, role!, type, p.objectId, 'revoke');
      const name = await objectName(ctx.db, type, p.objectId).catch(() => p.objectId ?? '');
      await ctx.db.query('DELETE FROM permission WHERE id = $1', [input.permissionId]);
      const on = type === 'System' ? 'System' : `${OBJECT_LABEL[type]} ${name}`;
      await recordEvent(ctx.db, ctx.engine.feed, {
        code: 'PERMISSION_REMOVED',
        message: `${ctx.user.login} revoked ${p.roleName} on ${on} from ${p.login}.`,
        userName: ctx.user.login,
        userId: p.userId,
        ...eventScope(type, p.objectId),
      });
      ctx.engine.feed.publish(changesOf(type, p.objectId, p.userId));
      return { id: input.permissionId };
    }),
});

export const roleRouter = router({
  /** Every role with its admin flag and action groups: the role picker of Add Permission. */
  list: procedure
    .meta({ checkedInside: 'role names and groups are no secret to a signed-in user' })
    .query(({ ctx }) =>
      ctx.db.query<RoleRow>(`SELECT ${ROLE_COLUMNS} FROM role ORDER BY is_admin DESC, name`),
    ),
});
