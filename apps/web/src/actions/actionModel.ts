// The commands of the main tabs that have them (Virtual Machines, Hosts, …), as oVirt
// lays them out, and whether each may run on the rows selected. A button is enabled
// only when every selected row allows its action; the reason a row refuses is what the
// user reads on hover. Each object's actions live in a module of their own under
// objects/ (its definitions, rules and wording here; what a button does in
// objects/<object>Handlers.tsx); this file merges them and holds the rules common to
// all. Kept free of React: the merging rules are tested on their own.
import type { SearchObjectKey } from '@corral/shared';
import type { UiIconName } from '../layout/icons.js';
import { CLUSTER_ACTIONS_SPEC } from './objects/cluster.js';
import { DATA_CENTER_ACTIONS_SPEC } from './objects/dataCenter.js';
import { DISK_ACTIONS_SPEC } from './objects/disk.js';
import { HOST_ACTIONS_SPEC } from './objects/host.js';
import { POOL_ACTIONS_SPEC } from './objects/pool.js';
import { STORAGE_ACTIONS_SPEC } from './objects/storage.js';
import { USER_ACTIONS_SPEC } from './objects/user.js';
import { VM_ACTIONS_SPEC } from './objects/vm.js';
import { VOLUME_ACTIONS_SPEC } from './objects/volume.js';

export interface Availability {
  readonly allowed: boolean;
  readonly reason?: string;
}

/** An action's name, unique within its object (`run`, `maintenance`, `add-host`, …). */
export type ActionName = string;

/** The search objects whose main tab has commands; keys of the search catalog. */
export const ACTION_OBJECTS = [
  'datacenter',
  'cluster',
  'host',
  'storage',
  'disk',
  'vm',
  'pool',
  'volume',
  'user',
] as const;
export type ActionObject = (typeof ACTION_OBJECTS)[number];

export interface ActionDef {
  readonly name: ActionName;
  readonly label: string;
  /** Buttons of one group sit together; groups are separated in toolbar and menu. */
  readonly group: number;
  /** How many selected rows it takes: none (creates), exactly one, or one or more. */
  readonly arity: 'none' | 'one' | 'many';
  /** Asks for confirmation first: it cannot be undone or it loses the guest's state. */
  readonly confirm?: boolean;
  /** Opens a dialog that asks for more (a name, a target) before it runs. */
  readonly dialog?: boolean;
  readonly icon?: UiIconName;
  /** Key that runs it from the grid. */
  readonly key?: string;
  /** The shared rule that decides whether it may run, when not its own name's. */
  readonly rule?: string;
  /** What the right-click menu calls it, when the toolbar's label needs its neighbours. */
  readonly menuLabel?: string;
}

/** Verdicts for one row, by action name (the shared rules' keys); an action the rules do not mention is not refused. */
export type RowVerdicts = Readonly<Record<string, Availability | undefined>>;

export interface ActionRow {
  readonly id: string;
  readonly name?: unknown;
}

/** The row a finished command was about, and what it created when it named something new. */
export interface ActionSubject {
  readonly target: string;
  readonly result?: string;
}

/** How the toasts word an action's outcome. */
export interface ActionWording {
  /** The toast when it finished ("VM web-01 started"). */
  readonly done: (t: ActionSubject) => string;
  /** The noun for "… of web-01 failed". */
  readonly noun: string;
}

/** Everything about one object's actions that is not React: defined once per object. */
export interface ActionObjectSpec {
  readonly defs: readonly ActionDef[];
  /** What the reasons call one row and several ("Select a host first."). */
  readonly noun: { readonly one: string; readonly many: string };
  /** The action names the shared rules judge for this object (their keys). */
  readonly rules: readonly string[];
  /** The shared rules' verdicts on one grid row (search field names), by action name. */
  readonly clientVerdicts: (row: Record<string, unknown>) => RowVerdicts;
  /** Toast wording per action. */
  readonly wording: Readonly<Partial<Record<ActionName, ActionWording>>>;
  /**
   * Other objects whose changes may change the server's verdicts on these rows (a
   * storage domain can be activated once a host of its data center is Up).
   */
  readonly dependsOn?: readonly SearchObjectKey[];
}

