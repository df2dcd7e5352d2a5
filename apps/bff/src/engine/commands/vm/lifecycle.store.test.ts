import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import { AppError } from '../../errors.js';
import { addTestVm, buildFleet, type TestFleet } from '../../testing/fleet.js';
import {
  engineHarness,
  settleOnHost,
  snapshotOfStore,
  type EngineHarness,
} from '../../testing/engine.js';
import { powerOffVm } from './power-off.js';
import { rebootVm } from './reboot.js';
import { runOnce, runVm } from './run.js';
import { shutdownVm } from './shutdown.js';
import { suspendVm } from './suspend.js';

const actor = { userName: 'admin@internal' };

async function vmRow(h: EngineHarness, id: string) {
  const [row] = await h.db.query<{
    status: string;
    host_id: string | null;
    last_host_id: string | null;
    migrating_to_host_id: string | null;
    started_at: Date | null;
  }>(
    `SELECT status, host_id, last_host_id, migrating_to_host_id, started_at FROM vm WHERE id = $1`,
    [id],
  );
  return row!;
}

async function jobOf(h: EngineHarness, id: string) {
  const [job] = await h.db.query<{
    status: string;
    progress: number;
    end_time: Date | null;
    correlation_id: string;
  }>(`SELECT status, progress, end_time, correlation_id FROM job WHERE id = $1`, [id]);
  const steps = await h.db.query<{ description: string; status: string }>(
    `SELECT description, status FROM job_step WHERE job_id = $1 ORDER BY position`,
    [id],
  );
  const events = await h.db.query<{ code: string; severity: string; message: string }>(
    `SELECT code, severity, message FROM audit_event WHERE job_id = $1 ORDER BY id`,
    [id],
  );
  return { ...job!, steps, events };
}

