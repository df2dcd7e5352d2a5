import { describe, expect, it } from 'vitest';
import { GLUSTER_MESSAGES, glusterVolumeCreateInput } from '@corral/shared';
import type { BrickCandidates, BrickRow, CandidateHost } from './brickModel.js';
import {
  addedPlaces,
  canRaiseReplica,
  canReduceReplica,
  editedRowFields,
  editedVolumeFields,
  newVolumeForm,
  removeBricksCheck,
  toAddBricksInput,
  toCreateInput,
  toRemoveBricksInput,
  validateAddBricks,
  validateReplaceBrick,
  validateVolumeForm,
  volumeBrickPlaces,
  volumeFields,
  volumePlaces,
  volumeVirtWarning,
  type VolumeFormState,
  type VolumeShape,
} from './volumeForm.js';

const CLUSTER = '6a1f7d2e-1c1b-4a53-9d6e-0a1b2c3d4e01';
const H1 = '6a1f7d2e-1c1b-4a53-9d6e-0a1b2c3d4e11';
const H2 = '6a1f7d2e-1c1b-4a53-9d6e-0a1b2c3d4e12';
const H3 = '6a1f7d2e-1c1b-4a53-9d6e-0a1b2c3d4e13';
const VOL = '6a1f7d2e-1c1b-4a53-9d6e-0a1b2c3d4e21';
const B = (n: number) => `6a1f7d2e-1c1b-4a53-9d6e-0a1b2c3d4e3${n}`;

const candidate = (id: string, name: string, over: Partial<CandidateHost> = {}): CandidateHost => ({
  id,
  name,
  status: 'Up',
  usable: true,
  reason: null,
  filesystems: [{ mount: '/', totalGb: 100, freeGb: 60 }],
  bricks: [],
  ...over,
});

const candidates: BrickCandidates = {
  clusterId: CLUSTER,
  hosts: [
    candidate(H1, 'gl-1', {
      bricks: [{ volumeName: 'engine', directory: '/gluster_bricks/engine' }],
    }),
    candidate(H2, 'gl-2'),
    candidate(H3, 'gl-3', { status: 'Maintenance', usable: false, reason: 'not Up' }),
  ],
};

const rows = (...bricks: [string, string][]): BrickRow[] =>
  bricks.map(([hostId, directory], key) => ({ key, hostId, directory }));

const form = (over: Partial<VolumeFormState> = {}): VolumeFormState => ({
  ...newVolumeForm(CLUSTER),
  name: 'data',
  ...over,
});

