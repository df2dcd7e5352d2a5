// The gluster procedures as the portal calls them: inputs through the shared schemas
// (BAD_REQUEST with zod's issues), refusals as PRECONDITION_FAILED with their field, and
// the queries the dialogs need.
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GLUSTER_MESSAGES } from '@corral/shared';
import {
  glusterHarness,
  glusterSnapshot,
  type GlusterHarness,
} from '../../gluster/testing/harness.js';
import { STORE_BACKENDS } from '../../store/testing/index.js';
import { createCaller } from '../router.js';
import { superUser } from '../../identity/principal.js';

async function trpcError(p: Promise<unknown>): Promise<TRPCError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

describe.each(STORE_BACKENDS)('gluster procedures on %s', (backend) => {
  let h: GlusterHarness;
  let api: ReturnType<typeof createCaller>;
  let hosts: string[];
  const volumeInput = (name: string, n = 3) => ({
    clusterId: h.fleet.clusterId,
    name,
    type: 'Replicate' as const,
    replicaCount: 3,
    bricks: hosts.slice(0, n).map((hostId) => ({ hostId, directory: `/gluster_bricks/${name}` })),
  });
  const settled = async (jobIds: readonly string[]) =>
    expect
      .poll(
        async () =>
          (await api.job.recent({ limit: 50 }))
            .filter((j) => jobIds.includes(j.id))
            .map((j) => j.status),
        { timeout: 10_000, interval: 50 },
      )
      .toEqual(jobIds.map(() => 'Finished'));

  beforeEach(async () => {
    h = await glusterHarness(backend);
    hosts = h.fleet.hosts.map((x) => x.id);
    const { db: _db, ...engine } = h.deps;
    api = createCaller({ db: h.db, user: superUser(), engine });
  });
  afterEach(() => h.close());

  it('creates, shows and operates a volume through the API', async () => {
    const created = await api.gluster.create({
      ...volumeInput('vmstore'),
      optimizeForVirt: true,
      start: true,
    });
    expect(created.jobIds).toHaveLength(1);
    await settled(created.jobIds);
    const v = await api.gluster.volume({ id: created.id });
    expect(v).toMatchObject({
      name: 'vmstore',
      status: 'Up',
      clusterName: 'Gl-Cluster',
      operation: null,
    });
    expect(v.bricks.map((b) => b.name)).toEqual([
      'gl-1.test.example.com:/gluster_bricks/vmstore',
      'gl-2.test.example.com:/gluster_bricks/vmstore',
      'gl-3.test.example.com:/gluster_bricks/vmstore',
    ]);
    expect(v.actions.stop).toEqual({ allowed: true });
    expect(v.actions.delete).toEqual({ allowed: false, reason: GLUSTER_MESSAGES.deleteUp });
    expect((await api.gluster.actions({ ids: [created.id] }))[created.id]?.start.reason).toBe(
      'The volume is already Up.',
    );
    // The grids' own router sees it too.
    expect((await api.volume.get({ id: created.id })).name).toBe('vmstore');

    const heal = await api.gluster.healInfo({ id: created.id });
    expect(heal.bricks).toHaveLength(3);
    const set = await api.gluster.setOption({
      id: created.id,
      key: 'performance.cache-size',
      value: '128MB',
    });
    await settled(set.jobIds);
    const stop = await api.gluster.stop({ ids: [created.id] });
    await settled(stop.jobIds);
    const del = await api.gluster.delete({ ids: [created.id] });
    await settled(del.jobIds);
    await expect(api.gluster.volume({ id: created.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('answers bad input with zod issues and refusals with their field, changing nothing', async () => {
    const before = await glusterSnapshot(h);
    const bad = await trpcError(api.gluster.create(volumeInput('two', 2)));
    expect(bad.code).toBe('BAD_REQUEST');
    const issues = (bad.cause as { issues?: { path: unknown[]; message: string }[] }).issues;
    expect(issues).toEqual([
      expect.objectContaining({ path: ['bricks'], message: GLUSTER_MESSAGES.replicateBricks(3) }),
    ]);

    const first = await api.gluster.create({ ...volumeInput('data') });
    await settled(first.jobIds);
    const afterFirst = await glusterSnapshot(h);
    const inUse = await trpcError(
      api.gluster.create({ ...volumeInput('again'), bricks: volumeInput('data').bricks }),
    );
    expect(inUse.code).toBe('PRECONDITION_FAILED');
    expect(inUse.message).toBe(GLUSTER_MESSAGES.dirInUse('/gluster_bricks/data', 'gl-1', 'data'));
    expect((inUse.cause as { field?: string }).field).toBe('bricks.0.directory');
    expect(await glusterSnapshot(h)).toEqual(afterFirst);
    expect(before).not.toEqual(afterFirst);
  });

  it('lists the brick picker’s hosts with their space, and why a host cannot hold bricks', async () => {
    await h.db.query(`UPDATE host SET status = 'NonOperational' WHERE id = $1`, [hosts[1]]);
    const picker = await api.gluster.brickCandidates({ clusterId: h.fleet.clusterId });
    expect(
      picker.hosts.map((x) => ({ name: x.name, usable: x.usable, server: x.serverName })),
    ).toEqual([
      { name: 'gl-1', usable: true, server: 'gl-1.test.example.com' },
      { name: 'gl-2', usable: false, server: 'gl-2.test.example.com' },
      { name: 'gl-3', usable: true, server: 'gl-3.test.example.com' },
    ]);
    expect(picker.hosts[1]?.reason).toBe(GLUSTER_MESSAGES.hostNotUp('gl-2'));
    expect(
      picker.hosts[0]?.filesystems?.find((f) => f.mount === '/gluster_bricks')?.freeGb,
    ).toBeGreaterThan(0);
    await expect(api.gluster.brickCandidates({ clusterId: 'not-a-uuid' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
