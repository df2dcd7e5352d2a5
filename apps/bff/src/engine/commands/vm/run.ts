// Run (and Run Once): the scheduler or the user picks a host, the store records the
// intent (WaitForLaunch on that host), the host gets the VM's definition from the
// store and starts it. Run on a Suspended or Paused VM resumes it where it is. Run
// Once's CD and Linux boot options go into that one definition only: the store never
// holds them, so the next plain Run boots the VM's disks again.
import { LINUX_BOOT_NEEDS_KERNEL } from '@corral/shared';
import type { DomainSpec } from '../../../hosts/driver.js';
import { touched } from '../../changes.js';
import { now, timeoutsOf, type Actor, type CorrelatedActor, type EngineDeps } from '../../deps.js';
import { AppError } from '../../errors.js';
import {
  connectTo,
  domainSpec,
  getHosts,
  getVm,
  getVms,
  moveVm,
  type HostRow,
  type RunOnceExtras,
  type VmRow,
} from '../../inventory.js';
import type { StartedJob } from '../../jobs.js';
import { refuseEach } from '../../rules/refuse.js';
import { requireVmAction } from '../../rules/vm.js';
import { waitForDomain } from '../../wait.js';
import {
  correlate,
  lockVms,
  orUndo,
  reach,
  seconds,
  startJob,
  started,
  type Started,
} from '../common.js';
import { placeVms } from './placement.js';

const DEFINE = 'Defining the VM on the host';
const START = 'Starting the VM';
const WAIT = 'Waiting for the VM to power up';
const RESUME = 'Resuming the VM';
const RESUMED = 'Waiting for the VM to run';

export interface RunInput {
  readonly ids: readonly string[];
  /** A host the user chose; the scheduler picks otherwise. */
  readonly hostId?: string | null;
}

export async function runVm(deps: EngineDeps, actor: Actor, input: RunInput): Promise<Started> {
  const a = correlate(actor);
  const vms = await getVms(deps.db, input.ids);
  requireVmAction(vms, 'run');
  const toStart = vms.filter((v) => v.status === 'Down');
  const toResume = vms.filter((v) => v.status !== 'Down');
  const resumeOn = await resumeHosts(deps, toResume, input.hostId);
  const hosts = await placeVms(deps.db, toStart, input.hostId);
  await reach(deps, [...hosts.values(), ...resumeOn.values()]);
  await lockVms(
    deps,
    toStart,
    () => ['Down'],
    (vm) => ({
      status: 'WaitForLaunch',
      host_id: hosts.get(vm.id)!.id,
      last_host_id: hosts.get(vm.id)!.id,
    }),
  );
  await lockVms(
    deps,
    toResume,
    (vm) => [vm.status],
    (vm) => ({ status: vm.status === 'Suspended' ? 'RestoringState' : vm.status }),
  );
  const jobs: StartedJob<unknown>[] = [];
  for (const vm of toStart) jobs.push(await launch(deps, a, vm, hosts.get(vm.id)!));
  for (const vm of toResume) jobs.push(await resume(deps, a, vm, resumeOn.get(vm.id)!));
  return started(jobs);
}

export interface RunOnceInput {
  readonly id: string;
  readonly hostId?: string | null;
  /** ISO image attached as CD-ROM for this run only. */
  readonly cdrom?: string | null;
  /** Linux boot options, this run only: a kernel image on the host, booted directly. */
  readonly kernel?: string | null;
  /** An initramfs on the host for `kernel`. */
  readonly initrd?: string | null;
  /** `kernel`'s command line; none: the driver's default (`console=ttyS0` on libvirt). */
  readonly kernelParams?: string | null;
}

export async function runOnce(
  deps: EngineDeps,
  actor: Actor,
  input: RunOnceInput,
): Promise<Started> {
  const a = correlate(actor);
  const kernel = linuxBoot(input);
  const vm = await getVm(deps.db, input.id);
  requireVmAction([vm], 'runOnce');
  const hosts = await placeVms(deps.db, [vm], input.hostId);
  const host = hosts.get(vm.id)!;
  await reach(deps, [host]);
  await lockVms(
    deps,
    [vm],
    () => ['Down'],
    () => ({
      status: 'WaitForLaunch',
      host_id: host.id,
      last_host_id: host.id,
    }),
  );
  return started([await launch(deps, a, vm, host, { cdrom: input.cdrom ?? null, kernel })]);
}

/**
 * Run Once's Linux boot options as the host gets them. The shared schema checked the
 * paths; an initrd or parameters without a kernel would be dropped silently, so they
 * are refused here too, for callers that skip the schema.
 */
function linuxBoot(input: RunOnceInput): DomainSpec['kernel'] | null {
  if (!input.kernel) {
    const stray = input.initrd ? 'initrd' : input.kernelParams ? 'kernelParams' : null;
    if (stray) throw new AppError('RULE_VIOLATION', LINUX_BOOT_NEEDS_KERNEL, stray);
    return null;
  }
  return {
    path: input.kernel,
    initrd: input.initrd || undefined,
    cmdline: input.kernelParams || undefined,
  };
}

/** What the audit log says of a run's extras: ` with CD …, booting kernel … (initrd …)`. */
function extrasText(once: RunOnceExtras): string {
  let text = once.cdrom ? ` with CD ${once.cdrom}` : '';
  if (once.kernel) {
    const { path, initrd, cmdline } = once.kernel;
    const details = [initrd && `initrd ${initrd}`, cmdline && `parameters "${cmdline}"`].filter(
      Boolean,
    );
    text += `, booting kernel ${path}${details.length ? ` (${details.join(', ')})` : ''}`;
  }
  return text;
}

