import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import { AppError } from '../../errors.js';
import { addTestHost, addTestVm, buildFleet } from '../../testing/fleet.js';
import { engineHarness, snapshotOfStore, type EngineHarness } from '../../testing/engine.js';
import { migrateVm } from './migrate.js';
import { runVm } from './run.js';

const actor = { userName: 'admin@internal' };

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function vmRow(h: EngineHarness, id: string) {
  const [row] = await h.db.query<{
    status: string;
    host_id: string | null;
    last_host_id: string | null;
    migrating_to_host_id: string | null;
  }>(`SELECT status, host_id, last_host_id, migrating_to_host_id FROM vm WHERE id = $1`, [id]);
  return row!;
}

describe.each(STORE_BACKENDS)('scheduling and migration on %s', (backend) => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await engineHarness(backend);
  });
  afterEach(() => h.close());

  it('migrates to the least loaded other host with room, through MigratingFrom', async () => {
    const hosts = [
      { name: 'source', memoryMb: 65536, cpuUsage: 10 },
      { name: 'roomy', memoryMb: 65536, cpuUsage: 40 },
      { name: 'cramped', memoryMb: 4096, cpuUsage: 1 },
      { name: 'off', memoryMb: 65536, cpuUsage: 0, status: 'Maintenance' as const },
    ];
    const fleet = await buildFleet(h.db, { hosts });
    const [source, roomy] = fleet.hosts;
    const memoryMb = 6144;
    const vm = await addTestVm(h.db, fleet, {
      name: 'db-01',
      status: 'Up',
      hostId: source!.id,
      memoryMb,
    });
    // What the policy says, from the fixture: Up, not the source, room for the VM, least CPU.
    const expected = hosts
      .map((spec, i) => ({ spec, host: fleet.hosts[i]! }))
      .filter(({ spec, host }) => (spec.status ?? 'Up') === 'Up' && host.id !== source!.id)
      .filter(({ spec }) => spec.memoryMb >= memoryMb)
      .sort((a, b) => a.spec.cpuUsage - b.spec.cpuUsage)[0]!.host;
    expect(expected.id).toBe(roomy!.id);

    const result = await migrateVm(h.deps, actor, { ids: [vm] });
    expect(await vmRow(h, vm)).toMatchObject({
      status: 'MigratingFrom',
      host_id: source!.id,
      migrating_to_host_id: expected.id,
    });
    const [outcome] = await result.done;
    expect(outcome).toMatchObject({ status: 'Finished' });
    expect(await vmRow(h, vm)).toEqual({
      status: 'Up',
      host_id: expected.id,
      last_host_id: expected.id,
      migrating_to_host_id: null,
    });
    expect(h.sim.runningOn(vm)).toBe(expected.id);
    const events = await h.db.query<{ code: string }>(
      `SELECT code FROM audit_event WHERE job_id = $1 ORDER BY id`,
      [result.jobIds[0]],
    );
    expect(events.map((e) => e.code)).toEqual(['VM_MIGRATION_START', 'VM_MIGRATION_DONE']);
  });

  it('refuses migrations the rules forbid, with the field and nothing changed', async () => {
    const fleet = await buildFleet(h.db, {
      hosts: [
        { name: 'a', memoryMb: 65536 },
        { name: 'small', memoryMb: 4096 },
        { name: 'maint', memoryMb: 65536, status: 'Maintenance' },
      ],
    });
    const [a, small, maint] = fleet.hosts;
    const up = await addTestVm(h.db, fleet, {
      name: 'big',
      status: 'Up',
      hostId: a!.id,
      memoryMb: 8192,
    });
    const down = await addTestVm(h.db, fleet, { name: 'sleepy' });
    const before = await snapshotOfStore(h.db);

    const self = await refusal(migrateVm(h.deps, actor, { ids: [up], hostId: a!.id }));
    expect(self.field).toBe('hostId');
    expect(self.message).toContain(`already runs on Host ${a!.name}`);

    const full = await refusal(migrateVm(h.deps, actor, { ids: [up], hostId: small!.id }));
    expect(full.field).toBe('hostId');
    expect(full.message).toBe(
      `Host ${small!.name} has ${4096} MB of free memory; the VM needs ${8192} MB.`,
    );

    const notUp = await refusal(migrateVm(h.deps, actor, { ids: [up], hostId: maint!.id }));
    expect(notUp.message).toBe(`Host ${maint!.name} is not Up.`);

    const stopped = await refusal(migrateVm(h.deps, actor, { ids: [down] }));
    expect(stopped.message).toBe('A VM must be Up to be migrated.');

    // The scheduler's own choice: no other Up host has room for 8 GB.
    const nowhere = await refusal(migrateVm(h.deps, actor, { ids: [up] }));
    expect(nowhere.message).toContain('No Up host');
    expect(await snapshotOfStore(h.db)).toEqual(before);
  });

  it('honours the cluster memory overcommit when placing a VM', async () => {
    const hostMb = 16384;
    const runningMb = 12288;
    const newMb = 8192;
    for (const overcommit of [100, 150]) {
      const fleet = await buildFleet(h.db, {
        name: `oc${overcommit}`,
        overcommit,
        hosts: [{ name: `oc${overcommit}-h`, memoryMb: hostMb }],
      });
      await addTestVm(h.db, fleet, {
        name: `oc${overcommit}-resident`,
        status: 'Up',
        hostId: fleet.hosts[0]!.id,
        memoryMb: runningMb,
      });
      const vm = await addTestVm(h.db, fleet, { name: `oc${overcommit}-new`, memoryMb: newMb });
      const free = (hostMb * overcommit) / 100 - runningMb;
      const run = runVm(h.deps, actor, { ids: [vm] });
      if (free >= newMb) {
        // The scheduler books it there (the simulated host may still say no: overcommit
        // is a promise about guests' use, and the sim's guests take all they were given).
        const started = await run;
        expect((await vmRow(h, vm)).last_host_id).toBe(fleet.hosts[0]!.id);
        await started.done;
      } else {
        const err = await refusal(run);
        expect(err.message).toContain(`has ${newMb} MB of free memory`);
        expect(err.message).toContain(`the most is ${free} MB`);
      }
    }
  });

  it('places a bulk run so no host is promised more memory than it has', async () => {
    const fleet = await buildFleet(h.db, {
      hosts: [
        { name: 'p1', memoryMb: 16384, cpuUsage: 5 },
        { name: 'p2', memoryMb: 16384, cpuUsage: 50 },
      ],
    });
    const vms = [];
    for (let i = 0; i < 3; i++)
      vms.push(await addTestVm(h.db, fleet, { name: `bulk-${i}`, memoryMb: 6144 }));
    const started = await runVm(h.deps, actor, { ids: vms });
    const placed = await h.db.query<{ host_id: string; mb: number }>(
      `SELECT host_id, SUM(memory_mb)::int AS mb FROM vm WHERE id = ANY($1::uuid[]) GROUP BY host_id`,
      [vms],
    );
    for (const p of placed) expect(p.mb).toBeLessThanOrEqual(16384);
    expect(placed.reduce((n, p) => n + p.mb, 0)).toBe(3 * 6144);
    expect((await started.done).map((r) => r.status)).toEqual(['Finished', 'Finished', 'Finished']);

    // What is left on each host, from the store; a VM bigger than the most of it is refused.
    const most = Math.max(...placed.map((p) => 16384 - p.mb), 16384 * (2 - placed.length));
    await addTestHost(h.db, fleet.clusterId, {
      name: 'p3',
      memoryMb: 65536,
      status: 'Maintenance',
    });
    const more = await addTestVm(h.db, fleet, { name: 'bulk-3', memoryMb: most + 1024 });
    const err = await refusal(runVm(h.deps, actor, { ids: [more] }));
    expect(err.message).toContain(`the most is ${most} MB`);
  });
});
