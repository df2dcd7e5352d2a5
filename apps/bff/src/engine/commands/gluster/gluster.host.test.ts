// The seed flow's Gluster part on this machine's real glusterd, through the API: a
// Replicate replica 3 volume of three bricks here (force: one server), optimised for virt
// and started; an option set and reset; a replica set added and removed again with its
// data migrated; heal info; stop; delete. Every step is checked in gluster itself
// (`gluster volume info --xml`), and the refusals — replica 3 with two bricks, a brick
// directory already in use — leave gluster and the store as they were.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GLUSTER_MESSAGES } from '@corral/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliGlusterDriver } from '../../../gluster/cli.js';
import { GlusterMonitor } from '../../../gluster/monitor.js';
import { GlusterRegistry } from '../../../gluster/registry.js';
import {
  brickScratch,
  cleanupTestVolumes,
  glusterVolumes,
  glusterXml,
  removeBrickScratch,
  testVolumeName,
} from '../../../gluster/testing/glusterd.js';
import { TEST_URI } from '../../../hosts/libvirt/testing/libvirtd.js';
import { HostRegistry } from '../../../hosts/registry.js';
import { localFeed } from '../../../live/feed.js';
import type { Db } from '../../../store/index.js';
import { openTestStore } from '../../../store/testing/index.js';
import { createCaller } from '../../../trpc/router.js';
import type { EngineServices } from '../../deps.js';
import { buildFleet, type TestFleet } from '../../testing/fleet.js';
import { superUser } from '../../../identity/principal.js';

/** gluster's own virt group on this machine, as `volume set <vol> group virt` applies it. */
function virtGroup(): Record<string, string> {
  return Object.fromEntries(
    readFileSync('/var/lib/glusterd/groups/virt', 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => l.split('=', 2).map((x) => x.trim()) as [string, string]),
  );
}

const inGluster = (name: string) => glusterVolumes().find((v) => v.name === name);