describe('New Volume', () => {
  it('sends only the counts the type has', () => {
    const replicate = toCreateInput(
      form({ bricks: rows([H1, '/b/1'], [H2, '/b/2'], [H1, '/b/3']), arbiter: true }),
    );
    expect(replicate).toMatchObject({
      type: 'Replicate',
      replicaCount: 3,
      arbiterCount: 1,
      disperseCount: null,
      redundancyCount: null,
      transport: 'TCP',
    });
    const disperse = toCreateInput(
      form({ type: 'Disperse', disperseCount: '6', redundancyCount: '2' }),
    );
    expect(disperse).toMatchObject({
      replicaCount: null,
      arbiterCount: null,
      disperseCount: 6,
      redundancyCount: 2,
    });
    const distribute = toCreateInput(form({ type: 'Distribute', arbiter: true }));
    expect(distribute).toMatchObject({
      replicaCount: null,
      arbiterCount: null,
      disperseCount: null,
    });
  });

  it('passes the shared schema when the form is right', () => {
    const s = form({
      force: true,
      bricks: rows([H1, '/srv/b1'], [H1, '/srv/b2'], [H1, '/srv/b3']),
    });
    expect(glusterVolumeCreateInput.safeParse(toCreateInput(s)).success).toBe(true);
    expect(validateVolumeForm(s, candidates)).toEqual({ form: [], fields: {} });
  });

  it('refuses replica 3 with 2 bricks on the bricks list, as the BFF would', () => {
    const e = validateVolumeForm(form({ bricks: rows([H1, '/b/1'], [H2, '/b/2']) }), candidates);
    expect(e.fields.bricks).toEqual([GLUSTER_MESSAGES.replicateBricks(3)]);
  });

  it('names hosts, not ids, when a replica set shares a server, and lets force allow it', () => {
    const bricks = rows([H1, '/b/1'], [H2, '/b/2'], [H1, '/b/3']);
    const e = validateVolumeForm(form({ bricks }), candidates);
    expect(e.fields['bricks.2.hostId']).toEqual([GLUSTER_MESSAGES.sameServer('replica', 'gl-1')]);
    expect(JSON.stringify(e)).not.toContain(H1);
    expect(validateVolumeForm(form({ bricks, force: true }), candidates).fields).toEqual({});
  });

  it('refuses a directory that is already a brick, and one inside it, on that row', () => {
    const e = validateVolumeForm(
      form({
        type: 'Distribute',
        bricks: rows(
          [H1, '/gluster_bricks/engine'],
          [H2, '/gluster_bricks/engine'],
          [H1, '/gluster_bricks/engine/x'],
        ),
      }),
      candidates,
    );
    expect(e.fields['bricks.0.directory']).toEqual([
      GLUSTER_MESSAGES.dirInUse('/gluster_bricks/engine', 'gl-1', 'engine'),
    ]);
    // Another host's same path is free.
    expect(e.fields['bricks.1.directory']).toBeUndefined();
    expect(e.fields['bricks.2.directory']?.[0]).toContain('is inside /gluster_bricks/engine');
  });

  it('refuses a host that is not Up', () => {
    const e = validateVolumeForm(
      form({ type: 'Distribute', bricks: rows([H3, '/b/1']) }),
      candidates,
    );
    expect(e.fields['bricks.0.hostId']).toEqual([GLUSTER_MESSAGES.hostNotUp('gl-3')]);
  });

  it('shows every mistake at once, the name with the bricks', () => {
    const e = validateVolumeForm(
      form({ name: 'all', bricks: rows([H1, 'relative'], [H1, '/b/2']) }),
      candidates,
    );
    expect(e.fields.name).toBeDefined();
    expect(e.fields['bricks.0.directory']?.[0]).toContain('absolute path');
    expect(e.fields.bricks).toEqual([GLUSTER_MESSAGES.replicateBricks(3)]);
  });

  it('says "choose a host" on a row without one, not that it shares a server', () => {
    const e = validateVolumeForm(
      form({ bricks: rows(['', '/b/1'], ['', '/b/2'], [H1, '/b/3']) }),
      candidates,
    );
    expect(e.fields['bricks.1.hostId']).toEqual(['Choose the host of the brick.']);
  });

  it('leaves the layout alone while a count is half-typed', () => {
    const e = validateVolumeForm(
      form({ replicaCount: '', bricks: rows([H1, '/b/1']) }),
      candidates,
    );
    expect(e.fields.replicaCount).toEqual(['The replica count is a number.']);
    expect(e.fields.bricks).toBeUndefined();
  });

  it('refuses an arbiter unless replica 3', () => {
    const e = validateVolumeForm(
      form({ replicaCount: '2', arbiter: true, bricks: rows([H1, '/b/1'], [H2, '/b/2']) }),
      candidates,
    );
    expect(e.fields.arbiterCount).toEqual([GLUSTER_MESSAGES.arbiterReplica]);
  });

  it('groups the rows in replica sets and marks the arbiter', () => {
    const s = form({
      type: 'Distributed-Replicate',
      arbiter: true,
      bricks: rows(...Array.from({ length: 6 }, (_, i): [string, string] => [H1, `/b/${i}`])),
    });
    expect(volumePlaces(s).map((p) => [p.set, p.arbiter])).toEqual([
      [1, false],
      [1, false],
      [1, true],
      [2, false],
      [2, false],
      [2, true],
    ]);
  });

  it('warns about a virt store that is not replica 3, only when optimizing', () => {
    expect(volumeVirtWarning(form({ optimizeForVirt: true }))).toBeUndefined();
    expect(volumeVirtWarning(form({ optimizeForVirt: true, replicaCount: '2' }))).toContain(
      'replica 2',
    );
    expect(volumeVirtWarning(form({ optimizeForVirt: false, replicaCount: '2' }))).toBeUndefined();
  });

  it('lists a field for every brick row, so their messages are not moved to the form', () => {
    expect(volumeFields(form({ bricks: rows([H1, '/a'], [H2, '/b']) }))).toEqual(
      expect.arrayContaining(['bricks.1.hostId', 'bricks.1.directory', 'arbiterCount']),
    );
  });
});

