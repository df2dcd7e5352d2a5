import { describe, expect, it } from 'vitest';
import { GLUSTER_VOLUME_STATUSES, GLUSTER_VOLUME_TYPES } from '../domain/status.js';
import {
  addBricksPlan,
  brickLayoutIssues,
  brickPlacementIssues,
  GLUSTER_MESSAGES,
  GLUSTER_VOLUME_ACTIONS,
  glusterVolumeActions,
  isArbiterBrick,
  normalizeBrickDirectory,
  removeBricksPlan,
  type BrickHost,
  type BrickPlace,
  type GlusterLayout,
  virtStoreRefusal,
  virtStoreWarning,
  brickCountIssues,
} from './gluster.js';

const h = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const brick = (host: number, dir = `/bricks/b${host}`): BrickPlace => ({
  hostId: h(host),
  directory: dir,
});
const fields = (issues: { field: string }[]) => issues.map((i) => i.field);
const names = (id: string) => `host${id.slice(-1)}`;

describe('Gluster volume actions', () => {
  it('answers every action for every status and type, with a reason exactly when refused', () => {
    for (const status of GLUSTER_VOLUME_STATUSES)
      for (const type of GLUSTER_VOLUME_TYPES) {
        const rules = glusterVolumeActions({ status, type, brickCount: 3 });
        expect(Object.keys(rules).sort()).toEqual([...GLUSTER_VOLUME_ACTIONS].sort());
        for (const rule of Object.values(rules)) {
          if (rule.allowed) expect(rule.reason).toBeUndefined();
          else expect(rule.reason).toMatch(/^[A-Z].*\.$/);
        }
      }
  });

  it('starts a Down volume, stops an Up one, deletes only a stopped one', () => {
    const up = glusterVolumeActions({ status: 'Up', type: 'Replicate', brickCount: 3 });
    const down = glusterVolumeActions({ status: 'Down', type: 'Replicate', brickCount: 3 });
    const unknown = glusterVolumeActions({ status: 'Unknown', type: 'Replicate', brickCount: 3 });
    expect(up.start).toEqual({ allowed: false, reason: 'The volume is already Up.' });
    expect(down.start.allowed).toBe(true);
    expect(unknown.start.allowed).toBe(false);
    expect(up.stop.allowed).toBe(true);
    expect(down.stop).toEqual({ allowed: false, reason: 'The volume is already Down.' });
    expect(up.delete).toEqual({ allowed: false, reason: GLUSTER_MESSAGES.deleteUp });
    expect(down.delete.allowed).toBe(true);
    // Options and optimising work whatever the state, as gluster allows.
    for (const r of [up, down]) {
      expect(r.optimize.allowed).toBe(true);
      expect(r.setOption.allowed).toBe(true);
      expect(r.resetOption.allowed).toBe(true);
    }
  });

  it('keeps a volume that carries storage domains', () => {
    const withDomain = (status: 'Up' | 'Down', sd: 'Active' | 'Maintenance') =>
      glusterVolumeActions({
        status,
        type: 'Replicate',
        brickCount: 3,
        storageDomains: [{ name: 'vmstore', status: sd }],
      });
    expect(withDomain('Up', 'Active').stop.reason).toBe(GLUSTER_MESSAGES.stopDomain('vmstore'));
    expect(withDomain('Up', 'Maintenance').stop.allowed).toBe(true);
    expect(withDomain('Down', 'Maintenance').delete.reason).toBe(
      GLUSTER_MESSAGES.deleteDomain('vmstore'),
    );
  });

  it('refuses everything but heal info while the engine works on the volume', () => {
    const r = glusterVolumeActions({
      status: 'Up',
      type: 'Distributed-Replicate',
      brickCount: 6,
      operation: 'Removing bricks',
    });
    for (const a of GLUSTER_VOLUME_ACTIONS.filter((x) => x !== 'healInfo'))
      expect(r[a]).toEqual({ allowed: false, reason: GLUSTER_MESSAGES.busy('Removing bricks') });
    expect(r.healInfo.allowed).toBe(true);
  });

  it('lets options change but not bricks while gluster runs a rebalance', () => {
    const r = glusterVolumeActions({
      status: 'Up',
      type: 'Distribute',
      brickCount: 4,
      taskRunning: true,
    });
    expect(r.setOption.allowed).toBe(true);
    for (const a of ['addBricks', 'removeBricks', 'rebalance', 'stop'] as const)
      expect(r[a].reason).toBe(GLUSTER_MESSAGES.taskRunning);
  });

  it('rebalances only Up distributed volumes, heals only replicated and dispersed ones', () => {
    const a = (type: (typeof GLUSTER_VOLUME_TYPES)[number], brickCount: number) =>
      glusterVolumeActions({ status: 'Up', type, brickCount });
    expect(a('Distribute', 1).rebalance.reason).toBe(GLUSTER_MESSAGES.rebalanceNotDistributed);
    expect(a('Distribute', 2).rebalance.allowed).toBe(true);
    expect(a('Replicate', 3).rebalance.reason).toBe(GLUSTER_MESSAGES.rebalanceNotDistributed);
    expect(a('Distributed-Replicate', 6).rebalance.allowed).toBe(true);
    expect(a('Distributed-Disperse', 6).rebalance.allowed).toBe(true);
    expect(a('Distribute', 2).healInfo.reason).toBe(GLUSTER_MESSAGES.healNotReplicated);
    expect(a('Disperse', 3).healInfo.allowed).toBe(true);
    expect(a('Distribute', 2).replaceBrick.reason).toBe(GLUSTER_MESSAGES.replaceDistribute);
    expect(a('Replicate', 3).replaceBrick.allowed).toBe(true);
    expect(a('Replicate', 1).removeBricks.reason).toBe(GLUSTER_MESSAGES.removeOnlyBrick);
  });
});

