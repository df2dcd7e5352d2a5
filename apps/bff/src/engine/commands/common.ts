import type { VmStatus } from '@corral/shared';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../store/index.js';
import { touched } from '../changes.js';
import type { Actor, CorrelatedActor, EngineDeps } from '../deps.js';
import { connectTo, moveVm, type HostRow, type VmRow } from '../inventory.js';
import { refuse } from '../rules/refuse.js';
import {
  errorMessage,
  runJob,
  type Job,
  type JobResult,
  type JobSpec,
  type StartedJob,
} from '../jobs.js';

/** What a command answers: its jobs' ids at once, and (for tests, scripts) their end. */
export interface Started {
  readonly jobIds: string[];
  readonly done: Promise<JobResult<unknown>[]>;
}

export function started(jobs: readonly StartedJob<unknown>[]): Started {
  return { jobIds: jobs.map((j) => j.id), done: Promise.all(jobs.map((j) => j.done)) };
}

/**
 * One job per item, started one after another so the jobs (and their first events) keep
 * the request's order.
 */
export async function startEach<T>(
  items: Iterable<T>,
  start: (item: T) => Promise<StartedJob<unknown>>,
): Promise<Started> {
  const jobs: StartedJob<unknown>[] = [];
  for (const item of items) jobs.push(await start(item));
  return started(jobs);
}

/** One correlation id per request, shared by its jobs and their events. */
export function correlate(actor: Actor): CorrelatedActor {
  return { ...actor, correlationId: actor.correlationId ?? randomUUID() };
}

export function startJob<T>(
  deps: EngineDeps,
  actor: CorrelatedActor,
  spec: Omit<JobSpec, 'userName' | 'correlationId'>,
  work: (job: Job) => Promise<T>,
): Promise<StartedJob<T>> {
  return runJob(
    deps,
    { ...spec, userName: actor.userName, correlationId: actor.correlationId },
    work,
  );
}

/**
 * Runs `work`; when it throws, runs `undo` (put the store's intent back) before the
 * error goes on to fail the job.
 */
export async function orUndo<T>(work: () => Promise<T>, undo: () => Promise<unknown>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    await undo().catch((e: unknown) => console.error('engine: undo failed:', e));
    throw err;
  }
}

export const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Puts the store's intent on several VMs at once (a transitional status, a host): all
 * or none, and only if each is still in a state the command was validated against.
 */
export async function lockVms(
  deps: EngineDeps,
  vms: readonly VmRow[],
  from: (vm: VmRow) => readonly VmStatus[],
  set: (vm: VmRow) => Parameters<typeof moveVm>[3],
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    for (const vm of vms) {
      if (!(await moveVm(tx, vm.id, from(vm), set(vm))))
        refuse(`VM ${vm.name} changed state meanwhile; try again.`);
    }
  });
  touched(
    deps,
    'vm',
    vms.map((v) => v.id),
  );
}

/** A Down VM is ImageLocked while its disks are worked on; refused if it is Down no more. */
export async function lockDownVm(tx: Db, vm: VmRow): Promise<void> {
  if (!(await moveVm(tx, vm.id, ['Down'], { status: 'ImageLocked' })))
    refuse(`VM ${vm.name} changed state meanwhile; try again.`);
}

/**
 * Opens the connections a command will use before it locks anything: a host that does
 * not answer refuses the command (nothing changed), and a host is never first met with
 * the store already saying the command is under way.
 */
export async function reach(deps: EngineDeps, hosts: Iterable<HostRow>): Promise<void> {
  const unique = new Map<string, HostRow>();
  for (const h of hosts) unique.set(h.id, h);
  const failures = new Map<string, string>();
  await Promise.all(
    [...unique.values()].map((h) =>
      connectTo(deps, h).catch((err: unknown) => {
        failures.set(h.id, `Host ${h.name} cannot be reached: ${errorMessage(err)}`);
      }),
    ),
  );
  if (failures.size > 0) refuse([...failures.values()].join(' '));
}
