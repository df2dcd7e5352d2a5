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
  /** Re-run the search over the loaded blocks: rows left the result. */
  readonly refresh: boolean;
  /**
   * Rows the grid has never known changed: new ones, or old ones outside the loaded
   * blocks or outside the result that the feed names for the first time. Which, only
   * the result's total can tell: read it, and re-run the search when it moved.
   */
  readonly probe: boolean;
}

/**
 * The grid's answer to changes of its object. Loaded rows that changed are patched in
 * place. A removal means the result may have lost a row (positions and total shift),
 * so the search is re-run. An upsert of a row the grid never knew (neither loaded nor
 * named by the feed since the search ran) may be a row the result gained: a VM was
 * created, or a Down VM started and now matches `status = up`; a monitoring sweep
 * names many such rows the first time round. A row known before whose values changed
 * again is no news to the result.
 */
export function planGridUpdate(
  changes: readonly Change[],
  object: SearchObjectKey,
  loaded: ReadonlySet<string>,
  known: ReadonlySet<string> = new Set(),
): GridPlan {
  const mine = mergeChanges(changes.filter((c) => c.object === object));
  const removed = mine.filter((c) => c.op === 'remove').flatMap((c) => c.ids);
  const upserted = mine.filter((c) => c.op === 'upsert').flatMap((c) => c.ids);
  const refresh = removed.length > 0;
  // A refresh re-reads every loaded row and the total anyway.
  if (refresh) return { patch: [], refresh, probe: false };
  return {
    patch: upserted.filter((id) => loaded.has(id)),
    refresh,
    probe: upserted.some((id) => !loaded.has(id) && !known.has(id)),
  };
}

/** The ids of `object` the changes name, to remember as seen. */
export function idsOf(changes: readonly Change[], object: SearchObjectKey): string[] {
  return changes.filter((c) => c.object === object).flatMap((c) => c.ids);
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
