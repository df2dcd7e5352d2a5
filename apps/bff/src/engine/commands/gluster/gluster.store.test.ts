// The Gluster volume commands on the simulated twin, on PGlite and PostgreSQL: jobs,
// steps, events and the store's rows; refusals that change nothing, in the store and in
// gluster; gluster's own refusals failing the job with its words.
import {
  GLUSTER_MESSAGES,
  glusterVolumeCreateInput,
  type GlusterVolumeCreateInput,
} from '@corral/shared';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  glusterHarness,
  glusterSnapshot,
  type GlusterHarness,
} from '../../../gluster/testing/harness.js';
import { brickCandidates, healInfo, volumeDetails } from '../../../gluster/views.js';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import { createCaller } from '../../../trpc/router.js';
import { AppError } from '../../errors.js';
import { addTestHost } from '../../testing/fleet.js';
import { addBricks, rebalanceVolume, removeBricks, replaceBrick } from './bricks.js';
import { createVolume } from './create.js';
import { deleteVolumes, startVolumes, stopVolumes } from './lifecycle.js';
import { optimizeVolumes } from './optimize.js';
import { resetVolumeOption, setVolumeOption } from './options.js';
import { superUser } from '../../../identity/principal.js';

const actor = { userName: 'admin@internal' };

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

/** A refused command: its message and field, and nothing changed anywhere. */
async function refusedUnchanged(h: GlusterHarness, run: () => Promise<unknown>) {
  const before = await glusterSnapshot(h);
  const err = await refusal(run());
  expect(await glusterSnapshot(h)).toEqual(before);
  return { message: err.message, field: err.field };
}

const events = async (h: GlusterHarness) =>
  (
    await h.db.query<{ code: string; severity: string; message: string }>(
      `SELECT code, severity, message FROM audit_event ORDER BY id`,
    )
  ).map((e) => e);

const steps = async (h: GlusterHarness, jobId: string) =>
  h.db.query<{ description: string; status: string }>(
    `SELECT description, status FROM job_step WHERE job_id = $1 ORDER BY position`,
    [jobId],
  );

