// Suspend: the host saves the VM's memory and stops it; it stays on that host (which
// holds its state) until it is resumed (Run) or powered off.
import { timeoutsOf, type Actor, type EngineDeps } from '../../deps.js';
import { getVms } from '../../inventory.js';
import { requireVmAction } from '../../rules/vm.js';
import type { Started } from '../common.js';
import { runHostCommand } from './host-command.js';

export async function suspendVm(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  const vms = await getVms(deps.db, input.ids);
  requireVmAction(vms, 'suspend');
  return runHostCommand(deps, actor, vms, 'suspend the VMs', {
    doing: 'Suspending VM',
    steps: ['Saving the VM state', 'Waiting for the VM to be Suspended'],
    transitional: 'SavingState',
    act: (conn, vm) => conn.suspend(vm.id),
    accept: (s) => s === 'Suspended' || s === 'Paused',
    timeoutMs: (d) => timeoutsOf(d).stateMs,
    done: (state, host) => ({ status: state ?? 'Suspended', host_id: host.id }),
    codes: { requested: 'USER_SUSPEND_VM', done: 'VM_SUSPENDED' },
    messages: {
      requested: (vm, host, user) =>
        `VM ${vm.name} is being suspended by ${user} (Host: ${host.name}).`,
      done: (vm) => `VM ${vm.name} is suspended.`,
    },
  });
}
