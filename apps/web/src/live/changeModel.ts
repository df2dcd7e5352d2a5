// What the portal does with the change feed (ARCHITECTURE.md, decision 5): the BFF
// says which rows changed; the grid re-reads the ones it shows and patches them in
// place, and re-runs its search only when the result itself may have changed. Kept
// free of React and ag-grid so the decisions are tested on their own.
import type { SearchObjectKey } from '@corral/shared';

/** One entry of a `live.changes` batch (apps/bff/src/live/feed.ts). */
export interface Change {
  readonly object: SearchObjectKey;
  readonly ids: readonly string[];
  readonly op: 'upsert' | 'remove';
}

/**
 * Several batches as one: per object, the ids upserted and the ids removed, where a
 * later operation on an id wins over an earlier one.
 */
export function mergeChanges(changes: readonly Change[]): Change[] {
  const last = new Map<SearchObjectKey, Map<string, Change['op']>>();
  for (const c of changes) {
    let ops = last.get(c.object);
    if (!ops) last.set(c.object, (ops = new Map()));
    for (const id of c.ids) {
      ops.delete(id);
      ops.set(id, c.op);
    }
  }
  const merged: Change[] = [];
  for (const [object, ops] of last) {
    for (const op of ['upsert', 'remove'] as const) {
      const ids = [...ops].filter(([, o]) => o === op).map(([id]) => id);
      if (ids.length > 0) merged.push({ object, ids, op });
    }
  }
  return merged;
}

/** Whether the changes concern `object` at all, or the one row `id` of it. */
export function touches(changes: readonly Change[], object: SearchObjectKey, id?: string): boolean {
  return changes.some((c) => c.object === object && (id === undefined || c.ids.includes(id)));
}

export interface GridPlan {
  /** Rows on screen to re-read and update in place. */
  readonly patch: readonly string[];
  /** Re-run the search over the loaded blocks: rows may have joined or left the result. */
  readonly refresh: boolean;
}

/**
 * More unseen rows than this in one delivery is a monitoring sweep over the fleet
 * (stats of rows the user is not looking at), not rows the result gained: re-running
 * the search for it would turn every cycle into a reload of the grid.
 */
export const NEW_ROW_LIMIT = 25;

/**
 * The grid's answer to changes of its object. Loaded rows that changed are patched.
 * A removal means the result lost a row (positions and total shift), so the search is
 * re-run; so is an upsert of a row the grid has not loaded, when there are few of them:
 * a VM was created, or started and now matches `status = up`.
 */
export function planGridUpdate(
  changes: readonly Change[],
  object: SearchObjectKey,
  loaded: ReadonlySet<string>,
  newRowLimit = NEW_ROW_LIMIT,
): GridPlan {
  const mine = mergeChanges(changes.filter((c) => c.object === object));
  const removed = mine.filter((c) => c.op === 'remove').flatMap((c) => c.ids);
  const upserted = mine.filter((c) => c.op === 'upsert').flatMap((c) => c.ids);
  const patch = upserted.filter((id) => loaded.has(id));
  const unseen = upserted.length - patch.length;
  const refresh = removed.length > 0 || (unseen > 0 && unseen <= newRowLimit);
  // A refresh re-reads every loaded row anyway.
  return { patch: refresh ? [] : patch, refresh };
}

/**
 * Rows re-read for a patch, matched to the ids asked for. An id the BFF no longer
 * returns was removed between the change and the read: the search is re-run instead.
 */
export function matchPatchedRows<R extends { readonly id: string }>(
  ids: readonly string[],
  rows: readonly R[],
): { readonly rows: readonly R[]; readonly missing: boolean } {
  const asked = new Set(ids);
  const found = rows.filter((r) => asked.has(r.id));
  return { rows: found, missing: new Set(found.map((r) => r.id)).size < asked.size };
}
