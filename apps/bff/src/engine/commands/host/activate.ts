// Activate: a host in Maintenance (or NonOperational) is checked by connecting to it
// and reading its capabilities, then it is Up, connects its data center's Active storage
// domains and takes VMs again.
import type { Actor, CorrelatedActor, EngineDeps } from '../../deps.js';
import { connectTo, getHosts, type HostRow } from '../../inventory.js';
import type { StartedJob } from '../../jobs.js';
import { requireHostAction } from '../../rules/host.js';
import { correlate, orUndo, startEach, startJob, type Started } from '../common.js';
import { connectStorage, lockHosts, moveHost, recordCapabilities } from './common.js';

export async function activateHost(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  const a = correlate(actor);
  const hosts = await getHosts(deps.db, input.ids);
  await requireHostAction(deps.db, hosts, 'activate');
  await lockHosts(deps, hosts, 'Connecting');
  return startEach(hosts, (host) => activation(deps, a, host));
}

function activation(
  deps: EngineDeps,
  a: CorrelatedActor,
  host: HostRow,
): Promise<StartedJob<unknown>> {
  return startJob(
    deps,
    a,
    {
      description: `Activating Host ${host.name}`,
      steps: ['Connecting', 'Activating'],
      refs: { hostId: host.id },
    },
    async (j) => {
      await j.event({
        hostId: host.id,
        code: 'VDS_ACTIVATE',
        message: `Activation of Host ${host.name} was initiated by ${a.userName}.`,
      });
      await orUndo(
        async () => {
          await j.step('Connecting', async () => {
            // A fresh connection: the old one may be what broke.
            await deps.hosts.drop(host.id);
            const conn = await connectTo(deps, host);
            await recordCapabilities(deps, host.id, await conn.capabilities());
          });
          await j.step('Activating', async () => {
            if (await moveHost(deps, host.id, ['Connecting'], 'Up'))
              await connectStorage(deps, j, host);
          });
        },
        () => moveHost(deps, host.id, ['Connecting'], host.status),
      );
      await j.event({
        hostId: host.id,
        code: 'VDS_ACTIVATE_FINISHED',
        message: `Host ${host.name} was activated.`,
      });
    },
  );
}
