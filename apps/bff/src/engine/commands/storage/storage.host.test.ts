// Storage domains on this machine's real libvirtd and glusterd, through the API the
// portal uses: a Local domain is a libvirt dir pool, a GlusterFS domain a netfs pool
// mounted with the glusterfs FUSE client on a real Gluster volume; a disk created in
// either is a real qcow2 volume of that pool (on the volume's brick, for Gluster), and a
// VM with that disk runs. Maintenance unmounts, activation mounts again, removal with
// format deletes the images; monitoring writes what `virsh pool-info` says.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brickScratch, removeBrickScratch } from '../../../gluster/testing/glusterd.js';
import { parsePoolXml } from '../../../hosts/libvirt/pool.js';
import {
  cleanupTestDomains,
  removeScratchDir,
  scratchDir,
  testDomainName,
  virsh,
} from '../../../hosts/libvirt/testing/libvirtd.js';
import { runCommand } from '../../../hosts/libvirt/virsh.js';
import { Monitor } from '../../../monitoring/index.js';
import type { Db } from '../../../store/index.js';
import { openTestStore } from '../../../store/testing/index.js';
import { createCaller } from '../../../trpc/router.js';
import type { EngineServices } from '../../deps.js';
import { endedJobs, libvirtEngine, libvirtSite, type LibvirtSite } from '../../testing/libvirt.js';
import { superUser } from '../../../identity/principal.js';

const VOLUME_PREFIX = 'corral-test-sd-';

function gluster(...args: string[]): string {
  return execFileSync('gluster', ['--mode=script', ...args], {
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
}

/** Stops and deletes a volume; one gone already is fine. */
function removeVolume(name: string): void {
  try {
    gluster('volume', 'stop', name, 'force');
  } catch {
    // Not started (or gone): delete anyway.
  }
  try {
    gluster('volume', 'delete', name);
  } catch (err) {
    if (!/does not exist/.test(String(err))) throw err;
  }
}

/**
 * This suite's volumes an earlier run left behind: those whose brick directories are
 * gone (a concurrent run's volume still has its bricks, and is left alone).
 */
function removeStaleVolumes(): void {
  const names = gluster('volume', 'list')
    .split('\n')
    .map((l) => l.trim())
    .filter((n) => n.startsWith(VOLUME_PREFIX));
  for (const name of names) {
    const info = (() => {
      try {
        return gluster('volume', 'info', name);
      } catch {
        return '';
      }
    })();
    const dirs = [...info.matchAll(/^Brick\d+: [^:]+:(.+)$/gm)].map((m) => m[1]!.trim());
    if (dirs.length > 0 && dirs.every((d) => !existsSync(d))) removeVolume(name);
  }
}

/** Mount points (decoded) and their file system types, from /proc/mounts. */
function mounts(): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const [, where, type] = line.split(' ');
    if (where && type) out.set(where.replace(/\\040/g, ' '), type);
  }
  return out;
}

async function poolXml(id: string) {
  return parsePoolXml(await virsh('pool-dumpxml', `corral-${id}`));
}

