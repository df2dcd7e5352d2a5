// A stateless pool VM on this machine's libvirtd: what it wrote is gone once it is Down.
// A template whose image holds a pattern; a pool of one Thin VM; a pattern written into
// the VM's layer (qemu-io) reads back; the VM runs and is powered off through the
// engine; the pool keeper hears it go Down and makes its layer anew — the written
// pattern is gone, the template's data reads through, the backing file is the
// template's image and the layer holds no data of its own (`qemu-img map`).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibvirtDriver } from '../../../hosts/libvirt/driver.js';
import {
  cleanupTestDomains,
  removeScratchDir,
  scratchDir,
  testDomainName,
  TEST_URI,
  virsh,
} from '../../../hosts/libvirt/testing/libvirtd.js';
import { runCommand } from '../../../hosts/libvirt/virsh.js';
import { HostRegistry } from '../../../hosts/registry.js';
import { superUser } from '../../../identity/principal.js';
import { localFeed } from '../../../live/feed.js';
import { startPoolKeeper, type PoolKeeper } from '../../../pools/keeper.js';
import type { Db } from '../../../store/index.js';
import { openTestStore } from '../../../store/testing/index.js';
import { createCaller } from '../../../trpc/router.js';
import type { EngineServices } from '../../deps.js';

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

  async function finished(jobIds: readonly string[]) {
    const start = Date.now();
    for (;;) {
      const jobs = (await api.job.recent({ limit: 50 })).filter(
        (j) => jobIds.includes(j.id) && j.status !== 'Started',
      );
      if (jobs.length === jobIds.length) {
        expect(jobs.map((j) => [j.status, j.error])).toEqual(jobIds.map(() => ['Finished', null]));
        return;
      }
      if (Date.now() - start > 90_000) throw new Error(`jobs ${jobIds.join(', ')} did not end`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
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
    engine = {
      feed: localFeed(),
      hosts: new HostRegistry({ libvirt: new LibvirtDriver({ accel: 'tcg' }) }),
      imagesDir: path.join(scratch, 'images'),
      timeouts: {
        launchMs: 60_000,
        shutdownMs: 60_000,
        migrateMs: 60_000,
        stateMs: 60_000,
        pollMs: 200,
      },
    };
    api = createCaller({ db, user: superUser(), engine });
    const dc = await api.dataCenter.create({ name: 'PoolDC', storageType: 'Local' });
    const cluster = await api.cluster.create({ dataCenterId: dc.id, name: 'PoolDC-c' });
    const host = await api.host.add({
      name: 'pool-host',
      address: 'localhost',
      clusterId: cluster.id,
      driver: 'libvirt',
      uri: TEST_URI,
    });
    await finished(host.jobIds);
    const sd = await api.storage.create({
      name: 'pool-a',
      storageType: 'Local',
      path: path.join(scratch, 'pool-a'),
      hostId: host.id,
      dataCenterId: dc.id,
    });
    domainIds.push(sd.id);
    await finished(sd.jobIds);
    w = { cluster: cluster.id, sd: sd.id };
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
    const golden = await api.vm.create({
      clusterId: w.cluster,
      name: testDomainName('pgolden'),
      memoryMb: 128,
      vcpus: 1,
      os: 'other_linux',
      display: 'VNC',
      disks: [{ sizeGb: 1, storageDomainId: w.sd, interface: 'VirtIO', format: 'COW' }],
    });
    vmIds.push(golden.id);
    await finished(golden.jobIds);
    qemuIo(['-c', 'write -P 0x7e 0 1M', await imageOf(golden.id)]);
    const t = await api.vm.makeTemplate({ id: golden.id, name: testDomainName('ptpl') });
    await finished(t.jobIds);
    const [tpl] = await db.query<{ path: string }>(
      `SELECT v.path FROM disk d JOIN disk_volume v ON v.disk_id = d.id WHERE d.template_id = $1`,
      [t.templateId],
    );

    const pool = await api.pool.create({
      name: testDomainName('pool'),
      clusterId: w.cluster,
      templateId: t.templateId,
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
    expect((await info())['full-backing-filename']).toBe(tpl!.path);

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
    expect((await info())['full-backing-filename']).toBe(tpl!.path);
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
