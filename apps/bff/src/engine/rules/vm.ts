import { vmActions, type VmAction } from '@corral/shared';
import type { VmRow } from '../inventory.js';
import { refuseEach } from './refuse.js';

const VERB: Record<VmAction, string> = {
  run: 'run',
  runOnce: 'run once',
  shutdown: 'shut down',
  powerOff: 'power off',
  reboot: 'reboot',
  suspend: 'suspend',
  migrate: 'migrate',
  remove: 'remove',
  edit: 'edit',
  snapshot: 'snapshot',
  restoreSnapshot: 'restore',
  makeTemplate: 'make a template from',
  clone: 'clone',
  console: 'open a console on',
};

/** The shared rule for `action` on every VM; refuses the request whole if one breaks it. */
export function requireVmAction(vms: readonly VmRow[], action: VmAction): void {
  const reasons = new Map<string, string>();
  for (const vm of vms) {
    const rule = vmActions({ status: vm.status, hostId: vm.host_id })[action];
    if (!rule.allowed) reasons.set(vm.id, rule.reason ?? `The VM cannot ${VERB[action]} now.`);
  }
  refuseEach(`${VERB[action]} the VMs`, vms, reasons);
}
