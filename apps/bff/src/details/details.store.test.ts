import { hostlessEngine } from '../app.js';
import { DETAIL_TABS, SEARCH_OBJECT_KEYS, SEARCH_OBJECTS } from '@corral/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/index.js';
import type { Db } from '../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../store/testing/index.js';
import { createCaller } from '../trpc/router.js';
import { superUser } from '../identity/principal.js';

const NOW = new Date('2026-11-01T12:00:00Z');

describe.each(STORE_BACKENDS)('details on %s', (backend) => {
  let db: Db;
  let api: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    db = await openTestStore(backend);
    await seedDemo(db, { seed: 11, size: 'small', now: NOW });
    api = createCaller({ db, user: superUser(), engine: hostlessEngine() });
  });
  afterAll(() => db.close());

  /** The first row a search of the object finds, through the object's own router. */
  async function firstOf(object: (typeof SEARCH_OBJECT_KEYS)[number]) {
    const { rows } = await api.search.run({
      query: `${SEARCH_OBJECTS[object].names[0]}:`,
      offset: 0,
      limit: 1,
    });
    return rows[0] as { id: string } | undefined;
  }

  it('every sub-tab of every object answers for a real row', async () => {
    let checked = 0;
    for (const object of SEARCH_OBJECT_KEYS) {
      const row = await firstOf(object);
      if (!row || object === 'bookmark') continue;
      const routerName = object === 'datacenter' ? 'dataCenter' : object;
      const entity = api[routerName as 'vm'];
      expect(await entity.get({ id: row.id })).toMatchObject({ id: row.id });
      for (const tab of DETAIL_TABS[object]) {
        if (tab.key === 'general') continue;
        const { rows } = await entity.tab({ id: row.id, tab: tab.key });
        expect(Array.isArray(rows)).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("a VM's NICs and disks are the ones the store attaches to it", async () => {
    const [vm] = await db.query<{ id: string }>(
      `SELECT id FROM vm WHERE EXISTS (SELECT 1 FROM vm_nic n WHERE n.vm_id = vm.id) ORDER BY name LIMIT 1`,
    );
    const nics = await db.query<{ mac: string }>(
      'SELECT mac FROM vm_nic WHERE vm_id = $1 ORDER BY name',
      [vm!.id],
    );
    const disks = await db.query<{ id: string }>(
      'SELECT disk_id AS id FROM vm_disk WHERE vm_id = $1',
      [vm!.id],
    );
    const nicTab = await api.vm.tab({ id: vm!.id, tab: 'nics' });
    expect(nicTab.rows.map((r) => r.mac)).toEqual(nics.map((n) => n.mac));
    const diskTab = await api.vm.tab({ id: vm!.id, tab: 'disks' });
    expect(diskTab.rows.map((r) => r.id).sort()).toEqual(disks.map((d) => d.id).sort());
  });

  it('permissions are inherited down from the data center and System', async () => {
    const [vm] = await db.query<{ id: string; dc: string }>(
      `SELECT v.id, c.data_center_id AS dc FROM vm v JOIN cluster c ON c.id = v.cluster_id ORDER BY v.name LIMIT 1`,
    );
    const expected = await db.query<{ id: string }>(
      `SELECT p.id FROM permission p JOIN vm v ON v.id = $1 JOIN cluster c ON c.id = v.cluster_id
        WHERE p.object_type = 'System'
           OR (p.object_type = 'Vm' AND p.object_id = v.id)
           OR (p.object_type = 'Pool' AND p.object_id = v.pool_id)
           OR (p.object_type = 'Cluster' AND p.object_id = v.cluster_id)
           OR (p.object_type = 'DataCenter' AND p.object_id = c.data_center_id)`,
      [vm!.id],
    );
    expect(expected.length).toBeGreaterThan(0);
    const tab = await api.vm.tab({ id: vm!.id, tab: 'permissions' });
    expect(tab.rows.map((r) => r.id).sort()).toEqual(expected.map((p) => p.id).sort());
  });

  it('refuses a tab the object does not have, and an unknown id', async () => {
    const row = await firstOf('host');
    await expect(api.host.tab({ id: row!.id, tab: 'snapshots' })).rejects.toThrow(
      /Tab must be one of/,
    );
    await expect(api.host.get({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(
      /does not exist/,
    );
  });
});
