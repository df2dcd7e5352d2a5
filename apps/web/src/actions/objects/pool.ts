// The Pools tab's actions: New, Edit and Remove (oVirt's VM pools), and how the toasts
// word their outcome. Whether a pool may go (none of its VMs running or assigned) is
// known to the server only: the grid row does not list the pool's VMs. Every command
// runs as a job (the pool's VMs are created or removed), the toast when it ends.
import type { ActionDef, ActionObjectSpec, ActionSubject } from '../actionModel.js';

export type PoolActionName = 'new' | 'edit' | 'remove';

export const POOL_ACTION_DEFS: readonly (ActionDef & { name: PoolActionName })[] = [
  { name: 'new', label: 'New', group: 0, arity: 'none', dialog: true, icon: 'plus' },
  { name: 'edit', label: 'Edit', group: 0, arity: 'one', dialog: true, icon: 'pencil' },
  {
    name: 'remove',
    label: 'Remove',
    group: 0,
    arity: 'one',
    confirm: true,
    icon: 'trash',
    key: 'Delete',
  },
];

export const POOL_ACTIONS = ['edit', 'remove'] as const;

const pool = (t: ActionSubject, what: string) => `Pool ${t.target} ${what}`;

export const POOL_ACTIONS_SPEC: ActionObjectSpec = {
  defs: POOL_ACTION_DEFS,
  noun: { one: 'pool', many: 'pools' },
  rules: POOL_ACTIONS,
  clientVerdicts: () => ({}),
  wording: {
    new: { done: (t) => pool(t, 'created'), noun: 'Creation' },
    edit: { done: (t) => pool(t, 'updated'), noun: 'Update' },
    remove: { done: (t) => pool(t, 'removed'), noun: 'Removal' },
  },
  // A pool's VMs starting, stopping or being taken change whether it may be removed.
  dependsOn: ['vm'],
};
