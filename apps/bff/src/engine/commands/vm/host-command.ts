// The shape every "tell the VM's host to do X" command shares (shut down, power off,
// reboot, suspend): the store takes a transitional status at once, the host carries
// the command out, and the status the host then reports is written only if the store
// still holds the transitional one (monitoring may have written newer truth already).
import type { VmStatus } from '@corral/shared';
import type { HostConnection } from '../../../hosts/driver.js';
import { touched } from '../../changes.js';
import { timeoutsOf, type Actor, type CorrelatedActor, type EngineDeps } from '../../deps.js';
import { connectTo, getHosts, moveVm, type HostRow, type VmRow } from '../../inventory.js';
import type { Job, StartedJob } from '../../jobs.js';
import { refuseEach } from '../../rules/refuse.js';
import { waitForDomain, type DomainState } from '../../wait.js';
import {
  correlate,
  lockVms,
  orUndo,
  reach,
  seconds,
  startEach,
  startJob,
  type Started,
} from '../common.js';

/** The host each running VM is on; refuses VMs the store places nowhere. */
export async function hostsOf(
  deps: EngineDeps,
  vms: readonly VmRow[],
  what: string,
): Promise<Map<string, HostRow>> {
  const ids = [...new Set(vms.map((v) => v.host_id).filter((id): id is string => !!id))];
  const rows = new Map((await getHosts(deps.db, ids)).map((h) => [h.id, h]));
  const reasons = new Map<string, string>();
  const on = new Map<string, HostRow>();
  for (const vm of vms) {
    const host = vm.host_id ? rows.get(vm.host_id) : undefined;
    if (host) on.set(vm.id, host);
    else reasons.set(vm.id, `VM ${vm.name} runs on no known host.`);
  }
  refuseEach(what, vms, reasons);
  return on;
}

export interface HostCommand {
  /** "Shutting down VM" — the job's description, before the VM's name. */
  readonly doing: string;
  readonly steps: readonly [act: string, wait: string];
  /** The status the store holds while the host works. */
  readonly transitional: VmStatus;
  readonly act: (conn: HostConnection, vm: VmRow) => Promise<void>;
  /** The host states that mean done. */
  readonly accept: (state: DomainState) => boolean;
  readonly timeoutMs: (deps: EngineDeps) => number;
  /** The store's columns once done (from the reported state). */
  readonly done: (state: DomainState, host: HostRow) => Parameters<typeof moveVm>[3];
  readonly codes: { readonly requested: string; readonly done: string };
  readonly messages: {
    readonly requested: (vm: VmRow, host: HostRow, user: string) => string;
    readonly done: (vm: VmRow, host: HostRow) => string;
  };
  /**
   * When the host does not confirm in time: by default the job fails and the status goes
   * back; a command may instead accept it (graceful shutdown leaves the VM running).
   */
  readonly onTimeout?: (job: Job, vm: VmRow, host: HostRow, state: DomainState) => Promise<void>;
}

/**
 * Runs `command` on each VM's host: refuses the request whole if a VM runs on no known
 * host (`what`: "shut down the VMs"), then locks the VMs (transitional status) and starts
 * one job per VM. The caller has checked the VMs against the action's rule.
 */
export async function runHostCommand(
  deps: EngineDeps,
  actor: Actor,
  vms: readonly VmRow[],
  what: string,
  command: HostCommand,
): Promise<Started> {
  const a = correlate(actor);
  const hosts = await hostsOf(deps, vms, what);
  await reach(deps, hosts.values());
  await lockVms(
    deps,
    vms,
    (vm) => [vm.status],
    () => ({ status: command.transitional }),
  );
  return startEach(vms, (vm) => hostCommandJob(deps, a, vm, hosts.get(vm.id)!, command));
}

function hostCommandJob(
  deps: EngineDeps,
  actor: CorrelatedActor,
  vm: VmRow,
  host: HostRow,
  command: HostCommand,
): Promise<StartedJob<unknown>> {
  const { db } = deps;
  const refs = { vmId: vm.id, hostId: host.id };
  const [actStep, waitStep] = command.steps;
  const back = async () => {
    await moveVm(db, vm.id, [command.transitional], { status: vm.status });
    touched(deps, 'vm', [vm.id]);
  };
  return startJob(
    deps,
    actor,
    { description: `${command.doing} ${vm.name}`, steps: command.steps, refs },
    async (job) => {
      await job.event({
        ...refs,
        code: command.codes.requested,
        message: command.messages.requested(vm, host, actor.userName),
      });
      const pollMs = timeoutsOf(deps).pollMs;
      const timeoutMs = command.timeoutMs(deps);
      const outcome = await orUndo(async () => {
        const conn = await job.step(actStep, async () => {
          const c = await connectTo(deps, host);
          await command.act(c, vm);
          return c;
        });
        return job.step(waitStep, async () => {
          const state = await waitForDomain(conn, vm.id, command.accept, { timeoutMs, pollMs });
          if (state !== undefined) {
            await moveVm(db, vm.id, [command.transitional], command.done(state, host));
            touched(deps, 'vm', [vm.id]);
            return 'done' as const;
          }
          if (!command.onTimeout)
            throw new Error(`Host ${host.name} did not confirm within ${seconds(timeoutMs)}.`);
          const [now] = (await conn.listDomains()).filter((d) => d.id === vm.id);
          await command.onTimeout(job, vm, host, now?.status ?? null);
          await moveVm(db, vm.id, [command.transitional], { status: now?.status ?? vm.status });
          touched(deps, 'vm', [vm.id]);
          return 'timeout' as const;
        });
      }, back);
      if (outcome === 'done')
        await job.event({
          ...refs,
          code: command.codes.done,
          message: command.messages.done(vm, host),
        });
    },
  );
}
