import { describe, expect, it } from 'vitest';
import {
  addRow,
  brickCountHint,
  brickPlaces,
  filesystemOf,
  hostForNewRow,
  largestFree,
  moveRow,
  placementContext,
  raisedReplicaPlaces,
  reindexRowFields,
  removeRow,
  rootPartitionRows,
  updateRow,
  type BrickRow,
  type CandidateHost,
} from './brickModel.js';

const host = (id: string, over: Partial<CandidateHost> = {}): CandidateHost => ({
  id,
  name: `host-${id}`,
  status: 'Up',
  usable: true,
  reason: null,
  filesystems: [
    { mount: '/', totalGb: 100, freeGb: 40 },
    { mount: '/gluster_bricks', totalGb: 500, freeGb: 450 },
  ],
  bricks: [],
  ...over,
});

const rows = (...dirs: string[]): BrickRow[] =>
  dirs.map((directory, key) => ({ key, hostId: 'a', directory }));

describe('brick rows', () => {
  it('adds, updates, moves and removes rows by key', () => {
    let r = rows('/b/0', '/b/1', '/b/2');
    r = addRow(r, { key: 9, hostId: 'b', directory: '/b/9' });
    expect(r.map((x) => x.key)).toEqual([0, 1, 2, 9]);
    r = moveRow(r, 9, -1);
    expect(r.map((x) => x.key)).toEqual([0, 1, 9, 2]);
    r = moveRow(r, 0, -1);
    expect(r.map((x) => x.key)).toEqual([0, 1, 9, 2]);
    r = moveRow(r, 2, 1);
    expect(r.map((x) => x.key)).toEqual([0, 1, 9, 2]);
    r = updateRow(r, 1, { directory: '/x' });
    expect(r[1]).toEqual({ key: 1, hostId: 'a', directory: '/x' });
    r = removeRow(r, 0);
    expect(r.map((x) => x.key)).toEqual([1, 9, 2]);
  });

  it('starts a new row on a host the rest of its replica set is not on', () => {
    const hosts = [host('a'), host('b'), host('c')];
    expect(hostForNewRow([], hosts, 3)).toBe('a');
    expect(hostForNewRow([{ hostId: 'a' }], hosts, 3)).toBe('b');
    expect(hostForNewRow([{ hostId: 'a' }, { hostId: 'b' }], hosts, 3)).toBe('c');
    // A new set starts: any host again.
    expect(hostForNewRow([{ hostId: 'a' }, { hostId: 'b' }, { hostId: 'c' }], hosts, 3)).toBe('a');
    // Only one host: it is still the one offered.
    expect(hostForNewRow([{ hostId: 'a' }], [host('a')], 3)).toBe('a');
  });

  it('never starts a row on a host that cannot hold bricks', () => {
    const hosts = [host('a', { usable: false, status: 'Maintenance' }), host('b')];
    expect(hostForNewRow([], hosts, 1)).toBe('b');
    expect(hostForNewRow([], [host('a', { usable: false })], 1)).toBe('');
  });
});

describe('brickPlaces', () => {
  it('groups a Distributed-Replicate volume in replica sets, in order', () => {
    const places = brickPlaces({ type: 'Distributed-Replicate', replicaCount: 2 }, 5);
    expect(places.map((p) => p.set)).toEqual([1, 1, 2, 2, 3]);
    expect(places.map((p) => p.first)).toEqual([true, false, true, false, true]);
    expect(places.map((p) => p.incomplete)).toEqual([false, false, false, false, true]);
    expect(places.some((p) => p.arbiter)).toBe(false);
  });

  it('marks every third brick of an arbiter volume as its arbiter', () => {
    const places = brickPlaces(
      { type: 'Distributed-Replicate', replicaCount: 3, arbiterCount: 1 },
      6,
    );
    expect(places.map((p) => p.arbiter)).toEqual([false, false, true, false, false, true]);
  });

  it('groups nothing for Distribute, nor while a count is half-typed', () => {
    expect(brickPlaces({ type: 'Distribute' }, 3).every((p) => p.set === null)).toBe(true);
    expect(
      brickPlaces({ type: 'Replicate', replicaCount: undefined }, 2).every((p) => p.set === null),
    ).toBe(true);
    expect(
      brickPlaces({ type: 'Replicate', replicaCount: 1 }, 2).every((p) => p.set === null),
    ).toBe(true);
  });

  it('groups disperse sets by the disperse count', () => {
    const places = brickPlaces(
      { type: 'Distributed-Disperse', disperseCount: 3, redundancyCount: 1 },
      6,
    );
    expect(places.map((p) => p.set)).toEqual([1, 1, 1, 2, 2, 2]);
    expect(places.some((p) => p.arbiter)).toBe(false);
  });

  it('goes on after the bricks a volume has (Add Bricks)', () => {
    const places = brickPlaces({ type: 'Replicate', replicaCount: 3, arbiterCount: 1 }, 3, 3);
    expect(places.map((p) => p.set)).toEqual([2, 2, 2]);
    expect(places.map((p) => p.first)).toEqual([true, false, false]);
    expect(places.map((p) => p.arbiter)).toEqual([false, false, true]);
  });

  it('puts one raised-replica brick in each set', () => {
    expect(raisedReplicaPlaces(3).map((p) => p.set)).toEqual([1, 2, 3]);
  });

  it('says what the bricks must come to per type', () => {
    expect(brickCountHint({ type: 'Replicate', replicaCount: 3 })).toContain('3 bricks');
    expect(brickCountHint({ type: 'Distributed-Replicate', replicaCount: 2 })).toContain(
      'multiple of 2 bricks (at least 4)',
    );
    expect(brickCountHint({ type: 'Disperse', disperseCount: 6 })).toContain('6 bricks');
  });
});

