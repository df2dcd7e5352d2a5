// Power off: pull the plug. A Suspended VM loses its saved state and is Down.
import { timeoutsOf, type Actor, type EngineDeps } from '../../deps.js';
import { getVms } from '../../inventory.js';
import { requireVmAction } from '../../rules/vm.js';
import { isOff } from '../../wait.js';
import type { Started } from '../common.js';
import { runHostCommand } from './host-command.js';

export async function powerOffVm(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  const vms = await getVms(deps.db, input.ids);
  requireVmAction(vms, 'powerOff');
  return runHostCommand(deps, actor, vms, 'power off the VMs', {
    doing: 'Powering off VM',
    steps: ['Powering off the VM', 'Waiting for the VM to go Down'],
    transitional: 'PoweringDown',
    act: (conn, vm) => conn.powerOff(vm.id),
    accept: isOff,
    timeoutMs: (d) => timeoutsOf(d).stateMs,
    done: () => ({ status: 'Down', host_id: null, started_at: null }),
    codes: { requested: 'USER_STOP_VM', done: 'VM_DOWN' },
    messages: {
      requested: (vm, host, user) => `VM ${vm.name} powered off by ${user} (Host: ${host.name}).`,
      done: (vm) => `VM ${vm.name} is down: powered off.`,
    },
  });
}
