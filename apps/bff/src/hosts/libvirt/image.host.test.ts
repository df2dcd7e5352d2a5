// Disk copies for templates and clones: a standalone image holding what the source's
// whole chain reads, checked with qemu-img and qemu-io.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostConnection } from '../driver.js';
import { connectLocal, qemuImgChain } from './testing/host-fixture.js';
import { removeScratchDir, scratchDir } from './testing/libvirtd.js';
import { runCommand } from './virsh.js';

describe('libvirt driver: copying disk images', () => {
  let conn: HostConnection;
  let dir: string;

  beforeAll(async () => {
    dir = scratchDir();
    conn = (await connectLocal()).conn;
  });
  afterAll(async () => {
    await conn?.close();
    if (dir) removeScratchDir(dir);
  });

  it('flattens a snapshot chain into a standalone copy with the same data', async () => {
    const base = path.join(dir, 'base.qcow2');
    const top = path.join(dir, 'top.qcow2');
    const copy = path.join(dir, 'copies', 'clone.qcow2');
    await runCommand('qemu-img', ['create', '-q', '-f', 'qcow2', base, '1G']);
    await runCommand('qemu-io', ['-f', 'qcow2', '-c', 'write -P 7 0 64k', base]);
    await runCommand('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', base, '-F', 'qcow2', top]);
    await runCommand('qemu-io', ['-f', 'qcow2', '-c', 'write -P 9 64k 64k', top]);

    await conn.copyImage!(top, copy, 'qcow2');

    // One image, no backing file: the copy stands alone.
    expect(await qemuImgChain(copy)).toEqual([copy]);
    expect(await runCommand('qemu-img', ['info', copy])).toMatch(/file format: qcow2/);
    for (const [pattern, offset] of [
      [7, '0'],
      [9, '64k'],
    ] as const) {
      const out = await runCommand('qemu-io', [
        '-r',
        '-f',
        'qcow2',
        '-c',
        `read -P ${pattern} ${offset} 64k`,
        copy,
      ]);
      expect(out).not.toMatch(/Pattern verification failed/);
    }
  });
});