/** A suspended or paused VM resumes on the host that holds its state. */
async function resumeHosts(
  deps: EngineDeps,
  vms: readonly VmRow[],
  hostId: string | null | undefined,
): Promise<Map<string, HostRow>> {
  const reasons = new Map<string, string>();
  const ids = vms.map((v) => v.host_id ?? v.last_host_id).filter((id): id is string => !!id);
  const rows = new Map((await getHosts(deps.db, [...new Set(ids)])).map((h) => [h.id, h]));
  const on = new Map<string, HostRow>();
  for (const vm of vms) {
    const host = rows.get(vm.host_id ?? vm.last_host_id ?? '');
    if (!host) reasons.set(vm.id, `The host that holds VM ${vm.name}'s state is unknown.`);
    else if (host.status !== 'Up')
      reasons.set(vm.id, `Host ${host.name}, which holds the VM's state, is not Up.`);
    else if (hostId && hostId !== host.id)
      reasons.set(vm.id, `A ${vm.status} VM resumes on Host ${host.name}, where its state is.`);
    else on.set(vm.id, host);
  }
  refuseEach('run the VMs', vms, reasons, hostId ? 'hostId' : undefined);
  return on;
}

/**
 * The job that defines a VM (locked WaitForLaunch on `host`) there and starts it. `once`:
 * a Run Once, whose extras go into this definition only; a plain Run passes none.
 */
export function launch(
  deps: EngineDeps,
  actor: CorrelatedActor,
  vm: VmRow,
  host: HostRow,
  once?: RunOnceExtras,
): Promise<StartedJob<unknown>> {
  const { db } = deps;
  const refs = { vmId: vm.id, hostId: host.id };
  return startJob(
    deps,
    actor,
    {
      description: `${once ? 'Running VM once' : 'Running VM'} ${vm.name} on Host ${host.name}`,
      steps: [DEFINE, START, WAIT],
      refs,
    },
    async (job) => {
      await job.event({
        ...refs,
        code: once ? 'USER_RUN_ONCE_VM' : 'USER_RUN_VM',
        message: `VM ${vm.name} is being started on Host ${host.name} by ${actor.userName}${once ? extrasText(once) : ''}.`,
      });
      const timeouts = timeoutsOf(deps);
      await orUndo(
        async () => {
          const conn = await job.step(DEFINE, async () => {
            const c = await connectTo(deps, host);
            await c.define(await domainSpec(db, vm, once));
            return c;
          });
          await job.step(START, () => conn.start(vm.id));
          await job.step(WAIT, async () => {
            const state = await waitForDomain(conn, vm.id, (s) => s !== null && s !== 'Down', {
              timeoutMs: timeouts.launchMs,
              pollMs: timeouts.pollMs,
            });
            if (!state)
              throw new Error(
                `Host ${host.name} did not report VM ${vm.name} running within ${seconds(timeouts.launchMs)}.`,
              );
            await moveVm(db, vm.id, ['WaitForLaunch'], { status: state, started_at: now(deps) });
            touched(deps, 'vm', [vm.id]);
          });
        },
        async () => {
          await moveVm(db, vm.id, ['WaitForLaunch'], { status: 'Down', host_id: null });
          touched(deps, 'vm', [vm.id]);
        },
      );
      await job.event({
        ...refs,
        code: 'VM_STARTED',
        message: `VM ${vm.name} started on Host ${host.name}.`,
      });
    },
  );
}

function resume(
  deps: EngineDeps,
  actor: CorrelatedActor,
  vm: VmRow,
  host: HostRow,
): Promise<StartedJob<unknown>> {
  const { db } = deps;
  const refs = { vmId: vm.id, hostId: host.id };
  const locked = vm.status === 'Suspended' ? 'RestoringState' : vm.status;
  return startJob(
    deps,
    actor,
    { description: `Resuming VM ${vm.name} on Host ${host.name}`, steps: [RESUME, RESUMED], refs },
    async (job) => {
      await job.event({
        ...refs,
        code: 'USER_RESUME_VM',
        message: `VM ${vm.name} is being resumed on Host ${host.name} by ${actor.userName}.`,
      });
      const timeouts = timeoutsOf(deps);
      await orUndo(
        async () => {
          const conn = await job.step(RESUME, async () => {
            const c = await connectTo(deps, host);
            await c.resume(vm.id);
            return c;
          });
          await job.step(RESUMED, async () => {
            const state = await waitForDomain(
              conn,
              vm.id,
              (s) => s === 'Up' || s === 'PoweringUp',
              {
                timeoutMs: timeouts.launchMs,
                pollMs: timeouts.pollMs,
              },
            );
            if (!state)
              throw new Error(
                `Host ${host.name} did not report VM ${vm.name} running within ${seconds(timeouts.launchMs)}.`,
              );
            await moveVm(db, vm.id, [locked], { status: state, host_id: host.id });
            touched(deps, 'vm', [vm.id]);
          });
        },
        async () => {
          await moveVm(db, vm.id, [locked], { status: vm.status });
          touched(deps, 'vm', [vm.id]);
        },
      );
      await job.event({
        ...refs,
        code: 'VM_RESUMED',
        message: `VM ${vm.name} resumed on Host ${host.name}.`,
      });
    },
  );
}
