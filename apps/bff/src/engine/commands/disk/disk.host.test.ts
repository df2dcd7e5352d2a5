// The disk commands on this machine's real libvirtd, through the API the portal uses, in
// a Local data center with two Local domains (dir pools in a scratch directory): a new
// disk is a real image of the format and allocation asked; Extend grows a running VM's
// disk online (virsh blockresize) and a stopped one's with qemu-img; Move copies the
// image into the other pool and removes the old one; Remove deletes the image. What
// `qemu-img info` and `virsh vol-list` say is the proof.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
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
import type { Db } from '../../../store/index.js';
import { openTestStore } from '../../../store/testing/index.js';
import { createCaller } from '../../../trpc/router.js';
import { createApp } from '../../../app.js';
import type { EngineServices } from '../../deps.js';
import {
  jobsFinished,
  libvirtEngine,
  libvirtSite,
  localDomain,
  patternTemplate,
} from '../../testing/libvirt.js';
import { loadPrincipal, superUser } from '../../../identity/principal.js';
import { signInAdmin } from '../../../identity/testing.js';

const GIB = 1024 ** 3;

interface ImgInfo {
  format: string;
  'virtual-size': number;
  'actual-size': number;
  'full-backing-filename'?: string;
}

async function qemuImgInfo(file: string): Promise<ImgInfo> {
  return JSON.parse(await runCommand('qemu-img', ['info', '-U', '--output=json', file])) as ImgInfo;
}

