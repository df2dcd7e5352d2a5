// Snapshots as real qcow2 chains, checked with qemu-img: the chain grows with each
// snapshot, revert and delete shrink it, and the data in the disk is what it should be
// (written and read back with qemu-io, byte patterns per snapshot).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainSpec, HostConnection } from '../driver.js';
import { parseDomainXml } from './domain.js';
import {
  connectLocal,
  domainEvent,
  qemuImgChain,
  smallVm,
  testVmIds,
  type RecordingConnection,
} from './testing/host-fixture.js';
import { cleanupTestDomains, removeScratchDir, scratchDir, virsh } from './testing/libvirtd.js';
import { runCommand } from './virsh.js';

/** The image vda runs on now, as libvirt has it (the live definition when running). */
async function top(id: string): Promise<string> {
  const disk = parseDomainXml(await virsh('dumpxml', id)).disks.find((d) => d.target === 'vda');
  if (!disk?.source) throw new Error('vda has no source');
  return disk.source.path;
}

async function snapshotNames(id: string): Promise<string[]> {
  return (await virsh('snapshot-list', id, '--name'))
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .sort();
}

/** Writes a byte pattern at offset 0 of a shut-off VM's disk (through the whole chain). */
function fill(file: string, pattern: number): Promise<string> {
  return runCommand('qemu-io', ['-f', 'qcow2', '-c', `write -P ${pattern} 0 64k`, file]);
}

async function holds(file: string, pattern: number): Promise<boolean> {
  const out = await runCommand('qemu-io', [
    '-r',
    '-U',
    '-f',
    'qcow2',
    '-c',
    `read -P ${pattern} 0 64k`,
    file,
  ]);
  return !/Pattern verification failed/.test(out);
}

async function fileExists(file: string): Promise<boolean> {
  return runCommand('test', ['-e', file]).then(
    () => true,
    () => false,
  );
}

