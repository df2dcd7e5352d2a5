// The Clusters tab's actions: New, Edit, Remove and Guide Me, the shared rules that
// judge them, and how the toasts word their outcome. The commands change only the
// store and answer at once (no job): the toast follows the answer.
import { CLUSTER_ACTIONS, clusterActions } from '@corral/shared';
import type { ActionDef, ActionObjectSpec, ActionSubject } from '../actionModel.js';
import { clusterStateOf } from '../rowState.js';

export type ClusterActionName = 'new' | 'edit' | 'remove' | 'guide';

export const CLUSTER_ACTION_DEFS: readonly (ActionDef & { name: ClusterActionName })[] = [
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
  { name: 'guide', label: 'Guide Me', group: 1, arity: 'one', dialog: true },
];

const cluster = (t: ActionSubject, what: string) => `Cluster ${t.target} ${what}`;

export const CLUSTER_ACTIONS_SPEC: ActionObjectSpec = {
  defs: CLUSTER_ACTION_DEFS,
  noun: { one: 'cluster', many: 'clusters' },
  rules: CLUSTER_ACTIONS,
  clientVerdicts: (row) => clusterActions(clusterStateOf(row)),
  wording: {
    new: { done: (t) => cluster(t, 'created'), noun: 'Creation' },
    edit: { done: (t) => cluster(t, 'updated'), noun: 'Update' },
    remove: { done: (t) => cluster(t, 'removed'), noun: 'Removal' },
    guide: { done: (t) => `Guide Me for cluster ${t.target}`, noun: 'Guide Me' },
  },
  // Removal waits for the cluster's hosts, VMs, templates, pools and volumes to go.
  dependsOn: ['host', 'vm', 'template', 'pool', 'volume'],
};
