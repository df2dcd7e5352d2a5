// The VM and host actions that need nothing more than the selected rows, as BFF commands.
// Each answers with the jobs it started; the job tracker follows them from there.
import type { ApiClient } from '../api/trpc.js';
import type { ActionName } from './actionModel.js';

export type DirectCommand =
  | {
      readonly object: 'vm';
      readonly name: 'remove' | 'run' | 'shutdown' | 'powerOff' | 'reboot' | 'suspend';
    }
  | { readonly object: 'host'; readonly name: 'remove' | 'maintenance' | 'activate' | 'fence' };

const VM_DIRECT = ['remove', 'run', 'shutdown', 'powerOff', 'reboot', 'suspend'] as const;
const HOST_DIRECT = ['remove', 'maintenance', 'activate', 'fence'] as const;

/** The command for an action that runs on the selection as it is, if it is one. */
export function directCommand(object: 'vm' | 'host', name: ActionName): DirectCommand | null {
  if (object === 'vm') {
    const n = VM_DIRECT.find((x) => x === name);
    return n ? { object, name: n } : null;
  }
  const n = HOST_DIRECT.find((x) => x === name);
  return n ? { object, name: n } : null;
}

export interface CommandOptions {
  /** Remove VMs but keep their disks, detached, as oVirt's "Remove Disk(s)" unticked. */
  readonly keepDisks?: boolean;
}

export async function sendCommand(
  client: ApiClient,
  command: DirectCommand,
  ids: readonly string[],
  options: CommandOptions = {},
): Promise<readonly string[]> {
  const input = { ids: [...ids] };
  if (command.object === 'vm') {
    const vm = client.vm;
    const result = await {
      remove: () => vm.remove.mutate({ ...input, keepDisks: options.keepDisks ?? false }),
      run: () => vm.run.mutate(input),
      shutdown: () => vm.shutdown.mutate(input),
      powerOff: () => vm.powerOff.mutate(input),
      reboot: () => vm.reboot.mutate(input),
      suspend: () => vm.suspend.mutate(input),
    }[command.name]();
    return result.jobIds;
  }
  const host = client.host;
  const [first] = ids;
  if (command.name === 'fence') {
    if (!first) throw new Error('Fence needs a host.');
    return (await host.fence.mutate({ id: first })).jobIds;
  }
  const result = await {
    remove: () => host.remove.mutate(input),
    maintenance: () => host.maintenance.mutate(input),
    activate: () => host.activate.mutate(input),
  }[command.name]();
  return result.jobIds;
}
