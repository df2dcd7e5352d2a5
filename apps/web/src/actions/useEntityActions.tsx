// The commands of the current main tab, for the selected rows: what toolbar and menu
// show (enabled or why not), and what a button does (useActionSteps: confirm, ask in a
// dialog, or send). Any object registered in actionModel's ACTION_SPECS and handlers.ts
// works here alike.
import { useCallback, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPCClient } from '../api/trpc.js';
import type { ResultRow } from '../grid/columns.js';
import { touches } from '../live/changeModel.js';
import { useLiveChanges } from '../live/LiveFeed.js';
import {
  ACTION_SPECS,
  actionForKey,
  clientVerdicts,
  rowAvailability,
  selectionAvailability,
  type ActionDef,
  type ActionItem,
  type ActionName,
  type ActionObject,
} from './actionModel.js';
import { handlersOf } from './handlers.js';
import { serverVerdictsOf } from './serverVerdicts.js';
import { useActionSteps } from './useActionSteps.js';

export interface EntityActions {
  readonly items: readonly ActionItem[];
  readonly busy: ActionName | null;
  invoke(name: ActionName): void;
  /** A key pressed in the grid; true when it ran an action. */
  invokeKey(key: string): boolean;
  readonly dialog: ReactNode;
}

const NONE: readonly ResultRow[] = [];
const NO_DEFS: readonly ActionDef[] = [];

/** The query key of the server's verdicts on some rows of an object. */
const verdictsKey = (object: ActionObject, ids?: readonly string[]) =>
  ids ? ['entity-actions', object, ids] : ['entity-actions', object];

/** `object` null: the current tab has no commands, and the hook is idle. */
export function useEntityActions(
  actionObject: ActionObject | null,
  selected: readonly ResultRow[],
): EntityActions {
  const object = actionObject ?? 'vm';
  const rows = actionObject ? selected : NONE;
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const steps = useActionSteps();
  const spec = ACTION_SPECS[object];
  const handlers = handlersOf(object);

  const ids = useMemo(() => rows.map((r) => r.id), [rows]);
  const verdicts = useQuery({
    queryKey: verdictsKey(object, ids),
    queryFn: () => handlers.serverVerdicts?.(client, ids) ?? {},
    enabled: actionObject !== null && ids.length > 0 && handlers.serverVerdicts !== undefined,
  });
  const server = useMemo(() => serverVerdictsOf(verdicts.data), [verdicts.data]);

  // The server's verdicts are about the rows as they were; a change to one of them
  // (it started, it moved), or to what they depend on, asks again.
  useLiveChanges(({ changes, resync }) => {
    if (ids.length === 0) return;
    const moved =
      resync ||
      ids.some((id) => touches(changes, object, id)) ||
      (spec.dependsOn ?? []).some((o) => touches(changes, o));
    if (moved) void queryClient.invalidateQueries({ queryKey: verdictsKey(object) });
  });

  const defs = actionObject ? spec.defs : NO_DEFS;
  const items = useMemo(
    () =>
      defs.map((def) => ({
        def,
        availability: selectionAvailability(object, def, rows, (row) =>
          rowAvailability(def.rule ?? def.name, clientVerdicts(object, row), server.get(row.id)),
        ),
      })),
    [defs, object, rows, server],
  );

  const { start, busy } = steps;
  const invokeDef = useCallback(
    (def: ActionDef) => {
      const item = items.find((i) => i.def.name === def.name);
      if (!item?.availability.allowed || busy) return;
      start(object, def.name, [...rows]);
    },
    [busy, items, object, rows, start],
  );

  const invoke = useCallback(
    (name: ActionName) => {
      const def = defs.find((d) => d.name === name);
      if (def) invokeDef(def);
    },
    [defs, invokeDef],
  );

  const invokeKey = useCallback(
    (key: string) => {
      const def = actionForKey(defs, key);
      if (!def) return false;
      invokeDef(def);
      return true;
    },
    [defs, invokeDef],
  );

  return { items, busy, invoke, invokeKey, dialog: steps.dialog };
}
