import { timeoutsOf, type Actor, type EngineDeps } from '../../deps.js';
import { getVms } from '../../inventory.js';
import { requireVmAction } from '../../rules/vm.js';
import type { Started } from '../common.js';
import { runHostCommand } from './host-command.js';

export async function rebootVm(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  const vms = await getVms(deps.db, input.ids);
  requireVmAction(vms, 'reboot');
  return runHostCommand(deps, actor, vms, 'reboot the VMs', {
    doing: 'Rebooting VM',
    steps: ['Rebooting the VM', 'Waiting for the VM to come back Up'],
    transitional: 'RebootInProgress',
    act: (conn, vm) => conn.reboot(vm.id),
    accept: (s) => s === 'Up' || s === 'PoweringUp',
    timeoutMs: (d) => timeoutsOf(d).stateMs,
    done: (state) => ({ status: state ?? 'Up' }),
    codes: { requested: 'USER_REBOOT_VM', done: 'VM_REBOOTED' },
    messages: {
      requested: (vm, host, user) =>
        `VM ${vm.name} is being rebooted by ${user} (Host: ${host.name}).`,
      done: (vm, host) => `VM ${vm.name} rebooted on Host ${host.name}.`,
    },
  });
}
