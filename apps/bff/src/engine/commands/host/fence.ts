// Fencing: a NonResponsive host may still run its VMs, so they can't be restarted
// elsewhere until it is certainly off. Power management power-cycles it; then its VMs
// are Down, the host is Up or Down depending on whether it comes back, and its highly
// available VMs start again wherever the scheduler finds room.
import { recordEvent } from '../../audit.js';
import { touched } from '../../changes.js';
import type { Actor, CorrelatedActor, EngineDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { connectTo, getCluster, getHost, getHosts, type HostRow } from '../../inventory.js';
import { errorMessage, type Job, type StartedJob } from '../../jobs.js';
import { requireHostAction } from '../../rules/host.js';
import { refuseEach } from '../../rules/refuse.js';
import { correlate, startEach, startJob, type Started } from '../common.js';
import { runVm } from '../vm/run.js';
import { lockHosts, moveHost, recordCapabilities } from './common.js';

const FENCE = 'Fencing the host';
const RECONNECT = 'Connecting to the host';
const RESTART = 'Restarting highly available VMs';

export async function fenceHost(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[] },
): Promise<Started> {
  const a = correlate(actor);
  const hosts = await getHosts(deps.db, input.ids);
  await requireHostAction(deps.db, hosts, 'fence');
  refuseEach(
    'fence the hosts',
    hosts,
    new Map(
      hosts
        .filter((h) => !deps.hosts.canFence(h))
        .map((h) => [h.id, `Host ${h.name} has no power management to fence it with.`]),
    ),
  );
  // oVirt's Reboot status while power management restarts the host: it also keeps a
  // second fence (monitoring asking again) from starting.
  await lockHosts(deps, hosts, 'Reboot');
  return startEach(hosts, (host) => fencing(deps, a, host));
}

function fencing(
  deps: EngineDeps,
  a: CorrelatedActor,
  host: HostRow,
): Promise<StartedJob<unknown>> {
  const { db } = deps;
  return startJob(
    deps,
    a,
    {
      description: `Fencing Host ${host.name}`,
      steps: [FENCE, RECONNECT, RESTART],
      refs: { hostId: host.id },
    },
    async (j) => {
      await j.event({
        hostId: host.id,
        severity: 'Warning',
        code: 'VDS_FENCE_STARTED',
        message: `Host ${host.name} is being restarted by its power management (fencing), initiated by ${a.userName}.`,
      });
      const victims = await j.step(FENCE, async () => {
        try {
          await deps.hosts.fence(host);
        } catch (err) {
          await moveHost(deps, host.id, ['Reboot'], 'NonResponsive');
          throw err;
        }
        // The power cycle killed whatever ran there: those VMs are Down now.
        const down = await db.query<{ id: string; name: string; ha: boolean }>(
          `UPDATE vm SET status = 'Down', host_id = NULL, migrating_to_host_id = NULL, started_at = NULL
            WHERE host_id = $1 AND status <> 'Down' RETURNING id, name, ha`,
          [host.id],
        );
        touched(
          deps,
          'vm',
          down.map((v) => v.id),
        );
        for (const vm of down)
          await j.event({
            vmId: vm.id,
            hostId: host.id,
            severity: 'Warning',
            code: 'VM_DOWN_HOST_FENCED',
            message: `VM ${vm.name} is down: Host ${host.name} was fenced.`,
          });
        return down;
      });
      await j.step(RECONNECT, async () => {
        try {
          const conn = await connectTo(deps, await getHost(db, host.id));
          await recordCapabilities(deps, host.id, await conn.capabilities());
          await moveHost(deps, host.id, ['Reboot'], 'Up');
          await j.event({
            hostId: host.id,
            code: 'VDS_FENCE_UP',
            message: `Host ${host.name} is Up after fencing.`,
          });
        } catch (err) {
          await deps.hosts.drop(host.id);
          await moveHost(deps, host.id, ['Reboot'], 'Down');
          await j.event({
            hostId: host.id,
            severity: 'Error',
            code: 'VDS_FENCE_DOWN',
            message: `Host ${host.name} did not come back after fencing (${errorMessage(err)}); it is Down.`,
          });
        }
      });
      await j.step(RESTART, async () => {
        const ha = victims.filter((v) => v.ha);
        const runs = await Promise.all(ha.map((vm) => restartHa(deps, a, j, vm)));
        await Promise.all(runs.map((r) => r?.done));
      });
    },
  );
}

/** Starts one HA VM elsewhere; a refusal (no room, no host) is an Error event, not a failure. */
async function restartHa(
  deps: EngineDeps,
  a: CorrelatedActor,
  j: Job,
  vm: { id: string; name: string },
): Promise<Started | null> {
  try {
    return await runVm(deps, a, { ids: [vm.id] });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    await j.event({
      vmId: vm.id,
      severity: 'Error',
      code: 'HA_VM_RESTART_FAILED',
      message: `Highly available VM ${vm.name} could not be restarted: ${err.message}`,
    });
    return null;
  }
}

/**
 * What monitoring calls when a host stops answering: with the cluster's fencing policy
 * on and power management for the host, fence it (and restart its HA VMs elsewhere).
 * Without, its VMs' state is Unknown — they may still run, so nothing restarts them.
 */
export async function handleNonResponsiveHost(
  deps: EngineDeps,
  hostId: string,
  actor: Actor = { userName: 'SYSTEM' },
): Promise<{ fenced: boolean } & Partial<Started>> {
  const { db } = deps;
  const host = await getHost(db, hostId);
  // Being fenced already, or not expected to answer: nothing more to do.
  if (host.status === 'Reboot' || host.status === 'Installing' || host.status === 'InstallFailed')
    return { fenced: false };
  if (host.status !== 'NonResponsive') {
    await moveHost(deps, host.id, [host.status], 'NonResponsive');
    await deps.hosts.drop(host.id);
  }
  const cluster = await getCluster(db, host.cluster_id);
  const a = correlate(actor);
  if (cluster.fencing_enabled && deps.hosts.canFence(host)) {
    const result = await fenceHost(deps, a, { ids: [host.id] });
    return { fenced: true, ...result };
  }
  const unknown = await db.query<{ id: string }>(
    `UPDATE vm SET status = 'Unknown' WHERE host_id = $1 AND status <> ALL($2::text[]) RETURNING id`,
    [host.id, ['Down', 'Suspended']],
  );
  touched(
    deps,
    'vm',
    unknown.map((v) => v.id),
  );
  await recordEvent(db, deps.feed, {
    hostId: host.id,
    severity: 'Alert',
    code: 'VDS_NOT_FENCED',
    userName: a.userName,
    correlationId: a.correlationId,
    message: cluster.fencing_enabled
      ? `Host ${host.name} is NonResponsive and has no power management to fence it; the state of its ${unknown.length} VM(s) is Unknown.`
      : `Host ${host.name} is NonResponsive and fencing is disabled in Cluster ${cluster.name}; the state of its ${unknown.length} VM(s) is Unknown.`,
  });
  return { fenced: false };
}
