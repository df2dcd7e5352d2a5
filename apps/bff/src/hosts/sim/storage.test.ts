import { afterEach, describe, expect, it } from 'vitest';
import type { HostConnection, PoolSpec } from '../driver.js';
import { SimDriver } from './driver.js';
import { SimHostError } from './errors.js';
import { TEST_TIMINGS } from './testing.js';

const nfs: PoolSpec = {
  id: '11111111-2222-4333-8444-555555555555',
  name: 'data1',
  type: 'NFS',
  source: 'nfs1:/exports/data',
};

describe('simulated storage', () => {
  let sim: SimDriver;
  afterEach(() => sim.close());

  async function two(): Promise<[HostConnection, HostConnection]> {
    sim = new SimDriver({ timings: TEST_TIMINGS });
    return [
      await sim.connect({ id: 'h1', name: 'h1', address: 'h1.example.com' }),
      await sim.connect({ id: 'h2', name: 'h2', address: 'h2.example.com' }),
    ];
  }

  it('shares a server’s volumes between the hosts that mount it', async () => {
    const [a, b] = await two();
    const info = await a.ensurePool(nfs);
    expect(info).toEqual({
      id: nfs.id,
      active: true,
      target: `/var/lib/corral/mnt/${nfs.id}`,
      capacityGb: 2048,
      allocationGb: 0,
      availableGb: 2048,
    });
    expect(
      await a.createVolume(nfs.id, {
        name: 'x.raw',
        format: 'raw',
        sizeGb: 10,
        preallocated: true,
      }),
    ).toBe(`/var/lib/corral/mnt/${nfs.id}/x.raw`);
    await a.createVolume(nfs.id, {
      name: 'y.qcow2',
      format: 'qcow2',
      sizeGb: 50,
      preallocated: false,
    });
    // The other host, once connected, sees the same storage.
    await expect(
      b.createVolume(nfs.id, { name: 'z.qcow2', format: 'qcow2', sizeGb: 1, preallocated: false }),
    ).rejects.toThrow(/not connected on host h2/);
    expect((await b.ensurePool(nfs)).allocationGb).toBe(10);
    expect(sim.volumesOf('h2', nfs.id)).toEqual(['x.raw', 'y.qcow2']);
    expect((await b.listPools()).map((p) => p.id)).toEqual([nfs.id]);

    await b.releasePool(nfs.id);
    expect(await b.listPools()).toEqual([]);
    expect((await a.listPools()).map((p) => p.availableGb)).toEqual([2038]);

    await a.formatPool(nfs);
    expect(await a.listPools()).toEqual([]);
    expect((await b.ensurePool(nfs)).allocationGb).toBe(0);
  });

  it('keeps Local storage per host, and refuses what does not fit', async () => {
    const [a, b] = await two();
    const local: PoolSpec = { ...nfs, type: 'Local', source: '/data/images' };
    expect((await a.ensurePool(local)).target).toBe('/data/images');
    await a.createVolume(local.id, {
      name: 'x.raw',
      format: 'raw',
      sizeGb: 500,
      preallocated: true,
    });
    expect((await b.ensurePool(local)).allocationGb).toBe(0);
    await expect(
      a.createVolume(local.id, { name: 'y.raw', format: 'raw', sizeGb: 20, preallocated: true }),
    ).rejects.toThrow('storage domain data1 has 12 GB free; y.raw needs 20 GB');
  });

  it('fails to mount a server that does not answer, until it does', async () => {
    const [a] = await two();
    sim.failStorageSource(nfs.source);
    const err = await a.ensurePool(nfs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimHostError);
    expect((err as Error).message).toBe(
      'host h1 cannot mount nfs1:/exports/data for storage domain data1: Connection timed out',
    );
    sim.recoverStorageSource(nfs.source);
    expect((await a.ensurePool(nfs)).active).toBe(true);
    sim.setStorageUsage(nfs.source, 100.5);
    expect((await a.listPools())[0]!.allocationGb).toBe(100.5);
  });
});