export const ACTION_SPECS: Readonly<Record<ActionObject, ActionObjectSpec>> = {
  datacenter: DATA_CENTER_ACTIONS_SPEC,
  cluster: CLUSTER_ACTIONS_SPEC,
  host: HOST_ACTIONS_SPEC,
  storage: STORAGE_ACTIONS_SPEC,
  disk: DISK_ACTIONS_SPEC,
  vm: VM_ACTIONS_SPEC,
  pool: POOL_ACTIONS_SPEC,
  volume: VOLUME_ACTIONS_SPEC,
  user: USER_ACTIONS_SPEC,
};

export const VM_ACTION_DEFS = VM_ACTIONS_SPEC.defs;
export const HOST_ACTION_DEFS = HOST_ACTIONS_SPEC.defs;

export const ACTION_DEFS: Readonly<Record<ActionObject, readonly ActionDef[]>> = Object.fromEntries(
  ACTION_OBJECTS.map((o) => [o, ACTION_SPECS[o].defs]),
) as Record<ActionObject, readonly ActionDef[]>;

export function isActionObject(object: string): object is ActionObject {
  return (ACTION_OBJECTS as readonly string[]).includes(object);
}

/** The shared rules' verdicts on one row, by action name. */
export function clientVerdicts(object: ActionObject, row: Record<string, unknown>): RowVerdicts {
  return ACTION_SPECS[object].clientVerdicts(row);
}

/**
 * What one row says about an action: the rules run in the browser on the row as shown,
 * refined by the server's verdict (which knows more, e.g. whether any host can take a
 * migrating VM). Both must allow; when the row changed since the server answered, the
 * browser's rules see the newer state, so their refusal is reported first.
 */
export function rowAvailability(
  key: string,
  client: RowVerdicts | undefined,
  server: RowVerdicts | undefined,
): Availability {
  const c = client?.[key];
  if (c && !c.allowed) return c;
  const s = server?.[key];
  if (s && !s.allowed) return s;
  return { allowed: true };
}

/**
 * Whether `def` may run on the selected rows: the selection has the size the action
 * takes, and every row allows it. The reason names the first row that refuses when
 * several are selected, so the user knows which one to deselect.
 */
export function selectionAvailability<R extends ActionRow>(
  object: ActionObject,
  def: ActionDef,
  rows: readonly R[],
  verdictOf: (row: R) => Availability,
): Availability {
  if (def.arity === 'none') return { allowed: true };
  const noun = ACTION_SPECS[object].noun;
  if (rows.length === 0) return { allowed: false, reason: `Select a ${noun.one} first.` };
  if (def.arity === 'one' && rows.length > 1) {
    return { allowed: false, reason: `${def.label} works on one ${noun.one} at a time.` };
  }
  for (const row of rows) {
    const v = verdictOf(row);
    if (!v.allowed) {
      const reason = v.reason ?? `${def.label} is not possible now.`;
      return {
        allowed: false,
        reason: rows.length > 1 ? `${rowLabel(row)}: ${reason}` : reason,
      };
    }
  }
  return { allowed: true };
}

export function rowLabel(row: ActionRow): string {
  return typeof row.name === 'string' && row.name ? row.name : row.id;
}

/** The action a key press in the grid asks for, if any. */
export function actionForKey(defs: readonly ActionDef[], key: string): ActionDef | undefined {
  return defs.find((d) => d.key === key);
}

/** An action with its verdict on the current selection, as toolbar and menu show it. */
export interface ActionItem {
  readonly def: ActionDef;
  readonly availability: Availability;
}

/** Toolbar and menu order: the items split where the action group changes. */
export function actionGroups<T extends { readonly def: ActionDef }>(items: readonly T[]): T[][] {
  const groups: T[][] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && last[0]!.def.group === item.def.group) last.push(item);
    else groups.push([item]);
  }
  return groups;
}

/** The toast for an action that finished on `subject` (its job, or the command at once). */
export function doneMessage(
  object: ActionObject,
  action: ActionName,
  subject: ActionSubject,
): string | undefined {
  return ACTION_SPECS[object].wording[action]?.done(subject);
}
