// The Storage tab's actions: New Domain, Attach / Detach (to a data center), Activate,
// Maintenance and Remove, the shared rules that judge them, and how the toasts word
// their outcome. Every command runs as a job.
import { STORAGE_DOMAIN_ACTIONS, storageDomainActions } from '@corral/shared';
import type { ActionDef, ActionObjectSpec } from '../actionModel.js';
import { storageStateOf } from '../rowState.js';
import { doneAs, removeDef } from './common.js';

export type StorageActionName = 'new' | 'attach' | 'detach' | 'activate' | 'maintenance' | 'remove';

export const STORAGE_ACTION_DEFS: readonly (ActionDef & { name: StorageActionName })[] = [
  { name: 'new', label: 'New Domain', group: 0, arity: 'none', dialog: true, icon: 'plus' },
  removeDef('one'),
  {
    name: 'attach',
    label: 'Attach',
    menuLabel: 'Attach to Data Center',
    group: 1,
    arity: 'one',
    dialog: true,
  },
  {
    name: 'detach',
    label: 'Detach',
    menuLabel: 'Detach from Data Center',
    group: 1,
    arity: 'one',
    confirm: true,
  },
  { name: 'activate', label: 'Activate', group: 2, arity: 'many', icon: 'play' },
  { name: 'maintenance', label: 'Maintenance', group: 2, arity: 'many', confirm: true },
];

const sd = (what: string) => doneAs('Storage domain', what);

export const STORAGE_ACTIONS_SPEC: ActionObjectSpec = {
  defs: STORAGE_ACTION_DEFS,
  noun: { one: 'storage domain', many: 'storage domains' },
  rules: STORAGE_DOMAIN_ACTIONS,
  clientVerdicts: (row) => storageDomainActions(storageStateOf(row)),
  wording: {
    new: { done: sd('created'), noun: 'Creation' },
    attach: { done: sd('attached'), noun: 'Attaching' },
    detach: { done: sd('detached'), noun: 'Detaching' },
    activate: { done: sd('activated'), noun: 'Activation' },
    maintenance: { done: sd('is in Maintenance'), noun: 'Maintenance' },
    remove: { done: sd('removed'), noun: 'Removal' },
  },
  // Whether a domain can be attached or activated depends on its data center's hosts
  // being Up, and on the other domains of that data center.
  dependsOn: ['host', 'datacenter', 'disk', 'vm'],
};
