// May this principal do that to this object? (docs/identity.md, "Roles and permissions")
// A permission of the user or one of their groups, whose role holds the action group, on
// the object or anything above it (visibility.ts's ANCESTRY). Groups held on System are
// in the principal already, so an administrator's checks cost no query.
import { OBJECT_LABEL, type ActionGroup, type ObjectType } from '@corral/shared';
import { AppError, notFound } from '../engine/errors.js';
import type { Db } from '../store/index.js';
import type { Principal } from './principal.js';
import {
  OBJECT_TABLE,
  coveredFor,
  paramList,
  permissionCovers,
  visibleWhere,
} from './visibility.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Typed = Exclude<ObjectType, 'System'>;

/** Of `ids`, those where the principal holds `group` (one statement for all of them). */
async function grantedIds(
  db: Db,
  principal: Principal,
  group: ActionGroup,
  type: Typed,
  ids: readonly string[],
): Promise<Set<string>> {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
  if (wanted.length === 0) return new Set();
  const rows = await db.query<{ id: string }>(
    `SELECT t.id FROM ${OBJECT_TABLE[type]} t
      WHERE t.id = ANY($1::uuid[])
        AND EXISTS (SELECT 1 FROM permission p JOIN role r ON r.id = p.role_id
                     WHERE p.user_id = ANY($2::uuid[]) AND $3::text = ANY(r.action_groups)
                       AND ${permissionCovers(type, 't', 'p')})`,
    [wanted, [...principal.subjectIds], group],
  );
  return new Set(rows.map((r) => String(r.id).toLowerCase()));
}

/**
 * Whether the principal holds `group` on the object (`objectId` null: on System).
 * A group held on System holds everywhere, without a query.
 */
export async function can(
  db: Db,
  principal: Principal,
  group: ActionGroup,
  objectType: ObjectType,
  objectId: string | null,
): Promise<boolean> {
  if (principal.systemGroups.has(group)) return true;
  if (objectType === 'System' || objectId === null) return false;
  return (await grantedIds(db, principal, group, objectType, [objectId])).has(
    objectId.toLowerCase(),
  );
}

/** Of `ids` of one object type, those the principal may see (all when they see everything). */
export async function visibleIds(
  db: Db,
  principal: Principal,
  objectType: Typed,
  ids: readonly string[],
): Promise<Set<string>> {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
  // Who sees everything needs no query: a missing id is the procedure's own NOT_FOUND.
  if (wanted.length === 0 || principal.seesAll) return new Set(wanted);
  const { params, param } = paramList();
  const idsParam = param(wanted, 'uuid[]');
  const filter =
    objectType === 'User'
      ? (visibleWhere('user', 't', principal, param) ?? 'TRUE')
      : coveredFor(objectType, 't', param([...principal.subjectIds], 'uuid[]'));
  const rows = await db.query<{ id: string }>(
    `SELECT t.id FROM ${OBJECT_TABLE[objectType]} t WHERE t.id = ANY(${idsParam}) AND ${filter}`,
    params,
  );
  return new Set(rows.map((r) => String(r.id).toLowerCase()));
}

/** NOT_FOUND, exactly as for a missing id, unless the principal may see the object. */
export async function requireVisible(
  db: Db,
  principal: Principal,
  objectType: Typed,
  id: string,
): Promise<void> {
  if (!(await visibleIds(db, principal, objectType, [id])).has(id.toLowerCase())) {
    throw notFound(OBJECT_LABEL[objectType], id);
  }
}

/** Only the ids the principal may see, in their order: for per-id answers (actions). */
export async function onlyVisible(
  db: Db,
  principal: Principal,
  objectType: Typed,
  ids: readonly string[],
): Promise<string[]> {
  if (principal.seesAll) return [...ids];
  const seen = await visibleIds(db, principal, objectType, ids);
  return ids.filter((id) => seen.has(id.toLowerCase()));
}

/** `powerOff` → `power off`: how a refusal names what was asked. */
export function verbOf(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Refuses unless the principal holds `group` on every object in `ids` (System when
 * `ids` is null): NOT_FOUND for an object they cannot even see (as if it did not
 * exist), FORBIDDEN naming the group for one they see but may not act on.
 */
export async function requireGroup(
  db: Db,
  principal: Principal,
  group: ActionGroup,
  objectType: ObjectType,
  ids: readonly string[] | null,
  verb = 'do this to',
): Promise<void> {
  if (principal.systemGroups.has(group)) return;
  if (objectType === 'System' || ids === null) {
    throw new AppError('FORBIDDEN', `You may not ${verb}: it needs ${group} on System.`);
  }
  const granted = await grantedIds(db, principal, group, objectType, ids);
  const denied = ids.filter((id) => !granted.has(id.toLowerCase()));
  if (denied.length === 0) return;
  const seen = await visibleIds(db, principal, objectType, denied);
  const label = OBJECT_LABEL[objectType];
  const hidden = denied.find((id) => !seen.has(id.toLowerCase()));
  if (hidden !== undefined) throw notFound(label, hidden);
  const reasons = Object.fromEntries(denied.map((id) => [id, `It needs ${group}.`]));
  throw new AppError(
    'FORBIDDEN',
    `You may not ${verb} this ${label === 'VM' ? label : label.toLowerCase()}: it needs ${group}.`,
    undefined,
    reasons,
  );
}

/** Of listed objects, those the principal may see (all when they see everything). */
export async function filterVisible<T extends { id: string }>(
  db: Db,
  principal: Principal,
  objectType: Typed,
  items: readonly T[],
): Promise<T[]> {
  if (principal.seesAll) return [...items];
  const seen = await visibleIds(
    db,
    principal,
    objectType,
    items.map((i) => i.id),
  );
  return items.filter((i) => seen.has(i.id.toLowerCase()));
}

/** Of `ids`, those where the principal holds `group`, in their order. */
export async function onlyGranted(
  db: Db,
  principal: Principal,
  group: ActionGroup,
  objectType: Typed,
  ids: readonly string[],
): Promise<string[]> {
  if (principal.systemGroups.has(group)) return [...ids];
  const granted = await grantedIds(db, principal, group, objectType, ids);
  return ids.filter((id) => granted.has(id.toLowerCase()));
}
