// Migrate (DOMAIN.md): the target must be Up, in the VM's cluster, not the source, with
// enough free memory. The store says MigratingFrom with the target booked (its memory
// counts there at once); when the host confirms, the VM's host is the target.
import type { VmStatus } from '@corral/shared';
import { touched } from '../../changes.js';
import { timeoutsOf, type Actor, type EngineDeps } from '../../deps.js';
import { connectTo, getHost, getVms, moveVm, type HostRow, type VmRow } from '../../inventory.js';
import type { Job, StartedJob } from '../../jobs.js';
import { refuse, refuseEach } from '../../rules/refuse.js';
import { requireVmAction } from '../../rules/vm.js';
import { clusterLoad, pickHost, reserve, unfit, type HostLoad } from '../../scheduler.js';
import { waitForDomain } from '../../wait.js';
import {
  correlate,
  groupBy,
  lockVms,
  orUndo,
  reach,
  seconds,
  startJob,
  started,
  type Started,
} from '../common.js';
import { hostsOf } from './host-command.js';

/** A VM's migration as planned: from where to where. */
export interface Move {
  readonly vm: VmRow;
  readonly source: HostRow;
  readonly target: HostRow;
}

/**
 * Targets for VMs leaving their hosts: `hostId` when the user named one, else the
 * scheduler's choice, never a host in `leaving` (hosts going to Maintenance). Reasons
 * per VM that has none.
 */
export async function planMoves(
  deps: EngineDeps,
  vms: readonly VmRow[],
  sources: ReadonlyMap<string, HostRow>,
  options: { hostId?: string | null; leaving?: ReadonlySet<string> } = {},
): Promise<{ moves: Move[]; reasons: Map<string, string> }> {
  const moves: Move[] = [];
  const reasons = new Map<string, string>();
  for (const [clusterId, group] of groupBy(vms, (v) => v.cluster_id)) {
    const { cluster, hosts } = await clusterLoad(deps.db, clusterId);
    const ordered = [...group].sort(
      (a, b) => b.memory_mb - a.memory_mb || a.name.localeCompare(b.name),
    );
    for (const vm of ordered) {
      const source = sources.get(vm.id)!;
      const exclude = new Set([source.id, ...(options.leaving ?? [])]);
      let load: HostLoad | undefined;
      if (options.hostId) {
        load = hosts.find((l) => l.host.id === options.hostId);
        const why = !load
          ? `The destination host is not in Cluster ${cluster.name}, where the VM runs.`
          : load.host.id === source.id
            ? `VM ${vm.name} already runs on Host ${source.name}.`
            : unfit(load, vm.memory_mb);
        if (why) {
          reasons.set(vm.id, why);
          continue;
        }
      } else {
        const choice = pickHost(cluster.name, hosts, vm.memory_mb, exclude);
        if (!choice.ok) {
          reasons.set(vm.id, choice.reason);
          continue;
        }
        load = choice.load;
      }
      reserve(load!, { id: vm.id, name: vm.name, memoryMb: vm.memory_mb, vcpus: vm.vcpus });
      moves.push({ vm, source, target: load!.host });
    }
  }
  return { moves, reasons };
}

/** Books the targets in the store: MigratingFrom, migrating_to = target. */
export async function lockMoves(deps: EngineDeps, moves: readonly Move[]): Promise<void> {
  await reach(
    deps,
    moves.flatMap((m) => [m.source, m.target]),
  );
  const target = new Map(moves.map((m) => [m.vm.id, m.target.id]));
  await lockVms(
    deps,
    moves.map((m) => m.vm),
    () => ['Up'],
    (vm) => ({ status: 'MigratingFrom', migrating_to_host_id: target.get(vm.id)! }),
  );
}

/** Carries one booked migration out, as one step of `job`. */
export async function migrateOne(
  deps: EngineDeps,
  job: Job,
  step: string,
  { vm, source, target }: Move,
): Promise<void> {
  const { db } = deps;
  const refs = { vmId: vm.id, hostId: source.id };
  const timeouts = timeoutsOf(deps);
  const running = (s: VmStatus | null) => s === 'Up' || s === 'Paused' || s === 'PoweringUp';
  await orUndo(
    () =>
      job.step(step, async () => {
        const [from, to] = await Promise.all([connectTo(deps, source), connectTo(deps, target)]);
        await from.migrate(vm.id, { target: to, live: true });
        const state = await waitForDomain(to, vm.id, running, {
          timeoutMs: timeouts.migrateMs,
          pollMs: timeouts.pollMs,
        });
        if (!state)
          throw new Error(
            `Host ${target.name} did not report VM ${vm.name} running within ${seconds(timeouts.migrateMs)}.`,
          );
        await moveVm(db, vm.id, ['MigratingFrom'], {
          status: state,
          host_id: target.id,
          last_host_id: target.id,
          migrating_to_host_id: null,
        });
        touched(deps, 'vm', [vm.id]);
      }),
    async () => {
      await moveVm(db, vm.id, ['MigratingFrom'], { status: 'Up', migrating_to_host_id: null });
      touched(deps, 'vm', [vm.id]);
    },
  );
  await job.event({
    ...refs,
    code: 'VM_MIGRATION_DONE',
    message: `Migration completed (VM: ${vm.name}, Source: ${source.name}, Destination: ${target.name}).`,
  });
}

export async function migrateVm(
  deps: EngineDeps,
  actor: Actor,
  input: { ids: readonly string[]; hostId?: string | null },
): Promise<Started> {
  const a = correlate(actor);
  const vms = await getVms(deps.db, input.ids);
  requireVmAction(vms, 'migrate');
  if (input.hostId) {
    const target = await getHost(deps.db, input.hostId);
    if (target.status !== 'Up') refuse(`Host ${target.name} is not Up.`, 'hostId');
  }
  const sources = await hostsOf(deps, vms, 'migrate the VMs');
  const { moves, reasons } = await planMoves(deps, vms, sources, { hostId: input.hostId });
  refuseEach('migrate the VMs', vms, reasons, input.hostId ? 'hostId' : undefined);
  await lockMoves(deps, moves);
  const jobs: StartedJob<unknown>[] = [];
  for (const move of moves) {
    const { vm, source, target } = move;
    const step = `Migrating the VM to Host ${target.name}`;
    jobs.push(
      await startJob(
        deps,
        a,
        {
          description: `Migrating VM ${vm.name} from Host ${source.name} to Host ${target.name}`,
          steps: [step],
          refs: { vmId: vm.id, hostId: source.id },
        },
        async (job) => {
          await job.event({
            vmId: vm.id,
            hostId: source.id,
            code: 'VM_MIGRATION_START',
            message: `Migration started (VM: ${vm.name}, Source: ${source.name}, Destination: ${target.name}, User: ${a.userName}).`,
          });
          await migrateOne(deps, job, step, move);
        },
      ),
    );
  }
  return started(jobs);
}
