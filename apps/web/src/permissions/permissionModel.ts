// The Permissions sub-tab's decisions: which object type a tab's object is, which rows
// may be removed here (inherited ones are removed where they were given). Kept free of
// React: tested on its own.
import { SEARCH_OBJECT_TYPE } from '@corral/shared';

/**
 * The permission object type of a search object; undefined when it has none. The
 * shared map, so the SPA and the BFF name objects alike (a user's own tab lists what
 * the user holds instead, and never asks for its type).
 */
export const PERMISSION_OBJECT = SEARCH_OBJECT_TYPE;

/** What the BFF calls a permission given on the object itself (details/permissions.ts). */
export const THIS_OBJECT = '(this object)';

/** A row of the Permissions tab: on an object (`user`, `inherited_from`) or held by a user (`object`). */
export type PermissionRow = Readonly<Record<string, unknown>> & { readonly id: string };

/**
 * Whether this tab may remove the row. On an object's tab, only what was given on that
 * object: an inherited permission is removed on the object it comes from. On a user's
 * tab, every row is that user's own.
 */
export function removal(
  mode: 'object' | 'user',
  row: PermissionRow,
): { allowed: boolean; reason?: string } {
  if (mode === 'user') return { allowed: true };
  const from = typeof row.inherited_from === 'string' ? row.inherited_from : THIS_OBJECT;
  if (from === THIS_OBJECT) return { allowed: true };
  return {
    allowed: false,
    reason:
      from === 'System'
        ? 'Given on System: remove it from the user’s Permissions tab.'
        : `Inherited from its ${from}: remove it there.`,
  };
}
