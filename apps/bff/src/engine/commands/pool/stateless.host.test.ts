// A stateless pool VM on this machine's libvirtd: what it wrote is gone once it is Down.
// A template whose image holds a pattern; a pool of one Thin VM; a pattern written into
// the VM's layer (qemu-io) reads back; the VM runs and is powered off through the
// engine; the pool keeper hears it go Down and makes its layer anew — the written
// pattern is gone, the template's data reads through, the backing file is the
// template's image and the layer holds no data of its own (`qemu-img map`).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanupTestDomains,
  removeScratchDir,
  scratchDir,
  testDomainName,
  virsh,
} from '../../../hosts/libvirt/testing/libvirtd.js';
import { runCommand } from '../../../hosts/libvirt/virsh.js';
import { superUser } from '../../../identity/principal.js';
import { startPoolKeeper, type PoolKeeper } from '../../../pools/keeper.js';
import type { Db } from '../../../store/index.js';
import { openTestStore } from '../../../store/testing/index.js';
import { createCaller } from '../../../trpc/router.js';
import type { EngineServices } from '../../deps.js';
import {
  jobsFinished,
  libvirtEngine,
  libvirtSite,
  localDomain,
  patternTemplate,
} from '../../testing/libvirt.js';

const qemuIo = (args: string[]) => execFileSync('qemu-io', args, { stdio: 'pipe' }).toString();
/** Whether `qemu-io read -P` finds the pattern there (it fails on a mismatch). */
function reads(file: string, pattern: string, at: string, len: string): boolean {
  try {
    const out = qemuIo(['-r', '-U', '-c', `read -P ${pattern} ${at} ${len}`, file]);
    return !/Pattern verification failed/.test(out);
  } catch {
    return false;
  }
}

describe('stateless pool VMs on this machine’s libvirtd', () => {
  let db: Db;
  let engine: EngineServices;
  let api: ReturnType<typeof createCaller>;
  let scratch: string;
  let keeper: PoolKeeper | null = null;
  const vmIds: string[] = [];
  const domainIds: string[] = [];
  let w: { cluster: string; sd: string };

  const finished = (jobIds: readonly string[]) => jobsFinished(api, jobIds);
  const imageOf = async (vmId: string) =>
    (
      await db.query<{ path: string }>(
        `SELECT v.path FROM vm_disk vd JOIN disk_volume v ON v.disk_id = vd.disk_id WHERE vd.vm_id = $1`,
        [vmId],
      )
    )[0]!.path;

  beforeAll(async () => {
    scratch = scratchDir();
    db = await openTestStore('pglite');
    engine = libvirtEngine(path.join(scratch, 'images'));
    api = createCaller({ db, user: superUser(), engine });
    const site = await libvirtSite(api, 'PoolDC');
    const sd = await localDomain(api, site, scratch, 'pool-a', domainIds);
    w = { cluster: site.cluster, sd: sd.id };
  }, 180_000);

  afterAll(async () => {
    await keeper?.stop();
    await cleanupTestDomains(vmIds);
    for (const id of domainIds) await virsh('pool-destroy', `corral-${id}`).catch(() => undefined);
    await engine?.hosts.close();
    await db?.close();
    if (scratch) removeScratchDir(scratch);
  }, 120_000);

  it('gives a stateless VM a fresh layer over the template when it goes Down', async () => {
    const tpl = await patternTemplate(
      api,
      db,
      { cluster: w.cluster, storageDomainId: w.sd },
      vmIds,
    );

    const pool = await api.pool.create({
      name: testDomainName('pool'),
      clusterId: w.cluster,
      templateId: tpl.templateId,
      size: 1,
      poolType: 'Manual',
      stateless: true,
    });
    vmIds.push(...pool.vmIds);
    await finished(pool.jobIds);
    const vmId = pool.vmIds[0]!;
    const overlay = await imageOf(vmId);
    const info = () =>
      runCommand('qemu-img', ['info', '-U', '--output=json', overlay]).then(
        (o) => JSON.parse(o) as { 'full-backing-filename'?: string },
      );
    expect((await info())['full-backing-filename']).toBe(tpl.image);

    // What the user "writes": a pattern in the VM's own layer, beside the template's data.
    qemuIo(['-c', 'write -P 0xab 2M 64k', overlay]);
    expect(reads(overlay, '0xab', '2M', '64k')).toBe(true);
    expect(reads(overlay, '0', '2M', '64k')).toBe(false);

    keeper = startPoolKeeper({ ...engine, db }, { intervalMs: 60_000, debounceMs: 50 });
    await finished((await api.vm.run({ ids: [vmId] })).jobIds);
    expect((await virsh('domstate', vmId)).trim()).toBe('running');
    expect(
      (
        await db.query<{ d: boolean }>(`SELECT stateless_dirty AS d FROM vm WHERE id = $1`, [vmId])
      )[0]?.d,
    ).toBe(true);
    await db.query(`UPDATE vm SET status = 'Up' WHERE id = $1`, [vmId]);
    await finished((await api.vm.powerOff({ ids: [vmId] })).jobIds);

    // The keeper hears the VM go Down and resets its disk.
    await expect
      .poll(
        async () =>
          (
            await db.query<{ status: string; d: boolean }>(
              `SELECT status, stateless_dirty AS d FROM vm WHERE id = $1`,
              [vmId],
            )
          )[0],
        { timeout: 60_000, interval: 200 },
      )
      .toEqual({ status: 'Down', d: false });
    const [reset] = await db.query<{ status: string }>(
      `SELECT status FROM job WHERE description LIKE 'Restoring the stateless VM %'`,
    );
    expect(reset?.status).toBe('Finished');

    // The written data is gone; the template's reads through; the layer is empty.
    expect(reads(overlay, '0', '2M', '64k')).toBe(true);
    expect(reads(overlay, '0xab', '2M', '64k')).toBe(false);
    expect(reads(overlay, '0x7e', '0', '1M')).toBe(true);
    expect((await info())['full-backing-filename']).toBe(tpl.image);
    const map = JSON.parse(
      await runCommand('qemu-img', ['map', '-U', '--output=json', overlay]),
    ) as { depth: number; data: boolean }[];
    expect(map.filter((m) => m.depth === 0 && m.data)).toEqual([]);
    // And the VM runs again from it.
    await finished((await api.vm.run({ ids: [vmId] })).jobIds);
    expect((await virsh('domstate', vmId)).trim()).toBe('running');
    await db.query(`UPDATE vm SET status = 'Up' WHERE id = $1`, [vmId]);
    await finished((await api.vm.powerOff({ ids: [vmId] })).jobIds);
  }, 300_000);
});