/** The refusal a command throws, for its message and field. */
async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe.each(STORE_BACKENDS)('VM lifecycle commands on %s', (backend) => {
  let h: EngineHarness;
  let fleet: TestFleet;
  const RUNNING = ['PoweringUp', 'Up'];

  beforeEach(async () => {
    h = await engineHarness(backend);
    fleet = await buildFleet(h.db, {
      hosts: [
        { name: 'busy', memoryMb: 65536, cpuUsage: 60 },
        { name: 'idle', memoryMb: 65536, cpuUsage: 5 },
      ],
    });
  });
  afterEach(() => h.close());

  it('runs a Down VM on the least loaded host as a job with steps and audit events', async () => {
    const vm = await addTestVm(h.db, fleet, { name: 'web-01' });
    const idle = fleet.hosts.find((x) => x.name === 'idle')!;
    const result = await runVm(h.deps, actor, { ids: [vm] });
    expect(result.jobIds).toHaveLength(1);
    // The intent is in the store when the command answers; the job may have moved on.
    const answered = await vmRow(h, vm);
    expect(['WaitForLaunch', ...RUNNING]).toContain(answered.status);
    expect(answered.host_id).toBe(idle.id);
    const [outcome] = await result.done;
    expect(outcome).toMatchObject({ status: 'Finished' });
    const row = await vmRow(h, vm);
    expect(RUNNING).toContain(row.status);
    expect(row.host_id).toBe(idle.id);
    expect(row.last_host_id).toBe(idle.id);
    expect(row.started_at).not.toBeNull();
    expect(h.sim.runningOn(vm)).toBe(idle.id);
    const job = await jobOf(h, result.jobIds[0]!);
    expect(job.status).toBe('Finished');
    expect(job.progress).toBe(100);
    expect(job.end_time).not.toBeNull();
    expect(job.steps.length).toBeGreaterThan(1);
    expect(job.steps.every((s) => s.status === 'Finished')).toBe(true);
    expect(job.events.map((e) => e.code)).toEqual(['USER_RUN_VM', 'VM_STARTED']);
    expect(h.changes.some((c) => c.object === 'job' && c.ids.includes(result.jobIds[0]!))).toBe(
      true,
    );
    expect(h.changes.some((c) => c.object === 'vm' && c.ids.includes(vm))).toBe(true);
  });

  it('refuses to run a running VM and changes nothing', async () => {
    const up = await addTestVm(h.db, fleet, {
      name: 'up-1',
      status: 'Up',
      hostId: fleet.hosts[0]!.id,
    });
    const before = await snapshotOfStore(h.db);
    const err = await refusal(runVm(h.deps, actor, { ids: [up] }));
    expect(err.code).toBe('RULE_VIOLATION');
    expect(err.message).toBe('The VM is already running.');
    expect(await snapshotOfStore(h.db)).toEqual(before);
  });

  it('refuses a bulk run whole when one VM breaks a rule, naming it', async () => {
    const a = await addTestVm(h.db, fleet, { name: 'bulk-a' });
    const b = await addTestVm(h.db, fleet, { name: 'bulk-b' });
    const bad = await addTestVm(h.db, fleet, {
      name: 'bulk-up',
      status: 'Up',
      hostId: fleet.hosts[0]!.id,
    });
    const before = await snapshotOfStore(h.db);
    const err = await refusal(runVm(h.deps, actor, { ids: [a, bad, b] }));
    expect(err.message).toContain('bulk-up: The VM is already running.');
    expect(err.message).not.toContain('bulk-a:');
    expect(err.reasons).toEqual({ [bad]: 'The VM is already running.' });
    expect(await snapshotOfStore(h.db)).toEqual(before);
  });

  it('shuts down, powers off, reboots, suspends and resumes through the host', async () => {
    const vm = await addTestVm(h.db, fleet, { name: 'cycle' });
    await (
      await runVm(h.deps, actor, { ids: [vm] })
    ).done;
    await settleOnHost(h, vm, 'Up');

    const reboot = await rebootVm(h.deps, actor, { ids: [vm] });
    expect((await vmRow(h, vm)).status).toBe('RebootInProgress');
    expect((await reboot.done)[0]).toMatchObject({ status: 'Finished' });
    expect((await vmRow(h, vm)).status).toBe('Up');

    const suspend = await suspendVm(h.deps, actor, { ids: [vm] });
    expect((await vmRow(h, vm)).status).toBe('SavingState');
    await suspend.done;
    const suspended = await vmRow(h, vm);
    expect(suspended.status).toBe('Suspended');
    expect(suspended.host_id).not.toBeNull();

    const resume = await runVm(h.deps, actor, { ids: [vm] });
    expect((await vmRow(h, vm)).status).toBe('RestoringState');
    expect((await resume.done)[0]).toMatchObject({ status: 'Finished' });
    expect(RUNNING).toContain((await vmRow(h, vm)).status);
    await settleOnHost(h, vm, 'Up');

    const shutdown = await shutdownVm(h.deps, actor, { ids: [vm] });
    expect((await vmRow(h, vm)).status).toBe('PoweringDown');
    const [done] = await shutdown.done;
    expect(done).toMatchObject({ status: 'Finished' });
    expect(await vmRow(h, vm)).toMatchObject({ status: 'Down', host_id: null });
    expect((await jobOf(h, shutdown.jobIds[0]!)).events.map((e) => e.code)).toEqual([
      'USER_INITIATED_SHUTDOWN_VM',
      'VM_DOWN',
    ]);

    await (
      await runVm(h.deps, actor, { ids: [vm] })
    ).done;
    await settleOnHost(h, vm, 'Up');
    const off = await powerOffVm(h.deps, actor, { ids: [vm] });
    await off.done;
    expect(await vmRow(h, vm)).toMatchObject({ status: 'Down', host_id: null });
    expect(h.sim.runningOn(vm)).toBeUndefined();
  });

  it('runs once with a CD attached, defining the VM on the host from the store', async () => {
    const vm = await addTestVm(h.db, fleet, { name: 'installer', disks: 2 });
    const host = fleet.hosts[0]!;
    const row = (
      await h.db.query<Record<string, unknown>>(`SELECT * FROM host WHERE id = $1`, [host.id])
    )[0]!;
    const conn = await h.deps.hosts.get(row as never);
    const define = vi.spyOn(conn, 'define');
    const iso = '/isos/debian-12.iso';
    const result = await runOnce(h.deps, actor, { id: vm, hostId: host.id, cdrom: iso });
    expect((await result.done)[0]).toMatchObject({ status: 'Finished' });
    const disks = await h.db.query<{ disk_id: string; path: string }>(
      `SELECT v.disk_id, v.path FROM disk_volume v JOIN vm_disk vd ON vd.disk_id = v.disk_id
        WHERE vd.vm_id = $1 ORDER BY vd.bootable DESC`,
      [vm],
    );
    const macs = await h.db.query<{ mac: string }>(`SELECT mac FROM vm_nic WHERE vm_id = $1`, [vm]);
    expect(define).toHaveBeenCalledTimes(1);
    const spec = define.mock.calls[0]![0];
    expect(spec.cdrom).toBe(iso);
    expect(spec.disks.map((d) => d.path).sort()).toEqual(disks.map((d) => d.path).sort());
    expect(spec.disks.find((d) => d.bootable)?.id).toBe(disks[0]!.disk_id);
    expect(spec.nics.map((n) => n.mac)).toEqual(macs.map((m) => m.mac));
    expect((await vmRow(h, vm)).host_id).toBe(host.id);
    const [job] = await h.db.query<{ description: string }>(
      `SELECT description FROM job WHERE id = $1`,
      [result.jobIds[0]],
    );
    expect(job!.description).toContain('once');
  });

  it('leaves a guest that ignores the shutdown running, with a Warning', async () => {
    await h.close();
    // The simulated guest takes 200 ms to shut down: give up before it does.
    h = await engineHarness(backend, { timeouts: { shutdownMs: 20 } });
    fleet = await buildFleet(h.db, { hosts: [{ name: 'only', memoryMb: 65536 }] });
    const vm = await addTestVm(h.db, fleet, {
      name: 'stubborn',
      status: 'Up',
      hostId: fleet.hosts[0]!.id,
    });
    const result = await shutdownVm(h.deps, actor, { ids: [vm] });
    expect((await result.done)[0]).toMatchObject({ status: 'Finished' });
    const job = await jobOf(h, result.jobIds[0]!);
    const warning = job.events.find((e) => e.code === 'VM_SHUTDOWN_TIMED_OUT');
    expect(warning?.severity).toBe('Warning');
    expect(job.events.map((e) => e.code)).not.toContain('VM_DOWN');
    const row = await vmRow(h, vm);
    expect(row.status).not.toBe('Down');
    expect(row.host_id).toBe(fleet.hosts[0]!.id);
  });

  it('undoes the intent when the host refuses, and the job fails with the reason', async () => {
    const host = fleet.hosts[0]!;
    // The host is connected (as monitoring keeps it) before the store gets a VM the host
    // never heard of: a power off reaches the host, which refuses.
    const row = (await h.db.query(`SELECT * FROM host WHERE id = $1`, [host.id]))[0]!;
    await h.deps.hosts.get(row as never);
    const ghost = await addTestVm(h.db, fleet, { name: 'ghost', status: 'Up', hostId: host.id });
    const result = await powerOffVm(h.deps, actor, { ids: [ghost] });
    const [outcome] = await result.done;
    expect(outcome).toMatchObject({ status: 'Failed', step: 'Powering off the VM' });
    expect(await vmRow(h, ghost)).toMatchObject({ status: 'Up', host_id: host.id });
    const job = await jobOf(h, result.jobIds[0]!);
    expect(job.status).toBe('Failed');
    expect(job.steps.map((s) => s.status)).toEqual(['Failed', 'Aborted']);
    const failure = job.events.find((e) => e.code === 'JOB_FAILED');
    expect(failure?.severity).toBe('Error');
    expect(failure?.message).toContain((outcome as { error: string }).error);
  });
});
