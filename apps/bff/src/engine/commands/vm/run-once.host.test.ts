// Run Once's Linux boot options on this machine's real libvirtd, through the API: the
// test guest's kernel and initrd (docs/test-guest.md) boot a VM that has no disk, its
// banner reaches the serial log, and a later plain Run defines the VM without them.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serialLogPath } from '../../../hosts/libvirt/domain.js';
import {
  buildTestGuest,
  TEST_GUEST_BANNER,
  TEST_GUEST_CMDLINE,
  type TestGuest,
} from '../../../hosts/libvirt/testing/guest.js';
import {
  cleanupTestDomains,
  removeScratchDir,
  scratchDir,
  testDomainName,
  TEST_URI,
  virsh,
} from '../../../hosts/libvirt/testing/libvirtd.js';
import type { Db } from '../../../store/index.js';
import { openTestStore } from '../../../store/testing/index.js';
import { createCaller } from '../../../trpc/router.js';
import type { EngineServices } from '../../deps.js';
import { buildFleet } from '../../testing/fleet.js';
import { libvirtEngine } from '../../testing/libvirt.js';
import { superUser } from '../../../identity/principal.js';

async function waitFor<T>(
  what: string,
  probe: () => Promise<T> | T,
  ok: (v: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Run Once booting a kernel on this machine', () => {
  let db: Db;
  let dir: string;
  let engine: EngineServices;
  let api: ReturnType<typeof createCaller>;
  let guest: TestGuest;
  const id = randomUUID();
  const name = testDomainName('runonce-kernel');

  const serial = () =>
    existsSync(serialLogPath(id)) ? readFileSync(serialLogPath(id), 'utf8') : '';

  async function finished(jobIds: readonly string[]) {
    const jobs = await waitFor(
      'the job to end',
      async () => (await api.job.recent({ limit: 20 })).filter((j) => jobIds.includes(j.id)),
      (js) => js.length === jobIds.length && js.every((j) => j.status !== 'Started'),
      120_000,
    );
    expect(jobs.map((j) => [j.status, j.error])).toEqual(jobIds.map(() => ['Finished', null]));
  }

  beforeAll(async () => {
    guest = await buildTestGuest();
    db = await openTestStore('pglite');
    dir = scratchDir();
    const fleet = await buildFleet(db, { hosts: [{ name: 'runonce-local', driver: 'libvirt' }] });
    const host = fleet.hosts[0]!;
    await db.query(`UPDATE host SET address = '127.0.0.1', uri = $2 WHERE id = $1`, [
      host.id,
      TEST_URI,
    ]);
    // Debian's kernel hangs under this machine's nested KVM; libvirtEngine runs guests
    // under TCG, which boots it anywhere (docs/test-guest.md).
    engine = libvirtEngine(dir);
    // A VM without disks or NICs: only a kernel given for the run can boot it.
    await db.query(
      `INSERT INTO vm (id, cluster_id, name, status, memory_mb, vcpus, os, display)
       VALUES ($1, $2, $3, 'Down', 256, 1, 'other_linux', 'VNC')`,
      [id, fleet.clusterId, name],
    );
    api = createCaller({ db, user: superUser(), engine });
  }, 600_000);

  afterAll(async () => {
    await engine?.hosts.close();
    await cleanupTestDomains([id]);
    if (dir) removeScratchDir(dir);
    await db?.close();
  });

  it('boots the given kernel and initrd with the given parameters, for this run only', async () => {
    const once = await api.vm.runOnce({
      id,
      kernel: guest.kernel,
      initrd: guest.initrd,
      kernelParams: TEST_GUEST_CMDLINE,
    });
    await finished(once.jobIds);
    const xml = await virsh('dumpxml', id);
    expect(xml).toContain(`<kernel>${guest.kernel}</kernel>`);
    expect(xml).toContain(`<initrd>${guest.initrd}</initrd>`);
    expect(xml).toContain(`<cmdline>${TEST_GUEST_CMDLINE}</cmdline>`);
    // The guest's init, from that initrd, under that kernel, printing to the serial
    // console the parameters named.
    await waitFor(
      'the guest banner on the serial log',
      serial,
      (s) => s.includes(TEST_GUEST_BANNER),
      90_000,
    );

    await db.query(`UPDATE vm SET status = 'Up' WHERE id = $1`, [id]);
    await finished((await api.vm.powerOff({ ids: [id] })).jobIds);
    expect((await virsh('domstate', id)).trim()).toBe('shut off');

    await finished((await api.vm.run({ ids: [id] })).jobIds);
    const plain = await virsh('dumpxml', id);
    expect(plain).not.toContain('<kernel>');
    expect(plain).not.toContain('<initrd>');
    expect(plain).not.toContain('<cmdline>');
    expect((await virsh('domstate', id)).trim()).toBe('running');
  });

  it("fails the job with the host's reason when the kernel is not there, leaving the VM Down", async () => {
    await finished((await api.vm.powerOff({ ids: [id] })).jobIds);
    const missing = `${guest.kernel}-missing`;
    const once = await api.vm.runOnce({ id, kernel: missing });
    const [job] = await waitFor(
      'the job to end',
      async () => (await api.job.recent({ limit: 20 })).filter((j) => j.id === once.jobIds[0]),
      (js) => js.length === 1 && js[0]!.status !== 'Started',
      120_000,
    );
    expect(job!.status).toBe('Failed');
    expect(job!.error).toContain(missing);
    expect(job!.steps.find((st) => st.status === 'Failed')?.description).toBe('Starting the VM');
    const [row] = await db.query<{ status: string; host_id: string | null }>(
      `SELECT status, host_id FROM vm WHERE id = $1`,
      [id],
    );
    expect(row).toEqual({ status: 'Down', host_id: null });
    expect((await virsh('domstate', id)).trim()).toBe('shut off');
  });
});
