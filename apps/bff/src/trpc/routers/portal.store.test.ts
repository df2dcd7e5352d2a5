import { ROLE_SPECS } from '@corral/shared';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineHarness, type EngineHarness } from '../../engine/testing/engine.js';
import { addTestVm, buildFleet, type TestFleet } from '../../engine/testing/fleet.js';
import { loadPrincipal } from '../../identity/principal.js';
import type { Db } from '../../store/index.js';
import { STORE_BACKENDS } from '../../store/testing/index.js';
import { createCaller } from '../router.js';
import { quotaMessage } from '../../identity/ownership.js';
import { PORTAL_MESSAGES } from './portal.js';

async function seedRoles(db: Db): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const r of ROLE_SPECS) {
    const [row] = await db.query<{ id: string }>(
      `INSERT INTO role (name, description, is_admin, action_groups) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [r.name, r.description, r.isAdmin, [...r.actionGroups]],
    );
    ids.set(r.name, row!.id);
  }
  return ids;
}

async function addUser(db: Db, username: string, opts: { group?: boolean; quota?: number } = {}) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO app_user (username, is_group, vm_quota) VALUES ($1, $2, $3) RETURNING id`,
    [username, opts.group ?? false, opts.quota ?? 5],
  );
  return row!.id;
}

async function addPool(db: Db, fleet: TestFleet, templateId: string, name: string, vms: number) {
  const [pool] = await db.query<{ id: string }>(
    `INSERT INTO pool (cluster_id, template_id, name, size, max_per_user)
     VALUES ($1, $2, $3, $4, 2) RETURNING id`,
    [fleet.clusterId, templateId, name, vms],
  );
  const vmIds: string[] = [];
  for (let i = 1; i <= vms; i++) {
    const id = await addTestVm(db, fleet, { name: `${name}-${i}` });
    await db.query('UPDATE vm SET pool_id = $1, stateless = true WHERE id = $2', [pool!.id, id]);
    vmIds.push(id);
  }
  return { id: pool!.id, vmIds };
}

