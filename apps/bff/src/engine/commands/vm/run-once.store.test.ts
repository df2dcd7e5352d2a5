// Run Once's Linux boot options with the real simulated host driver: the kernel, initrd
// and parameters reach the definition the host gets, for that run only; bad input is
// refused before anything changes.
import { LINUX_BOOT_NEEDS_KERNEL } from '@corral/shared';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ZodError } from 'zod';
import type { HostConnection } from '../../../hosts/driver.js';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import { createCaller } from '../../../trpc/router.js';
import { AppError } from '../../errors.js';
import {
  engineHarness,
  settleOnHost,
  snapshotOfStore,
  type EngineHarness,
} from '../../testing/engine.js';
import { addTestVm, buildFleet, type TestFleet } from '../../testing/fleet.js';
import { powerOffVm } from './power-off.js';
import { runOnce, runVm } from './run.js';
import { superUser } from '../../../identity/principal.js';

const actor = { userName: 'admin@internal' };
const KERNEL = '/var/lib/libvirt/images/guest/vmlinuz';
const INITRD = '/var/lib/libvirt/images/guest/initrd.img';

describe.each(STORE_BACKENDS)('Run Once with Linux boot options on %s', (backend) => {
  let h: EngineHarness;
  let fleet: TestFleet;
  let conn: HostConnection;
  /** Every definition the host was given (the sim driver still carries each out). */
  let define: MockInstance<HostConnection['define']>;

  beforeEach(async () => {
    h = await engineHarness(backend);
    fleet = await buildFleet(h.db, { hosts: [{ name: 'only', memoryMb: 65536 }] });
    const [row] = await h.db.query(`SELECT * FROM host WHERE id = $1`, [fleet.hosts[0]!.id]);
    // The registry hands the engine this same connection.
    conn = await h.deps.hosts.get(row as never);
    define = vi.spyOn(conn, 'define');
  });
  afterEach(() => h.close());

  async function eventsOf(jobId: string) {
    return h.db.query<{ code: string; message: string }>(
      `SELECT code, message FROM audit_event WHERE job_id = $1 ORDER BY id`,
      [jobId],
    );
  }

  it('boots the kernel with its initrd and parameters for this run, and the disks on the next', async () => {
    const vm = await addTestVm(h.db, fleet, { name: 'netboot' });
    const once = await runOnce(h.deps, actor, {
      id: vm,
      kernel: KERNEL,
      initrd: INITRD,
      kernelParams: 'console=ttyS0 rd.break quiet',
    });
    expect((await once.done)[0]).toMatchObject({ status: 'Finished' });
    expect(define).toHaveBeenCalledTimes(1);
    const spec = define.mock.calls[0]![0];
    expect(spec.kernel).toEqual({
      path: KERNEL,
      initrd: INITRD,
      cmdline: 'console=ttyS0 rd.break quiet',
    });
    expect(spec.cdrom).toBeUndefined();
    // The VM's own disks are still there; a kernel boot just does not boot from them.
    expect(spec.disks).toHaveLength(1);
    expect(h.sim.runningOn(vm)).toBe(fleet.hosts[0]!.id);
    const [started] = await eventsOf(once.jobIds[0]!);
    expect(started).toEqual({
      code: 'USER_RUN_ONCE_VM',
      message:
        `VM netboot is being started on Host only by admin@internal, booting kernel ${KERNEL}` +
        ` (initrd ${INITRD}, parameters "console=ttyS0 rd.break quiet").`,
    });
    const [row] = await h.db.query<Record<string, unknown>>(`SELECT * FROM vm WHERE id = $1`, [vm]);
    expect(JSON.stringify(row)).not.toContain('vmlinuz');

    await settleOnHost(h, vm, 'Up');
    await (
      await powerOffVm(h.deps, actor, { ids: [vm] })
    ).done;
    const run = await runVm(h.deps, actor, { ids: [vm] });
    expect((await run.done)[0]).toMatchObject({ status: 'Finished' });
    expect(define).toHaveBeenCalledTimes(2);
    const again = define.mock.calls[1]![0];
    expect(again.kernel).toBeUndefined();
    expect(again.cdrom).toBeUndefined();
    expect(again.disks.map((d) => d.path)).toEqual(spec.disks.map((d) => d.path));
    const [plain] = await eventsOf(run.jobIds[0]!);
    expect(plain).toEqual({
      code: 'USER_RUN_VM',
      message: 'VM netboot is being started on Host only by admin@internal.',
    });
  });

  it('leaves the command line to the driver when none is given, and takes a CD along', async () => {
    const vm = await addTestVm(h.db, fleet, { name: 'bare' });
    const once = await runOnce(h.deps, actor, {
      id: vm,
      hostId: fleet.hosts[0]!.id,
      cdrom: '/isos/tools.iso',
      kernel: KERNEL,
      initrd: null,
      kernelParams: '',
    });
    expect((await once.done)[0]).toMatchObject({ status: 'Finished' });
    const spec = define.mock.calls[0]![0];
    expect(spec.kernel).toEqual({ path: KERNEL, initrd: undefined, cmdline: undefined });
    expect(spec.cdrom).toBe('/isos/tools.iso');
    const [started] = await eventsOf(once.jobIds[0]!);
    expect(started!.message).toBe(
      `VM bare is being started on Host only by admin@internal with CD /isos/tools.iso, booting kernel ${KERNEL}.`,
    );
  });

  it('refuses an initrd or parameters without a kernel, changing nothing', async () => {
    const vm = await addTestVm(h.db, fleet, { name: 'stays-down' });
    const before = await snapshotOfStore(h.db);
    for (const [input, field] of [
      [{ initrd: INITRD }, 'initrd'],
      [{ kernel: null, kernelParams: 'quiet' }, 'kernelParams'],
    ] as const) {
      const err = await runOnce(h.deps, actor, { id: vm, ...input }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ message: LINUX_BOOT_NEEDS_KERNEL, field });
    }
    expect(await snapshotOfStore(h.db)).toEqual(before);
    expect(define).not.toHaveBeenCalled();
    expect(h.sim.runningOn(vm)).toBeUndefined();
  });

  it('answers bad boot options through the API with zod issues on their fields, changing nothing', async () => {
    const vm = await addTestVm(h.db, fleet, { name: 'api-down' });
    const { db: _db, ...engine } = h.deps;
    const api = createCaller({ db: h.db, user: superUser(), engine });
    const before = await snapshotOfStore(h.db);
    for (const [input, field] of [
      [{ initrd: INITRD }, 'initrd'],
      [{ kernelParams: 'quiet' }, 'kernelParams'],
      [{ kernel: 'boot/vmlinuz' }, 'kernel'],
      [{ kernel: '/boot/../etc/shadow' }, 'kernel'],
      [{ kernel: '   ' }, 'kernel'],
      [{ kernel: KERNEL, initrd: 'initrd.img' }, 'initrd'],
      [{ kernel: KERNEL, kernelParams: 'quiet\ninit=/bin/sh' }, 'kernelParams'],
    ] as const) {
      const err = await api.vm.runOnce({ id: vm, ...input }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TRPCError);
      expect((err as TRPCError).code).toBe('BAD_REQUEST');
      const cause = (err as TRPCError).cause;
      expect(cause).toBeInstanceOf(ZodError);
      expect(new Set((cause as ZodError).issues.map((i) => i.path.join('.')))).toEqual(
        new Set([field]),
      );
    }
    expect(await snapshotOfStore(h.db)).toEqual(before);
    expect(define).not.toHaveBeenCalled();

    // The same procedure with good options runs the VM with them.
    const ok = await api.vm.runOnce({ id: vm, kernel: KERNEL, initrd: INITRD });
    expect(ok.jobIds).toHaveLength(1);
    await expect
      .poll(
        async () =>
          (
            await h.db.query<{ status: string }>(`SELECT status FROM job WHERE id = $1`, [
              ok.jobIds[0],
            ])
          )[0]?.status,
        { timeout: 5_000, interval: 20 },
      )
      .toBe('Finished');
    expect(define).toHaveBeenCalledTimes(1);
    expect(define.mock.calls[0]![0].kernel).toEqual({
      path: KERNEL,
      initrd: INITRD,
      cmdline: undefined,
    });
  });
});
