// The Virtual Machines tab's actions: definitions, the shared rules that judge them,
// and how the toasts word their outcome.
import { VM_ACTIONS, vmActions } from '@corral/shared';
import type { ActionDef, ActionObjectSpec, ActionSubject } from '../actionModel.js';
import { vmStateOf } from '../rowState.js';

export type VmActionName =
  | 'new'
  | 'edit'
  | 'remove'
  | 'run'
  | 'runOnce'
  | 'shutdown'
  | 'powerOff'
  | 'reboot'
  | 'suspend'
  | 'migrate'
  | 'snapshot'
  | 'makeTemplate'
  | 'clone'
  | 'console'
  | 'consoleSpice'
  | 'consoleVnc';

export const VM_ACTION_DEFS: readonly (ActionDef & { name: VmActionName })[] = [
  { name: 'new', label: 'New', group: 0, arity: 'none', dialog: true, icon: 'plus' },
  { name: 'edit', label: 'Edit', group: 0, arity: 'one', dialog: true, icon: 'pencil' },
  {
    name: 'remove',
    label: 'Remove',
    group: 0,
    arity: 'many',
    confirm: true,
    icon: 'trash',
    key: 'Delete',
  },
  { name: 'run', label: 'Run', group: 1, arity: 'many', icon: 'play' },
  { name: 'runOnce', label: 'Run Once', group: 1, arity: 'one', dialog: true },
  { name: 'shutdown', label: 'Shutdown', group: 1, arity: 'many', icon: 'stop' },
  { name: 'powerOff', label: 'Power Off', group: 1, arity: 'many', confirm: true, icon: 'power' },
  { name: 'reboot', label: 'Reboot', group: 1, arity: 'many', icon: 'refresh' },
  { name: 'suspend', label: 'Suspend', group: 1, arity: 'many', icon: 'pause' },
  { name: 'migrate', label: 'Migrate', group: 2, arity: 'many', dialog: true, icon: 'migrate' },
  { name: 'snapshot', label: 'Create Snapshot', group: 3, arity: 'one', dialog: true },
  { name: 'makeTemplate', label: 'Make Template', group: 3, arity: 'one', dialog: true },
  { name: 'clone', label: 'Clone', group: 3, arity: 'one', dialog: true },
  // Opens the VM's screen in a window of its own (the console page), over the VM's
  // display protocol, or over the one the user picks (Proxmox and oVirt users choose).
  { name: 'console', label: 'Console', group: 4, arity: 'one' },
  {
    name: 'consoleSpice',
    label: 'SPICE',
    menuLabel: 'Console over SPICE',
    rule: 'console',
    group: 4,
    arity: 'one',
  },
  {
    name: 'consoleVnc',
    label: 'VNC',
    menuLabel: 'Console over VNC',
    rule: 'console',
    group: 4,
    arity: 'one',
  },
];

const vm = (t: ActionSubject, what: string) => `VM ${t.target} ${what}`;

export const VM_ACTIONS_SPEC: ActionObjectSpec = {
  defs: VM_ACTION_DEFS,
  noun: { one: 'virtual machine', many: 'virtual machines' },
  rules: VM_ACTIONS,
  clientVerdicts: (row) => vmActions(vmStateOf(row)),
  wording: {
    new: { done: (t) => vm(t, 'created'), noun: 'Creation' },
    edit: { done: (t) => vm(t, 'updated'), noun: 'Update' },
    remove: { done: (t) => vm(t, 'removed'), noun: 'Removal' },
    run: { done: (t) => vm(t, 'started'), noun: 'Start' },
    runOnce: { done: (t) => vm(t, 'started'), noun: 'Start' },
    shutdown: { done: (t) => vm(t, 'shut down'), noun: 'Shutdown' },
    powerOff: { done: (t) => vm(t, 'powered off'), noun: 'Power off' },
    reboot: { done: (t) => vm(t, 'rebooted'), noun: 'Reboot' },
    suspend: { done: (t) => vm(t, 'suspended'), noun: 'Suspend' },
    migrate: { done: (t) => vm(t, 'migrated'), noun: 'Migration' },
    snapshot: { done: (t) => `Snapshot of ${t.target} created`, noun: 'Snapshot' },
    makeTemplate: {
      done: (t) => `Template ${t.result ? `${t.result} ` : ''}created from ${t.target}`,
      noun: 'Template creation',
    },
    clone: {
      done: (t) => `VM ${t.target} cloned${t.result ? ` as ${t.result}` : ''}`,
      noun: 'Clone',
    },
    // Opening a console starts no job; worded all the same should one ever be tracked.
    console: { done: (t) => `Console of VM ${t.target} opened`, noun: 'Console' },
    consoleSpice: { done: (t) => `Console of VM ${t.target} opened`, noun: 'Console' },
    consoleVnc: { done: (t) => `Console of VM ${t.target} opened`, noun: 'Console' },
  },
};