describe.each(STORE_BACKENDS)('user portal procedures on %s', (backend) => {
  let h: EngineHarness;
  let fleet: TestFleet;
  let roles: Map<string, string>;
  let alice: string;
  let bob: string;
  let desk: string;
  let templateId: string;
  const vm: Record<string, string> = {};
  const pool: Record<string, { id: string; vmIds: string[] }> = {};

  const grant = (userId: string, role: string, type: string, id: string | null) =>
    h.db.query(
      `INSERT INTO permission (user_id, role_id, object_type, object_id) VALUES ($1, $2, $3, $4)`,
      [userId, roles.get(role), type, id],
    );

  async function as(userId: string) {
    const user = await loadPrincipal(h.db, userId);
    if (!user) throw new Error('no such user');
    const { db: _db, ...engine } = h.deps;
    return createCaller({ db: h.db, user, engine });
  }

  beforeEach(async () => {
    h = await engineHarness(backend);
    fleet = await buildFleet(h.db, { hosts: [{ name: 'portal-h1', memoryMb: 32768 }] });
    roles = await seedRoles(h.db);
    alice = await addUser(h.db, 'alice', { quota: 1 });
    bob = await addUser(h.db, 'bob');
    desk = await addUser(h.db, 'desk-users', { group: true });
    await h.db.query('INSERT INTO group_member (group_id, user_id) VALUES ($1, $2)', [desk, alice]);
    const [t] = await h.db.query<{ id: string }>(
      `INSERT INTO template (cluster_id, name, os, memory_mb, vcpus)
       VALUES ($1, 'desk-tpl', 'windows_11', 4096, 2) RETURNING id`,
      [fleet.clusterId],
    );
    templateId = t!.id;
    vm.a1 = await addTestVm(h.db, fleet, { name: 'alice-own', status: 'Up' });
    vm.g1 = await addTestVm(h.db, fleet, { name: 'team-desk' });
    vm.b1 = await addTestVm(h.db, fleet, { name: 'bob-own' });
    vm.none = await addTestVm(h.db, fleet, { name: 'nobody' });
    pool.mine = await addPool(h.db, fleet, templateId, 'mine', 3);
    pool.group = await addPool(h.db, fleet, templateId, 'grouped', 1);
    pool.bobs = await addPool(h.db, fleet, templateId, 'bobs', 1);
    await grant(alice, 'UserRole', 'Vm', vm.a1);
    await grant(desk, 'UserRole', 'Vm', vm.g1);
    await grant(bob, 'UserRole', 'Vm', vm.b1);
    await grant(alice, 'UserRole', 'Pool', pool.mine.id);
    await grant(desk, 'UserRole', 'Pool', pool.group.id);
    await grant(bob, 'UserRole', 'Pool', pool.bobs.id);
    // alice took one VM of 'mine', bob another one.
    await grant(alice, 'UserRole', 'Vm', pool.mine.vmIds[0]!);
    await grant(bob, 'UserRole', 'Vm', pool.mine.vmIds[1]!);
  });
  afterEach(() => h.close());

  it("lists only the caller's own VMs, directly or through a group, with what they may do", async () => {
    const api = await as(alice);
    const vms = await api.portal.vms();
    expect(vms.map((v) => v.name)).toEqual(['alice-own', 'mine-1', 'team-desk']);
    const own = vms.find((v) => v.name === 'alice-own')!;
    expect(own).toMatchObject({ status: 'Up', os: 'rhel_9x64', memoryMb: 2048, vcpus: 2 });
    expect(own.can).toEqual({
      start: true,
      stop: true,
      console: true,
      snapshot: false,
      remove: false,
      returnToPool: false,
    });
    const pooled = vms.find((v) => v.name === 'mine-1')!;
    expect(pooled).toMatchObject({ poolName: 'mine', poolId: pool.mine!.id, stateless: true });
    expect(pooled.can.returnToPool).toBe(true);

    const bobs = await (await as(bob)).portal.vms();
    expect(bobs.map((v) => v.name)).toEqual(['bob-own', 'mine-2']);
  });

  it('adds the groups of roles held above the VM: PowerUserRole on the cluster allows snapshots', async () => {
    await grant(alice, 'PowerUserRole', 'Cluster', fleet.clusterId);
    const vms = await (await as(alice)).portal.vms();
    // A permission on the cluster does not make its VMs the user's desktops …
    expect(vms.map((v) => v.name)).toEqual(['alice-own', 'mine-1', 'team-desk']);
    // … but it adds what the user may do with them.
    expect(vms.find((v) => v.name === 'alice-own')!.can).toMatchObject({
      snapshot: true,
      remove: true,
    });
  });

  it('lists the permitted pools with free VMs and what the caller holds', async () => {
    const pools = await (await as(alice)).portal.pools();
    expect(pools.map((p) => p.name)).toEqual(['grouped', 'mine']);
    expect(pools.find((p) => p.name === 'mine')).toMatchObject({
      size: 3,
      free: 1,
      held: 1,
      maxPerUser: 2,
      templateName: 'desk-tpl',
      os: 'windows_11',
      memoryMb: 4096,
      canTake: true,
    });
    expect(pools.find((p) => p.name === 'grouped')).toMatchObject({ free: 1, held: 0 });
    const bobs = await (await as(bob)).portal.pools();
    expect(bobs.map((p) => p.name)).toEqual(['bobs']);
  });

  it('follows a revoked permission at once', async () => {
    await h.db.query(`DELETE FROM permission WHERE object_type = 'Vm' AND object_id = $1`, [vm.a1]);
    await h.db.query('DELETE FROM group_member WHERE user_id = $1', [alice]);
    const api = await as(alice);
    expect((await api.portal.vms()).map((v) => v.name)).toEqual(['mine-1']);
    expect((await api.portal.pools()).map((p) => p.name)).toEqual(['mine']);
  });

  it('offers New VM only where the caller holds CREATE_VM, and keeps to the quota', async () => {
    const api = await as(alice);
    expect(await api.portal.quota()).toMatchObject({
      owned: 0,
      quota: 1,
      canCreate: false,
      clusters: [],
      templates: [],
    });
    await expect(
      api.portal.createVm({ name: 'not-allowed', clusterId: fleet.clusterId, templateId }),
    ).rejects.toBeInstanceOf(TRPCError);
    expect(await h.db.query("SELECT id FROM vm WHERE name = 'not-allowed'")).toEqual([]);

    await grant(alice, 'VmCreator', 'Cluster', fleet.clusterId);
    const power = await as(alice);
    const q = await power.portal.quota();
    expect(q).toMatchObject({ owned: 0, quota: 1, canCreate: true });
    expect(q.clusters.map((c) => c.id)).toEqual([fleet.clusterId]);
    expect(q.templates.map((t) => t.id)).toEqual([templateId]);

    const created = await power.portal.createVm({
      name: 'alice-new',
      clusterId: fleet.clusterId,
      templateId,
    });
    expect(created.jobIds.length).toBeGreaterThan(0);
    const [row] = await h.db.query<{ os: string; memory_mb: number }>(
      'SELECT os, memory_mb FROM vm WHERE id = $1',
      [created.id],
    );
    expect(row).toEqual({ os: 'windows_11', memory_mb: 4096 });
    const mine = await power.portal.vms();
    const made = mine.find((v) => v.id === created.id);
    expect(made?.can).toMatchObject({ snapshot: true, remove: true, console: true });
    expect((await power.portal.quota()).owned).toBe(1);

    const over = await power.portal
      .createVm({ name: 'alice-second', clusterId: fleet.clusterId, templateId })
      .catch((e: unknown) => e);
    expect(over).toBeInstanceOf(TRPCError);
    expect((over as TRPCError).message).toBe(quotaMessage(1));
    const [second] = await h.db.query("SELECT id FROM vm WHERE name = 'alice-second'");
    expect(second).toBeUndefined();
  });

  it('refuses a template outside the cluster and bad input, creating nothing', async () => {
    await grant(alice, 'VmCreator', 'Cluster', fleet.clusterId);
    const other = await buildFleet(h.db, { name: 'Other', hosts: [] });
    const [t] = await h.db.query<{ id: string }>(
      `INSERT INTO template (cluster_id, name) VALUES ($1, 'other-tpl') RETURNING id`,
      [other.clusterId],
    );
    const api = await as(alice);
    await expect(
      api.portal.createVm({ name: 'x1', clusterId: fleet.clusterId, templateId: t!.id }),
    ).rejects.toMatchObject({ message: PORTAL_MESSAGES.template });
    await expect(
      api.portal.createVm({ name: 'bad name!', clusterId: fleet.clusterId, templateId }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await h.db.query("SELECT id FROM vm WHERE name IN ('x1', 'bad name!')")).toEqual([]);
  });

  it('refuses a caller without a session', async () => {
    const { db: _db, ...engine } = h.deps;
    const anon = createCaller({ db: h.db, user: null, engine });
    await expect(anon.portal.vms()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