describe.each(STORE_BACKENDS)('Gluster volume commands on %s', (backend) => {
  let h: GlusterHarness;
  let hosts: string[];
  const create = (input: Partial<GlusterVolumeCreateInput> = {}) =>
    createVolume(
      h.deps,
      actor,
      glusterVolumeCreateInput.parse({
        clusterId: h.fleet.clusterId,
        name: 'vmstore',
        type: 'Replicate',
        replicaCount: 3,
        bricks: hosts.map((hostId) => ({ hostId, directory: '/gluster_bricks/vmstore/vmstore' })),
        ...input,
      }),
    );
  /** A started replica 3 volume, made through the engine. */
  async function replica3(name = 'vmstore') {
    const r = await create({
      name,
      bricks: hosts.map((hostId) => ({ hostId, directory: `/gluster_bricks/${name}/${name}` })),
      start: true,
    });
    expect(await r.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    return r.id;
  }

  beforeEach(async () => {
    h = await glusterHarness(backend);
    hosts = h.fleet.hosts.map((x) => x.id);
  });
  afterEach(() => h.close());

  it('creates a replica 3 volume, optimised for virt and started, as a job with steps and events', async () => {
    const r = await create({ optimizeForVirt: true, start: true });
    const [row] = await h.db.query<{ status: string; operation: string | null }>(
      `SELECT status, operation FROM gluster_volume WHERE id = $1`,
      [r.id],
    );
    expect(row).toEqual({ status: 'Down', operation: 'Creating' });
    expect(await r.done).toEqual([expect.objectContaining({ status: 'Finished' })]);

    expect(await steps(h, r.jobIds[0]!)).toEqual(
      [
        'Adding the hosts to the trusted storage pool',
        'Creating the volume',
        'Applying the virt option group',
        "Making QEMU's user the owner of the volume's files",
        'Starting the volume',
      ].map((description) => ({ description, status: 'Finished' })),
    );
    const v = await volumeDetails(h.deps, r.id);
    expect(v).toMatchObject({
      name: 'vmstore',
      type: 'Replicate',
      status: 'Up',
      replicaCount: 3,
      operation: null,
    });
    expect(v.glusterId).toMatch(/^[0-9a-f-]{36}$/);
    const options = Object.fromEntries(v.options.map((o) => [o.key, o.value]));
    expect(options).toMatchObject({
      'features.shard': 'on',
      'cluster.quorum-type': 'auto',
      'storage.owner-uid': '36',
      'storage.owner-gid': '36',
    });
    expect(v.bricks.map((b) => [b.hostId, b.status, b.isArbiter])).toEqual(
      hosts.map((id) => [id, 'Up', false]),
    );
    expect(v.bricks.every((b) => b.totalGb > 0 && b.freeGb > 0 && b.freeGb <= b.totalGb)).toBe(
      true,
    );
    expect(v.virtStoreWarning).toBeNull();

    // gluster has it too: the three hosts in one pool, the volume started.
    expect(h.gluster.poolOf(hosts[0]!)).toEqual([...hosts].sort());
    expect(h.gluster.volumesOf(hosts[1]!).map((x) => [x.name, x.state, x.type])).toEqual([
      ['vmstore', 'Started', 'Replicate'],
    ]);
    expect((await events(h)).map((e) => e.code)).toEqual([
      'GLUSTER_VOLUME_CREATE',
      'GLUSTER_VOLUME_OPTIMIZED_FOR_VIRT_STORE',
      'GLUSTER_VOLUME_START',
    ]);
    expect(h.changes.some((c) => c.object === 'volume' && c.ids.includes(r.id))).toBe(true);
  });

  it('refuses broken layouts and placements on their fields, changing nothing', async () => {
    await replica3('data');
    const two = hosts.slice(0, 2).map((hostId) => ({ hostId, directory: '/gluster_bricks/b' }));
    // Callers that skip the schema meet the same rule in the engine.
    expect(
      await refusedUnchanged(h, () =>
        createVolume(h.deps, actor, {
          clusterId: h.fleet.clusterId,
          name: 'two',
          type: 'Replicate',
          replicaCount: 3,
          transport: 'TCP',
          bricks: two,
          force: false,
          optimizeForVirt: false,
          start: false,
        }),
      ),
    ).toEqual({ message: GLUSTER_MESSAGES.replicateBricks(3), field: 'bricks' });

    const inUse = await refusedUnchanged(h, () =>
      create({
        name: 'again',
        bricks: hosts.map((hostId) => ({ hostId, directory: '/gluster_bricks/data/data' })),
      }),
    );
    expect(inUse).toEqual({
      message: GLUSTER_MESSAGES.dirInUse('/gluster_bricks/data/data', 'gl-1', 'data'),
      field: 'bricks.0.directory',
    });
    expect(
      (
        await refusedUnchanged(h, () =>
          create({
            name: 'nested',
            bricks: hosts.map((hostId) => ({ hostId, directory: '/gluster_bricks/data/data/x' })),
          }),
        )
      ).field,
    ).toBe('bricks.0.directory');

    expect(await refusedUnchanged(h, () => create({ name: 'data' }))).toEqual({
      message: `A volume named data already exists in Cluster Gl-Cluster.`,
      field: 'name',
    });

    const shared = [hosts[0]!, hosts[0]!, hosts[1]!].map((hostId, i) => ({
      hostId,
      directory: `/gluster_bricks/s${i}`,
    }));
    expect(
      await refusedUnchanged(h, () =>
        createVolume(h.deps, actor, {
          clusterId: h.fleet.clusterId,
          name: 'shared',
          type: 'Replicate',
          replicaCount: 3,
          transport: 'TCP',
          bricks: shared,
          force: false,
          optimizeForVirt: false,
          start: false,
        }),
      ),
    ).toEqual({
      message: GLUSTER_MESSAGES.sameServer('replica', 'gl-1'),
      field: 'bricks.1.hostId',
    });

    await h.db.query(`UPDATE host SET status = 'Maintenance' WHERE id = $1`, [hosts[2]]);
    expect(await refusedUnchanged(h, () => create({ name: 'maint' }))).toEqual({
      message: GLUSTER_MESSAGES.hostNotUp('gl-3'),
      field: 'bricks.2.hostId',
    });
    await h.db.query(`UPDATE host SET status = 'Up' WHERE id = $1`, [hosts[2]]);

    await h.db.query(`UPDATE cluster SET gluster_service = false WHERE id = $1`, [
      h.fleet.clusterId,
    ]);
    expect(await refusedUnchanged(h, () => create({ name: 'noservice' }))).toEqual({
      message:
        'Cluster Gl-Cluster does not provide the Gluster service; enable it in the cluster first.',
      field: 'clusterId',
    });
  });

  it('names the host, not its id, when the API refuses a replica set on one server', async () => {
    // The schema leaves shared servers to the engine, which knows host names: a refusal
    // (PRECONDITION_FAILED) on the brick's host field, not a zod issue naming a UUID.
    const { db: _db, ...engine } = h.deps;
    const api = createCaller({ db: h.db, user: superUser(), engine });
    const before = await glusterSnapshot(h);
    const err = await api.gluster
      .create({
        clusterId: h.fleet.clusterId,
        name: 'shared',
        type: 'Replicate',
        replicaCount: 3,
        bricks: [hosts[0]!, hosts[1]!, hosts[0]!].map((hostId, i) => ({
          hostId,
          directory: `/gluster_bricks/shared/b${i}`,
        })),
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(TRPCError);
    const e = err as TRPCError;
    expect(e.code).toBe('PRECONDITION_FAILED');
    expect(e.message).toBe(GLUSTER_MESSAGES.sameServer('replica', 'gl-1'));
    expect((e.cause as { field?: string }).field).toBe('bricks.2.hostId');
    expect(await glusterSnapshot(h)).toEqual(before);
  });

  it('refuses a brick host that does not answer, before anything changes', async () => {
    const host = (await h.db.query(`SELECT * FROM host WHERE id = $1`, [hosts[1]]))[0] as never;
    await h.deps.hosts.get(host);
    h.sim.failHost(hosts[1]!);
    const r = await refusedUnchanged(h, () => create({ name: 'silent' }));
    expect(r.message).toMatch(/^Host gl-2 cannot be reached: glusterd on gl-2 .* is not answering/);
  });

  it('fails the job with gluster’s words when gluster refuses, and takes the rows back', async () => {
    // A brick on the root filesystem: gluster wants force (the rules do not know filesystems).
    const r = await create({
      name: 'rooted',
      bricks: hosts.map((hostId) => ({ hostId, directory: '/srv/rooted' })),
    });
    const [result] = await r.done;
    expect(result).toMatchObject({ status: 'Failed', step: 'Creating the volume' });
    expect(result?.status === 'Failed' && result.error).toMatch(
      /is being created in the root partition/,
    );
    expect(await h.db.query(`SELECT id FROM gluster_volume WHERE name = 'rooted'`)).toEqual([]);
    expect(await h.db.query(`SELECT id FROM gluster_brick`)).toEqual([]);
    expect(h.gluster.volumesOf(hosts[0]!)).toEqual([]);
    const failed = (await events(h)).find((e) => e.code === 'JOB_FAILED');
    expect(failed?.message).toMatch(
      /^Creating Gluster volume rooted .* failed at "Creating the volume": The brick/,
    );
    // With force gluster takes it.
    const forced = await create({
      name: 'rooted',
      bricks: hosts.map((hostId) => ({ hostId, directory: '/srv/rooted' })),
      force: true,
    });
    expect(await forced.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
  });

  it('starts, stops and deletes; refuses what the state forbids, bulk requests whole', async () => {
    const id = await replica3();
    expect(await refusedUnchanged(h, () => deleteVolumes(h.deps, actor, { ids: [id] }))).toEqual({
      message: GLUSTER_MESSAGES.deleteUp,
      field: undefined,
    });
    expect(
      (await refusedUnchanged(h, () => startVolumes(h.deps, actor, { ids: [id] }))).message,
    ).toBe('The volume is already Up.');
    const stopped = await stopVolumes(h.deps, actor, { ids: [id] });
    expect(await stopped.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    expect((await volumeDetails(h.deps, id)).bricks.map((b) => b.status)).toEqual([
      'Down',
      'Down',
      'Down',
    ]);
    expect(h.gluster.volumesOf(hosts[0]!)[0]?.state).toBe('Stopped');

    const other = await replica3('other');
    const bulk = await refusedUnchanged(h, () => startVolumes(h.deps, actor, { ids: [id, other] }));
    expect(bulk.message).toBe('Cannot start the volumes 1 of 2: other: The volume is already Up.');

    const deleted = await deleteVolumes(h.deps, actor, { ids: [id] });
    expect(await deleted.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    expect(await h.db.query(`SELECT id FROM gluster_volume WHERE id = $1`, [id])).toEqual([]);
    expect(await h.db.query(`SELECT id FROM gluster_brick WHERE volume_id = $1`, [id])).toEqual([]);
    expect(h.gluster.volumesOf(hosts[0]!).map((v) => v.name)).toEqual(['other']);
    const del = (await events(h)).find((e) => e.code === 'GLUSTER_VOLUME_DELETE');
    expect(del?.message).toBe('Gluster volume vmstore was deleted by admin@internal.');
    const [named] = await h.db.query<{ volume_name: string }>(
      `SELECT volume_name FROM audit_event WHERE code = 'GLUSTER_VOLUME_DELETE'`,
    );
    expect(named?.volume_name).toBe('vmstore');
  });

  it('sets and resets options; gluster’s refusal of an unknown one fails the job, options unchanged', async () => {
    const id = await replica3();
    const set = await setVolumeOption(h.deps, actor, {
      id,
      key: 'performance.cache-size',
      value: '256MB',
    });
    expect(await set.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    const opts = async () =>
      Object.fromEntries((await volumeDetails(h.deps, id)).options.map((o) => [o.key, o.value]));
    expect((await opts())['performance.cache-size']).toBe('256MB');

    const before = await opts();
    const bad = await setVolumeOption(h.deps, actor, { id, key: 'no.such-option', value: '1' });
    const [r] = await bad.done;
    expect(r?.status === 'Failed' && r.error).toBe('option : no.such-option does not exist');
    expect(await opts()).toEqual(before);
    expect((await volumeDetails(h.deps, id)).operation).toBeNull();

    const reset = await resetVolumeOption(h.deps, actor, { id, key: 'performance.cache-size' });
    expect(await reset.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    expect((await opts())['performance.cache-size']).toBeUndefined();
    const all = await resetVolumeOption(h.deps, actor, { id });
    await all.done;
    // What gluster 10.3 keeps of a new replicated volume's options.
    expect(Object.keys(await opts()).sort()).toEqual([
      'cluster.granular-entry-heal',
      'nfs.disable',
      'storage.fips-mode-rchecksum',
      'transport.address-family',
    ]);
  });

  it('optimises a replica 2 volume with a Warning event', async () => {
    const r = await create({
      name: 'two',
      replicaCount: 2,
      bricks: hosts.slice(0, 2).map((hostId) => ({ hostId, directory: '/gluster_bricks/two' })),
    });
    await r.done;
    const o = await optimizeVolumes(h.deps, actor, { ids: [r.id] });
    expect(await o.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    const warning = (await events(h)).find(
      (e) => e.code === 'GLUSTER_VOLUME_OPTIMIZED_NOT_REPLICA_3',
    );
    expect(warning).toEqual({
      code: 'GLUSTER_VOLUME_OPTIMIZED_NOT_REPLICA_3',
      severity: 'Warning',
      message:
        'Gluster volume two: A virt store should be replica 3 (or replica 3 with an arbiter); this volume is replica 2.',
    });
  });

  it('refuses optimizing Distribute and Disperse volumes before anything changes, as gluster refuses the virt group', async () => {
    const made = async (input: Partial<GlusterVolumeCreateInput>) => {
      const r = await create({ start: true, ...input });
      expect(await r.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
      return r.id;
    };
    const dist = await made({
      name: 'dist',
      type: 'Distribute',
      bricks: hosts.map((hostId) => ({ hostId, directory: '/gluster_bricks/dist' })),
    });
    const disp = await made({
      name: 'disp',
      type: 'Disperse',
      disperseCount: 3,
      redundancyCount: 1,
      bricks: hosts.map((hostId) => ({ hostId, directory: '/gluster_bricks/disp' })),
    });
    const r3 = await replica3('r3');

    for (const [id, type] of [
      [dist, 'Distribute'],
      [disp, 'Disperse'],
    ] as const) {
      expect(
        await refusedUnchanged(h, () => optimizeVolumes(h.deps, actor, { ids: [id] })),
      ).toEqual({ message: GLUSTER_MESSAGES.virtStoreType(type), field: undefined });
      const details = await volumeDetails(h.deps, id);
      expect(details.actions.optimize).toEqual({
        allowed: false,
        reason: GLUSTER_MESSAGES.virtStoreType(type),
      });
      // Refused, not warned about.
      expect(details.virtStoreWarning).toBeNull();
    }
    // A bulk request with one such volume is refused whole: the replica 3 one stays as it was.
    const bulk = await refusedUnchanged(h, () =>
      optimizeVolumes(h.deps, actor, { ids: [r3, dist] }),
    );
    expect(bulk.message).toBe(
      `Cannot optimize the volumes 1 of 2: dist: ${GLUSTER_MESSAGES.virtStoreType('Distribute')}`,
    );

    // New Volume refuses it on its checkbox, with nothing created.
    expect(
      await refusedUnchanged(h, () =>
        createVolume(h.deps, actor, {
          clusterId: h.fleet.clusterId,
          name: 'dist2',
          type: 'Distribute',
          transport: 'TCP',
          bricks: [{ hostId: hosts[0]!, directory: '/gluster_bricks/dist2' }],
          force: false,
          optimizeForVirt: true,
          start: false,
        }),
      ),
    ).toEqual({ message: GLUSTER_MESSAGES.virtStoreType('Distribute'), field: 'optimizeForVirt' });

    // The twin refuses as gluster does (testdata/set-group-virt-distribute.xml), setting
    // nothing of the group, should anything get past the rule.
    const conn = await h.deps.gluster.get(
      (
        await h.db.query<{ id: string; name: string; address: string; driver: string }>(
          `SELECT id, name, address, driver FROM host WHERE id = $1`,
          [hosts[0]],
        )
      )[0]!,
    );
    const before = h.gluster.volumesOf(hosts[0]!);
    for (const name of ['dist', 'disp'])
      await expect(conn.setGroup(name, 'virt')).rejects.toThrow(
        'Cannot set cluster.shd-max-threads for a non-replicate volume.',
      );
    await expect(conn.setOption('dist', 'cluster.shd-max-threads', '8')).rejects.toThrow(
      'Cannot set cluster.shd-max-threads for a non-replicate volume.',
    );
    await expect(conn.setOption('r3', 'disperse.shd-max-threads', '4')).rejects.toThrow(
      'Cannot set disperse.shd-max-threads for a non-disperse volume.',
    );
    expect(h.gluster.volumesOf(hosts[0]!)).toEqual(before);
  });

  it('adds a replica set, then removes it again with its data migrated (start, follow, commit)', async () => {
    const id = await replica3();
    const set2 = hosts.map((hostId) => ({ hostId, directory: '/gluster_bricks/vmstore/set2' }));
    const partial = await refusedUnchanged(h, () =>
      addBricks(h.deps, actor, { id, bricks: set2.slice(0, 2), force: false }),
    );
    expect(partial).toEqual({
      message: GLUSTER_MESSAGES.addBricksSets(3, 'replica'),
      field: 'bricks',
    });

    const add = await addBricks(h.deps, actor, { id, bricks: set2, force: false });
    expect(await add.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    let v = await volumeDetails(h.deps, id);
    expect(v).toMatchObject({ type: 'Distributed-Replicate', status: 'Up' });
    expect(v.bricks.map((b) => [b.position, b.directory])).toEqual(
      [0, 1, 2, 3, 4, 5].map((p) => [
        p,
        p < 3 ? '/gluster_bricks/vmstore/vmstore' : '/gluster_bricks/vmstore/set2',
      ]),
    );

    const second = v.bricks.slice(3).map((b) => b.id);
    const oneOfSet = await refusedUnchanged(h, () =>
      removeBricks(h.deps, actor, { id, brickIds: second.slice(0, 1), migrateData: true }),
    );
    expect(oneOfSet.field).toBe('brickIds');
    expect(oneOfSet.message).toContain(GLUSTER_MESSAGES.removeWholeSets(3, 'replica'));

    const remove = await removeBricks(h.deps, actor, { id, brickIds: second, migrateData: true });
    // While gluster migrates, the volume is busy and its task is recorded.
    await expect
      .poll(async () => (await volumeDetails(h.deps, id)).task?.status, {
        timeout: 5_000,
        interval: 20,
      })
      .toBe('in progress');
    expect((await volumeDetails(h.deps, id)).operation).toBe('Removing bricks');
    // One command at a time: the volume is busy until the removal ends.
    expect((await refusal(stopVolumes(h.deps, actor, { ids: [id] }))).message).toBe(
      GLUSTER_MESSAGES.busy('Removing bricks'),
    );
    expect(await remove.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    expect(await steps(h, remove.jobIds[0]!)).toEqual([
      { description: 'Migrating data off the bricks', status: 'Finished' },
      { description: 'Committing the removal', status: 'Finished' },
    ]);
    v = await volumeDetails(h.deps, id);
    expect(v).toMatchObject({ type: 'Replicate', operation: null });
    expect(v.bricks.map((b) => b.directory)).toEqual(
      Array(3).fill('/gluster_bricks/vmstore/vmstore'),
    );
    expect(h.gluster.volumesOf(hosts[0]!)[0]?.brickCount).toBe(3);
    const [job] = await h.db.query<{ progress: number }>(`SELECT progress FROM job WHERE id = $1`, [
      remove.jobIds[0],
    ]);
    expect(job?.progress).toBe(100);
    expect((await events(h)).at(-1)?.message).toMatch(
      /were removed from Gluster volume vmstore .* their data migrated/,
    );
  });

  it('lowers and raises the replica count one brick per set', async () => {
    const id = await replica3();
    const v = await volumeDetails(h.deps, id);
    const lower = await removeBricks(h.deps, actor, {
      id,
      brickIds: [v.bricks[2]!.id],
      replicaCount: 2,
      migrateData: true,
    });
    expect(await lower.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    expect(await volumeDetails(h.deps, id)).toMatchObject({ replicaCount: 2, type: 'Replicate' });
    const raise = await addBricks(h.deps, actor, {
      id,
      bricks: [{ hostId: hosts[2]!, directory: '/gluster_bricks/vmstore/again' }],
      replicaCount: 3,
      force: false,
    });
    expect(await raise.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    expect((await volumeDetails(h.deps, id)).bricks.map((b) => b.directory)).toEqual([
      '/gluster_bricks/vmstore/vmstore',
      '/gluster_bricks/vmstore/vmstore',
      '/gluster_bricks/vmstore/again',
    ]);
  });

  it('replaces a brick, which keeps its id and place', async () => {
    const id = await replica3();
    const fourth = await addTestHost(h.db, h.fleet.clusterId, { name: 'gl-4' });
    const old = (await volumeDetails(h.deps, id)).bricks[1]!;
    const clash = await refusedUnchanged(h, () =>
      replaceBrick(h.deps, actor, {
        id,
        brickId: old.id,
        brick: { hostId: hosts[0]!, directory: '/gluster_bricks/x' },
        force: false,
      }),
    );
    expect(clash).toEqual({
      message: GLUSTER_MESSAGES.sameServer('replica', 'gl-1'),
      field: 'brick.hostId',
    });
    const r = await replaceBrick(h.deps, actor, {
      id,
      brickId: old.id,
      brick: { hostId: fourth.id, directory: '/gluster_bricks/vmstore/vmstore' },
      force: false,
    });
    expect(await r.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    const now = (await volumeDetails(h.deps, id)).bricks[1]!;
    expect(now).toMatchObject({
      id: old.id,
      position: 1,
      hostId: fourth.id,
      hostName: 'gl-4',
      status: 'Up',
    });
    expect(h.gluster.poolOf(hosts[0]!)).toContain(fourth.id);
  });

  it('rebalances a distributed volume and refuses one that is not', async () => {
    const rep = await replica3();
    expect(
      (await refusedUnchanged(h, () => rebalanceVolume(h.deps, actor, { id: rep }))).message,
    ).toBe(GLUSTER_MESSAGES.rebalanceNotDistributed);
    const dist = await create({
      name: 'spread',
      type: 'Distribute',
      bricks: hosts.map((hostId) => ({ hostId, directory: '/gluster_bricks/spread' })),
      start: true,
    });
    await dist.done;
    const r = await rebalanceVolume(h.deps, actor, { id: dist.id });
    // While gluster rebalances, options may change but bricks and state may not.
    await expect
      .poll(async () => (await volumeDetails(h.deps, dist.id)).task?.status, {
        timeout: 5_000,
        interval: 20,
      })
      .toBe('in progress');
    expect((await refusal(stopVolumes(h.deps, actor, { ids: [dist.id] }))).message).toBe(
      GLUSTER_MESSAGES.taskRunning,
    );
    const option = await setVolumeOption(h.deps, actor, {
      id: dist.id,
      key: 'cluster.min-free-disk',
      value: '5%',
    });
    expect(await option.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    expect(await r.done).toEqual([expect.objectContaining({ status: 'Finished' })]);
    expect((await volumeDetails(h.deps, dist.id)).task).toMatchObject({
      type: 'Rebalance',
      status: 'completed',
    });
    expect((await events(h)).map((e) => e.code)).toContain('GLUSTER_VOLUME_REBALANCE_FINISHED');
  });

  it('answers heal info and the brick picker, live from the hosts', async () => {
    const id = await replica3();
    const heal = await healInfo(h.deps, id);
    expect(heal.totalEntries).toBe(0);
    expect(heal.bricks.map((b) => [b.hostName, b.connected])).toEqual([
      ['gl-1', true],
      ['gl-2', true],
      ['gl-3', true],
    ]);

    await h.db.query(`UPDATE host SET status = 'Maintenance' WHERE id = $1`, [hosts[2]]);
    const picker = await brickCandidates(h.deps, h.fleet.clusterId);
    expect(picker.glusterService).toBe(true);
    expect(picker.hosts.map((x) => [x.name, x.usable, x.reason])).toEqual([
      ['gl-1', true, null],
      ['gl-2', true, null],
      ['gl-3', false, GLUSTER_MESSAGES.hostNotUp('gl-3')],
    ]);
    const fs = picker.hosts[0]!.filesystems!;
    expect(fs.map((f) => f.mount)).toEqual(['/', '/gluster_bricks']);
    expect(fs.every((f) => f.freeGb > 0 && f.freeGb <= f.totalGb)).toBe(true);
    expect(picker.hosts[0]!.bricks).toEqual([
      { volumeId: id, volumeName: 'vmstore', directory: '/gluster_bricks/vmstore/vmstore' },
    ]);
  });
});
