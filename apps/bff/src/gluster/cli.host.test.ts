// The CLI driver against this machine's real glusterd: every GlusterHost call once, what
// gluster then says (read back with the CLI itself), and gluster's refusals arriving as
// GlusterError with its words. Volumes are `corral-test-gl-*`, bricks in a scratch dir
// on the root filesystem (hence `force`).
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { virtStoreRefusal } from '@corral/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliGlusterDriver } from './cli.js';
import { VIRT_GROUP } from './sim.js';
import {
  brickScratch,
  cleanupTestVolumes,
  glusterVolumes,
  removeBrickScratch,
  testVolumeName,
} from './testing/glusterd.js';
import { GlusterError, type GlusterHost } from './types.js';

const local = { id: 'local', name: 'this machine', address: '127.0.0.1', uri: 'qemu:///system' };
const info = (name: string) => glusterVolumes().find((v) => v.name === name);

async function glusterRefusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GlusterError);
  return (err as Error).message;
}

describe('the gluster CLI driver on this machine', () => {
  let conn: GlusterHost;
  let dir: string;
  const name = testVolumeName('cli');
  const brick = (b: string) => ({ server: os.hostname(), directory: path.join(dir, b) });

  beforeAll(async () => {
    dir = brickScratch();
    conn = await new CliGlusterDriver().connect(local);
  });
  afterAll(() => {
    cleanupTestVolumes();
    removeBrickScratch(dir);
  });

  it('names local bricks by hostname: gluster refuses loopback addresses', () => {
    expect(conn.serverName).toBe(os.hostname());
    expect(
      new CliGlusterDriver().serverName({
        ...local,
        uri: 'qemu+ssh://root@h7/system',
        address: 'h7',
      }),
    ).toBe('h7');
  });

  it('creates, starts and reads a replica 3 volume, then refuses to create it again', async () => {
    const bricks = ['a', 'b', 'c'].map(brick);
    // Without force gluster refuses three bricks of a set on one server.
    expect(
      await glusterRefusal(
        conn.createVolume({
          name,
          type: 'Replicate',
          replicaCount: 3,
          transport: 'TCP',
          bricks,
          force: false,
        }),
      ),
    ).toMatch(/^Multiple bricks of a replicate volume are present on the same server/);
    expect(info(name)).toBeUndefined();

    const created = await conn.createVolume({
      name,
      type: 'Replicate',
      replicaCount: 3,
      transport: 'TCP',
      bricks,
      force: true,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      await glusterRefusal(
        conn.createVolume({
          name,
          type: 'Distribute',
          transport: 'TCP',
          bricks: [brick('z')],
          force: true,
        }),
      ),
    ).toBe(`Volume ${name} already exists`);
    const [v] = await conn.volumeInfo(name);
    expect(v).toMatchObject({
      name,
      id: created.id,
      state: 'Created',
      type: 'Replicate',
      replicaCount: 3,
    });
    expect(v?.bricks.map((b) => `${b.server}:${b.directory}`)).toEqual(
      bricks.map((b) => `${b.server}:${b.directory}`),
    );

    expect(await glusterRefusal(conn.volumeStatus(name))).toBe(`Volume ${name} is not started`);
    await conn.startVolume(name);
    expect(await glusterRefusal(conn.startVolume(name))).toBe(`Volume ${name} already started`);
    const [s] = await conn.volumeStatus(name);
    expect(s?.bricks).toHaveLength(3);
    expect(s?.bricks.every((b) => b.online && b.totalBytes! > 0 && b.freeBytes! > 0)).toBe(true);
    // `status all` lists it among the others.
    expect((await conn.volumeStatus()).map((x) => x.name)).toContain(name);
  });

  it('applies the virt group and QEMU’s owner, as the machine’s group file and `id` say', async () => {
    await conn.setGroup(name, 'virt');
    const owner = await conn.qemuOwner();
    const id = (flag: string) =>
      Number(execFileSync('id', [flag, owner.user], { encoding: 'utf8' }).trim());
    expect(owner).toEqual({ user: 'libvirt-qemu', uid: id('-u'), gid: id('-g') });
    await conn.setOption(name, 'storage.owner-uid', String(owner.uid));
    await conn.setOption(name, 'storage.owner-gid', String(owner.gid));
    const options = info(name)!.options;
    expect(options).toMatchObject({
      ...VIRT_GROUP,
      'storage.owner-uid': String(owner.uid),
      'storage.owner-gid': String(owner.gid),
    });
  });

  it('refuses the virt group whole on Distribute and Disperse volumes, as the shared rule does', async () => {
    // The replica 3 volume above took it (and replica 2, Distributed-Replicate and
    // arbiter volumes do too, see testdata/README.md); these two do not.
    expect(virtStoreRefusal(info(name)!)).toBeUndefined();
    const plain = testVolumeName('virt-dist');
    const disp = testVolumeName('virt-disp');
    await conn.createVolume({
      name: plain,
      type: 'Distribute',
      transport: 'TCP',
      bricks: [brick('vd1'), brick('vd2')],
      force: true,
    });
    await conn.createVolume({
      name: disp,
      type: 'Disperse',
      disperseCount: 3,
      redundancyCount: 1,
      transport: 'TCP',
      bricks: [brick('vp1'), brick('vp2'), brick('vp3')],
      force: true,
    });
    for (const v of [plain, disp]) {
      const before = info(v)!.options;
      expect(await glusterRefusal(conn.setGroup(v, 'virt'))).toBe(
        'Cannot set cluster.shd-max-threads for a non-replicate volume.',
      );
      expect(info(v)!.options).toEqual(before);
      expect(virtStoreRefusal(info(v)!)).toBe(
        virtStoreRefusal({ type: v === plain ? 'Distribute' : 'Disperse' }),
      );
      await conn.deleteVolume(v);
    }
  });

  it('sets and resets an option; refuses an unknown one with gluster’s words', async () => {
    await conn.setOption(name, 'performance.cache-size', '64MB');
    expect(info(name)!.options['performance.cache-size']).toBe('64MB');
    await conn.resetOption(name, 'performance.cache-size');
    expect(info(name)!.options['performance.cache-size']).toBeUndefined();
    expect(await glusterRefusal(conn.setOption(name, 'no.such-option', '1'))).toMatch(
      /^option : no\.such-option does not exist/,
    );
  });

  it('adds a replica set, migrates it off again and commits; replaces a brick; heals', async () => {
    const set2 = ['d', 'e', 'f'].map(brick);
    expect(await glusterRefusal(conn.addBricks(name, set2.slice(0, 1), { force: true }))).toBe(
      'Incorrect number of bricks supplied 1 with count 3',
    );
    await conn.addBricks(name, set2, { force: true });
    expect(info(name)).toMatchObject({ type: 'Distributed-Replicate', brickCount: 6 });

    const started = await conn.removeBricksStart(name, set2);
    expect(started.taskId).toMatch(/^[0-9a-f-]{36}$/);
    const [withTask] = await conn.volumeStatus(name);
    expect(withTask?.tasks[0]).toMatchObject({ type: 'Remove brick', id: started.taskId });
    let m = await conn.removeBricksStatus(name, set2);
    for (let i = 0; m.status !== 'completed' && i < 120; i++) {
      await new Promise((r) => setTimeout(r, 500));
      m = await conn.removeBricksStatus(name, set2);
    }
    expect(m).toMatchObject({ taskId: started.taskId, status: 'completed', failures: 0 });
    await conn.removeBricksCommit(name, set2);
    expect(info(name)).toMatchObject({ type: 'Replicate', brickCount: 3 });

    await conn.replaceBrick(name, brick('c'), brick('c2'));
    expect(info(name)!.bricks.map((b) => b.directory)).toEqual(
      ['a', 'b', 'c2'].map((b) => path.join(dir, b)),
    );
    const heal = await conn.healInfo(name);
    expect(heal.map((b) => b.directory)).toEqual(['a', 'b', 'c2'].map((b) => path.join(dir, b)));
    expect(heal.every((b) => b.connected && b.status === 'Connected')).toBe(true);

    // Lower the replica count with force, raise it again.
    await conn.removeBricksForce(name, [brick('c2')], { replicaCount: 2 });
    expect(info(name)).toMatchObject({ replicaCount: 2, brickCount: 2 });
    await conn.addBricks(name, [brick('g')], { replicaCount: 3, force: true });
    expect(info(name)).toMatchObject({ replicaCount: 3, brickCount: 3 });
  });

  it('rebalances a distributed volume; refuses one that is not', async () => {
    expect(await glusterRefusal(conn.rebalanceStart(name))).toMatch(
      /is not a distribute volume or contains only 1 brick/,
    );
    const spread = testVolumeName('spread');
    await conn.createVolume({
      name: spread,
      type: 'Distribute',
      transport: 'TCP',
      bricks: [brick('s1'), brick('s2')],
      force: true,
    });
    await conn.startVolume(spread);
    const r = await conn.rebalanceStart(spread);
    let m = await conn.rebalanceStatus(spread);
    for (let i = 0; m.status !== 'completed' && i < 120; i++) {
      await new Promise((res) => setTimeout(res, 500));
      m = await conn.rebalanceStatus(spread);
    }
    expect(m).toMatchObject({ taskId: r.taskId, status: 'completed' });
  });

  it('stops and deletes, each only in its turn', async () => {
    expect(await glusterRefusal(conn.deleteVolume(name))).toBe(
      `Volume ${name} has been started.Volume needs to be stopped before deletion.`,
    );
    await conn.stopVolume(name);
    expect(await glusterRefusal(conn.stopVolume(name))).toBe(
      `Volume ${name} is not in the started state`,
    );
    await conn.deleteVolume(name);
    expect(info(name)).toBeUndefined();
  });

  it('knows the pool, the filesystems and refuses a peer that is not there', async () => {
    expect(await conn.peerStatus()).toEqual([]);
    await conn.peerProbe(os.hostname());
    expect(await glusterRefusal(conn.peerProbe('no-such-host.invalid'))).toMatch(
      /^Probe returned with/,
    );
    const df = execFileSync('df', ['-B1', '--output=target,size', '/'], { encoding: 'utf8' })
      .split('\n')[1]!
      .trim()
      .split(/\s+/);
    const root = (await conn.filesystems()).find((f) => f.mount === '/');
    expect(root?.totalBytes).toBe(Number(df[1]));
    // Free as gluster counts a brick's: statvfs' free blocks, the root reserve included.
    const [blocks, size] = execFileSync('stat', ['-f', '-c', '%f %S', '/'], { encoding: 'utf8' })
      .trim()
      .split(' ')
      .map(Number);
    expect(Math.abs(root!.freeBytes - blocks! * size!)).toBeLessThan(64 * 1024 ** 2);
  });

  it('fails to connect to a host whose glusterd it cannot reach, saying why', async () => {
    // 127.0.0.2 is no name for this machine to gluster's driver: it goes over ssh, which finds no server.
    const msg = await glusterRefusal(
      new CliGlusterDriver().connect({
        id: 'far',
        name: 'far',
        address: '127.0.0.2',
        uri: 'qemu+ssh://root@127.0.0.2/system',
      }),
    );
    expect(msg).toMatch(
      /^glusterd on far \(root@127\.0\.0\.2\) does not answer: cannot reach root@127\.0\.0\.2 over ssh: /,
    );
  });
});