describe('brick layout', () => {
  const layout = (
    type: GlusterLayout['type'],
    bricks: BrickPlace[],
    more: Partial<GlusterLayout> & { force?: boolean } = {},
  ) => brickLayoutIssues({ type, bricks, ...more }, names);

  it('needs at least one brick', () => {
    expect(layout('Distribute', [])).toEqual([
      { field: 'bricks', message: 'A volume needs at least one brick.' },
    ]);
    expect(layout('Distribute', [brick(1)])).toEqual([]);
  });

  it('Replicate needs bricks = replica count (DOMAIN.md), a replica count of 2 or more', () => {
    expect(layout('Replicate', [brick(1), brick(2)], { replicaCount: 3 })).toEqual([
      { field: 'bricks', message: GLUSTER_MESSAGES.replicateBricks(3) },
    ]);
    expect(layout('Replicate', [brick(1), brick(2), brick(3)], { replicaCount: 3 })).toEqual([]);
    expect(fields(layout('Replicate', [brick(1)], { replicaCount: 1 }))).toEqual(['replicaCount']);
    expect(fields(layout('Replicate', [brick(1)]))).toEqual(['replicaCount']);
  });

  it('Distributed-Replicate needs a multiple of the replica count, two sets at least', () => {
    const six = [1, 2, 3, 1, 2, 3].map((n, i) => brick(n, `/b/${i}`));
    expect(layout('Distributed-Replicate', six, { replicaCount: 3 })).toEqual([]);
    expect(layout('Distributed-Replicate', six.slice(0, 3), { replicaCount: 3 })).toEqual([
      { field: 'bricks', message: GLUSTER_MESSAGES.distReplicateBricks(3) },
    ]);
    expect(fields(layout('Distributed-Replicate', six.slice(0, 5), { replicaCount: 3 }))).toEqual([
      'bricks',
    ]);
  });

  it('keeps replica sets off a shared server unless forced, naming the host', () => {
    const bricks = [brick(1, '/a'), brick(1, '/b'), brick(2, '/c')];
    expect(layout('Replicate', bricks, { replicaCount: 3 })).toEqual([
      { field: 'bricks.1.hostId', message: GLUSTER_MESSAGES.sameServer('replica', 'host1') },
    ]);
    expect(layout('Replicate', bricks, { replicaCount: 3, force: true })).toEqual([]);
    // Two sets may share servers with each other, just not within a set.
    const six = [1, 2, 3, 1, 2, 3].map((n, i) => brick(n, `/b/${i}`));
    expect(layout('Distributed-Replicate', six, { replicaCount: 3 })).toEqual([]);
    // Distribute has no sets.
    expect(layout('Distribute', [brick(1, '/a'), brick(1, '/b')])).toEqual([]);
  });

  it('arbiter: replica 3 only, the last brick of each set', () => {
    const three = [brick(1), brick(2), brick(3)];
    expect(layout('Replicate', three, { replicaCount: 3, arbiterCount: 1 })).toEqual([]);
    expect(layout('Replicate', three.slice(0, 2), { replicaCount: 2, arbiterCount: 1 })).toEqual([
      { field: 'arbiterCount', message: GLUSTER_MESSAGES.arbiterReplica },
    ]);
    expect(fields(layout('Distribute', three, { arbiterCount: 1 }))).toEqual(['arbiterCount']);
    const l = { type: 'Distributed-Replicate' as const, replicaCount: 3, arbiterCount: 1 };
    expect([0, 1, 2, 3, 4, 5].map((i) => isArbiterBrick(l, i))).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
    ]);
    expect(isArbiterBrick({ type: 'Replicate', replicaCount: 3 }, 2)).toBe(false);
  });

  it('Disperse: count 3 or more, redundancy 1 up to below half, bricks = count', () => {
    const three = [brick(1), brick(2), brick(3)];
    expect(layout('Disperse', three, { disperseCount: 3, redundancyCount: 1 })).toEqual([]);
    // gluster: "redundancy must be greater than or equal to 1 and less than 2 for a disperse 3 volume"
    expect(layout('Disperse', three, { disperseCount: 3, redundancyCount: 2 })).toEqual([
      { field: 'redundancyCount', message: GLUSTER_MESSAGES.redundancy(3) },
    ]);
    expect(GLUSTER_MESSAGES.redundancy(6)).toContain('(1 to 2)');
    expect(fields(layout('Disperse', three, { disperseCount: 2, redundancyCount: 1 }))).toEqual([
      'disperseCount',
    ]);
    expect(
      fields(layout('Disperse', three.slice(0, 2), { disperseCount: 3, redundancyCount: 1 })),
    ).toEqual(['bricks']);
    const six = [1, 2, 3, 4, 5, 6].map((n) => brick(n));
    expect(layout('Distributed-Disperse', six, { disperseCount: 3, redundancyCount: 1 })).toEqual(
      [],
    );
    expect(
      fields(
        layout('Distributed-Disperse', six.slice(0, 3), { disperseCount: 3, redundancyCount: 1 }),
      ),
    ).toEqual(['bricks']);
    expect(
      layout('Disperse', [brick(1, '/a'), brick(1, '/b'), brick(2)], {
        disperseCount: 3,
        redundancyCount: 1,
      }),
    ).toEqual([
      { field: 'bricks.1.hostId', message: GLUSTER_MESSAGES.sameServer('disperse', 'host1') },
    ]);
  });

  it('finds the same brick listed twice (trailing slashes do not hide it)', () => {
    expect(layout('Distribute', [brick(1, '/a/b'), brick(1, '/a//b/')])).toEqual([
      { field: 'bricks.1.directory', message: GLUSTER_MESSAGES.duplicateBrick },
    ]);
    expect(normalizeBrickDirectory('/a//b/')).toBe('/a/b');
    expect(normalizeBrickDirectory('/')).toBe('/');
  });
});

