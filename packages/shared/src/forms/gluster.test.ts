import { describe, expect, it } from 'vitest';
import { GLUSTER_MESSAGES } from '../rules/gluster.js';
import {
  glusterBrickReplaceInput,
  glusterBricksAddInput,
  glusterBricksRemoveInput,
  glusterOptionResetInput,
  glusterOptionSetInput,
  glusterVolumeCreateInput,
} from './gluster.js';

const cluster = '0b0f3c1e-5d2a-4e8b-9a61-2f4c7d9e1a30';
const h = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const volume = '11111111-2222-4333-8444-555555555555';

/** zod's messages by dotted path: where the dialog shows each. */
function issues(
  schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
  input: unknown,
) {
  const r = schema.safeParse(input) as {
    success: boolean;
    error?: { issues: { path: PropertyKey[]; message: string }[] };
  };
  const out: Record<string, string[]> = {};
  for (const i of r.error?.issues ?? []) (out[i.path.join('.')] ??= []).push(i.message);
  return out;
}

const replica3 = {
  clusterId: cluster,
  name: 'vmstore',
  type: 'Replicate',
  replicaCount: 3,
  bricks: [1, 2, 3].map((n) => ({ hostId: h(n), directory: '/gluster_bricks/vmstore/vmstore' })),
};

describe('New Volume', () => {
  it('takes a replica 3 volume, with defaults for transport, force, optimize and start', () => {
    expect(glusterVolumeCreateInput.parse(replica3)).toEqual({
      ...replica3,
      transport: 'TCP',
      force: false,
      optimizeForVirt: false,
      start: false,
    });
  });

  it('refuses replica 3 with two bricks, on the bricks field', () => {
    expect(
      issues(glusterVolumeCreateInput, { ...replica3, bricks: replica3.bricks.slice(0, 2) }),
    ).toEqual({
      bricks: [GLUSTER_MESSAGES.replicateBricks(3)],
    });
  });

  it('leaves bricks of a set on one server to the engine, which names the host', () => {
    // The message names the host ("must not share a server (gl-1)"): the schema knows
    // only ids, so the engine refuses it (bricks.2.hostId) and the dialog marks it itself.
    const bricks = [
      { hostId: h(1), directory: '/b/1' },
      { hostId: h(2), directory: '/b/2' },
      { hostId: h(1), directory: '/b/3' },
    ];
    expect(issues(glusterVolumeCreateInput, { ...replica3, bricks })).toEqual({});
    // The same brick twice is the input's own fault: refused here.
    expect(
      issues(glusterVolumeCreateInput, {
        ...replica3,
        bricks: [...bricks.slice(0, 2), { hostId: h(1), directory: '/b/1/' }],
      }),
    ).toEqual({ 'bricks.2.directory': [GLUSTER_MESSAGES.duplicateBrick] });
  });

  it('refuses optimizing a type gluster will not take the virt group on, on optimizeForVirt', () => {
    for (const [type, extra] of [
      ['Distribute', {}],
      ['Disperse', { disperseCount: 3, redundancyCount: 1 }],
    ] as const) {
      const input = { ...replica3, type, ...extra, optimizeForVirt: true };
      expect(issues(glusterVolumeCreateInput, input)).toEqual({
        optimizeForVirt: [GLUSTER_MESSAGES.virtStoreType(type)],
      });
      expect(glusterVolumeCreateInput.safeParse({ ...input, optimizeForVirt: false }).success).toBe(
        true,
      );
    }
    // Replica 2 is optimized, with the warning the dialog shows.
    expect(
      glusterVolumeCreateInput.safeParse({
        ...replica3,
        replicaCount: 2,
        bricks: replica3.bricks.slice(0, 2),
        optimizeForVirt: true,
      }).success,
    ).toBe(true);
  });

  it('checks the brick directory: absolute, no dot segments, spaces or colons, not /', () => {
    const at = (directory: unknown) =>
      issues(glusterVolumeCreateInput, {
        ...replica3,
        type: 'Distribute',
        bricks: [{ hostId: h(1), directory }],
      })['bricks.0.directory'];
    expect(at('relative/dir')?.[0]).toMatch(/absolute path/);
    expect(at('/a/../b')?.[0]).toMatch(/'\.' or '\.\.'/);
    expect(at('/a/./b')?.[0]).toMatch(/'\.' or '\.\.'/);
    expect(at('/a b')?.[0]).toMatch(/spaces or colons/);
    expect(at('/a:b')?.[0]).toMatch(/spaces or colons/);
    expect(at('//')?.[0]).toBe('A brick cannot be the root directory.');
    expect(at('')?.[0]).toMatch(/^Enter the brick directory/);
    expect(at('/ok\n/x')?.[0]).toMatch(/control characters/);
    const parsed = glusterVolumeCreateInput.parse({
      ...replica3,
      type: 'Distribute',
      bricks: [{ hostId: h(1), directory: ' /gluster//data/ ' }],
    });
    expect(parsed.bricks[0]?.directory).toBe('/gluster/data');
  });

  it('checks names as gluster does', () => {
    const name = (n: string) => issues(glusterVolumeCreateInput, { ...replica3, name: n }).name;
    expect(name('data_01-a')).toBeUndefined();
    expect(name('bad.name')?.[0]).toMatch(/letters, digits/);
    expect(name('all')?.[0]).toMatch(/keyword/);
    expect(name('-x')?.[0]).toMatch(/cannot start/);
    expect(name('x'.repeat(65))?.[0]).toMatch(/at most 64/);
    expect(name('')?.[0]).toBe('A volume needs a name.');
  });

  it('needs at least one brick, and knows the types and counts', () => {
    expect(issues(glusterVolumeCreateInput, { ...replica3, bricks: [] }).bricks).toContain(
      'A volume needs at least one brick.',
    );
    expect(issues(glusterVolumeCreateInput, { ...replica3, type: 'Striped' }).type).toEqual([
      'Choose a volume type.',
    ]);
    expect(
      issues(glusterVolumeCreateInput, {
        ...replica3,
        type: 'Disperse',
        disperseCount: 3,
        redundancyCount: 2,
      }),
    ).toEqual({ redundancyCount: [GLUSTER_MESSAGES.redundancy(3)] });
    expect(issues(glusterVolumeCreateInput, { ...replica3, transport: 'RDMA' }).transport).toEqual([
      'The transport is TCP.',
    ]);
    expect(
      issues(glusterVolumeCreateInput, { ...replica3, replicaCount: 2.5 }).replicaCount?.[0],
    ).toBe('The replica count is a whole number.');
  });
});

