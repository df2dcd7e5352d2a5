// The Data Centers tab's actions: New, Edit, Remove and Guide Me, the shared rules that
// judge them, and how the toasts word their outcome. The commands change only the
// store and answer at once (no job): the toast follows the answer.
import { DATA_CENTER_ACTIONS, dataCenterActions } from '@corral/shared';
import type { ActionDef, ActionObjectSpec } from '../actionModel.js';
import { dataCenterStateOf } from '../rowState.js';
import { EDIT_DEF, NEW_DEF, crudWording, removeDef } from './common.js';

export type DataCenterActionName = 'new' | 'edit' | 'remove' | 'guide';

export const DATA_CENTER_ACTION_DEFS: readonly (ActionDef & { name: DataCenterActionName })[] = [
  NEW_DEF,
  EDIT_DEF,
  removeDef('one'),
  { name: 'guide', label: 'Guide Me', group: 1, arity: 'one', dialog: true },
];

export const DATA_CENTER_ACTIONS_SPEC: ActionObjectSpec = {
  defs: DATA_CENTER_ACTION_DEFS,
  noun: { one: 'data center', many: 'data centers' },
  rules: DATA_CENTER_ACTIONS,
  clientVerdicts: (row) => dataCenterActions(dataCenterStateOf(row)),
  wording: {
    ...crudWording('Data center'),
    // Guide Me runs no command itself; its steps' dialogs are worded by their own objects.
    guide: { done: (t) => `Guide Me for data center ${t.target}`, noun: 'Guide Me' },
  },
  // Removal waits for its storage domains to leave Maintenance's opposite.
  dependsOn: ['cluster', 'storage'],
};