describe('brick placement', () => {
  const cluster = 'c1';
  const hosts = new Map<string, BrickHost>([
    [h(1), { id: h(1), name: 'h1', status: 'Up', clusterId: cluster }],
    [h(2), { id: h(2), name: 'h2', status: 'Maintenance', clusterId: cluster }],
    [h(3), { id: h(3), name: 'h3', status: 'Up', clusterId: 'other' }],
  ]);
  const existing = [{ hostId: h(1), directory: '/gluster/data', volumeName: 'data' }];
  const place = (bricks: BrickPlace[]) =>
    brickPlacementIssues(bricks, { clusterId: cluster, hosts, existing });

  it('only hosts that are Up, of the cluster, can hold bricks', () => {
    expect(place([brick(1, '/new')])).toEqual([]);
    expect(place([brick(2, '/new')])).toEqual([
      { field: 'bricks.0.hostId', message: GLUSTER_MESSAGES.hostNotUp('h2') },
    ]);
    expect(place([brick(3, '/new')])).toEqual([
      { field: 'bricks.0.hostId', message: GLUSTER_MESSAGES.hostOtherCluster('h3') },
    ]);
    expect(place([brick(9, '/new')])).toEqual([
      { field: 'bricks.0.hostId', message: GLUSTER_MESSAGES.hostUnknown },
    ]);
  });

  it('a brick directory belongs to one volume: not the same, not inside, not around one', () => {
    expect(place([brick(1, '/gluster/data/')])).toEqual([
      {
        field: 'bricks.0.directory',
        message: GLUSTER_MESSAGES.dirInUse('/gluster/data', 'h1', 'data'),
      },
    ]);
    expect(place([brick(1, '/gluster/data/sub')])[0]?.message).toBe(
      GLUSTER_MESSAGES.dirInsideBrick('/gluster/data/sub', 'h1', '/gluster/data', 'data'),
    );
    expect(place([brick(1, '/gluster')])[0]?.message).toBe(
      GLUSTER_MESSAGES.dirContainsBrick('/gluster', 'h1', '/gluster/data', 'data'),
    );
    // A sibling whose name starts the same is not inside.
    expect(place([brick(1, '/gluster/data2')])).toEqual([]);
  });
});