describe('space', () => {
  it('finds the filesystem mounted deepest above the directory', () => {
    const h = host('a');
    expect(filesystemOf(h, '/gluster_bricks/data/b1')?.mount).toBe('/gluster_bricks');
    expect(filesystemOf(h, '/gluster_bricks')?.mount).toBe('/gluster_bricks');
    // A name that merely starts like the mount is not under it.
    expect(filesystemOf(h, '/gluster_bricks2/b1')?.mount).toBe('/');
    expect(filesystemOf(h, '/srv//b1/')?.mount).toBe('/');
    expect(filesystemOf(h, 'relative')).toBeNull();
    expect(filesystemOf(host('a', { filesystems: null }), '/srv/b1')).toBeNull();
    expect(filesystemOf(undefined, '/srv/b1')).toBeNull();
  });

  it('tells the rows that would sit on the root partition', () => {
    const r: BrickRow[] = [
      { key: 0, hostId: 'a', directory: '/srv/b0' },
      { key: 1, hostId: 'a', directory: '/gluster_bricks/b1' },
      { key: 2, hostId: 'x', directory: '/srv/b2' },
    ];
    expect(rootPartitionRows(r, [host('a')])).toEqual([0]);
  });

  it('gives a host its largest free space, or none when it did not say', () => {
    expect(largestFree(host('a'))).toBe(450);
    expect(largestFree(host('a', { filesystems: null }))).toBeNull();
    expect(largestFree(host('a', { filesystems: [] }))).toBeNull();
  });
});

describe('placementContext', () => {
  it('gives the shared rule every host and every brick the cluster has', () => {
    const ctx = placementContext({
      clusterId: 'c',
      hosts: [
        host('a', { bricks: [{ volumeName: 'data', directory: '/gluster_bricks/data' }] }),
        host('b', { status: 'Maintenance', usable: false }),
      ],
    });
    expect(ctx.hosts.get('b')).toEqual({
      id: 'b',
      name: 'host-b',
      status: 'Maintenance',
      clusterId: 'c',
    });
    expect(ctx.existing).toEqual([
      { hostId: 'a', directory: '/gluster_bricks/data', volumeName: 'data' },
    ]);
  });
});

describe('reindexRowFields', () => {
  const fields = {
    name: ['A volume needs a name.'],
    bricks: ['A Replicate volume needs exactly 3 bricks'],
    'bricks.0.hostId': ['host 0'],
    'bricks.2.directory': ['dir 2'],
  };

  it('moves messages with their rows', () => {
    // Row keys were [10, 11, 12]; the third row moved to the top.
    expect(reindexRowFields(fields, 'bricks', [10, 11, 12], [12, 10, 11])).toEqual({
      name: ['A volume needs a name.'],
      bricks: ['A Replicate volume needs exactly 3 bricks'],
      'bricks.1.hostId': ['host 0'],
      'bricks.0.directory': ['dir 2'],
    });
  });

  it('drops the messages of a removed row', () => {
    expect(reindexRowFields(fields, 'bricks', [10, 11, 12], [11, 12])).toEqual({
      name: ['A volume needs a name.'],
      bricks: ['A Replicate volume needs exactly 3 bricks'],
      'bricks.1.directory': ['dir 2'],
    });
  });

  it('leaves other lists alone', () => {
    expect(reindexRowFields({ 'nics.0.networkId': ['x'] }, 'bricks', [1], [])).toEqual({
      'nics.0.networkId': ['x'],
    });
  });
});
