// Shut down: ask the guest (ACPI / agent). A guest that ignores it keeps running — oVirt
// leaves it so too — and the job records a Warning instead of forcing it off.
import { timeoutsOf, type Actor, type EngineDeps } from '../../deps.js';
import { getVms } from '../../inventory.js';
import { requireVmAction } from '../../rules/vm.js';
import { isOff } from '../../wait.js';
import { seconds, type Started } from '../common.js';
import { runHostCommand } from './host-command.js';

export async function shutdownVm(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  const vms = await getVms(deps.db, input.ids);
  requireVmAction(vms, 'shutdown');
  return runHostCommand(deps, actor, vms, 'shut down the VMs', {
    doing: 'Shutting down VM',
    steps: ['Asking the guest to shut down', 'Waiting for the VM to go Down'],
    transitional: 'PoweringDown',
    act: (conn, vm) => conn.shutdown(vm.id),
    accept: isOff,
    timeoutMs: (d) => timeoutsOf(d).shutdownMs,
    done: () => ({ status: 'Down', host_id: null, started_at: null }),
    codes: { requested: 'USER_INITIATED_SHUTDOWN_VM', done: 'VM_DOWN' },
    messages: {
      requested: (vm, host, user) =>
        `VM ${vm.name} shutdown was initiated by ${user} on Host ${host.name}.`,
      done: (vm) => `VM ${vm.name} is down: shut down by the guest.`,
    },
    onTimeout: async (job, vm, host) => {
      await job.event({
        vmId: vm.id,
        hostId: host.id,
        severity: 'Warning',
        code: 'VM_SHUTDOWN_TIMED_OUT',
        message: `VM ${vm.name} did not shut down within ${seconds(timeoutsOf(deps).shutdownMs)}; it is still running. Power it off to stop it.`,
      });
    },
  });
}