describe('adding bricks', () => {
  const r3: GlusterLayout = {
    type: 'Replicate',
    replicaCount: 3,
    bricks: [brick(1, '/a'), brick(2, '/a'), brick(3, '/a')],
  };

  it('adds whole replica sets, turning Replicate into Distributed-Replicate', () => {
    const plan = addBricksPlan(r3, [brick(1, '/b'), brick(2, '/b'), brick(3, '/b')]);
    expect(plan.issues).toEqual([]);
    expect(plan.layout.type).toBe('Distributed-Replicate');
    expect(plan.layout.bricks).toHaveLength(6);
    expect(addBricksPlan(r3, [brick(1, '/b')]).issues).toEqual([
      { field: 'bricks', message: GLUSTER_MESSAGES.addBricksSets(3, 'replica') },
    ]);
    expect(addBricksPlan(r3, [brick(1, '/b'), brick(1, '/c'), brick(3, '/b')]).issues).toEqual([
      { field: 'bricks.1.hostId', message: GLUSTER_MESSAGES.sameServer('replica', h(1)) },
    ]);
  });

  it('raises the replica count by one with one brick per set', () => {
    const r2: GlusterLayout = { type: 'Replicate', replicaCount: 2, bricks: [brick(1), brick(2)] };
    const plan = addBricksPlan(r2, [brick(3)], { replicaCount: 3 });
    expect(plan.issues).toEqual([]);
    expect(plan.layout).toMatchObject({ type: 'Replicate', replicaCount: 3 });
    expect(addBricksPlan(r2, [brick(3)], { replicaCount: 4 }).issues[0]?.field).toBe(
      'replicaCount',
    );
    expect(addBricksPlan(r2, [brick(3), brick(4)], { replicaCount: 3 }).issues[0]?.message).toBe(
      GLUSTER_MESSAGES.addReplicaBricks(1),
    );
    expect(addBricksPlan(r2, [brick(1, '/x')], { replicaCount: 3 }).issues).toEqual([
      { field: 'bricks.0.hostId', message: GLUSTER_MESSAGES.sameServer('replica', h(1)) },
    ]);
    const dist: GlusterLayout = { type: 'Distribute', bricks: [brick(1), brick(2)] };
    expect(addBricksPlan(dist, [brick(3), brick(4)], { replicaCount: 2 }).layout).toMatchObject({
      type: 'Distributed-Replicate',
      replicaCount: 2,
    });
  });

  it('adds any number of bricks to a Distribute volume, not one already in it', () => {
    const dist: GlusterLayout = { type: 'Distribute', bricks: [brick(1)] };
    expect(addBricksPlan(dist, [brick(2)]).issues).toEqual([]);
    expect(addBricksPlan(dist, [brick(1)]).issues).toEqual([
      { field: 'bricks.0.directory', message: GLUSTER_MESSAGES.duplicateBrick },
    ]);
  });
});

