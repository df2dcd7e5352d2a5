// The guide router's answer names the data center its steps' dialogs act in: a data
// center's guide its own id, a cluster's guide its data center's — never looked up by name.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../store/testing/index.js';
import { engineHarness, type EngineHarness } from '../../engine/testing/engine.js';
import { apiOf, type Api } from '../../engine/commands/data-center/testing.js';

describe.each(STORE_BACKENDS)('guide router on %s', (backend) => {
  let h: EngineHarness;
  let api: Api;
  beforeEach(async () => {
    h = await engineHarness(backend);
    api = apiOf(h);
  });
  afterEach(() => h.close());

  it("carries the data center's id: its own, or the guided cluster's", async () => {
    const boston = await api.dataCenter.create({ name: 'Boston' });
    const other = await api.dataCenter.create({ name: 'Other' });
    const c = await api.cluster.create({ dataCenterId: boston.id, name: 'C1' });
    await api.cluster.create({ dataCenterId: other.id, name: 'C2' });

    const clusterGuide = await api.guide.cluster({ id: c.id });
    expect(clusterGuide).toMatchObject({
      object: 'cluster',
      id: c.id,
      name: 'C1',
      dataCenterId: boston.id,
    });
    const dcGuide = await api.guide.dataCenter({ id: other.id });
    expect(dcGuide).toMatchObject({ object: 'dataCenter', id: other.id, dataCenterId: other.id });

    // The answer follows a rename: the id is not a name lookup.
    await api.dataCenter.update({ id: boston.id, name: 'Boston2' });
    expect((await api.guide.cluster({ id: c.id })).dataCenterId).toBe(boston.id);
  });
});