describe('disk commands on this machine’s libvirtd', () => {
  let db: Db;
  let engine: EngineServices;
  let api: ReturnType<typeof createCaller>;
  let scratch: string;
  const vmIds: string[] = [];
  const domainIds: string[] = [];
  let w: {
    dc: string;
    cluster: string;
    host: string;
    a: string;
    b: string;
    dirA: string;
    dirB: string;
  };

  const finished = (jobIds: readonly string[]) => jobsFinished(api, jobIds);

  const imageOf = async (diskId: string) =>
    (
      await db.query<{ path: string }>(`SELECT path FROM disk_volume WHERE disk_id = $1`, [diskId])
    )[0]!.path;

  beforeAll(async () => {
    scratch = scratchDir();
    db = await openTestStore('pglite');
    engine = libvirtEngine(path.join(scratch, 'images'));
    api = createCaller({ db, user: superUser(), engine });
    const site = await libvirtSite(api, 'DiskDC');
    const a = await localDomain(api, site, scratch, 'disk-a', domainIds);
    const b = await localDomain(api, site, scratch, 'disk-b', domainIds);
    w = { ...site, a: a.id, b: b.id, dirA: a.dir, dirB: b.dir };
  }, 180_000);

  afterAll(async () => {
    await cleanupTestDomains(vmIds);
    for (const id of domainIds) await virsh('pool-destroy', `corral-${id}`).catch(() => undefined);
    await engine?.hosts.close();
    await db?.close();
    if (scratch) removeScratchDir(scratch);
  }, 120_000);

  it('creates a preallocated raw floating disk in the pool, and removes it', async () => {
    const r = await api.disk.create({
      alias: 'raw-scratch',
      sizeGb: 1,
      storageDomainId: w.a,
      format: 'RAW',
      sparse: false,
    });
    await finished(r.jobIds);
    const image = await imageOf(r.id);
    expect(image).toBe(path.join(w.dirA, `${r.id}.raw`));
    const info = await qemuImgInfo(image);
    expect(info).toMatchObject({ format: 'raw', 'virtual-size': GIB });
    expect(info['actual-size']).toBeGreaterThanOrEqual(GIB * 0.99);
    expect(await virsh('vol-list', `corral-${w.a}`)).toContain(`${r.id}.raw`);

    await finished((await api.disk.remove({ id: r.id })).jobIds);
    expect(existsSync(image)).toBe(false);
    expect(await db.query(`SELECT id FROM disk WHERE id = $1`, [r.id])).toEqual([]);
  });

  it('streams an uploaded qcow2 image into the pool, where qemu-img reads it as qcow2', async () => {
    const src = path.join(scratch, 'upload-src.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', src, '2G']);
    execFileSync('qemu-io', ['-c', 'write -P 0x5a 0 1M', src], { stdio: 'ignore' });
    const body = readFileSync(src);
    const server = createApp({ db, engine }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const session = await signInAdmin(`http://127.0.0.1:${port}`, db);
      // Begun as the signed-in admin: only the session that began an upload may send it.
      const admin = await loadPrincipal(db, session.userId);
      if (!admin) throw new Error('the signed-in admin has no principal');
      const r = await createCaller({ db, user: admin, engine }).disk.upload({
        alias: 'uploaded',
        storageDomainId: w.a,
        fileName: 'upload-src.qcow2',
        sizeBytes: body.length,
      });
      const res = await fetch(`http://127.0.0.1:${port}${r.uploadUrl}`, {
        method: 'PUT',
        body,
        headers: session.headers(),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ format: 'qcow2', sizeGb: 2 });
      await finished(r.jobIds);
      const image = path.join(w.dirA, `${r.id}.qcow2`);
      expect(await imageOf(r.id)).toBe(image);
      expect(await qemuImgInfo(image)).toMatchObject({ format: 'qcow2', 'virtual-size': 2 * GIB });
      // The data came through: the pattern written before the upload reads back.
      execFileSync('qemu-io', ['-r', '-c', 'read -P 0x5a 0 1M', image], { stdio: 'ignore' });
      expect(await virsh('vol-list', `corral-${w.a}`)).toContain(`${r.id}.qcow2`);
      expect(existsSync(path.join(w.dirA, `${r.id}.upload`))).toBe(false);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('makes thin VMs as qcow2 layers on the template’s image, cloned VMs as copies', async () => {
    const tpl = await patternTemplate(api, db, { cluster: w.cluster, storageDomainId: w.a }, vmIds);

    const make = async (label: string, storageAllocation: 'Thin' | 'Clone') => {
      const vm = await api.vm.create({
        clusterId: w.cluster,
        name: testDomainName(label),
        templateId: tpl.templateId,
        storageAllocation,
      });
      vmIds.push(vm.id);
      await finished(vm.jobIds);
      const [d] = await db.query<{ disk_id: string }>(
        `SELECT disk_id FROM vm_disk WHERE vm_id = $1`,
        [vm.id],
      );
      return { id: vm.id, image: await imageOf(d!.disk_id) };
    };
    const thin = await make('thin', 'Thin');
    const thinInfo = await qemuImgInfo(thin.image);
    expect(thinInfo).toMatchObject({ format: 'qcow2', 'full-backing-filename': tpl.image });
    expect(path.dirname(thin.image)).toBe(w.dirA);
    // The template's data reads through the layer.
    execFileSync('qemu-io', ['-r', '-c', 'read -P 0x7e 0 1M', thin.image], { stdio: 'ignore' });
    await finished((await api.vm.run({ ids: [thin.id] })).jobIds);
    expect((await virsh('domstate', thin.id)).trim()).toBe('running');
    await db.query(`UPDATE vm SET status = 'Up' WHERE id = $1`, [thin.id]);
    await finished((await api.vm.powerOff({ ids: [thin.id] })).jobIds);

    const clone = await make('clone', 'Clone');
    expect((await qemuImgInfo(clone.image))['full-backing-filename']).toBeUndefined();
    execFileSync('qemu-io', ['-r', '-c', 'read -P 0x7e 0 1M', clone.image], { stdio: 'ignore' });

    // The template's image stays while thin VMs sit on it.
    await expect(api.disk.move({ id: tpl.diskId, storageDomainId: w.b })).rejects.toThrow(
      'The disk is the base image of 1 thin VM disk; it stays where they can read it.',
    );
  }, 180_000);

  it('lists the ISO domain’s files from its pool and runs a VM once with one as its CD', async () => {
    // A third dir pool standing in for the ISO domain: a Local data center takes only
    // Data domains, so the row is turned into an ISO domain here; the listing is the
    // real one (pool-refresh, vol-list).
    const { id: isoId, dir } = await localDomain(api, w, scratch, 'disk-iso', domainIds);
    await db.query(`UPDATE storage_domain SET domain_type = 'ISO' WHERE id = $1`, [isoId]);
    const iso = Buffer.alloc(64 * 1024);
    iso.write('CD001', 0x8001, 'latin1');
    writeFileSync(path.join(dir, 'boot.iso'), iso);
    writeFileSync(path.join(dir, 'notes.txt'), 'not an ISO');
    const library = await api.disk.isoFiles({ dataCenterId: w.dc });
    expect(library).toEqual({
      domain: { id: isoId, name: 'disk-iso', status: 'Active' },
      files: [{ name: 'boot.iso', path: path.join(dir, 'boot.iso') }],
    });

    const vm = await api.vm.create({
      clusterId: w.cluster,
      name: testDomainName('iso'),
      memoryMb: 128,
      vcpus: 1,
      os: 'other_linux',
      display: 'VNC',
      disks: [],
    });
    vmIds.push(vm.id);
    await finished(vm.jobIds);
    const once = await api.vm.runOnce({ id: vm.id, cdrom: library.files[0]!.path });
    await finished(once.jobIds);
    expect(await virsh('domblklist', vm.id)).toContain(path.join(dir, 'boot.iso'));
    await db.query(`UPDATE vm SET status = 'Up' WHERE id = $1`, [vm.id]);
    await finished((await api.vm.powerOff({ ids: [vm.id] })).jobIds);
  }, 180_000);

  it('extends a running VM’s disk online and a stopped one offline, then moves it to the other domain', async () => {
    const vm = await api.vm.create({
      clusterId: w.cluster,
      name: testDomainName('disk'),
      memoryMb: 128,
      vcpus: 1,
      os: 'other_linux',
      display: 'VNC',
      disks: [{ sizeGb: 1, storageDomainId: w.a, interface: 'VirtIO', format: 'COW' }],
    });
    vmIds.push(vm.id);
    await finished(vm.jobIds);
    const [{ disk_id: diskId } = { disk_id: '' }] = await db.query<{ disk_id: string }>(
      `SELECT disk_id FROM vm_disk WHERE vm_id = $1`,
      [vm.id],
    );
    const image = await imageOf(diskId);

    await finished((await api.vm.run({ ids: [vm.id] })).jobIds);
    expect((await virsh('domstate', vm.id)).trim()).toBe('running');
    await db.query(`UPDATE vm SET status = 'Up' WHERE id = $1`, [vm.id]); // monitoring's part
    const online = await api.disk.extend({ id: diskId, extendByGb: 1 });
    await finished(online.jobIds);
    expect((await qemuImgInfo(image))['virtual-size']).toBe(2 * GIB);
    expect(await virsh('domblkinfo', vm.id, 'vda')).toMatch(/Capacity:\s+2147483648/);

    // A running VM's disk does not move.
    await expect(api.disk.move({ id: diskId, storageDomainId: w.b })).rejects.toThrow(
      /Corral moves a disk only while its VMs are Down/,
    );
    expect(existsSync(image)).toBe(true);

    await finished((await api.vm.powerOff({ ids: [vm.id] })).jobIds);
    await finished((await api.disk.extend({ id: diskId, extendByGb: 1 })).jobIds);
    expect((await qemuImgInfo(image))['virtual-size']).toBe(3 * GIB);

    const moved = await api.disk.move({ id: diskId, storageDomainId: w.b });
    await finished(moved.jobIds);
    const target = path.join(w.dirB, `${diskId}.qcow2`);
    expect(await imageOf(diskId)).toBe(target);
    expect(await qemuImgInfo(target)).toMatchObject({ format: 'qcow2', 'virtual-size': 3 * GIB });
    expect(existsSync(image)).toBe(false);
    expect(await virsh('vol-list', `corral-${w.b}`)).toContain(`${diskId}.qcow2`);
    const [job] = await db.query<{ progress: number }>(`SELECT progress FROM job WHERE id = $1`, [
      moved.jobIds[0],
    ]);
    expect(job?.progress).toBe(100);

    // The VM runs from the moved image.
    await finished((await api.vm.run({ ids: [vm.id] })).jobIds);
    expect(await virsh('domblklist', vm.id)).toContain(target);
    await db.query(`UPDATE vm SET status = 'Up' WHERE id = $1`, [vm.id]);
    await finished((await api.vm.powerOff({ ids: [vm.id] })).jobIds);
  }, 180_000);
});
