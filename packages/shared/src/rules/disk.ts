// What a user may do with a disk (the Disks main tab), and why not, as oVirt has it:
// a Locked disk waits for its operation; a running VM's disk grows online but moves
// only while its VMs are Down (Corral copies images offline); a template's disks go with
// their template, and a template whose image thin VMs sit on stays while they do.
import type { DiskStatus, VmStatus } from '../domain/status.js';
import type { ActionRule } from './vm.js';

export const DISK_ACTIONS = ['extend', 'move', 'remove'] as const;
export type DiskAction = (typeof DISK_ACTIONS)[number];

/** The VM statuses a disk can be extended in: offline (qemu-img) or online (blockresize). */
export const DISK_EXTEND_VM_STATUSES: readonly VmStatus[] = ['Down', 'Up', 'Paused'];

export const DISK_MESSAGES = {
  locked: 'The disk is Locked; wait until its current operation ends.',
  illegal:
    'The disk is Illegal (its image is not what the store says); only removing it is possible.',
  templateDisk: (template: string) =>
    `The disk belongs to template ${template}; remove the template instead.`,
  templateExtend: (template: string) =>
    `The disk belongs to template ${template}; a template's disks keep their size.`,
  extendVm: (vm: string, status: string) =>
    `VM ${vm} is ${status}; a disk grows while its VMs are Down, Up or Paused.`,
  moveRunning: (vm: string, status: string) =>
    `VM ${vm} is ${status}; Corral moves a disk only while its VMs are Down (stop it first).`,
  moveThinBase: (n: number) =>
    `The disk is the base image of ${n} thin VM disk${n === 1 ? '' : 's'}; it stays where they can read it.`,
  moveSnapshots:
    "The disk has snapshot layers; delete the VM's snapshots first (a move copies one image).",
  moveVmSnapshots: (vm: string) =>
    `VM ${vm} has snapshots; Corral moves the disks of VMs without snapshots (delete them first).`,
  removeAttached: (vm: string, status: string) =>
    `The disk is attached to VM ${vm}, which is ${status}; stop the VM first.`,
  templateThinVms: (template: string, vms: readonly string[]) =>
    `Template ${template} is the base image of thin VMs (${vms.join(', ')}); remove them first.`,
} as const;

/** A disk and what around it decides its actions. */
export interface DiskState {
  readonly status: DiskStatus;
  /** The VMs it is attached to, with their status. */
  readonly vms: readonly {
    readonly name: string;
    readonly status: VmStatus;
    /** Its snapshots (a VM with snapshots keeps its disks where its snapshots are). */
    readonly snapshots?: number;
  }[];
  /** The template it belongs to, when it is a template's disk. */
  readonly template?: string | null;
  /** Disks of VMs whose image sits on this one (thin VMs from a template). */
  readonly thinChildren: number;
  /** Layers in its chain (1 = its base image only). */
  readonly volumes: number;
}

const ok: ActionRule = { allowed: true };
const no = (reason: string): ActionRule => ({ allowed: false, reason });

function busy(d: DiskState): ActionRule | undefined {
  if (d.status === 'Locked') return no(DISK_MESSAGES.locked);
  return undefined;
}

export function diskExtendRule(d: DiskState): ActionRule {
  const b = busy(d);
  if (b) return b;
  if (d.status === 'Illegal') return no(DISK_MESSAGES.illegal);
  if (d.template) return no(DISK_MESSAGES.templateExtend(d.template));
  const vm = d.vms.find((v) => !DISK_EXTEND_VM_STATUSES.includes(v.status));
  if (vm) return no(DISK_MESSAGES.extendVm(vm.name, vm.status));
  return ok;
}

export function diskMoveRule(d: DiskState): ActionRule {
  const b = busy(d);
  if (b) return b;
  if (d.status === 'Illegal') return no(DISK_MESSAGES.illegal);
  if (d.thinChildren > 0) return no(DISK_MESSAGES.moveThinBase(d.thinChildren));
  const vm = d.vms.find((v) => v.status !== 'Down');
  if (vm) return no(DISK_MESSAGES.moveRunning(vm.name, vm.status));
  if (d.volumes > 1) return no(DISK_MESSAGES.moveSnapshots);
  const withSnapshots = d.vms.find((v) => (v.snapshots ?? 0) > 0);
  if (withSnapshots) return no(DISK_MESSAGES.moveVmSnapshots(withSnapshots.name));
  return ok;
}

export function diskRemoveRule(d: DiskState): ActionRule {
  const b = busy(d);
  if (b) return b;
  if (d.template) return no(DISK_MESSAGES.templateDisk(d.template));
  const vm = d.vms.find((v) => v.status !== 'Down');
  if (vm) return no(DISK_MESSAGES.removeAttached(vm.name, vm.status));
  return ok;
}

export function diskActions(d: DiskState): Record<DiskAction, ActionRule> {
  return { extend: diskExtendRule(d), move: diskMoveRule(d), remove: diskRemoveRule(d) };
}

/** A template goes only while no thin VM's disk sits on its images. */
export function templateRemoveRule(t: {
  readonly name: string;
  readonly thinVms: readonly string[];
}): ActionRule {
  if (t.thinVms.length > 0) return no(DISK_MESSAGES.templateThinVms(t.name, t.thinVms));
  return ok;
}