describe('libvirt driver: snapshots as qcow2 chains', () => {
  let rec: RecordingConnection;
  let conn: HostConnection;
  let dir: string;

  beforeAll(async () => {
    dir = scratchDir();
    rec = await connectLocal();
    conn = rec.conn;
  });

  afterAll(async () => {
    await conn?.close();
    await cleanupTestDomains(testVmIds);
    if (dir) removeScratchDir(dir);
  });

  describe('of a VM that is down', () => {
    let vm: DomainSpec;
    const base = (): string => vm.disks[0]!.path;

    it('grows the chain with each snapshot', async () => {
      vm = smallVm(dir, 'snapoff');
      await conn.define(vm);
      await fill(base(), 0x11);
      expect(await qemuImgChain(await top(vm.id))).toEqual([base()]);

      await conn.createSnapshot(vm.id, { id: 's1', description: 'first' });
      const s1 = await top(vm.id);
      expect(await qemuImgChain(s1)).toEqual([s1, base()]);
      await fill(s1, 0x22);

      await conn.createSnapshot(vm.id, { id: 's2', description: 'second' });
      const s2 = await top(vm.id);
      expect(await qemuImgChain(s2)).toEqual([s2, s1, base()]);
      await fill(s2, 0x33);
      expect(await snapshotNames(vm.id)).toEqual(['s1', 's2']);
      const s1xml = await virsh('snapshot-dumpxml', vm.id, 's1');
      expect(s1xml).toMatch(
        new RegExp(
          `<disk name='vda' snapshot='external'[^>]*>\\s*<driver type='qcow2'/>\\s*<source file='${s1}'/>`,
        ),
      );
      expect(s1xml).toContain('<description>first</description>');
    });

    it('reverts to the older snapshot: later layers and snapshots are gone, its data is back', async () => {
      const [s2, s1] = await qemuImgChain(await top(vm.id));
      await conn.revertSnapshot(vm.id, 's1');
      const now = await top(vm.id);
      expect(now).toBe(s1);
      expect(await qemuImgChain(now)).toEqual([s1, base()]);
      expect(await fileExists(s2!)).toBe(false);
      expect(await snapshotNames(vm.id)).toEqual(['s1']);
      // s1's state is what the disk held when s1 was taken.
      expect(await holds(now, 0x11)).toBe(true);
      expect((await virsh('snapshot-current', '--name', vm.id)).trim()).toBe('s1');
    });

    it('deletes a snapshot by merging its layer: chain shrinks, current data kept', async () => {
      const s1 = await top(vm.id);
      await fill(s1, 0x44);
      await conn.deleteSnapshot(vm.id, 's1');
      const now = await top(vm.id);
      expect(now).toBe(base());
      expect(await qemuImgChain(now)).toEqual([base()]);
      expect(await fileExists(s1)).toBe(false);
      expect(await snapshotNames(vm.id)).toEqual([]);
      expect(await holds(now, 0x44)).toBe(true);
    });

    it('merges a middle layer into its base and rebases the one above', async () => {
      await conn.createSnapshot(vm.id, { id: 'm1', description: '' });
      const m1 = await top(vm.id);
      await fill(m1, 0x55);
      await conn.createSnapshot(vm.id, { id: 'm2', description: '' });
      const m2 = await top(vm.id);
      await conn.deleteSnapshot(vm.id, 'm1');
      expect(await top(vm.id)).toBe(m2);
      expect(await qemuImgChain(m2)).toEqual([m2, base()]);
      expect(await holds(m2, 0x55)).toBe(true);
      expect(await snapshotNames(vm.id)).toEqual(['m2']);
      // The VM still boots on the rebased chain.
      const since = rec.events.length;
      await conn.start(vm.id);
      await rec.waitFor(domainEvent(vm.id, 'Up'), since);
      await conn.powerOff(vm.id);
      await rec.waitFor(domainEvent(vm.id, 'Down'), since);
    });
  });

  describe('of a running VM', () => {
    let vm: DomainSpec;

    it('grows the chain live', async () => {
      vm = smallVm(dir, 'snapon');
      await conn.define(vm);
      const since = rec.events.length;
      await conn.start(vm.id);
      await rec.waitFor(domainEvent(vm.id, 'Up'), since);
      const base = vm.disks[0]!.path;
      await conn.createSnapshot(vm.id, { id: 'r1', description: 'live one' });
      const r1 = await top(vm.id);
      expect(await qemuImgChain(r1)).toEqual([r1, base]);
      await conn.createSnapshot(vm.id, { id: 'r2', description: 'live two' });
      const r2 = await top(vm.id);
      expect(await qemuImgChain(r2)).toEqual([r2, r1, base]);
      expect((await virsh('domstate', vm.id)).trim()).toBe('running');
    });

    it('refuses to revert while running, and to take memory snapshots', async () => {
      await expect(conn.revertSnapshot(vm.id, 'r1')).rejects.toThrow(
        /while it is Up.*power it off/,
      );
      await expect(
        conn.createSnapshot(vm.id, { id: 'mem', description: '', memory: true }),
      ).rejects.toThrow(/memory/);
      expect(await snapshotNames(vm.id)).toEqual(['r1', 'r2']);
    });

    it('deletes live (blockcommit): the chain shrinks and the VM keeps running', async () => {
      const [r2, r1, base] = await qemuImgChain(await top(vm.id));
      await conn.deleteSnapshot(vm.id, 'r2');
      expect(await top(vm.id)).toBe(r1);
      expect(await qemuImgChain(r1!)).toEqual([r1, base]);
      expect(await fileExists(r2!)).toBe(false);
      await conn.deleteSnapshot(vm.id, 'r1');
      expect(await top(vm.id)).toBe(base);
      expect(await qemuImgChain(base!)).toEqual([base]);
      expect(await snapshotNames(vm.id)).toEqual([]);
      expect((await virsh('domstate', vm.id)).trim()).toBe('running');
      // The persistent definition follows too: the next boot uses the merged image.
      const inactive = parseDomainXml(await virsh('dumpxml', '--inactive', vm.id));
      expect(inactive.disks.find((d) => d.target === 'vda')?.source?.path).toBe(base);
    });

    it('keeps overlays when redefined after a snapshot', async () => {
      await conn.createSnapshot(vm.id, { id: 'k1', description: '' });
      const k1 = await top(vm.id);
      await conn.powerOff(vm.id);
      await conn.define({ ...vm, memoryMb: 128 });
      const inactive = parseDomainXml(await virsh('dumpxml', '--inactive', vm.id));
      expect(inactive.disks.find((d) => d.target === 'vda')?.source?.path).toBe(k1);
      expect(await virsh('dumpxml', '--inactive', vm.id)).toMatch(
        /<memory unit='KiB'>131072<\/memory>/,
      );
    });

    it('undefines with its snapshot metadata', async () => {
      await conn.undefine(vm.id);
      expect(await virsh('list', '--all', '--uuid')).not.toContain(vm.id);
    });
  });
});