describe('removing bricks', () => {
  const dr: GlusterLayout & { status: 'Up' | 'Down' } = {
    status: 'Up',
    type: 'Distributed-Replicate',
    replicaCount: 3,
    bricks: [1, 2, 3, 1, 2, 3].map((n, i) => brick(n, `/b${i}`)),
  };

  it('removes whole sets with data migration, leaving at least one set', () => {
    const plan = removeBricksPlan(dr, [3, 4, 5]);
    expect(plan.issues).toEqual([]);
    expect(plan.mode).toBe('migrate');
    expect(plan.layout).toMatchObject({ type: 'Replicate', replicaCount: 3 });
    expect(removeBricksPlan(dr, [3, 4]).issues[0]?.message).toContain(
      GLUSTER_MESSAGES.removeWholeSets(3, 'replica'),
    );
    expect(removeBricksPlan(dr, [0, 1, 2, 3, 4, 5]).issues[0]?.message).toBe(
      GLUSTER_MESSAGES.removeAll,
    );
    expect(removeBricksPlan(dr, [7]).issues[0]?.message).toBe(GLUSTER_MESSAGES.brickNotInVolume);
  });

  it('migrates data only off an Up volume; without migration it forces', () => {
    const down = { ...dr, status: 'Down' as const };
    expect(removeBricksPlan(down, [3, 4, 5]).issues).toEqual([
      { field: 'migrateData', message: GLUSTER_MESSAGES.removeMigrateDown },
    ]);
    expect(removeBricksPlan(down, [3, 4, 5], { migrate: false })).toMatchObject({
      mode: 'force',
      issues: [],
    });
  });

  it('lowers the replica count with one brick of every set', () => {
    const plan = removeBricksPlan(dr, [2, 5], { replicaCount: 2 });
    expect(plan.issues).toEqual([]);
    expect(plan.mode).toBe('reduce-replica');
    expect(plan.layout).toMatchObject({ type: 'Distributed-Replicate', replicaCount: 2 });
    expect(plan.layout.bricks).toHaveLength(4);
    expect(removeBricksPlan(dr, [2], { replicaCount: 2 }).issues[0]?.message).toBe(
      GLUSTER_MESSAGES.removeOnePerSet,
    );
    expect(removeBricksPlan(dr, [1, 2, 5], { replicaCount: 2 }).issues[0]?.message).toBe(
      GLUSTER_MESSAGES.removeOnePerSet,
    );
    expect(removeBricksPlan(dr, [2, 5], { replicaCount: 1 }).issues[0]?.field).toBe('replicaCount');
    const arb = { ...dr, arbiterCount: 1 };
    expect(removeBricksPlan(arb, [2, 5], { replicaCount: 2 }).issues[0]?.message).toBe(
      GLUSTER_MESSAGES.removeArbiter,
    );
  });

  it('removes any bricks of a Distribute volume but the last', () => {
    const dist = {
      status: 'Up' as const,
      type: 'Distribute' as const,
      bricks: [brick(1), brick(2)],
    };
    expect(removeBricksPlan(dist, [1]).issues).toEqual([]);
    expect(removeBricksPlan({ ...dist, bricks: [brick(1)] }, [0]).issues[0]?.message).toBe(
      GLUSTER_MESSAGES.removeOnlyBrick,
    );
  });
});

