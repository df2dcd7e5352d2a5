// The Pools tab's actions: New, Edit and Remove (oVirt's VM pools), and how the toasts
// word their outcome. Whether a pool may go (none of its VMs running or assigned) is
// known to the server only: the grid row does not list the pool's VMs. Every command
// runs as a job (the pool's VMs are created or removed), the toast when it ends.
import type { ActionDef, ActionObjectSpec } from '../actionModel.js';
import { EDIT_DEF, NEW_DEF, crudWording, removeDef } from './common.js';

export type PoolActionName = 'new' | 'edit' | 'remove';

export const POOL_ACTION_DEFS: readonly (ActionDef & { name: PoolActionName })[] = [
  NEW_DEF,
  EDIT_DEF,
  removeDef('one'),
];

export const POOL_ACTIONS = ['edit', 'remove'] as const;

export const POOL_ACTIONS_SPEC: ActionObjectSpec = {
  defs: POOL_ACTION_DEFS,
  noun: { one: 'pool', many: 'pools' },
  rules: POOL_ACTIONS,
  clientVerdicts: () => ({}),
  wording: crudWording('Pool'),
  // A pool's VMs starting, stopping or being taken change whether it may be removed.
  dependsOn: ['vm'],
};
