// VM pools on the simulated fleet, on PGlite and PostgreSQL, through the API as the
// portals call it: New / Edit / Remove Pool and their refusals, take and return with
// VMs per user, two takes at once, an Automatic pool taking back a stopped VM (a Manual
// one not), stateless VMs reset when Down, and the keeper's prestarted VMs.
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POOL_MESSAGES } from '@corral/shared';
import { loadPrincipal, superUser } from '../../../identity/principal.js';
import { startPoolKeeper, type PoolKeeper } from '../../../pools/keeper.js';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import { createCaller } from '../../../trpc/router.js';
import { apiOf, badInput, refused, type Api } from '../data-center/testing.js';
import { engineHarness, type EngineHarness } from '../../testing/engine.js';
import { addTestVm, buildFleet, type TestFleet } from '../../testing/fleet.js';
import { handleDownVms } from './down.js';
import { keepPrestarted } from './keep.js';

describe.each(STORE_BACKENDS)('VM pools on %s', (backend) => {
  let h: EngineHarness;
  let api: Api;
  let f: TestFleet;
  let templateId: string;
  let templateVolumeId: string;
  let alice: string;
  let bob: string;
  let keeper: PoolKeeper | null = null;

  const jobStatus = async (ids: readonly string[]) =>
    (
      await h.db.query<{ id: string; status: string }>(
        `SELECT id, status FROM job WHERE id = ANY($1::uuid[])`,
        [ids],
      )
    ).map((j) => j.status);
  const finished = (ids: readonly string[]) =>
    expect
      .poll(() => jobStatus(ids), { timeout: 10_000, interval: 25 })
      .toEqual(ids.map(() => 'Finished'));
  const vmsOf = (poolId: string) =>
    h.db.query<{
      id: string;
      name: string;
      status: string;
      stateless: boolean;
      stateless_dirty: boolean;
      template_id: string;
    }>(
      `SELECT id, name, status, stateless, stateless_dirty, template_id FROM vm
        WHERE pool_id = $1 ORDER BY length(name), name`,
      [poolId],
    );
  const holders = async (vmId: string) =>
    (
      await h.db.query<{ user_id: string }>(
        `SELECT p.user_id FROM permission p JOIN role r ON r.id = p.role_id
          WHERE r.name = 'UserRole' AND p.object_type = 'Vm' AND p.object_id = $1`,
        [vmId],
      )
    ).map((r) => r.user_id);
  const eventCodes = async (vmId: string) =>
    (
      await h.db.query<{ code: string }>(
        `SELECT code FROM audit_event WHERE vm_id = $1 ORDER BY id`,
        [vmId],
      )
    ).map((e) => e.code);
  /** The API as a user (every action group on System, so the commands' own rules speak). */
  const as = (userId: string, login: string) => {
    const { db: _db, ...engine } = h.deps;
    return createCaller({ db: h.db, user: superUser(login, userId), engine });
  };
  const newPool = async (input: Record<string, unknown> = {}) => {
    const r = await api.pool.create({
      name: 'desk',
      clusterId: f.clusterId,
      templateId,
      size: 3,
      ...input,
    });
    await finished(r.jobIds);
    return r;
  };
  const addUser = async (username: string) =>
    (
      await h.db.query<{ id: string }>(
        `INSERT INTO app_user (username, domain) VALUES ($1, 'internal') RETURNING id`,
        [username],
      )
    )[0]!.id;

  beforeEach(async () => {
    h = await engineHarness(backend);
    api = apiOf(h);
    f = await buildFleet(h.db, { hosts: [{ name: 'h1' }, { name: 'h2' }] });
    const source = await addTestVm(h.db, f, { name: 'golden' });
    const t = await api.vm.makeTemplate({ id: source, name: 'golden-tpl' });
    await finished(t.jobIds);
    templateId = t.templateId;
    [{ id: templateVolumeId }] = (await h.db.query<{ id: string }>(
      `SELECT v.id FROM disk d JOIN disk_volume v ON v.disk_id = d.id WHERE d.template_id = $1`,
      [templateId],
    )) as [{ id: string }];
    alice = await addUser('alice');
    bob = await addUser('bob');
  });
  afterEach(async () => {
    await keeper?.stop();
    keeper = null;
    await h.close();
  });

  it('creates a pool of Thin VMs <pool>-1..n from the template, stateless, in one job', async () => {
    const r = await newPool({ size: 3, stateless: true, poolType: 'Manual', maxPerUser: 2 });
    const vms = await vmsOf(r.id);
    expect(vms.map((v) => [v.name, v.status, v.stateless, v.template_id])).toEqual([
      ['desk-1', 'Down', true, templateId],
      ['desk-2', 'Down', true, templateId],
      ['desk-3', 'Down', true, templateId],
    ]);
    expect(r.vmIds.sort()).toEqual(vms.map((v) => v.id).sort());
    // Each VM's disk is a qcow2 layer whose parent is the template disk's volume.
    const volumes = await h.db.query<{ parent_id: string; format: string }>(
      `SELECT v.parent_id, v.format FROM vm_disk vd JOIN disk_volume v ON v.disk_id = vd.disk_id
        WHERE vd.vm_id = ANY($1::uuid[])`,
      [r.vmIds],
    );
    expect(volumes).toEqual(r.vmIds.map(() => ({ parent_id: templateVolumeId, format: 'COW' })));
    const [pool] = await h.db.query(
      `SELECT name, pool_type, size, prestarted, max_per_user, stateless FROM pool WHERE id = $1`,
      [r.id],
    );
    expect(pool).toEqual({
      name: 'desk',
      pool_type: 'Manual',
      size: 3,
      prestarted: 0,
      max_per_user: 2,
      stateless: true,
    });
    expect(r.jobIds).toHaveLength(1);
    const [job] = await h.db.query<{ progress: number; description: string }>(
      `SELECT progress, description FROM job WHERE id = $1`,
      [r.jobIds[0]],
    );
    expect(job).toEqual({ progress: 100, description: 'Creating VM pool desk' });
    const codes = await h.db.query<{ code: string }>(
      `SELECT code FROM audit_event WHERE job_id = $1 ORDER BY id`,
      [r.jobIds[0]],
    );
    expect(codes.map((c) => c.code)).toEqual([
      'USER_ADD_VM_POOL_WITH_VMS',
      'USER_ADD_VM_POOL_WITH_VMS_ADD_SUCCEEDED',
    ]);
  });

  it('refuses bad pools on their field, writing nothing', async () => {
    const base = { name: 'desk', clusterId: f.clusterId, templateId, size: 2 };
    expect(await badInput(() => api.pool.create({ ...base, prestarted: 3 }))).toEqual({
      prestarted: [POOL_MESSAGES.prestartedAboveSize],
    });
    expect(Object.keys(await badInput(() => api.pool.create({ ...base, size: 0 })))).toEqual([
      'size',
    ]);
    await addTestVm(h.db, f, { name: 'desk-2' });
    expect(await refused(h.db, () => api.pool.create(base))).toMatchObject({
      field: 'name',
      message: expect.stringContaining('desk-2 already exists') as string,
    });
    await h.db.query(`UPDATE host SET status = 'Maintenance'`);
    expect(await refused(h.db, () => api.pool.create({ ...base, name: 'other' }))).toMatchObject({
      field: 'clusterId',
    });
    expect(await h.db.query(`SELECT id FROM pool`)).toEqual([]);
  });

  it('grows a pool by adding VMs, and refuses to shrink it or to prestart more than its size', async () => {
    const r = await newPool({ size: 2 });
    const grown = await api.pool.update({ id: r.id, size: 4, prestarted: 1, maxPerUser: 3 });
    await finished(grown.jobIds);
    expect((await vmsOf(r.id)).map((v) => [v.name, v.status])).toEqual([
      ['desk-1', 'Down'],
      ['desk-2', 'Down'],
      ['desk-3', 'Down'],
      ['desk-4', 'Down'],
    ]);
    expect(
      await h.db.query(`SELECT size, prestarted, max_per_user FROM pool WHERE id = $1`, [r.id]),
    ).toEqual([{ size: 4, prestarted: 1, max_per_user: 3 }]);
    expect(await refused(h.db, () => api.pool.update({ id: r.id, size: 3 }))).toEqual({
      code: 'PRECONDITION_FAILED',
      field: 'size',
      message: POOL_MESSAGES.shrink(4),
    });
    expect(await refused(h.db, () => api.pool.update({ id: r.id, prestarted: 5 }))).toEqual({
      code: 'PRECONDITION_FAILED',
      field: 'prestarted',
      message: POOL_MESSAGES.prestartedAboveSize,
    });
    const edited = await api.pool.update({ id: r.id, description: 'desktops' });
    expect(edited.jobIds).toEqual([]);
    expect(await h.db.query(`SELECT description FROM pool WHERE id = $1`, [r.id])).toEqual([
      { description: 'desktops' },
    ]);
  });

  it('takes a VM for the user (started, assigned), refuses beyond VMs per user, returns it', async () => {
    const r = await newPool({ size: 2, maxPerUser: 1, poolType: 'Manual' });
    const a = as(alice, 'alice@internal');
    const took = await a.pool.take({ id: r.id });
    expect(took.jobIds).toHaveLength(1);
    await finished(took.jobIds);
    expect(await holders(took.vmId)).toEqual([alice]);
    const [vm] = (await vmsOf(r.id)).filter((v) => v.id === took.vmId);
    expect(['PoweringUp', 'Up']).toContain(vm!.status);
    expect(vm!.name).toBe('desk-1');
    // At max: a clear refusal, nothing assigned.
    expect(await refused(h.db, () => a.pool.take({ id: r.id }))).toEqual({
      code: 'PRECONDITION_FAILED',
      field: 'id',
      message: POOL_MESSAGES.maxPerUser(1),
    });
    // Bob gets the other one; then the pool is empty.
    const b = as(bob, 'bob@internal');
    const bobs = await b.pool.take({ id: r.id });
    expect(bobs.vmId).not.toBe(took.vmId);
    await finished(bobs.jobIds);
    const carol = await addUser('carol');
    expect(
      await refused(h.db, () => as(carol, 'carol@internal').pool.take({ id: r.id })),
    ).toMatchObject({ message: POOL_MESSAGES.noFreeVm, field: 'id' });
    // Bob, an ordinary user, cannot return Alice's VM: for him it does not exist.
    const { db: _db, ...engine } = h.deps;
    const plainBob = createCaller({ db: h.db, user: (await loadPrincipal(h.db, bob))!, engine });
    const notHis = await plainBob.pool.returnVm({ vmId: took.vmId }).catch((e: unknown) => e);
    expect(notHis).toBeInstanceOf(TRPCError);
    expect((notHis as TRPCError).code).toBe('NOT_FOUND');
    // Alice returns hers: the assignment goes and the VM is powered off.
    const back = await a.pool.returnVm({ vmId: took.vmId });
    await finished(back.jobIds);
    expect(await holders(took.vmId)).toEqual([]);
    expect((await vmsOf(r.id)).find((v) => v.id === took.vmId)?.status).toBe('Down');
    expect(await eventCodes(took.vmId)).toEqual(
      expect.arrayContaining([
        'USER_TOOK_VM_FROM_POOL',
        'USER_RETURNED_VM_TO_POOL',
        'USER_STOP_VM',
      ]),
    );
    // Returning again (Alice holds every group on System, so she may return any assigned
    // VM): it is assigned to nobody now.
    expect(await refused(h.db, () => a.pool.returnVm({ vmId: took.vmId }))).toEqual({
      code: 'PRECONDITION_FAILED',
      field: 'vmId',
      message: POOL_MESSAGES.notAssignedAtAll,
    });
  });

  it('hands out a running (prestarted) VM first', async () => {
    const r = await newPool({ size: 3 });
    const third = (await vmsOf(r.id))[2]!;
    await finished((await api.vm.run({ ids: [third.id] })).jobIds);
    const took = await as(alice, 'alice@internal').pool.take({ id: r.id });
    expect(took.vmId).toBe(third.id);
    expect(took.jobIds).toEqual([]); // already running: nothing to start
    expect(await holders(third.id)).toEqual([alice]);
  });

  it('never gives two concurrent takes the same VM', async () => {
    const r = await newPool({ size: 2, maxPerUser: 1 });
    const users = [alice, bob, await addUser('carol'), await addUser('dave')];
    const outcomes = await Promise.allSettled(
      users.map((u, i) => as(u, `u${i}@internal`).pool.take({ id: r.id })),
    );
    const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.vmId] : []));
    expect(won).toHaveLength(2);
    expect(new Set(won).size).toBe(2);
    for (const o of outcomes)
      if (o.status === 'rejected')
        expect((o.reason as TRPCError).message).toBe(POOL_MESSAGES.noFreeVm);
    const assigned = await h.db.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM permission WHERE object_type = 'Vm'`,
    );
    expect(assigned[0]!.n).toBe(2);
    // One user twice at once, with one VM per user: one take only.
    const r2 = await newPool({ name: 'lab', size: 3, maxPerUser: 1 });
    const a = as(alice, 'alice@internal');
    const twice = await Promise.allSettled([
      a.pool.take({ id: r2.id }),
      a.pool.take({ id: r2.id }),
    ]);
    expect(twice.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(
      (twice.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason,
    ).toMatchObject({ message: POOL_MESSAGES.maxPerUser(1) });
    await Promise.all(
      outcomes
        .concat(twice)
        .flatMap((o) => (o.status === 'fulfilled' ? [finished(o.value.jobIds)] : [])),
    );
  });

  it('an Automatic pool takes back a VM its user stopped; a Manual pool leaves it assigned', async () => {
    const auto = await newPool({ name: 'auto', size: 1, poolType: 'Automatic', stateless: false });
    const manual = await newPool({ name: 'man', size: 1, poolType: 'Manual', stateless: false });
    const a = as(alice, 'alice@internal');
    const t1 = await a.pool.take({ id: auto.id });
    const t2 = await a.pool.take({ id: manual.id });
    await finished([...t1.jobIds, ...t2.jobIds]);
    // Right after a take of a Down VM, before it ran, nothing is taken back.
    expect((await handleDownVms(h.deps)).returned).toEqual([]);
    // The user powers both off (not Return): the Automatic pool's VM returns.
    await finished((await a.vm.powerOff({ ids: [t1.vmId, t2.vmId] })).jobIds);
    const handled = await handleDownVms(h.deps);
    expect(handled.returned).toEqual([t1.vmId]);
    expect(await holders(t1.vmId)).toEqual([]);
    expect(await holders(t2.vmId)).toEqual([alice]);
    expect(await eventCodes(t1.vmId)).toContain('VM_RETURNED_TO_POOL');
    // A second pass finds nothing more to do.
    expect(await handleDownVms(h.deps)).toEqual({ returned: [], reset: [] });
  });

  it('the keeper hears a VM go Down on the feed and returns it to its pool', async () => {
    const auto = await newPool({ size: 1, stateless: true });
    keeper = startPoolKeeper(h.deps, { intervalMs: 60_000, debounceMs: 20, log: () => {} });
    const a = as(alice, 'alice@internal');
    const took = await a.pool.take({ id: auto.id });
    await finished(took.jobIds);
    await finished((await a.vm.powerOff({ ids: [took.vmId] })).jobIds);
    await expect.poll(() => holders(took.vmId), { timeout: 5_000 }).toEqual([]);
    // Stateless: the run marked it, and being Down again it is reset (mark cleared).
    await expect
      .poll(async () => (await vmsOf(auto.id))[0]!.stateless_dirty, { timeout: 5_000 })
      .toBe(false);
    expect(await eventCodes(took.vmId)).toEqual(
      expect.arrayContaining(['VM_RETURNED_TO_POOL', 'VM_STATELESS_RESTORED']),
    );
  });

  it('marks a stateless VM that ran and resets it once Down; a stateful one is left alone', async () => {
    const r = await newPool({ size: 2, stateless: true });
    const [one, two] = await vmsOf(r.id);
    await h.db.query(`UPDATE vm SET stateless = false WHERE id = $1`, [two!.id]);
    await finished((await api.vm.run({ ids: [one!.id, two!.id] })).jobIds);
    let rows = await vmsOf(r.id);
    expect(rows.map((v) => v.stateless_dirty)).toEqual([true, false]);
    // Still running: nothing to reset yet.
    expect((await handleDownVms(h.deps)).reset).toEqual([]);
    await finished((await api.vm.powerOff({ ids: [one!.id, two!.id] })).jobIds);
    expect((await handleDownVms(h.deps)).reset).toEqual([one!.id]);
    rows = await vmsOf(r.id);
    expect(rows.map((v) => [v.status, v.stateless_dirty])).toEqual([
      ['Down', false],
      ['Down', false],
    ]);
    const [job] = await h.db.query<{ description: string; status: string }>(
      `SELECT description, status FROM job WHERE description LIKE 'Restoring%'`,
    );
    expect(job).toEqual({ description: 'Restoring the stateless VM desk-1', status: 'Finished' });
  });

  it('removes a pool only when none of its VMs runs or is assigned', async () => {
    const r = await newPool({ size: 2, poolType: 'Manual' });
    const took = await as(alice, 'alice@internal').pool.take({ id: r.id });
    await finished(took.jobIds);
    expect(await refused(h.db, () => api.pool.remove({ id: r.id }))).toEqual({
      code: 'PRECONDITION_FAILED',
      field: 'id',
      message: POOL_MESSAGES.removeRunning(['desk-1']),
    });
    await finished((await api.vm.powerOff({ ids: [took.vmId] })).jobIds);
    expect(await refused(h.db, () => api.pool.remove({ id: r.id }))).toEqual({
      code: 'PRECONDITION_FAILED',
      field: 'id',
      message: POOL_MESSAGES.removeAssigned(['desk-1']),
    });
    await finished((await api.pool.returnVm({ vmId: took.vmId })).jobIds);
    // Stateless: it ran, so it is reset first (ImageLocked meanwhile).
    await expect
      .poll(async () => (await vmsOf(r.id)).map((v) => [v.status, v.stateless_dirty]), {
        timeout: 5_000,
      })
      .toEqual([
        ['Down', false],
        ['Down', false],
      ]);
    const removed = await api.pool.remove({ id: r.id });
    await finished(removed.jobIds);
    expect(await h.db.query(`SELECT id FROM pool`)).toEqual([]);
    expect(await h.db.query(`SELECT id FROM vm WHERE name LIKE 'desk-%'`)).toEqual([]);
  });

  it('the keeper keeps the prestarted count of unassigned VMs running, never more', async () => {
    const r = await newPool({ size: 4, prestarted: 2 });
    keeper = startPoolKeeper(h.deps, { intervalMs: 100, debounceMs: 20, log: () => {} });
    const up = async () =>
      (await vmsOf(r.id)).filter((v) => ['PoweringUp', 'Up'].includes(v.status)).length;
    await expect.poll(up, { timeout: 8_000 }).toBe(2);
    // A few more cycles: still two.
    await keeper.cycle();
    await keeper.cycle();
    expect(await up()).toBe(2);
    const runs = await h.db.query<{ user_name: string }>(
      `SELECT user_name FROM audit_event WHERE code = 'USER_RUN_VM'`,
    );
    expect(runs.map((e) => e.user_name)).toEqual(['SYSTEM', 'SYSTEM']);
    // A user takes a running one: the keeper starts another to keep two free.
    const took = await as(alice, 'alice@internal').pool.take({ id: r.id });
    expect(took.jobIds).toEqual([]);
    await expect.poll(up, { timeout: 8_000 }).toBe(3);
    await keeper.stop();
    keeper = null;
    // Without the keeper: a direct pass has nothing to start.
    expect((await keepPrestarted(h.deps)).started.size).toBe(0);
  });

  it('answers the toolbar’s verdicts per pool: remove while in use, take for the caller', async () => {
    const r = await newPool({ size: 1, poolType: 'Manual', stateless: false });
    const a = as(alice, 'alice@internal');
    expect(await a.pool.actions({ ids: [r.id] })).toEqual({
      [r.id]: { edit: { allowed: true }, remove: { allowed: true }, take: { allowed: true } },
    });
    const took = await a.pool.take({ id: r.id });
    await finished(took.jobIds);
    const after = (await a.pool.actions({ ids: [r.id] }))[r.id]!;
    expect(after.remove).toEqual({
      allowed: false,
      reason: POOL_MESSAGES.removeRunning(['desk-1']),
    });
    expect(after.take).toEqual({ allowed: false, reason: POOL_MESSAGES.maxPerUser(1) });
    expect((await as(bob, 'bob@internal').pool.actions({ ids: [r.id] }))[r.id]?.take).toEqual({
      allowed: false,
      reason: POOL_MESSAGES.noFreeVm,
    });
  });

  it('a restricted user takes from a pool they may use and returns their VM', async () => {
    const r = await newPool({ size: 1, poolType: 'Manual' });
    const [role] = await h.db.query<{ id: string }>(
      `INSERT INTO role (name, action_groups) VALUES ('PoolUser', ARRAY['VM_POOL_BASIC_OPERATIONS','VM_BASIC_OPERATIONS','LOGIN'])
       RETURNING id`,
    );
    await h.db.query(
      `INSERT INTO permission (user_id, role_id, object_type, object_id) VALUES ($1, $2, 'Pool', $3)`,
      [alice, role!.id, r.id],
    );
    const { db: _db, ...engine } = h.deps;
    const user = (await loadPrincipal(h.db, alice))!;
    const a = createCaller({ db: h.db, user, engine });
    const took = await a.pool.take({ id: r.id });
    await finished(took.jobIds);
    expect(await holders(took.vmId)).toEqual([alice]);
    const back = await a.pool.returnVm({ vmId: took.vmId });
    await finished(back.jobIds);
    expect(await holders(took.vmId)).toEqual([]);

    // Taken again; a pool administrator (EDIT_VM_POOL_CONFIGURATION on the pool, nothing
    // else) returns it for her.
    const again = await a.pool.take({ id: r.id });
    await finished(again.jobIds);
    const [admin] = await h.db.query<{ id: string }>(
      `INSERT INTO role (name, action_groups) VALUES ('PoolEditor', ARRAY['EDIT_VM_POOL_CONFIGURATION','LOGIN'])
       RETURNING id`,
    );
    await h.db.query(
      `INSERT INTO permission (user_id, role_id, object_type, object_id) VALUES ($1, $2, 'Pool', $3)`,
      [bob, admin!.id, r.id],
    );
    const b = createCaller({ db: h.db, user: (await loadPrincipal(h.db, bob))!, engine });
    await finished((await b.pool.returnVm({ vmId: again.vmId })).jobIds);
    expect(await holders(again.vmId)).toEqual([]);
    const [event] = await h.db.query<{ message: string }>(
      `SELECT message FROM audit_event WHERE code = 'USER_RETURNED_VM_TO_POOL' ORDER BY id DESC LIMIT 1`,
    );
    expect(event?.message).toBe(
      `VM desk-1 was returned to pool desk by bob@internal (it was alice@internal's).`,
    );
  });
});