async function poolNames(): Promise<string[]> {
  return (await virsh('pool-list', '--all', '--name'))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

async function qemuImgInfo(file: string): Promise<{ format: string; 'virtual-size': number }> {
  return JSON.parse(await runCommand('qemu-img', ['info', '-U', '--output=json', file])) as {
    format: string;
    'virtual-size': number;
  };
}

describe('storage domains on this machine’s libvirtd and glusterd', () => {
  let db: Db;
  let engine: EngineServices;
  let api: ReturnType<typeof createCaller>;
  let scratch: string;
  let mountRoot: string;
  let bricks: string;
  let volume: string;
  const domainIds: string[] = [];
  const vmIds: string[] = [];
  let shared: LibvirtSite;
  let local: LibvirtSite;

  const settled = (jobIds: readonly string[]) => endedJobs(api, jobIds, { intervalMs: 200 });

  async function finished(jobIds: readonly string[]) {
    const jobs = await settled(jobIds);
    expect(jobs.map((j) => [j.status, j.error])).toEqual(jobIds.map(() => ['Finished', null]));
  }

  const domain = async (id: string) =>
    (
      await db.query<{
        status: string;
        is_master: boolean;
        target: string | null;
        total_gb: number;
      }>(`SELECT status, is_master, target, total_gb FROM storage_domain WHERE id = $1`, [id])
    )[0];

  /** A VM with one 1 GiB thin disk on the domain: its id, and the disk's id and image. */
  async function vmOn(clusterId: string, storageDomainId: string, label: string) {
    const created = await api.vm.create({
      clusterId,
      name: testDomainName(label),
      memoryMb: 128,
      vcpus: 1,
      os: 'other_linux',
      display: 'VNC',
      disks: [{ sizeGb: 1, storageDomainId, interface: 'VirtIO', format: 'COW' }],
    });
    vmIds.push(created.id);
    await finished(created.jobIds);
    const [disk] = await db.query<{ id: string; path: string }>(
      `SELECT d.id, v.path FROM vm_disk vd JOIN disk d ON d.id = vd.disk_id
         JOIN disk_volume v ON v.disk_id = d.id WHERE vd.vm_id = $1`,
      [created.id],
    );
    return { vmId: created.id, diskId: disk!.id, image: disk!.path };
  }

  async function runAndStop(vmId: string) {
    await finished((await api.vm.run({ ids: [vmId] })).jobIds);
    expect((await virsh('domstate', vmId)).trim()).toBe('running');
    // Monitoring's part: the host says Up.
    await db.query(`UPDATE vm SET status = 'Up' WHERE id = $1`, [vmId]);
    await finished((await api.vm.powerOff({ ids: [vmId] })).jobIds);
    expect((await virsh('domstate', vmId)).trim()).toBe('shut off');
  }

  beforeAll(async () => {
    try {
      gluster('volume', 'list');
    } catch (err) {
      throw new Error(
        `These tests need glusterd answering here (the host suite's globalSetup starts it with scripts/gluster.sh): ${String(err)}`,
        { cause: err },
      );
    }
    removeStaleVolumes();
    scratch = scratchDir();
    mountRoot = path.join(scratch, 'mnt');
    bricks = brickScratch();
    volume = `${VOLUME_PREFIX}${path.basename(bricks)}`;
    gluster('volume', 'create', volume, `${os.hostname()}:${bricks}/b1`, 'force');
    gluster('volume', 'start', volume);

    db = await openTestStore('pglite');
    engine = libvirtEngine(path.join(scratch, 'images'), { mountRoot });
    api = createCaller({ db, user: superUser(), engine });

    // This machine twice: as the host of a Shared data center and of a Local one.
    shared = await libvirtSite(api, 'SharedDC', { storageType: 'Shared', address: '127.0.0.1' });
    local = await libvirtSite(api, 'LocalDC', { storageType: 'Local', address: 'localhost' });
  }, 180_000);

  afterAll(async () => {
    await cleanupTestDomains(vmIds);
    for (const id of domainIds) {
      await virsh('pool-destroy', `corral-${id}`).catch(() => undefined);
      await virsh('pool-undefine', `corral-${id}`).catch(() => undefined);
    }
    // Whatever is still mounted under the scratch mount root (a test that failed half-way).
    for (const where of mounts().keys())
      if (mountRoot && where.startsWith(`${mountRoot}/`))
        execFileSync('umount', ['-l', where], { stdio: 'ignore' });
    await engine?.hosts.close();
    await db?.close();
    if (volume) removeVolume(volume);
    if (bricks) removeBrickScratch(bricks);
    if (scratch) removeScratchDir(scratch);
  }, 180_000);

  it('makes a Local domain a dir pool whose disks are qcow2 volumes a VM runs from', async () => {
    const dir = path.join(scratch, 'local-images');
    const created = await api.storage.create({
      name: 'sd-local',
      storageType: 'Local',
      path: dir,
      hostId: local.host,
    });
    domainIds.push(created.id);
    await finished(created.jobIds);
    expect(await domain(created.id)).toMatchObject({
      status: 'Active',
      is_master: true,
      target: dir,
    });
    const pool = await poolXml(created.id);
    expect(pool).toMatchObject({ id: created.id, type: 'dir', target: dir });
    expect((await domain(created.id))!.total_gb).toBeCloseTo(pool.capacityBytes / 1024 ** 3, 1);
    expect((await api.guide.dataCenter({ id: local.dc })).next).toBe('iso');

    const { vmId, diskId, image } = await vmOn(local.cluster, created.id, 'sd-local');
    expect(image).toBe(path.join(dir, `${diskId}.qcow2`));
    expect(await virsh('vol-list', `corral-${created.id}`)).toContain(`${diskId}.qcow2`);
    expect(await qemuImgInfo(image)).toMatchObject({ format: 'qcow2', 'virtual-size': 1024 ** 3 });
    await runAndStop(vmId);

    // Maintenance lets go of the pool; activation brings it back.
    await finished((await api.storage.maintenance({ id: created.id })).jobIds);
    expect(await poolNames()).not.toContain(`corral-${created.id}`);
    expect(await domain(created.id)).toMatchObject({ status: 'Maintenance' });
    await finished((await api.storage.activate({ id: created.id })).jobIds);
    expect(await poolNames()).toContain(`corral-${created.id}`);
    expect(existsSync(image)).toBe(true);

    // The pool stopped behind Corral's back (a libvirtd restart): monitoring connects it
    // again — beside a stray Corral pool whose directory vanished, which it skips.
    const stray = randomUUID();
    const strayDir = path.join(scratch, 'stray');
    mkdirSync(strayDir);
    await virsh('pool-create-as', `corral-${stray}`, 'dir', '--target', strayDir);
    domainIds.push(stray);
    rmSync(strayDir, { recursive: true });
    await virsh('pool-destroy', `corral-${created.id}`);
    const monitor = new Monitor({ db, feed: engine.feed, hosts: engine.hosts });
    await monitor.start({ schedule: false });
    try {
      const report = await monitor.pollStorage();
      expect(report.connected).toEqual([`${local.host}:${created.id}`]);
      expect(report.failed.size).toBe(0);
    } finally {
      await monitor.stop();
    }
    expect(await poolNames()).toContain(`corral-${created.id}`);
    expect(await poolNames()).not.toContain(`corral-${stray}`);
  });

  it('mounts a GlusterFS domain with the FUSE client; its disks live on the volume’s brick', async () => {
    const created = await api.storage.create({
      name: 'sd-gluster',
      storageType: 'GlusterFS',
      path: `localhost:/${volume}`,
      hostId: shared.host,
      dataCenterId: shared.dc,
    });
    domainIds.push(created.id);
    await finished(created.jobIds);
    const target = path.join(mountRoot, created.id);
    expect(await domain(created.id)).toMatchObject({ status: 'Active', is_master: true, target });
    const xml = await virsh('pool-dumpxml', `corral-${created.id}`);
    expect(parsePoolXml(xml)).toMatchObject({ type: 'netfs', target });
    expect(xml).toContain(`<dir path='/${volume}'/>`);
    expect(xml).toContain(`<format type='glusterfs'/>`);
    expect(mounts().get(target)).toBe('fuse.glusterfs');

    const { vmId, diskId, image } = await vmOn(shared.cluster, created.id, 'sd-gluster');
    expect(image).toBe(path.join(target, `${diskId}.qcow2`));
    expect(await virsh('vol-list', `corral-${created.id}`)).toContain(`${diskId}.qcow2`);
    expect(await qemuImgInfo(image)).toMatchObject({ format: 'qcow2', 'virtual-size': 1024 ** 3 });
    // Written through the mount, stored on the brick.
    expect(existsSync(path.join(bricks, 'b1', `${diskId}.qcow2`))).toBe(true);
    await runAndStop(vmId);

    // Monitoring reads the pool's space into the row (changed rows only).
    await db.query(`UPDATE storage_domain SET total_gb = 0 WHERE id = $1`, [created.id]);
    const monitor = new Monitor({ db, feed: engine.feed, hosts: engine.hosts });
    await monitor.start({ schedule: false });
    try {
      const report = await monitor.pollStorage();
      expect(report.updated).toContain(created.id);
      const info = await virsh('pool-info', '--bytes', `corral-${created.id}`);
      const capacity = Number(/Capacity:\s+(\d+)/.exec(info)?.[1]);
      expect((await domain(created.id))!.total_gb).toBeCloseTo(capacity / 1024 ** 3, 0);
      // Again: written only if the file system's use moved since (a VM just ran on it).
      const [before] = await db.query(
        `SELECT total_gb, used_gb FROM storage_domain WHERE id = $1`,
        [created.id],
      );
      const again = await monitor.pollStorage();
      const [after] = await db.query(`SELECT total_gb, used_gb FROM storage_domain WHERE id = $1`, [
        created.id,
      ]);
      expect(again.updated.includes(created.id)).toBe(
        JSON.stringify(before) !== JSON.stringify(after),
      );
    } finally {
      await monitor.stop();
    }

    // A VM using it keeps it Active; once the VM is gone, maintenance unmounts it.
    await db.query(`UPDATE vm SET status = 'Up' WHERE id = $1`, [vmId]);
    await expect(api.storage.maintenance({ id: created.id })).rejects.toThrow(
      /holds disks of VMs that are not Down/,
    );
    expect(mounts().get(target)).toBe('fuse.glusterfs');
    await db.query(`UPDATE vm SET status = 'Down' WHERE id = $1`, [vmId]);
    await finished((await api.vm.remove({ ids: [vmId], keepDisks: false })).jobIds);
    await finished((await api.storage.maintenance({ id: created.id })).jobIds);
    expect(mounts().has(target)).toBe(false);
    expect(await poolNames()).not.toContain(`corral-${created.id}`);

    // Removing with format: the image the removed VM left on the volume goes.
    expect(existsSync(path.join(bricks, 'b1', `${diskId}.qcow2`))).toBe(true);
    await finished((await api.storage.remove({ id: created.id, format: true })).jobIds);
    expect(await domain(created.id)).toBeUndefined();
    expect(existsSync(path.join(bricks, 'b1', `${diskId}.qcow2`))).toBe(false);
    expect(mounts().has(target)).toBe(false);
    expect(existsSync(target)).toBe(false);
    expect(
      (
        await db.query<{ status: string }>(`SELECT status FROM data_center WHERE id = $1`, [
          shared.dc,
        ])
      )[0]?.status,
    ).toBe('Uninitialized');
  });

  it('fails a domain on a volume gluster does not have, leaving nothing behind', async () => {
    const created = await api.storage.create({
      name: 'sd-missing',
      storageType: 'GlusterFS',
      path: `localhost:/${VOLUME_PREFIX}missing`,
      hostId: shared.host,
      dataCenterId: shared.dc,
    });
    domainIds.push(created.id);
    const [job] = await settled(created.jobIds);
    expect(job?.status).toBe('Failed');
    expect(job?.error).toMatch(/Mounting glusterfs on .* failed/);
    expect(await domain(created.id)).toBeUndefined();
    expect(await poolNames()).not.toContain(`corral-${created.id}`);
    expect(existsSync(path.join(mountRoot, created.id))).toBe(false);
  });
});
