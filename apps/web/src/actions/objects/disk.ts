// The Disks tab's actions: New Disk, Extend, Move, Remove, Upload, the shared rules that
// judge them, and how the toasts word their outcome. Every command runs as a job.
import { DISK_ACTIONS, DISK_STATUSES, diskActions } from '@corral/shared';
import type { ActionDef, ActionObjectSpec, ActionSubject } from '../actionModel.js';
import { oneOf } from '../rowState.js';

export type DiskActionName = 'new' | 'upload' | 'extend' | 'move' | 'remove';

export const DISK_ACTION_DEFS: readonly (ActionDef & { name: DiskActionName })[] = [
  { name: 'new', label: 'New', group: 0, arity: 'none', dialog: true, icon: 'plus' },
  {
    name: 'remove',
    label: 'Remove',
    group: 0,
    arity: 'one',
    confirm: true,
    icon: 'trash',
    key: 'Delete',
  },
  {
    name: 'extend',
    label: 'Extend',
    menuLabel: 'Extend Size',
    group: 1,
    arity: 'one',
    dialog: true,
  },
  { name: 'move', label: 'Move', group: 1, arity: 'one', dialog: true },
  {
    name: 'upload',
    label: 'Upload',
    menuLabel: 'Upload Image',
    group: 2,
    arity: 'none',
    dialog: true,
  },
];

/**
 * A disk row as the rules' state: the grid shows the disk's own status, not its VMs'
 * statuses, template or chain — those are taken at their most permissive, so the browser
 * refuses only what the row rules out and the server's verdict (`disk.actions`) adds the
 * rest.
 */
export function diskStateOfRow(row: Record<string, unknown>) {
  return {
    status: oneOf(DISK_STATUSES, row.status) ?? 'Illegal',
    vms: [],
    template: null,
    thinChildren: 0,
    volumes: 1,
  } as const;
}

const disk = (t: ActionSubject, what: string) => `Disk ${t.target} ${what}`;

export const DISK_ACTIONS_SPEC: ActionObjectSpec = {
  defs: DISK_ACTION_DEFS,
  noun: { one: 'disk', many: 'disks' },
  rules: DISK_ACTIONS,
  clientVerdicts: (row) => diskActions(diskStateOfRow(row)),
  wording: {
    new: { done: (t) => disk(t, 'created'), noun: 'Creation' },
    extend: { done: (t) => disk(t, 'extended'), noun: 'Extending' },
    move: { done: (t) => disk(t, 'moved'), noun: 'Moving' },
    upload: { done: (t) => `Image ${t.target} uploaded`, noun: 'Upload' },
    remove: { done: (t) => disk(t, 'removed'), noun: 'Removal' },
  },
  // A disk's verdicts follow its VMs' statuses and its template.
  dependsOn: ['vm', 'template', 'storage'],
};
