// Gluster monitoring on the simulated twin, on PGlite and PostgreSQL: what gluster says
// reaches the store (changed rows only, published, with events for what changed outside
// Corral); hosts that stop answering; the twin starting from the store (the demo).
import { glusterVolumeCreateInput } from '@corral/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVolume } from '../engine/commands/gluster/create.js';
import { optimizeVolumes } from '../engine/commands/gluster/optimize.js';
import { resetVolumeOption } from '../engine/commands/gluster/options.js';
import { STORE_BACKENDS } from '../store/testing/index.js';
import { GlusterMonitor } from './monitor.js';
import { GlusterRegistry } from './registry.js';
import { SimGlusterDriver, simHostAnswering } from './sim.js';
import { simGlusterInitialFromStore } from './sim-store.js';
import { CallGate, glusterHarness, type GlusterHarness } from './testing/harness.js';

describe.each(STORE_BACKENDS)('Gluster monitoring on %s', (backend) => {
  let h: GlusterHarness;
  let monitor: GlusterMonitor;
  let volumeId: string;
  const gate = new CallGate();
  const actor = { userName: 'admin@internal' };
  const hostRow = async (id: string) =>
    (
      await h.db.query(`SELECT id, name, address, driver, uri FROM host WHERE id = $1`, [id])
    )[0] as {
      id: string;
      name: string;
      address: string;
      driver: string;
      uri: string | null;
    };
  /** gluster on a host as an admin's shell would use it: outside Corral. */
  const cli = async (n = 0) => h.deps.gluster.get(await hostRow(h.fleet.hosts[n]!.id));
  const volume = async () =>
    (
      await h.db.query<{ status: string; options: Record<string, string>; task: unknown }>(
        `SELECT status, options, task FROM gluster_volume WHERE id = $1`,
        [volumeId],
      )
    )[0]!;
  const bricks = async () =>
    h.db.query<{ status: string; total_gb: number; free_gb: number }>(
      `SELECT status, total_gb, free_gb FROM gluster_brick WHERE volume_id = $1 ORDER BY position`,
      [volumeId],
    );
  const codes = async () =>
    (
      await h.db.query<{ code: string }>(
        `SELECT code FROM audit_event WHERE code LIKE 'GLUSTER%' ORDER BY id`,
      )
    ).map((e) => e.code);

  beforeEach(async () => {
    h = await glusterHarness(backend, { beforeCall: gate.hook });
    monitor = new GlusterMonitor({ db: h.db, feed: h.deps.feed, gluster: h.deps.gluster });
    const r = await createVolume(
      h.deps,
      { userName: 'admin@internal' },
      glusterVolumeCreateInput.parse({
        clusterId: h.fleet.clusterId,
        name: 'vmstore',
        type: 'Replicate',
        replicaCount: 3,
        bricks: h.fleet.hosts.map((x) => ({
          hostId: x.id,
          directory: '/gluster_bricks/vmstore/vmstore',
        })),
        start: true,
      }),
    );
    await r.done;
    volumeId = r.id;
    await h.db.query(`DELETE FROM audit_event`);
  });
  afterEach(async () => {
    await monitor.stop();
    await h.close();
  });

  it('writes nothing when nothing changed', async () => {
    const first = await monitor.pollCluster(h.fleet.clusterId);
    expect(first.host).toBe('gl-1');
    const published = h.changes.length;
    expect(await monitor.pollCluster(h.fleet.clusterId)).toEqual({ host: 'gl-1', changed: [] });
    expect(h.changes.length).toBe(published);
    expect(await codes()).toEqual([]);
  });

  it('follows changes made outside Corral: options, stop, start, with events and the feed', async () => {
    const conn = await cli(1);
    await conn.setOption('vmstore', 'performance.cache-size', '512MB');
    await conn.resetOption('vmstore', 'nfs.disable');
    await conn.stopVolume('vmstore');
    const published = h.changes.length;
    expect(await monitor.pollCluster(h.fleet.clusterId)).toMatchObject({ changed: [volumeId] });
    expect(h.changes.slice(published)).toContainEqual({
      object: 'volume',
      ids: [volumeId],
      op: 'upsert',
    });
    const v = await volume();
    expect(v.status).toBe('Down');
    expect(v.options['performance.cache-size']).toBe('512MB');
    expect(v.options['nfs.disable']).toBeUndefined();
    expect((await bricks()).map((b) => b.status)).toEqual(['Down', 'Down', 'Down']);
    expect(await codes()).toEqual([
      'GLUSTER_VOLUME_STATUS_CHANGED',
      'GLUSTER_BRICK_STATUS_CHANGED',
      'GLUSTER_BRICK_STATUS_CHANGED',
      'GLUSTER_BRICK_STATUS_CHANGED',
      'GLUSTER_VOLUME_OPTION_SET_FROM_CLI',
      'GLUSTER_VOLUME_OPTION_RESET_FROM_CLI',
    ]);
    await conn.startVolume('vmstore');
    await monitor.pollCluster(h.fleet.clusterId);
    expect((await volume()).status).toBe('Up');
    expect((await bricks()).every((b) => b.status === 'Up' && b.total_gb > 0)).toBe(true);
  });

  it('sees a brick go down with its host, and come back', async () => {
    const third = h.fleet.hosts[2]!.id;
    await h.deps.hosts.get(
      (await h.db.query(`SELECT * FROM host WHERE id = $1`, [third]))[0] as never,
    );
    h.sim.failHost(third);
    await monitor.pollCluster(h.fleet.clusterId);
    expect((await bricks()).map((b) => b.status)).toEqual(['Up', 'Up', 'Down']);
    const [event] = await h.db.query<{ severity: string; message: string; host_id: string }>(
      `SELECT severity, message, host_id FROM audit_event WHERE code = 'GLUSTER_BRICK_STATUS_CHANGED'`,
    );
    expect(event).toEqual({
      severity: 'Warning',
      message: `Status of brick gl-3.test.example.com:/gluster_bricks/vmstore/vmstore of Gluster volume vmstore changed from Up to Down.`,
      host_id: third,
    });
    h.sim.recoverHost(third);
    await monitor.pollCluster(h.fleet.clusterId);
    expect((await bricks()).map((b) => b.status)).toEqual(['Up', 'Up', 'Up']);
  });

  it('marks a volume deleted outside Corral, and every volume when no host answers, Unknown', async () => {
    const conn = await cli(0);
    await conn.stopVolume('vmstore');
    await conn.deleteVolume('vmstore');
    await monitor.pollCluster(h.fleet.clusterId);
    expect((await volume()).status).toBe('Unknown');
    expect((await bricks()).map((b) => b.status)).toEqual(['Unknown', 'Unknown', 'Unknown']);
    expect(await codes()).toEqual(['GLUSTER_VOLUME_DELETED_FROM_CLI']);
    // Said once, not every cycle.
    await monitor.pollCluster(h.fleet.clusterId);
    expect(await codes()).toEqual(['GLUSTER_VOLUME_DELETED_FROM_CLI']);

    await h.db.query(`UPDATE gluster_volume SET status = 'Up' WHERE id = $1`, [volumeId]);
    await h.db.query(`UPDATE host SET status = 'Maintenance' WHERE cluster_id = $1`, [
      h.fleet.clusterId,
    ]);
    const poll = await monitor.pollCluster(h.fleet.clusterId);
    expect(poll).toMatchObject({ host: null, error: 'no host of the cluster is Up' });
    expect((await volume()).status).toBe('Unknown');
    expect(await codes()).toContain('GLUSTER_VOLUME_STATUS_UNKNOWN');
  });

  /** The options gluster (the twin) has for a volume now. */
  const glusterOptions = (name = 'vmstore') =>
    h.gluster.volumesOf(h.fleet.hosts[0]!.id).find((v) => v.name === name)?.options;
  const fromCli = async () => (await codes()).filter((c) => c.endsWith('_FROM_CLI'));

  it('reports none of Corral’s own changes as outside ones, and leaves other volumes’ rows alone', async () => {
    // A second volume, optimised through Corral: its read-back once overwrote every
    // other volume whose options differed (an OR outside the WHERE's parentheses), and
    // the next cycle reported vmstore's options as set and reset outside Corral.
    const data = await createVolume(
      h.deps,
      actor,
      glusterVolumeCreateInput.parse({
        clusterId: h.fleet.clusterId,
        name: 'data',
        type: 'Distributed-Replicate',
        replicaCount: 3,
        bricks: [...h.fleet.hosts, ...h.fleet.hosts].map((x, i) => ({
          hostId: x.id,
          directory: `/gluster_bricks/data/b${i}`,
        })),
        optimizeForVirt: true,
        start: true,
      }),
    );
    expect(await data.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    const row = `SELECT name, status, volume_type, replica_count, options, gluster_id FROM gluster_volume WHERE id = $1`;
    const [vmstore] = await h.db.query(row, [volumeId]);
    expect(vmstore).toMatchObject({ volume_type: 'Replicate', options: glusterOptions() });

    const o = await optimizeVolumes(h.deps, actor, { ids: [volumeId] });
    expect(await o.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    expect((await h.db.query(row, [data.id]))[0]).toMatchObject({
      name: 'data',
      volume_type: 'Distributed-Replicate',
      options: glusterOptions('data'),
    });
    const reset = await resetVolumeOption(h.deps, actor, { id: data.id });
    await reset.done;
    expect((await h.db.query(row, [volumeId]))[0]).toMatchObject({
      ...vmstore,
      options: glusterOptions(),
    });
    expect((await volume()).options).toMatchObject({ 'features.shard': 'on' });

    await monitor.pollCluster(h.fleet.clusterId);
    await monitor.pollCluster(h.fleet.clusterId);
    expect(await fromCli()).toEqual([]);
  });

  it('does not take a command’s changes for outside ones when they land while the cycle reads gluster', async () => {
    // The cycle has read the store (before the command) and waits on `volume info`;
    // meanwhile Corral optimises the volume. gluster then shows options the snapshot
    // lacks: the command's, not an admin's.
    gate.arm('gluster volume info');
    const poll = monitor.pollCluster(h.fleet.clusterId);
    await gate.reached;
    const o = await optimizeVolumes(h.deps, actor, { ids: [volumeId] });
    expect(await o.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    gate.release();
    await poll;
    expect(await fromCli()).toEqual([]);
    expect((await volume()).options).toEqual(glusterOptions());
    await monitor.pollCluster(h.fleet.clusterId);
    expect(await fromCli()).toEqual([]);
  });

  it('does not write what it read from gluster before a command over what the command read back', async () => {
    // The cycle has read `volume info` (before the reset) and waits on `volume status`;
    // meanwhile Corral resets every option and reads the volume back. Writing the stale
    // options would put them back in the store, and the next cycle would report the
    // reset as made outside Corral.
    gate.arm('gluster volume status');
    const poll = monitor.pollCluster(h.fleet.clusterId);
    await gate.reached;
    const reset = await resetVolumeOption(h.deps, actor, { id: volumeId });
    expect(await reset.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    const afterReset = (await volume()).options;
    expect(afterReset).toEqual(glusterOptions());
    gate.release();
    await poll;
    expect((await volume()).options).toEqual(afterReset);
    await monitor.pollCluster(h.fleet.clusterId);
    expect(await fromCli()).toEqual([]);
    expect((await volume()).options).toEqual(glusterOptions());
  });

  it('leaves a volume alone while the engine creates it', async () => {
    await h.db.query(
      `UPDATE gluster_volume SET operation = 'Creating', status = 'Down' WHERE id = $1`,
      [volumeId],
    );
    expect((await monitor.pollCluster(h.fleet.clusterId)).changed).toEqual([]);
    expect((await volume()).status).toBe('Down');
  });

  it('runs cycles on its own until stopped', async () => {
    await h.deps.gluster
      .get(await hostRow(h.fleet.hosts[0]!.id))
      .then((c) => c.setOption('vmstore', 'cluster.min-free-disk', '7%'));
    const running = new GlusterMonitor({
      db: h.db,
      feed: h.deps.feed,
      gluster: h.deps.gluster,
      intervalMs: 50,
    });
    running.start();
    await expect
      .poll(async () => (await volume()).options['cluster.min-free-disk'], { timeout: 5_000 })
      .toBe('7%');
    await running.stop();
  });

  it('starts the twin from the store, so the demo’s volumes are found as stored', async () => {
    // A second BFF over the same store: a fresh twin that has never seen these hosts.
    await h.db.query(
      `UPDATE gluster_brick SET total_gb = 2048, free_gb = 1500 WHERE volume_id = $1`,
      [volumeId],
    );
    const twin = new SimGlusterDriver({
      initial: simGlusterInitialFromStore(h.db),
      answering: simHostAnswering(h.deps.hosts),
    });
    const fresh = new GlusterMonitor({
      db: h.db,
      feed: h.deps.feed,
      gluster: new GlusterRegistry({ sim: twin }),
    });
    expect((await fresh.pollCluster(h.fleet.clusterId)).changed).toEqual([]);
    expect((await volume()).status).toBe('Up');
    expect(await bricks()).toEqual(Array(3).fill({ status: 'Up', total_gb: 2048, free_gb: 1500 }));
    expect(twin.poolOf(h.fleet.hosts[0]!.id)).toEqual(h.fleet.hosts.map((x) => x.id).sort());
  });
});
