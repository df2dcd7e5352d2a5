// The Clusters tab's actions: New, Edit, Remove and Guide Me, the shared rules that
// judge them, and how the toasts word their outcome. The commands change only the
// store and answer at once (no job): the toast follows the answer.
import { CLUSTER_ACTIONS, clusterActions } from '@corral/shared';
import type { ActionDef, ActionObjectSpec } from '../actionModel.js';
import { clusterStateOf } from '../rowState.js';
import { EDIT_DEF, NEW_DEF, crudWording, removeDef } from './common.js';

export type ClusterActionName = 'new' | 'edit' | 'remove' | 'guide';

export const CLUSTER_ACTION_DEFS: readonly (ActionDef & { name: ClusterActionName })[] = [
  NEW_DEF,
  EDIT_DEF,
  removeDef('one'),
  { name: 'guide', label: 'Guide Me', group: 1, arity: 'one', dialog: true },
];

export const CLUSTER_ACTIONS_SPEC: ActionObjectSpec = {
  defs: CLUSTER_ACTION_DEFS,
  noun: { one: 'cluster', many: 'clusters' },
  rules: CLUSTER_ACTIONS,
  clientVerdicts: (row) => clusterActions(clusterStateOf(row)),
  wording: {
    ...crudWording('Cluster'),
    guide: { done: (t) => `Guide Me for cluster ${t.target}`, noun: 'Guide Me' },
  },
  // Removal waits for the cluster's hosts, VMs, templates, pools and volumes to go.
  dependsOn: ['host', 'vm', 'template', 'pool', 'volume'],
};
