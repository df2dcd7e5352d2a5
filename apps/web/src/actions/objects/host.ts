// The Hosts tab's actions: definitions, the shared rules that judge them, and how the
// toasts word their outcome.
import { HOST_ACTIONS, hostActions } from '@corral/shared';
import type { ActionDef, ActionObjectSpec } from '../actionModel.js';
import { hostStateOf } from '../rowState.js';
import { doneAs, removeDef } from './common.js';

export type HostActionName = 'add-host' | 'maintenance' | 'activate' | 'remove' | 'fence';

export const HOST_ACTION_DEFS: readonly (ActionDef & { name: HostActionName })[] = [
  { name: 'add-host', label: 'New', group: 0, arity: 'none', dialog: true, icon: 'plus' },
  removeDef('many'),
  { name: 'maintenance', label: 'Maintenance', group: 1, arity: 'many', confirm: true },
  { name: 'activate', label: 'Activate', group: 1, arity: 'many', icon: 'play' },
  { name: 'fence', label: 'Fence', group: 2, arity: 'one', confirm: true, icon: 'power' },
];

const host = (what: string) => doneAs('Host', what);

export const HOST_ACTIONS_SPEC: ActionObjectSpec = {
  defs: HOST_ACTION_DEFS,
  noun: { one: 'host', many: 'hosts' },
  rules: HOST_ACTIONS,
  clientVerdicts: (row) => hostActions(hostStateOf(row)),
  wording: {
    'add-host': { done: host('added'), noun: 'Adding' },
    remove: { done: host('removed'), noun: 'Removal' },
    maintenance: { done: host('is in Maintenance'), noun: 'Maintenance' },
    activate: { done: host('activated'), noun: 'Activation' },
    fence: { done: host('fenced'), noun: 'Fencing' },
  },
};
