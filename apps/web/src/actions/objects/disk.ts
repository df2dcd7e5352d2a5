// The Disks tab's actions: New Disk, Extend, Move, Remove, Upload, the shared rules that
// judge them, and how the toasts word their outcome. Every command runs as a job.
import { DISK_ACTIONS, DISK_STATUSES, diskActions } from '@corral/shared';
import type { ActionDef, ActionObjectSpec } from '../actionModel.js';
import { oneOf } from '../rowState.js';
import { NEW_DEF, crudWording, doneAs, removeDef } from './common.js';

export type DiskActionName = 'new' | 'upload' | 'extend' | 'move' | 'remove';

export const DISK_ACTION_DEFS: readonly (ActionDef & { name: DiskActionName })[] = [
  NEW_DEF,
  removeDef('one'),
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

const words = crudWording('Disk');

export const DISK_ACTIONS_SPEC: ActionObjectSpec = {
  defs: DISK_ACTION_DEFS,
  noun: { one: 'disk', many: 'disks' },
  rules: DISK_ACTIONS,
  clientVerdicts: (row) => diskActions(diskStateOfRow(row)),
  wording: {
    new: words.new,
    extend: { done: doneAs('Disk', 'extended'), noun: 'Extending' },
    move: { done: doneAs('Disk', 'moved'), noun: 'Moving' },
    upload: { done: doneAs('Image', 'uploaded'), noun: 'Upload' },
    remove: words.remove,
  },
  // A disk's verdicts follow its VMs' statuses and its template.
  dependsOn: ['vm', 'template', 'storage'],
};
