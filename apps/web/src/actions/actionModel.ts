// The commands of the Virtual Machines and Hosts tabs, as oVirt lays them out, and
// whether each may run on the rows selected. A button is enabled only when every
// selected row allows its action; the reason a row refuses is what the user reads on
// hover. Kept free of React: the merging rules are tested on their own.
import type { UiIconName } from '../layout/icons.js';

export interface Availability {
  readonly allowed: boolean;
  readonly reason?: string;
}

export type VmActionName =
  | 'new'
  | 'edit'
  | 'remove'
  | 'run'
  | 'runOnce'
  | 'shutdown'
  | 'powerOff'
  | 'reboot'
  | 'suspend'
  | 'migrate'
  | 'snapshot'
  | 'makeTemplate'
  | 'clone'
  | 'console'
  | 'consoleSpice'
  | 'consoleVnc';

export type HostActionName = 'add-host' | 'maintenance' | 'activate' | 'remove' | 'fence';

export type ActionName = VmActionName | HostActionName;

export type ActionObject = 'vm' | 'host';

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

export const VM_ACTION_DEFS: readonly ActionDef[] = [
  { name: 'new', label: 'New', group: 0, arity: 'none', dialog: true, icon: 'plus' },
  { name: 'edit', label: 'Edit', group: 0, arity: 'one', dialog: true, icon: 'pencil' },
  {
    name: 'remove',
    label: 'Remove',
    group: 0,
    arity: 'many',
    confirm: true,
    icon: 'trash',
    key: 'Delete',
  },
  { name: 'run', label: 'Run', group: 1, arity: 'many', icon: 'play' },
  { name: 'runOnce', label: 'Run Once', group: 1, arity: 'one', dialog: true },
  { name: 'shutdown', label: 'Shutdown', group: 1, arity: 'many', icon: 'stop' },
  { name: 'powerOff', label: 'Power Off', group: 1, arity: 'many', confirm: true, icon: 'power' },
  { name: 'reboot', label: 'Reboot', group: 1, arity: 'many', icon: 'refresh' },
  { name: 'suspend', label: 'Suspend', group: 1, arity: 'many', icon: 'pause' },
  { name: 'migrate', label: 'Migrate', group: 2, arity: 'many', dialog: true, icon: 'migrate' },
  { name: 'snapshot', label: 'Create Snapshot', group: 3, arity: 'one', dialog: true },
  { name: 'makeTemplate', label: 'Make Template', group: 3, arity: 'one', dialog: true },
  { name: 'clone', label: 'Clone', group: 3, arity: 'one', dialog: true },
  // Opens the VM's screen in a window of its own (the console page), over the VM's
  // display protocol, or over the one the user picks (Proxmox and oVirt users choose).
  { name: 'console', label: 'Console', group: 4, arity: 'one' },
  {
    name: 'consoleSpice',
    label: 'SPICE',
    menuLabel: 'Console over SPICE',
    rule: 'console',
    group: 4,
    arity: 'one',
  },
  {
    name: 'consoleVnc',
    label: 'VNC',
    menuLabel: 'Console over VNC',
    rule: 'console',
    group: 4,
    arity: 'one',
  },
];

export const HOST_ACTION_DEFS: readonly ActionDef[] = [
  { name: 'add-host', label: 'New', group: 0, arity: 'none', dialog: true, icon: 'plus' },
  {
    name: 'remove',
    label: 'Remove',
    group: 0,
    arity: 'many',
    confirm: true,
    icon: 'trash',
    key: 'Delete',
  },
  { name: 'maintenance', label: 'Maintenance', group: 1, arity: 'many', confirm: true },
  { name: 'activate', label: 'Activate', group: 1, arity: 'many', icon: 'play' },
  { name: 'fence', label: 'Fence', group: 2, arity: 'one', confirm: true, icon: 'power' },
];

export const ACTION_DEFS: Readonly<Record<ActionObject, readonly ActionDef[]>> = {
  vm: VM_ACTION_DEFS,
  host: HOST_ACTION_DEFS,
};

export function isActionObject(object: string): object is ActionObject {
  return object === 'vm' || object === 'host';
}

/** Verdicts for one row, by action name (the shared rules' keys); an action the rules do not mention is not refused. */
export type RowVerdicts = Readonly<Record<string, Availability | undefined>>;

export interface ActionRow {
  readonly id: string;
  readonly name?: unknown;
}

const NOUN: Record<ActionObject, { one: string; many: string }> = {
  vm: { one: 'virtual machine', many: 'virtual machines' },
  host: { one: 'host', many: 'hosts' },
};

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
  const noun = NOUN[object];
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
