// Remove Host (DOMAIN.md: it must be in Maintenance), with no VMs and no Gluster bricks
// left on it. Its NICs go with it.
import { touched } from '../../changes.js';
import type { Actor, CorrelatedActor, EngineDeps } from '../../deps.js';
import { getHosts, type HostRow } from '../../inventory.js';
import type { StartedJob } from '../../jobs.js';
import { requireHostAction } from '../../rules/host.js';
import { refuseEach } from '../../rules/refuse.js';
import { correlate, startEach, startJob, type Started } from '../common.js';
import { lockHosts } from './common.js';

export async function removeHost(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const hosts = await getHosts(db, input.ids);
  await requireHostAction(db, hosts, 'remove');
  const bricks = await db.query<{ host_id: string; n: number }>(
    `SELECT host_id, COUNT(*)::int AS n FROM gluster_brick WHERE host_id = ANY($1::uuid[]) GROUP BY host_id`,
    [input.ids],
  );
  refuseEach(
    'remove the hosts',
    hosts,
    new Map(
      bricks.map((b) => [b.host_id, `The host holds ${b.n} Gluster brick(s); remove them first.`]),
    ),
  );
  // Locked against activation while it goes; the status is what the UI shows meanwhile.
  await lockHosts(deps, hosts, 'Maintenance');
  return startEach(hosts, (host) => removal(deps, a, host));
}

function removal(
  deps: EngineDeps,
  a: CorrelatedActor,
  host: HostRow,
): Promise<StartedJob<unknown>> {
  const { db } = deps;
  return startJob(
    deps,
    a,
    {
      description: `Removing Host ${host.name}`,
      steps: ['Disconnecting', 'Removing the host'],
      refs: { hostId: host.id },
    },
    async (j) => {
      await j.step('Disconnecting', () => deps.hosts.drop(host.id));
      await j.step('Removing the host', async () => {
        await db.transaction(async (tx) => {
          await tx.query(`UPDATE vm SET last_host_id = NULL WHERE last_host_id = $1`, [host.id]);
          await tx.query(
            `DELETE FROM tag_assignment WHERE object_type = 'Host' AND object_id = $1`,
            [host.id],
          );
          await tx.query(`DELETE FROM permission WHERE object_type = 'Host' AND object_id = $1`, [
            host.id,
          ]);
          await tx.query(`DELETE FROM host WHERE id = $1`, [host.id]);
        });
        touched(deps, 'host', [host.id], 'remove');
      });
      await j.event({
        hostId: host.id,
        hostName: host.name,
        clusterId: host.cluster_id,
        code: 'USER_REMOVE_VDS',
        message: `Host ${host.name} was removed by ${a.userName}.`,
      });
    },
  );
}