describe('optimize for virt store', () => {
  // Found on gluster 10.3 (testdata/set-group-virt-*.xml): `volume set <vol> group virt`
  // works on Replicate (replica 2 and 3), Distributed-Replicate and arbiter volumes, and
  // is refused whole on Distribute, Disperse and Distributed-Disperse.
  it('is refused, before anything changes, for every type gluster refuses the virt group on', () => {
    for (const type of ['Distribute', 'Disperse', 'Distributed-Disperse'] as const) {
      expect(virtStoreRefusal({ type })).toBe(GLUSTER_MESSAGES.virtStoreType(type));
      for (const status of ['Up', 'Down'] as const)
        expect(glusterVolumeActions({ status, type, brickCount: 3 }).optimize).toEqual({
          allowed: false,
          reason: GLUSTER_MESSAGES.virtStoreType(type),
        });
    }
    expect(virtStoreRefusal({ type: 'Distribute' })).toBe(
      "A Distribute volume cannot be optimized for virt store: gluster's virt option group sets self-heal options that only replicated volumes have. A virt store is meant to be replica 3 (or replica 3 with an arbiter).",
    );
    for (const type of ['Replicate', 'Distributed-Replicate'] as const) {
      expect(virtStoreRefusal({ type })).toBeUndefined();
      expect(glusterVolumeActions({ status: 'Up', type, brickCount: 6 }).optimize.allowed).toBe(
        true,
      );
    }
  });

  it('warns for a replicated volume unless it is replica 3 (arbiter included)', () => {
    expect(virtStoreWarning({ type: 'Replicate', replicaCount: 3 })).toBeUndefined();
    expect(
      virtStoreWarning({ type: 'Distributed-Replicate', replicaCount: 3, arbiterCount: 1 }),
    ).toBeUndefined();
    expect(virtStoreWarning({ type: 'Replicate', replicaCount: 2 })).toBe(
      'A virt store should be replica 3 (or replica 3 with an arbiter); this volume is replica 2.',
    );
    expect(virtStoreWarning({ type: 'Distributed-Replicate', replicaCount: 4 })).toBe(
      GLUSTER_MESSAGES.virtStoreReplica(4),
    );
    // Types that cannot be optimized are refused, not warned about.
    expect(virtStoreWarning({ type: 'Distribute' })).toBeUndefined();
    expect(virtStoreWarning({ type: 'Disperse', disperseCount: 3 })).toBeUndefined();
  });

  it('keeps a busy volume busy first', () => {
    expect(
      glusterVolumeActions({
        status: 'Up',
        type: 'Distribute',
        brickCount: 2,
        operation: 'Adding bricks',
      }).optimize.reason,
    ).toBe(GLUSTER_MESSAGES.busy('Adding bricks'));
  });
});

describe('layout rules without host names', () => {
  it('judges counts and duplicates but leaves shared servers to callers that know host names', () => {
    const layout: GlusterLayout = {
      type: 'Replicate',
      replicaCount: 3,
      bricks: [brick(1), brick(2), brick(1, '/bricks/other')],
    };
    expect(brickCountIssues(layout)).toEqual([]);
    expect(brickLayoutIssues(layout, names)).toEqual([
      { field: 'bricks.2.hostId', message: GLUSTER_MESSAGES.sameServer('replica', 'host1') },
    ]);
    expect(brickCountIssues({ ...layout, bricks: [brick(1), brick(2), brick(2)] })).toEqual([
      { field: 'bricks.2.directory', message: GLUSTER_MESSAGES.duplicateBrick },
    ]);
    expect(brickCountIssues({ ...layout, bricks: [brick(1), brick(2)] })).toEqual([
      { field: 'bricks', message: GLUSTER_MESSAGES.replicateBricks(3) },
    ]);
  });
});
