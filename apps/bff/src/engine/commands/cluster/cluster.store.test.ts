// Creating or removing a cluster changes its data center's row (the Data Centers grid
// counts clusters): the feed carries the data center too, so the grid updates live.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import { engineHarness, type EngineHarness } from '../../testing/engine.js';
import { apiOf, refused, type Api } from '../data-center/testing.js';

describe.each(STORE_BACKENDS)('cluster changes on the feed on %s', (backend) => {
  let h: EngineHarness;
  let api: Api;
  beforeEach(async () => {
    h = await engineHarness(backend);
    api = apiOf(h);
  });
  afterEach(() => h.close());

  // What the Data Centers grid shows for the row the feed names.
  const clusterCount = async (id: string) => (await api.dataCenter.get({ id })).clusters;

  it('publishes the data center on cluster create and remove', async () => {
    const dc = await api.dataCenter.create({ name: 'Boston' });
    const other = await api.dataCenter.create({ name: 'Other' });
    expect(await clusterCount(dc.id)).toBe(0);

    h.changes.length = 0;
    const c = await api.cluster.create({ dataCenterId: dc.id, name: 'C1' });
    expect(h.changes).toContainEqual({ object: 'cluster', ids: [c.id], op: 'upsert' });
    expect(h.changes).toContainEqual({ object: 'datacenter', ids: [dc.id], op: 'upsert' });
    expect(h.changes.filter((x) => x.object === 'datacenter')).toEqual([
      { object: 'datacenter', ids: [dc.id], op: 'upsert' },
    ]);
    expect(await clusterCount(dc.id)).toBe(1);

    h.changes.length = 0;
    await api.cluster.remove({ id: c.id });
    expect(h.changes).toContainEqual({ object: 'cluster', ids: [c.id], op: 'remove' });
    // The data center stays: it is upserted (its count moved), not removed.
    expect(h.changes.filter((x) => x.object === 'datacenter')).toEqual([
      { object: 'datacenter', ids: [dc.id], op: 'upsert' },
    ]);
    expect(await clusterCount(dc.id)).toBe(0);
    expect(await clusterCount(other.id)).toBe(0);
  });

  it('publishes nothing when the create is refused', async () => {
    const dc = await api.dataCenter.create({ name: 'Edge', storageType: 'Local' });
    await api.cluster.create({ dataCenterId: dc.id, name: 'Edge-c' });
    h.changes.length = 0;
    await refused(h.db, () => api.cluster.create({ dataCenterId: dc.id, name: 'Edge-c2' }));
    expect(h.changes).toEqual([]);
  });
});