const volume = (over: Partial<VolumeShape> = {}): VolumeShape => ({
  id: VOL,
  name: 'data',
  clusterId: CLUSTER,
  type: 'Replicate',
  status: 'Up',
  replicaCount: 2,
  arbiterCount: 0,
  disperseCount: 0,
  redundancyCount: 0,
  bricks: [H1, H2].map((hostId, i) => ({
    id: B(i),
    position: i,
    hostId,
    hostName: hostId === H1 ? 'gl-1' : 'gl-2',
    name: `x:/gluster_bricks/data/b${i}`,
    directory: `/gluster_bricks/data/b${i}`,
    status: 'Up',
    isArbiter: false,
    totalGb: 100,
    freeGb: 50,
  })),
  ...over,
});

describe('Add Bricks', () => {
  it('adds whole replica sets after the volume’s', () => {
    const s = { rows: rows([H1, '/b/3'], [H2, '/b/4']), raiseReplica: false, force: false };
    expect(validateAddBricks(volume(), s, candidates)).toEqual({ form: [], fields: {} });
    expect(addedPlaces(volume(), s).map((p) => p.set)).toEqual([2, 2]);
    expect(toAddBricksInput(volume(), s).replicaCount).toBeNull();
  });

  it('refuses a part of a set', () => {
    const s = { rows: rows([H1, '/b/3']), raiseReplica: false, force: false };
    expect(validateAddBricks(volume(), s, candidates).fields.bricks).toEqual([
      GLUSTER_MESSAGES.addBricksSets(2, 'replica'),
    ]);
  });

  it('raises the replica count by one brick per set, on a server the set is not on', () => {
    const s = { rows: rows([H1, '/b/3']), raiseReplica: true, force: false };
    expect(toAddBricksInput(volume(), s).replicaCount).toBe(3);
    expect(validateAddBricks(volume(), s, candidates).fields['bricks.0.hostId']).toEqual([
      GLUSTER_MESSAGES.sameServer('replica', 'gl-1'),
    ]);
    expect(addedPlaces(volume(), s).map((p) => p.set)).toEqual([1]);
  });

  it('refuses a brick the volume already has', () => {
    const s = {
      rows: rows([H1, '/gluster_bricks/data/b0'], [H2, '/b/4']),
      raiseReplica: false,
      force: false,
    };
    expect(validateAddBricks(volume(), s, candidates).fields['bricks.0.directory']).toEqual([
      GLUSTER_MESSAGES.duplicateBrick,
    ]);
  });

  it('offers raising the replica count only where gluster allows it', () => {
    expect(canRaiseReplica(volume())).toBe(true);
    expect(canRaiseReplica(volume({ type: 'Distribute' }))).toBe(true);
    expect(canRaiseReplica(volume({ replicaCount: 3, arbiterCount: 1 }))).toBe(false);
    expect(canRaiseReplica(volume({ type: 'Disperse' }))).toBe(false);
  });
});

describe('Remove Bricks', () => {
  const dist = volume({
    type: 'Distributed-Replicate',
    bricks: [0, 1, 2, 3].map((i) => ({ ...volume().bricks[i % 2]!, id: B(i), position: i })),
  });

  it('takes whole sets, migrating their data first, in the volume’s order', () => {
    const s = { brickIds: new Set([B(3), B(2)]), reduceReplica: false, migrateData: true };
    const r = removeBricksCheck(dist, s);
    expect(r).toMatchObject({ mode: 'migrate', left: 2 });
    expect(r.errors).toEqual({ form: [], fields: {} });
    expect(toRemoveBricksInput(dist, s).brickIds).toEqual([B(2), B(3)]);
  });

  it('refuses half a set', () => {
    const r = removeBricksCheck(dist, {
      brickIds: new Set([B(1)]),
      reduceReplica: false,
      migrateData: true,
    });
    expect(r.errors.fields.brickIds?.[0]).toContain('whole replica set');
  });

  it('refuses migrating off a volume that is Down', () => {
    const r = removeBricksCheck(
      { ...dist, status: 'Down' },
      { brickIds: new Set([B(2), B(3)]), reduceReplica: false, migrateData: true },
    );
    expect(r.errors.fields.migrateData).toEqual([GLUSTER_MESSAGES.removeMigrateDown]);
    const dropped = removeBricksCheck(
      { ...dist, status: 'Down' },
      { brickIds: new Set([B(2), B(3)]), reduceReplica: false, migrateData: false },
    );
    expect(dropped.mode).toBe('force');
  });

  it('lowers the replica count with one brick of every set', () => {
    const s = { brickIds: new Set([B(1), B(3)]), reduceReplica: true, migrateData: true };
    expect(removeBricksCheck(dist, s)).toMatchObject({ mode: 'reduce-replica', left: 2 });
    expect(toRemoveBricksInput(dist, s)).toMatchObject({ replicaCount: 1, migrateData: false });
    expect(
      removeBricksCheck(dist, { ...s, brickIds: new Set([B(1)]) }).errors.fields.brickIds,
    ).toEqual([GLUSTER_MESSAGES.removeOnePerSet]);
    expect(canReduceReplica(dist)).toBe(true);
    expect(canReduceReplica(volume({ type: 'Distribute' }))).toBe(false);
  });
});