describe('volume options and bricks', () => {
  it('takes option names like section.name and one-line values', () => {
    expect(
      glusterOptionSetInput.parse({ id: volume, key: 'performance.read-ahead', value: ' off ' }),
    ).toEqual({
      id: volume,
      key: 'performance.read-ahead',
      value: 'off',
    });
    expect(
      issues(glusterOptionSetInput, { id: volume, key: 'group', value: 'virt' }).key?.[0],
    ).toMatch(/looks like/);
    expect(issues(glusterOptionSetInput, { id: volume, key: 'a.b', value: '' }).value).toEqual([
      'Enter a value.',
    ]);
    expect(glusterOptionResetInput.parse({ id: volume })).toEqual({ id: volume });
  });

  it('adds bricks without duplicates; removes by brick id; replaces one', () => {
    const b = { hostId: h(1), directory: '/b' };
    expect(
      issues(glusterBricksAddInput, { id: volume, bricks: [b, { ...b, directory: '/b/' }] }),
    ).toEqual({
      'bricks.1.directory': [GLUSTER_MESSAGES.duplicateBrick],
    });
    expect(glusterBricksRemoveInput.parse({ id: volume, brickIds: [h(1)] })).toEqual({
      id: volume,
      brickIds: [h(1)],
      migrateData: true,
    });
    expect(issues(glusterBricksRemoveInput, { id: volume, brickIds: [] }).brickIds).toEqual([
      'Choose at least one brick.',
    ]);
    expect(
      issues(glusterBrickReplaceInput, {
        id: volume,
        brickId: h(1),
        brick: { hostId: 'x', directory: '/n' },
      }),
    ).toEqual({
      'brick.hostId': ['Choose the host of the brick.'],
    });
  });
});
