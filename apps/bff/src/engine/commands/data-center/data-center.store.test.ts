// Data centers, clusters and Guide Me through the API the portal uses, with the real
// simulated host driver, on PGlite and PostgreSQL: every command, every refusal with its
// field and message and nothing changed, and the guided order of set-up.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import { addTestHost } from '../../testing/fleet.js';
import { engineHarness, type EngineHarness } from '../../testing/engine.js';
import { apiOf, badInput, refused, type Api } from './testing.js';

describe.each(STORE_BACKENDS)('data centers and clusters on %s', (backend) => {
  let h: EngineHarness;
  let api: Api;
  beforeEach(async () => {
    h = await engineHarness(backend);
    api = apiOf(h);
  });
  afterEach(() => h.close());

  it('creates a data center with its management network, Uninitialized', async () => {
    const { id } = await api.dataCenter.create({ name: 'Boston', description: 'HQ' });
    const [dc] = await h.db.query(
      `SELECT name, description, status, storage_mode, compat_version, quota_mode FROM data_center WHERE id = $1`,
      [id],
    );
    expect(dc).toEqual({
      name: 'Boston',
      description: 'HQ',
      status: 'Uninitialized',
      storage_mode: 'Shared',
      compat_version: '4.7',
      quota_mode: 'Disabled',
    });
    expect(await h.db.query(`SELECT name FROM network WHERE data_center_id = $1`, [id])).toEqual([
      { name: 'ovirtmgmt' },
    ]);
    const [event] = await h.db.query<{ code: string; message: string; data_center_name: string }>(
      `SELECT code, message, data_center_name FROM audit_event WHERE data_center_id = $1`,
      [id],
    );
    expect(event).toEqual({
      code: 'USER_ADD_STORAGE_POOL',
      message:
        'Data Center Boston (Shared storage, compatibility version 4.7) was added by admin@internal.',
      data_center_name: 'Boston',
    });
    expect(h.changes).toContainEqual({ object: 'datacenter', ids: [id], op: 'upsert' });
    expect((await api.dataCenter.get({ id })).name).toBe('Boston');
  });

  it('refuses a taken name on its field, and bad input with zod’s messages', async () => {
    await api.dataCenter.create({ name: 'Boston' });
    expect(await refused(h.db, () => api.dataCenter.create({ name: 'boston' }))).toEqual({
      code: 'PRECONDITION_FAILED',
      message: 'A data center named boston already exists.',
      field: 'name',
    });
    expect(
      await badInput(() =>
        api.dataCenter.create({
          name: 'a b',
          storageType: 'NFS' as never,
          quotaMode: 'x' as never,
        }),
      ),
    ).toEqual({
      name: ["A data center name may contain only letters, digits, '-' and '_'."],
      storageType: ['A data center uses Shared or Local storage.'],
      quotaMode: ['Quota mode is Disabled, Audit or Enforced.'],
    });
  });

  it('creates clusters with the management network; versions capped by the data center', async () => {
    const dc = await api.dataCenter.create({ name: 'DC1', compatVersion: '4.6' });
    const c = await api.cluster.create({
      dataCenterId: dc.id,
      name: 'Virt',
      compatVersion: '4.6',
      glusterService: true,
      memOvercommit: 150,
      migrationPolicy: 'Post-copy migration',
      cpuType: 'AMD EPYC',
    });
    const [row] = await h.db.query(
      `SELECT data_center_id, cpu_type, compat_version, virt_service, gluster_service, mem_overcommit,
              migration_policy, fencing_enabled FROM cluster WHERE id = $1`,
      [c.id],
    );
    expect(row).toEqual({
      data_center_id: dc.id,
      cpu_type: 'AMD EPYC',
      compat_version: '4.6',
      virt_service: true,
      gluster_service: true,
      mem_overcommit: 150,
      migration_policy: 'Post-copy migration',
      fencing_enabled: true,
    });
    expect(
      await h.db.query(
        `SELECT n.name, cn.required, cn.display, cn.migration FROM cluster_network cn
           JOIN network n ON n.id = cn.network_id WHERE cn.cluster_id = $1`,
        [c.id],
      ),
    ).toEqual([{ name: 'ovirtmgmt', required: true, display: true, migration: true }]);

    expect(
      await refused(h.db, () =>
        api.cluster.create({ dataCenterId: dc.id, name: 'New', compatVersion: '4.7' }),
      ),
    ).toMatchObject({
      message:
        "A cluster's compatibility version cannot be higher than its data center's (DC1: 4.6).",
      field: 'compatVersion',
    });
    expect(
      await refused(h.db, () =>
        api.cluster.create({ dataCenterId: dc.id, name: 'virt', compatVersion: '4.5' }),
      ),
    ).toMatchObject({ message: 'A cluster named virt already exists.', field: 'name' });
    expect(
      await badInput(() =>
        api.cluster.create({
          dataCenterId: dc.id,
          name: 'x',
          virtService: false,
          glusterService: false,
        }),
      ),
    ).toEqual({ services: ['A cluster needs the virt service, the Gluster service or both.'] });
    expect(
      await refused(h.db, () =>
        api.cluster.create({ dataCenterId: '6f1c1c3a-0000-4000-8000-000000000000', name: 'y' }),
      ),
    ).toMatchObject({ message: 'The data center does not exist.', field: 'dataCenterId' });
  });

  it('keeps a Local data center to one cluster with one host', async () => {
    const dc = await api.dataCenter.create({ name: 'Edge', storageType: 'Local' });
    const c = await api.cluster.create({ dataCenterId: dc.id, name: 'Edge-c' });
    expect(
      await refused(h.db, () => api.cluster.create({ dataCenterId: dc.id, name: 'Edge-c2' })),
    ).toMatchObject({ message: 'A Local data center has one cluster.', field: 'dataCenterId' });
    const options = await api.cluster.formOptions({});
    expect(options.dataCenters.find((d) => d.id === dc.id)).toMatchObject({
      storageType: 'Local',
      clusters: 1,
      newCluster: { allowed: false, reason: 'A Local data center has one cluster.' },
    });
    await addTestHost(h.db, c.id, { name: 'edge-h1' });
    const guide = await api.guide.dataCenter({ id: dc.id });
    expect(guide.steps.find((s) => s.key === 'host')?.actions).toEqual([
      {
        key: 'newHost',
        label: 'New Host',
        allowed: false,
        reason: 'A Local data center has one host.',
      },
    ]);
    // Going Shared → Local is refused while the data center is bigger than that.
    const shared = await api.dataCenter.create({ name: 'Shared1' });
    const c1 = await api.cluster.create({ dataCenterId: shared.id, name: 'S1' });
    await api.cluster.create({ dataCenterId: shared.id, name: 'S2' });
    await addTestHost(h.db, c1.id, { name: 's-h1' });
    expect(
      await refused(h.db, () => api.dataCenter.update({ id: shared.id, storageType: 'Local' })),
    ).toMatchObject({
      message: 'A Local data center has one cluster with one host; this one has more.',
      field: 'storageType',
    });
  });

  it('edits a data center and a cluster within the rules', async () => {
    const dc = await api.dataCenter.create({ name: 'DC1' });
    const c = await api.cluster.create({ dataCenterId: dc.id, name: 'C1', compatVersion: '4.7' });
    await api.dataCenter.update({
      id: dc.id,
      name: 'DC-one',
      quotaMode: 'Audit',
      description: 'x',
    });
    expect(
      await h.db.query(`SELECT name, quota_mode, description FROM data_center WHERE id = $1`, [
        dc.id,
      ]),
    ).toEqual([{ name: 'DC-one', quota_mode: 'Audit', description: 'x' }]);
    expect(
      await refused(h.db, () => api.dataCenter.update({ id: dc.id, compatVersion: '4.6' })),
    ).toMatchObject({
      message: "Cluster C1 has compatibility version 4.7; the data center's cannot be lower.",
      field: 'compatVersion',
    });

    await api.cluster.update({
      id: c.id,
      memOvercommit: 200,
      compatVersion: '4.6',
      glusterService: true,
    });
    expect(
      await h.db.query(
        `SELECT mem_overcommit, compat_version, gluster_service FROM cluster WHERE id = $1`,
        [c.id],
      ),
    ).toEqual([{ mem_overcommit: 200, compat_version: '4.6', gluster_service: true }]);
    await api.dataCenter.update({ id: dc.id, compatVersion: '4.6' });

    // VMs keep the virt service, and a running one the CPU type.
    const host = await addTestHost(h.db, c.id, { name: 'c1-h1' });
    await h.db.query(
      `INSERT INTO vm (cluster_id, host_id, name, status) VALUES ($1, $2, 'runner', 'Up')`,
      [c.id, host.id],
    );
    expect(
      await refused(h.db, () => api.cluster.update({ id: c.id, virtService: false })),
    ).toMatchObject({
      message: 'The cluster has VMs; its virt service cannot be turned off.',
      field: 'services',
    });
    expect(
      await refused(h.db, () => api.cluster.update({ id: c.id, cpuType: 'Intel Haswell Family' })),
    ).toMatchObject({
      message: 'The CPU type can change only while no VM of the cluster runs.',
      field: 'cpuType',
    });
    expect(
      await refused(h.db, () =>
        api.cluster.update({
          id: c.id,
          virtService: true,
          glusterService: true,
          compatVersion: '4.7',
        }),
      ),
    ).toMatchObject({ field: 'compatVersion' });
    expect(
      await badInput(() =>
        api.cluster.update({ id: c.id, glusterService: false, virtService: false }),
      ),
    ).toEqual({ services: ['A cluster needs the virt service, the Gluster service or both.'] });
    // One service turned off, judged with the other as stored.
    const virtOnly = await api.cluster.create({
      dataCenterId: dc.id,
      name: 'C2',
      compatVersion: '4.6',
    });
    expect(
      await refused(h.db, () => api.cluster.update({ id: virtOnly.id, virtService: false })),
    ).toMatchObject({
      message: 'A cluster needs the virt service, the Gluster service or both.',
      field: 'services',
    });
    await h.db.query(
      `INSERT INTO gluster_volume (cluster_id, name, volume_type) VALUES ($1, 'v', 'Distribute')`,
      [c.id],
    );
    expect(
      await refused(h.db, () => api.cluster.update({ id: c.id, glusterService: false })),
    ).toMatchObject({
      message: 'The cluster has Gluster volumes; its Gluster service cannot be turned off.',
      field: 'services',
    });
  });

  it('removes only empty clusters and data centers, detaching domains in Maintenance', async () => {
    const dc = await api.dataCenter.create({ name: 'DC1' });
    const c = await api.cluster.create({ dataCenterId: dc.id, name: 'C1' });
    const host = await addTestHost(h.db, c.id, { name: 'c1-h1', status: 'Maintenance' });
    expect((await api.cluster.actions({ ids: [c.id] }))[c.id]!.remove).toEqual({
      allowed: false,
      reason: 'The cluster still has hosts; move or remove them first.',
    });
    expect(await refused(h.db, () => api.cluster.remove({ id: c.id }))).toMatchObject({
      message: 'The cluster still has hosts; move or remove them first.',
    });
    expect(await refused(h.db, () => api.dataCenter.remove({ id: dc.id }))).toMatchObject({
      message: 'The data center still has clusters; remove them first.',
    });
    await h.db.query(`DELETE FROM host WHERE id = $1`, [host.id]);
    await api.cluster.remove({ id: c.id });
    expect(await h.db.query(`SELECT 1 FROM cluster WHERE id = $1`, [c.id])).toEqual([]);

    const [sd] = await h.db.query<{ id: string }>(
      `INSERT INTO storage_domain (data_center_id, name, domain_type, storage_type, status, path, is_master)
       VALUES ($1, 'old-data', 'Data', 'NFS', 'Active', 'srv:/old', true) RETURNING id`,
      [dc.id],
    );
    expect((await api.dataCenter.actions({ ids: [dc.id] }))[dc.id]!.remove.reason).toBe(
      'The data center has active storage domains; move them to Maintenance first.',
    );
    expect(await refused(h.db, () => api.dataCenter.remove({ id: dc.id }))).toMatchObject({
      message: 'The data center has active storage domains; move them to Maintenance first.',
    });
    await h.db.query(`UPDATE storage_domain SET status = 'Maintenance' WHERE id = $1`, [sd!.id]);
    await api.dataCenter.remove({ id: dc.id });
    expect(
      await h.db.query(
        `SELECT status, data_center_id, is_master FROM storage_domain WHERE id = $1`,
        [sd!.id],
      ),
    ).toEqual([{ status: 'Unattached', data_center_id: null, is_master: false }]);
    expect(await h.db.query(`SELECT 1 FROM network WHERE data_center_id = $1`, [dc.id])).toEqual(
      [],
    );
    const events = await h.db.query<{
      code: string;
      data_center_name: string | null;
      cluster_name: string | null;
    }>(
      `SELECT code, data_center_name, cluster_name FROM audit_event
        WHERE code IN ('USER_REMOVE_VDS_GROUP', 'USER_REMOVE_STORAGE_POOL') ORDER BY id`,
    );
    expect(events).toEqual([
      { code: 'USER_REMOVE_VDS_GROUP', data_center_name: 'DC1', cluster_name: 'C1' },
      { code: 'USER_REMOVE_STORAGE_POOL', data_center_name: 'DC1', cluster_name: null },
    ]);
  });
});