describe('Gluster volumes on this machine, through the API', () => {
  let db: Db;
  let dir: string;
  let fleet: TestFleet;
  let engine: EngineServices & { gluster: GlusterRegistry };
  let api: ReturnType<typeof createCaller>;
  let hostId: string;
  let volumeId: string;
  const name = testVolumeName('flow');
  const brick = (b: string) => ({ hostId, directory: path.join(dir, b) });

  async function finished(jobIds: readonly string[]) {
    await expect
      .poll(
        async () =>
          (await api.job.recent({ limit: 50 }))
            .filter((j) => jobIds.includes(j.id))
            .map((j) => j.status),
        { timeout: 120_000, interval: 250 },
      )
      .not.toContain('Started');
    const jobs = (await api.job.recent({ limit: 50 })).filter((j) => jobIds.includes(j.id));
    expect(jobs.map((j) => [j.status, j.error])).toEqual(jobIds.map(() => ['Finished', null]));
  }

  /** What must not move when a request is refused: gluster's volumes and the store's rows. */
  async function untouched() {
    return {
      gluster: glusterVolumes().filter((v) => v.name.startsWith('corral-test-gl-')),
      volumes: await db.query(`SELECT * FROM gluster_volume ORDER BY name`),
      bricks: await db.query(`SELECT * FROM gluster_brick ORDER BY volume_id, position`),
      jobs: await db.query(`SELECT COUNT(*)::int AS n FROM job`),
    };
  }

  beforeAll(async () => {
    dir = brickScratch();
    db = await openTestStore('pglite');
    fleet = await buildFleet(db, {
      name: 'GlLocal',
      hosts: [{ name: 'gluster-local', driver: 'libvirt' }],
    });
    hostId = fleet.hosts[0]!.id;
    await db.query(`UPDATE host SET address = '127.0.0.1', uri = $2 WHERE id = $1`, [
      hostId,
      TEST_URI,
    ]);
    await db.query(`UPDATE cluster SET gluster_service = true WHERE id = $1`, [fleet.clusterId]);
    engine = {
      feed: localFeed(),
      hosts: new HostRegistry({}),
      gluster: new GlusterRegistry({ libvirt: new CliGlusterDriver() }),
      imagesDir: dir,
      timeouts: { pollMs: 250 },
    };
    api = createCaller({ db, user: superUser(), engine });
  });

  afterAll(async () => {
    cleanupTestVolumes();
    removeBrickScratch(dir);
    await db?.close();
  });

  it('refuses replica 3 with two bricks, before gluster hears of it', async () => {
    const before = await untouched();
    await expect(
      api.gluster.create({
        clusterId: fleet.clusterId,
        name,
        type: 'Replicate',
        replicaCount: 3,
        bricks: [brick('a'), brick('b')],
        force: true,
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining(GLUSTER_MESSAGES.replicateBricks(3)),
    });
    expect(await untouched()).toEqual(before);
  });

  it('creates a replica 3 volume here, optimised for virt and started', async () => {
    const created = await api.gluster.create({
      clusterId: fleet.clusterId,
      name,
      type: 'Replicate',
      replicaCount: 3,
      bricks: [brick('a'), brick('b'), brick('c')],
      force: true,
      optimizeForVirt: true,
      start: true,
    });
    volumeId = created.id;
    await finished(created.jobIds);

    const v = inGluster(name)!;
    expect(v).toMatchObject({
      state: 'Started',
      type: 'Replicate',
      replicaCount: 3,
      brickCount: 3,
    });
    expect(v.bricks.map((b) => `${b.server}:${b.directory}`)).toEqual(
      ['a', 'b', 'c'].map((b) => `${os.hostname()}:${path.join(dir, b)}`),
    );
    const id = (flag: string) =>
      execFileSync('id', [flag, 'libvirt-qemu'], { encoding: 'utf8' }).trim();
    expect(v.options).toMatchObject({
      ...virtGroup(),
      'storage.owner-uid': id('-u'),
      'storage.owner-gid': id('-g'),
    });

    const details = await api.gluster.volume({ id: volumeId });
    expect(details).toMatchObject({
      status: 'Up',
      type: 'Replicate',
      glusterId: v.id,
      operation: null,
    });
    expect(details.bricks.every((b) => b.status === 'Up' && b.totalGb > 0 && b.freeGb > 0)).toBe(
      true,
    );
    expect(Object.fromEntries(details.options.map((o) => [o.key, o.value]))).toEqual(v.options);

    // The brick picker's free space of the filesystem the bricks are on is the bricks'
    // own (gluster's sizeFree), not df's smaller "Avail".
    const candidates = await api.gluster.brickCandidates({ clusterId: fleet.clusterId });
    const fs = candidates.hosts[0]!.filesystems!.find((f) => f.mount === '/')!;
    for (const b of details.bricks) {
      expect(b.totalGb).toBe(fs.totalGb);
      expect(Math.abs(b.freeGb - fs.freeGb)).toBeLessThanOrEqual(0.5);
    }
  });

  it('refuses a brick directory already in use, changing nothing in gluster or the store', async () => {
    const before = await untouched();
    const other = testVolumeName('inuse');
    await expect(
      api.gluster.create({
        clusterId: fleet.clusterId,
        name: other,
        type: 'Distribute',
        bricks: [brick('a')],
        force: true,
      }),
    ).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: GLUSTER_MESSAGES.dirInUse(path.join(dir, 'a'), 'gluster-local', name),
    });
    expect(await untouched()).toEqual(before);
    expect(inGluster(other)).toBeUndefined();
  });

  it('sets and resets an option', async () => {
    const set = await api.gluster.setOption({
      id: volumeId,
      key: 'performance.cache-size',
      value: '64MB',
    });
    await finished(set.jobIds);
    expect(inGluster(name)!.options['performance.cache-size']).toBe('64MB');
    const reset = await api.gluster.resetOption({ id: volumeId, key: 'performance.cache-size' });
    await finished(reset.jobIds);
    expect(inGluster(name)!.options['performance.cache-size']).toBeUndefined();
    expect((await api.gluster.volume({ id: volumeId })).options.map((o) => o.key)).not.toContain(
      'performance.cache-size',
    );
  });

  it('adds a replica set and removes it again, its data migrated first', async () => {
    const add = await api.gluster.addBricks({
      id: volumeId,
      bricks: [brick('d'), brick('e'), brick('f')],
      force: true,
    });
    await finished(add.jobIds);
    expect(inGluster(name)).toMatchObject({ type: 'Distributed-Replicate', brickCount: 6 });
    const bricks = (await api.gluster.volume({ id: volumeId })).bricks;
    expect(bricks.map((b) => b.directory)).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((b) => path.join(dir, b)),
    );

    const remove = await api.gluster.removeBricks({
      id: volumeId,
      brickIds: bricks.slice(3).map((b) => b.id),
    });
    await finished(remove.jobIds);
    expect(inGluster(name)).toMatchObject({ type: 'Replicate', brickCount: 3 });
    const [job] = (await api.job.recent({ limit: 50 })).filter((j) => j.id === remove.jobIds[0]);
    expect(job?.steps.map((s) => [s.description, s.status])).toEqual([
      ['Migrating data off the bricks', 'Finished'],
      ['Committing the removal', 'Finished'],
    ]);
    const after = await api.gluster.volume({ id: volumeId });
    // Committed, the removal is no task of gluster's any more.
    expect(after).toMatchObject({ type: 'Replicate', task: null, operation: null });
    expect(after.bricks.map((b) => b.directory)).toEqual(
      ['a', 'b', 'c'].map((b) => path.join(dir, b)),
    );
  });

  it('tells heal info, and monitoring follows a change made with the CLI', async () => {
    const heal = await api.gluster.healInfo({ id: volumeId });
    expect(heal.bricks.map((b) => [b.hostName, b.connected, b.entries])).toEqual(
      Array(3).fill(['gluster-local', true, 0]),
    );
    const monitor = new GlusterMonitor({ db, feed: engine.feed, gluster: engine.gluster });
    // Everything so far was Corral's own (create, virt group, owner, options, bricks):
    // none of it is reported as changed outside Corral.
    await monitor.pollCluster(fleet.clusterId);
    expect(
      await db.query(`SELECT code, message FROM audit_event WHERE code LIKE '%FROM_CLI'`),
    ).toEqual([]);
    glusterXml('volume', 'set', name, 'cluster.min-free-disk', '7%');
    expect((await monitor.pollCluster(fleet.clusterId)).changed).toEqual([volumeId]);
    expect(
      Object.fromEntries(
        (await api.gluster.volume({ id: volumeId })).options.map((o) => [o.key, o.value]),
      ),
    ).toMatchObject({
      'cluster.min-free-disk': '7%',
    });
    const [event] = await db.query<{ message: string }>(
      `SELECT message FROM audit_event WHERE code = 'GLUSTER_VOLUME_OPTION_SET_FROM_CLI'`,
    );
    expect(event?.message).toBe(
      `Option cluster.min-free-disk of Gluster volume ${name} was set to 7% outside Corral.`,
    );
  });

  it('stops and deletes the volume', async () => {
    await expect(api.gluster.delete({ ids: [volumeId] })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: GLUSTER_MESSAGES.deleteUp,
    });
    expect(inGluster(name)?.state).toBe('Started');
    const stop = await api.gluster.stop({ ids: [volumeId] });
    await finished(stop.jobIds);
    expect(inGluster(name)?.state).toBe('Stopped');
    const del = await api.gluster.delete({ ids: [volumeId] });
    await finished(del.jobIds);
    expect(inGluster(name)).toBeUndefined();
    expect(await db.query(`SELECT id FROM gluster_volume WHERE id = $1`, [volumeId])).toEqual([]);
  });
});
