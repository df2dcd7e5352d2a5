// The Volumes tab's actions (Gluster volumes): what toolbar and menu offer, which
// shared rule judges each (glusterVolumeActions, the engine's own), and how the toasts
// word their outcome. What each button does is in volumeHandlers.tsx.
import {
  GLUSTER_VOLUME_ACTIONS,
  GLUSTER_VOLUME_STATUSES,
  GLUSTER_VOLUME_TYPES,
  glusterVolumeActions,
  virtStoreWarning,
  type GlusterVolumeState,
} from '@corral/shared';
// Types only: actionModel imports this module to register it.
import type {
  ActionDef,
  ActionObjectSpec,
  ActionRow,
  ActionSubject,
} from '../actions/actionModel.js';

export type VolumeActionName =
  | 'new'
  | 'remove'
  | 'start'
  | 'stop'
  | 'addBricks'
  | 'removeBricks'
  | 'replaceBrick'
  | 'rebalance'
  | 'optimize'
  | 'options'
  | 'healInfo';

export const VOLUME_ACTION_DEFS: readonly (ActionDef & { name: VolumeActionName })[] = [
  { name: 'new', label: 'New', group: 0, arity: 'none', dialog: true, icon: 'plus' },
  {
    name: 'remove',
    label: 'Remove',
    rule: 'delete',
    group: 0,
    arity: 'many',
    confirm: true,
    icon: 'trash',
    key: 'Delete',
  },
  { name: 'start', label: 'Start', group: 1, arity: 'many', icon: 'play' },
  { name: 'stop', label: 'Stop', group: 1, arity: 'many', confirm: true, icon: 'stop' },
  { name: 'addBricks', label: 'Add Bricks', group: 2, arity: 'one', dialog: true },
  { name: 'removeBricks', label: 'Remove Bricks', group: 2, arity: 'one', dialog: true },
  { name: 'replaceBrick', label: 'Replace Brick', group: 2, arity: 'one', dialog: true },
  { name: 'rebalance', label: 'Rebalance', group: 3, arity: 'one', icon: 'refresh' },
  {
    name: 'optimize',
    label: 'Optimize for Virt Store',
    group: 3,
    arity: 'many',
    confirm: true,
  },
  { name: 'options', label: 'Options', rule: 'setOption', group: 3, arity: 'one', dialog: true },
  { name: 'healInfo', label: 'Heal Info', group: 3, arity: 'one', dialog: true },
];

const oneOf = <T extends string>(values: readonly T[], v: unknown): T | undefined =>
  values.find((x) => x === v);

/**
 * A grid row (search field names) as the state the shared rules judge. The engine's
 * operation, gluster's task and the storage domains are not in the row: the server's
 * verdicts (`gluster.actions`) add what they forbid.
 */
export function volumeStateOf(row: Record<string, unknown>): GlusterVolumeState {
  const bricks = Number(row.bricks);
  return {
    status: oneOf(GLUSTER_VOLUME_STATUSES, row.status) ?? 'Unknown',
    type: oneOf(GLUSTER_VOLUME_TYPES, row.type) ?? 'Distribute',
    brickCount: Number.isFinite(bricks) ? bricks : 0,
  };
}

/**
 * The confirmation's warning for "Optimize for Virt Store": the rows that are not
 * replica 3, each with the shared rule's words; empty when all are.
 */
export function optimizeWarnings(rows: readonly (ActionRow & Record<string, unknown>)[]): string[] {
  return rows.flatMap((row) => {
    const type = oneOf(GLUSTER_VOLUME_TYPES, row.type);
    if (!type) return [];
    const replica = Number(row.replica_count);
    const warning = virtStoreWarning({
      type,
      replicaCount: Number.isFinite(replica) ? replica : null,
    });
    const name = typeof row.name === 'string' && row.name ? row.name : row.id;
    return warning ? [rows.length > 1 ? `${name}: ${warning}` : warning] : [];
  });
}

const volume = (t: ActionSubject, what: string) => `Gluster volume ${t.target} ${what}`;

export const VOLUME_ACTIONS_SPEC: ActionObjectSpec = {
  defs: VOLUME_ACTION_DEFS,
  noun: { one: 'volume', many: 'volumes' },
  rules: GLUSTER_VOLUME_ACTIONS,
  clientVerdicts: (row) => glusterVolumeActions(volumeStateOf(row)),
  wording: {
    new: { done: (t) => volume(t, 'created'), noun: 'Creation' },
    remove: { done: (t) => volume(t, 'removed'), noun: 'Removal' },
    start: { done: (t) => volume(t, 'started'), noun: 'Start' },
    stop: { done: (t) => volume(t, 'stopped'), noun: 'Stop' },
    addBricks: { done: (t) => `Bricks added to Gluster volume ${t.target}`, noun: 'Adding bricks' },
    removeBricks: {
      done: (t) => `Bricks removed from Gluster volume ${t.target}`,
      noun: 'Brick removal',
    },
    replaceBrick: {
      done: (t) => `Brick of Gluster volume ${t.target} replaced`,
      noun: 'Brick replacement',
    },
    rebalance: { done: (t) => volume(t, 'rebalanced'), noun: 'Rebalance' },
    optimize: { done: (t) => volume(t, 'optimized for virt store'), noun: 'Optimization' },
    // Options and Heal Info start no job of their own (the Options dialog tracks each
    // set/reset); worded all the same, as every toolbar action is.
    options: { done: (t) => `Options of Gluster volume ${t.target} changed`, noun: 'Options' },
    healInfo: { done: (t) => `Heal info of Gluster volume ${t.target} read`, noun: 'Heal info' },
    setOption: {
      done: (t) => `Option ${t.result ?? ''} of Gluster volume ${t.target} set`,
      noun: 'Setting the option',
    },
    resetOption: {
      done: (t) =>
        t.result
          ? `Option ${t.result} of Gluster volume ${t.target} reset`
          : `Options of Gluster volume ${t.target} reset`,
      noun: 'Resetting options',
    },
  },
  // A storage domain on a volume keeps it from stopping or going.
  dependsOn: ['storage'],
};