describe('Replace Brick', () => {
  const state = { brickId: B(1), hostId: H2, directory: '/b/new', force: false };

  it('accepts a new directory on a host the rest of the set is not on', () => {
    expect(validateReplaceBrick(volume(), state, candidates)).toEqual({ form: [], fields: {} });
  });

  it('refuses moving the brick onto a server its set already uses, unless forced', () => {
    const onH1 = { ...state, hostId: H1 };
    expect(validateReplaceBrick(volume(), onH1, candidates).fields['brick.hostId']).toEqual([
      GLUSTER_MESSAGES.sameServer('replica', 'gl-1'),
    ]);
    expect(validateReplaceBrick(volume(), { ...onH1, force: true }, candidates).fields).toEqual({});
  });

  it('refuses a directory in use and a host that is not Up, on the new brick’s fields', () => {
    const e = validateReplaceBrick(
      volume(),
      { ...state, hostId: H1, directory: '/gluster_bricks/engine', force: true },
      candidates,
    );
    expect(e.fields['brick.directory']?.[0]).toContain('already a brick of volume engine');
    const down = validateReplaceBrick(volume(), { ...state, hostId: H3 }, candidates);
    expect(down.fields['brick.hostId']).toEqual([GLUSTER_MESSAGES.hostNotUp('gl-3')]);
  });
});

describe('volumeBrickPlaces', () => {
  it('shows the volume’s own sets and arbiters', () => {
    const v = volume({
      replicaCount: 3,
      arbiterCount: 1,
      bricks: [0, 1, 2].map((i) => ({ ...volume().bricks[0]!, id: B(i), position: i })),
    });
    expect(volumeBrickPlaces(v).map((p) => p.arbiter)).toEqual([false, false, true]);
  });
});

describe('what an edit touched (the BFF’s messages on those fields go)', () => {
  const before = rows([H1, '/b/0'], [H2, '/b/1'], [H1, '/b/2']);

  it('names the changed cell of a row at its place now', () => {
    const after = before.map((r) => (r.key === 1 ? { ...r, directory: '/b/x' } : r));
    expect(editedRowFields(before, after)).toEqual(['bricks.1.directory']);
  });

  it('adds the list itself when rows come, go or move', () => {
    const moved = [before[2]!, before[0]!, before[1]!];
    expect(editedRowFields(before, moved)).toEqual(['bricks']);
    expect(editedRowFields(before, before.slice(1))).toEqual(['bricks']);
    expect(editedRowFields(before, [...before, { key: 7, hostId: '', directory: '' }])).toEqual([
      'bricks.3.hostId',
      'bricks.3.directory',
      'bricks',
    ]);
  });

  it('maps the form’s keys to the input’s fields, and counts to the bricks list', () => {
    const s = form({ bricks: before });
    expect(editedVolumeFields(s, { ...s, name: 'x' })).toEqual(['name']);
    expect(editedVolumeFields(s, { ...s, arbiter: true })).toEqual(['arbiterCount', 'bricks']);
    expect(editedVolumeFields(s, { ...s, replicaCount: '2' })).toEqual(['replicaCount', 'bricks']);
    expect(editedVolumeFields(s, s)).toEqual([]);
  });
});
