// Roles and permissions through the API, on the demo fleet: what a restricted user can
// see (searched, counted, read by id, streamed) and do, and that grants and revokes
// change it at once (docs/identity.md, "Roles and permissions").
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../demo/index.js';
import { AppError } from '../engine/errors.js';
import { engineHarness, snapshotOfStore, type EngineHarness } from '../engine/testing/engine.js';
import type { Change } from '../live/feed.js';
import type { Db } from '../store/index.js';
import { STORE_BACKENDS } from '../store/testing/index.js';
import { createCaller } from '../trpc/router.js';
import { can } from './authz.js';
import { loadPrincipal, superUser, type Principal } from './principal.js';

const NOW = new Date('2026-11-01T12:00:00Z');
type Api = ReturnType<typeof createCaller>;

async function refusal(p: Promise<unknown>): Promise<TRPCError> {
  const err = await p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return err as TRPCError;
}

async function one<T>(db: Db, sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await db.query<T>(sql, params);
  if (!row) throw new Error(`no row: ${sql}`);
  return row;
}

describe.each(STORE_BACKENDS)('roles and permissions on %s', (backend) => {
  let h: EngineHarness;
  let db: Db;
  let admin: Api;
  /** Two VMs outside any pool, in the first cluster. */
  let vmA: string;
  let vmB: string;
  let clusterId: string;

  /** A new account holding `role` on each object; its principal. */
  async function userWith(
    username: string,
    grants: [role: string, type: string, id: string | null][],
    quota = 5,
  ): Promise<Principal> {
    const { id } = await one<{ id: string }>(
      db,
      `INSERT INTO app_user (username, domain, vm_quota) VALUES ($1, 'internal', $2) RETURNING id`,
      [username, quota],
    );
    for (const [role, type, objectId] of grants) {
      await db.query(
        `INSERT INTO permission (user_id, role_id, object_type, object_id)
         SELECT $1, id, $3, $4 FROM role WHERE name = $2`,
        [id, role, type, objectId],
      );
    }
    return (await loadPrincipal(db, id))!;
  }
  const apiOf = (user: Principal): Api => {
    const { db: _db, ...engine } = h.deps;
    return createCaller({ db, user, engine });
  };

  beforeEach(async () => {
    h = await engineHarness(backend);
    db = h.db;
    await seedDemo(db, { seed: 3, size: 'small', now: NOW });
    const a = await one<{ id: string; cluster_id: string }>(
      db,
      `SELECT id, cluster_id FROM vm WHERE pool_id IS NULL ORDER BY name LIMIT 1`,
    );
    vmA = a.id;
    clusterId = a.cluster_id;
    vmB = (
      await one<{ id: string }>(
        db,
        `SELECT id FROM vm WHERE pool_id IS NULL AND id <> $1 ORDER BY name LIMIT 1`,
        [vmA],
      )
    ).id;
    admin = apiOf(superUser());
  });
  afterEach(() => h.close());

  it('shows a UserRole-on-one-VM user that VM only: searched, counted, read by id', async () => {
    const api = apiOf(await userWith('tess', [['UserRole', 'Vm', vmA]]));
    const vms = await api.search.run({ query: 'Vms:' });
    expect(vms.rows.map((r) => r.id)).toEqual([vmA]);
    expect(vms.total).toBe(1);
    expect(await api.search.run({ query: 'Hosts:' })).toMatchObject({ total: 0, rows: [] });
    expect((await api.vm.list({ where: '' })).total).toBe(1);
    expect((await api.vm.get({ id: vmA })).id).toBe(vmA);

    // Another VM is exactly as missing as one that never existed.
    const missing = '00000000-0000-4000-8000-000000000001';
    const other = await refusal(api.vm.get({ id: vmB }));
    const absent = await refusal(api.vm.get({ id: missing }));
    expect(other.code).toBe('NOT_FOUND');
    expect(other.message).toBe(absent.message.replace(missing, vmB));
    expect((await refusal(api.vm.tab({ id: vmB, tab: 'disks' }))).code).toBe('NOT_FOUND');
    expect((await api.vm.tab({ id: vmA, tab: 'disks' })).rows).toBeDefined();
    expect(await api.live.rows({ object: 'vm', ids: [vmA, vmB] })).toHaveLength(1);
    const tree = await api.tree.get();
    expect(tree.dataCenters.flatMap((d) => d.clusters.flatMap((c) => c.hosts))).toEqual([]);
    // Users: only themself; bookmarks are the admin portal's.
    expect((await api.search.run({ query: 'Users:' })).rows.map((r) => r.name)).toEqual(['tess']);
    expect((await refusal(api.bookmark.list())).code).toBe('FORBIDDEN');
    // Events: each names their VM or them.
    for (const e of await api.event.recent({ limit: 100 })) expect(e.vm).toBe(vms.rows[0]!.name);
    expect(await api.job.recent({ limit: 50 })).toEqual([]);
  });

  it('refuses acting on what the user cannot see or may not do, changing nothing', async () => {
    const api = apiOf(await userWith('tess', [['UserRole', 'Vm', vmA]]));
    const before = await snapshotOfStore(db);
    const run = await refusal(api.vm.run({ ids: [vmB] }));
    expect(run.code).toBe('NOT_FOUND');
    // Both in one request: refused whole.
    expect((await refusal(api.vm.run({ ids: [vmA, vmB] }))).code).toBe('NOT_FOUND');
    const console = await refusal(api.console.open({ vmId: vmB, protocol: 'vnc' }));
    expect(console.code).toBe('NOT_FOUND');
    const migrate = await refusal(api.vm.migrate({ ids: [vmA] }));
    expect(migrate.code).toBe('FORBIDDEN');
    expect(migrate.message).toBe('You may not migrate this VM: it needs MIGRATE_VM.');
    expect((migrate.cause as AppError).code).toBe('FORBIDDEN');
    const remove = await refusal(api.vm.remove({ ids: [vmA] }));
    expect(remove.message).toBe('You may not remove this VM: it needs DELETE_VM.');
    expect((await refusal(api.host.maintenance({ ids: [vmA] }))).code).toBe('NOT_FOUND');
    expect((await refusal(api.dataCenter.create({ name: 'mine' }))).code).toBe('FORBIDDEN');
    expect(await snapshotOfStore(db)).toEqual(before);
  });

  it('lets a group’s pool permission show the pool, and its members only their own desktops', async () => {
    const pool = await one<{ id: string }>(
      db,
      `SELECT p.id FROM pool p WHERE (SELECT count(*) FROM vm v WHERE v.pool_id = p.id) >= 2 LIMIT 1`,
    );
    const poolVms = (
      await db.query<{ id: string }>('SELECT id FROM vm WHERE pool_id = $1 ORDER BY id', [pool.id])
    ).map((v) => v.id);
    const { id: group } = await one<{ id: string }>(
      db,
      `INSERT INTO app_user (username, domain, is_group) VALUES ('desk-users', 'internal', true)
       RETURNING id`,
    );
    await admin.permission.add({
      userId: group,
      role: 'UserRole',
      objectType: 'Pool',
      objectId: pool.id,
    });
    const member = await userWith('della', []);
    expect((await apiOf(member).search.run({ query: 'Pools:' })).total).toBe(0);
    await db.query('INSERT INTO group_member (group_id, user_id) VALUES ($1, $2)', [
      group,
      member.userId,
    ]);
    const api = apiOf((await loadPrincipal(db, member.userId))!);
    expect((await api.search.run({ query: 'Pools:' })).rows.map((r) => r.id)).toEqual([pool.id]);
    // The pool's desktops are not theirs until they take one (which gives UserRole on it).
    expect((await api.search.run({ query: 'Vms:' })).total).toBe(0);
    const [mine, others] = [poolVms[0]!, poolVms[1]!];
    await admin.permission.add({
      userId: member.userId,
      role: 'UserRole',
      objectType: 'Vm',
      objectId: mine,
    });
    const seen = await api.search.run({ query: 'Vms:' });
    expect(seen.rows.map((r) => r.id)).toEqual([mine]);
    expect(seen.total).toBe(1);
    expect((await refusal(api.vm.get({ id: others }))).code).toBe('NOT_FOUND');
    expect((await refusal(api.console.open({ vmId: others, protocol: 'vnc' }))).code).toBe(
      'NOT_FOUND',
    );
    // An admin role on the pool reaches every desktop in it.
    const poolAdmin = apiOf(await userWith('pam', [['ClusterAdmin', 'Pool', pool.id]]));
    const all = await poolAdmin.search.run({ query: 'Vms:', limit: 1000 });
    expect(all.rows.map((r) => r.id).sort()).toEqual(poolVms);
  });

  it('shows a ClusterAdmin their cluster’s hosts and VMs only', async () => {
    const p = await userWith('cleo', [['ClusterAdmin', 'Cluster', clusterId]]);
    const api = apiOf(p);
    const hosts = await db.query<{ id: string }>(
      'SELECT id FROM host WHERE cluster_id = $1 ORDER BY id',
      [clusterId],
    );
    const vms = await one<{ n: number }>(
      db,
      'SELECT count(*)::int AS n FROM vm WHERE cluster_id = $1',
      [clusterId],
    );
    const all = await one<{ n: number }>(db, 'SELECT count(*)::int AS n FROM vm');
    expect(vms.n).toBeLessThan(all.n);
    const seenHosts = await api.search.run({ query: 'Hosts:', limit: 1000 });
    expect(seenHosts.rows.map((r) => r.id).sort()).toEqual(hosts.map((x) => x.id));
    expect((await api.search.run({ query: 'Vms:', limit: 1000 })).total).toBe(vms.n);
    expect((await api.search.run({ query: 'Clusters:' })).rows.map((r) => r.id)).toEqual([
      clusterId,
    ]);
    const tree = await api.tree.get();
    expect(tree.dataCenters.flatMap((d) => d.clusters.map((c) => c.id))).toEqual([clusterId]);
    expect(await can(db, p, 'MIGRATE_VM', 'Vm', vmA)).toBe(true);
    expect(await can(db, p, 'CREATE_STORAGE_POOL', 'System', null)).toBe(false);
  });

  it('refuses granting more than the granter holds, and lets an owner share their VM', async () => {
    const owner = await userWith('olga', [['UserVmManager', 'Vm', vmA]]);
    const colleague = await userWith('cole', []);
    const api = apiOf(owner);
    const count = async () =>
      (await one<{ n: number }>(db, 'SELECT count(*)::int AS n FROM permission')).n;
    const before = await count();
    const grant = (role: string) =>
      api.permission.add({ userId: colleague.userId, role, objectType: 'Vm', objectId: vmA });
    const admin = await refusal(grant('ClusterAdmin'));
    expect(admin.code).toBe('FORBIDDEN');
    expect((admin.cause as AppError).field).toBe('role');
    expect(admin.message).toContain('which you do not hold on System');
    const power = await refusal(grant('PowerUserRole'));
    expect(power.code).toBe('FORBIDDEN');
    expect(power.message).toContain('CREATE_VM');
    expect(
      (
        await refusal(
          api.permission.add({
            userId: colleague.userId,
            role: 'UserRole',
            objectType: 'Vm',
            objectId: vmB,
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(await count()).toBe(before);

    const shared = await grant('UserRole');
    expect(await count()).toBe(before + 1);
    expect((await apiOf(colleague).search.run({ query: 'Vms:' })).rows.map((r) => r.id)).toEqual([
      vmA,
    ]);
    const event = await one<{ message: string; user_id: string; vm_id: string }>(
      db,
      `SELECT message, user_id, vm_id FROM audit_event WHERE code = 'PERMISSION_ADDED'
        ORDER BY id DESC LIMIT 1`,
    );
    expect(event).toMatchObject({ user_id: colleague.userId, vm_id: vmA });
    expect(event.message).toMatch(/^olga@internal granted UserRole on VM .+ to cole@internal\.$/);
    await api.permission.remove({ permissionId: shared.id });
    expect(await count()).toBe(before);
  });

  it('changes what search returns at once when a role is granted and revoked', async () => {
    const p = await userWith('gus', [['UserRole', 'Vm', vmA]]);
    const api = apiOf(p);
    expect((await api.search.run({ query: 'Vms:' })).total).toBe(1);
    const { id } = await admin.permission.add({
      userId: p.userId,
      role: 'UserRole',
      objectType: 'Vm',
      objectId: vmB,
    });
    const both = await api.search.run({ query: 'Vms:' });
    expect(both.total).toBe(2);
    expect(both.rows.map((r) => r.id).sort()).toEqual([vmA, vmB].sort());
    expect((await api.vm.get({ id: vmB })).id).toBe(vmB);
    await admin.permission.remove({ permissionId: id });
    expect((await api.search.run({ query: 'Vms:' })).total).toBe(1);
    expect((await refusal(api.vm.get({ id: vmB }))).code).toBe('NOT_FOUND');
    const codes = await db.query<{ code: string }>(
      `SELECT code FROM audit_event WHERE code LIKE 'PERMISSION_%' ORDER BY id`,
    );
    expect(codes.map((c) => c.code)).toEqual(['PERMISSION_ADDED', 'PERMISSION_REMOVED']);
  });

  it('streams a restricted subscriber only the ids they see, and ends it when their roles change', async () => {
    const p = await userWith('liv', [['UserRole', 'Vm', vmA]]);
    const stop = new AbortController();
    const { db: _db, ...engine } = h.deps;
    const api = createCaller({ db, user: p, engine }, { signal: stop.signal });
    const stream = (await api.live.changes()) as AsyncIterable<Change[]>;
    const it = stream[Symbol.asyncIterator]();
    try {
      const next = it.next();
      // Give the subscription a moment to attach before publishing.
      await new Promise((r) => setTimeout(r, 50));
      h.deps.feed.publish([{ object: 'vm', ids: [vmB], op: 'upsert' }]);
      h.deps.feed.publish([{ object: 'host', ids: [vmB], op: 'upsert' }]);
      await new Promise((r) => setTimeout(r, 250));
      h.deps.feed.publish([{ object: 'vm', ids: [vmA, vmB], op: 'upsert' }]);
      expect((await next).value).toEqual([{ object: 'vm', ids: [vmA], op: 'upsert' }]);

      // A grant to them: the stream ends, retryably, so they reconnect with their new roles.
      await admin.permission.add({
        userId: p.userId,
        role: 'UserRole',
        objectType: 'Vm',
        objectId: vmB,
      });
      const ended = await it.next().then(
        () => null,
        (e: unknown) => e,
      );
      expect(ended).toBeInstanceOf(TRPCError);
      expect((ended as TRPCError).code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      stop.abort();
    }
  });

  it('lets only one of two VMs created at the same instant into a quota of one', async () => {
    const p = await userWith('vera', [['VmCreator', 'Cluster', clusterId]], 1);
    const api = apiOf(p);
    const results = await Promise.allSettled([
      api.vm.create({ name: 'vera-a', clusterId }),
      api.vm.create({ name: 'vera-b', clusterId }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as TRPCError).message).toBe(
      'You already own 1 VM, your quota; remove one first.',
    );
    const owned = await db.query<{ name: string }>(
      `SELECT v.name FROM vm v JOIN permission pe ON pe.object_type = 'Vm' AND pe.object_id = v.id
        WHERE pe.user_id = $1`,
      [p.userId],
    );
    expect(owned).toHaveLength(1);
    expect(await db.query(`SELECT id FROM vm WHERE name IN ('vera-a', 'vera-b')`)).toHaveLength(1);
    // Let its job end before the store closes.
    await expect
      .poll(
        async () => (await api.job.recent({ limit: 10 })).every((j) => j.status !== 'Started'),
        {
          timeout: 10_000,
        },
      )
      .toBe(true);
  });

  it('gives a VM’s creator UserVmManager on it, within their quota', async () => {
    const p = await userWith('vic', [['VmCreator', 'Cluster', clusterId]], 1);
    const api = apiOf(p);
    const created = await api.vm.create({ name: 'vic-vm', clusterId });
    // Its job is theirs, and finishes (the store closes after the test).
    await expect
      .poll(async () => (await api.job.recent({ limit: 10 })).map((j) => j.status), {
        timeout: 10_000,
      })
      .toEqual(created.jobIds.map(() => 'Finished'));
    const role = await db.query<{ name: string }>(
      `SELECT r.name FROM permission pe JOIN role r ON r.id = pe.role_id
        WHERE pe.user_id = $1 AND pe.object_type = 'Vm' AND pe.object_id = $2`,
      [p.userId, created.id],
    );
    expect(role.map((r) => r.name)).toEqual(['UserVmManager']);
    // A permission on the cluster shows its VMs (inherited down), the new one among them.
    expect((await api.vm.get({ id: created.id })).id).toBe(created.id);
    const vms = async () => (await one<{ n: number }>(db, 'SELECT count(*)::int AS n FROM vm')).n;
    const before = await vms();
    const over = await refusal(api.vm.create({ name: 'vic-vm-2', clusterId }));
    expect(over.code).toBe('PRECONDITION_FAILED');
    expect((over.cause as AppError).field).toBe('name');
    expect(over.message).toBe('You already own 1 VM, your quota; remove one first.');
    expect(await vms()).toBe(before);
    // Not in a cluster they hold no CREATE_VM on.
    const elsewhere = await one<{ id: string }>(
      db,
      'SELECT id FROM cluster WHERE id <> $1 LIMIT 1',
      [clusterId],
    );
    expect((await refusal(api.vm.create({ name: 'x', clusterId: elsewhere.id }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('lets only MANIPULATE_USERS on System manage accounts', async () => {
    const created = await admin.user.create({ username: 'newbie', password: 'long-enough-1' });
    expect((await admin.user.get({ id: created.id })).name).toBe('newbie');
    const dup = await refusal(admin.user.create({ username: 'newbie', password: 'long-enough-1' }));
    expect(dup.code).toBe('CONFLICT');
    expect((dup.cause as AppError).field).toBe('username');
    await db.query(
      `UPDATE app_user SET failed_logins = 5, locked_until = now() + interval '1 hour'
                     WHERE id = $1`,
      [created.id],
    );
    await admin.user.unlock({ userId: created.id });
    expect(
      await one(db, 'SELECT failed_logins, locked_until FROM app_user WHERE id = $1', [created.id]),
    ).toEqual({ failed_logins: 0, locked_until: null });
    await admin.user.setPassword({ userId: created.id, password: 'another-pass' });
    const user = apiOf(await userWith('nosy', [['UserRole', 'Vm', vmA]]));
    expect((await refusal(user.user.remove({ userId: created.id }))).code).toBe('FORBIDDEN');
    await admin.user.remove({ userId: created.id });
    const codes = await db.query<{ code: string }>(
      `SELECT code FROM audit_event WHERE user_id = $1 ORDER BY id`,
      [created.id],
    );
    expect(codes.map((c) => c.code)).toEqual([
      'USER_ADDED',
      'USER_UNLOCKED',
      'USER_PASSWORD_SET',
      'USER_REMOVED',
    ]);
    const roles = await admin.role.list();
    expect(roles.find((r) => r.name === 'SuperUser')).toMatchObject({ admin: true });
    expect((await user.user.pickable({ search: 'nos' })).map((u) => u.login)).toEqual([
      'nosy@internal',
    ]);
  });
});
