import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../store/testing/index.js';
import { addTestVm, buildFleet, type TestFleet } from '../../engine/testing/fleet.js';
import { engineHarness, type EngineHarness } from '../../engine/testing/engine.js';
import { AppError } from '../../engine/errors.js';
import { createCaller } from '../router.js';
import { superUser } from '../../identity/principal.js';

/** Waits for jobs through the API, as the portal follows them. */
async function settled(api: ReturnType<typeof createCaller>, jobIds: readonly string[]) {
  await expect
    .poll(
      async () =>
        (await api.job.recent({ limit: 100 }))
          .filter((j) => jobIds.includes(j.id))
          .every((j) => j.status !== 'Started'),
      { timeout: 10_000, interval: 50 },
    )
    .toBe(true);
  return (await api.job.recent({ limit: 100 })).filter((j) => jobIds.includes(j.id));
}

describe.each(STORE_BACKENDS)('VM and host procedures on %s', (backend) => {
  let h: EngineHarness;
  let fleet: TestFleet;
  let api: ReturnType<typeof createCaller>;
  beforeEach(async () => {
    h = await engineHarness(backend);
    fleet = await buildFleet(h.db, {
      hosts: [
        { name: 'api-h1', memoryMb: 32768, cpuUsage: 5 },
        { name: 'api-h2', memoryMb: 16384, cpuUsage: 50, status: 'Maintenance' },
      ],
    });
    const { db: _db, ...engine } = h.deps;
    api = createCaller({ db: h.db, user: superUser(), engine });
  });
  afterEach(() => h.close());

  it('offers the dialog choices of a cluster, from the store', async () => {
    const all = await api.vm.formOptions({});
    expect(all.clusters.map((c) => c.id)).toContain(fleet.clusterId);
    expect(all.hosts).toEqual([]);
    const o = await api.vm.formOptions({ clusterId: fleet.clusterId });
    expect(o.storageDomains.map((d) => d.id)).toEqual([fleet.storageDomainId]);
    expect(o.networks.map((n) => n.id)).toEqual([fleet.networkId]);
    expect(o.operatingSystems.length).toBeGreaterThan(0);
    const resident = await addTestVm(h.db, fleet, {
      name: 'resident',
      status: 'Up',
      hostId: fleet.hosts[0]!.id,
      memoryMb: 3000,
    });
    expect(resident).toBeTruthy();
    const after = await api.vm.formOptions({ clusterId: fleet.clusterId });
    expect(after.hosts.find((x) => x.id === fleet.hosts[0]!.id)?.freeMemoryMb).toBe(32768 - 3000);
  });

  it('creates and runs a VM, answering with job ids the jobs panel then shows', async () => {
    const created = await api.vm.create({
      name: 'api-vm',
      clusterId: fleet.clusterId,
      memoryMb: 1024,
      disks: [{ sizeGb: 10, storageDomainId: fleet.storageDomainId }],
      nics: [{ networkId: fleet.networkId }],
    });
    expect(created.jobIds).toHaveLength(1);
    await settled(api, created.jobIds);
    const ran = await api.vm.run({ ids: [created.id] });
    const [job] = await settled(api, ran.jobIds);
    expect(job).toMatchObject({
      status: 'Finished',
      progress: 100,
      error: null,
      userName: 'admin@internal',
    });
    expect(job!.steps.every((s) => s.status === 'Finished')).toBe(true);
    const vm = await api.vm.get({ id: created.id });
    expect(vm.host).toBe('api-h1');
  });

  it('reports per-VM and per-host actions with reasons, from the rules and the store', async () => {
    const down = await addTestVm(h.db, fleet, { name: 'idle-vm' });
    const up = await addTestVm(h.db, fleet, {
      name: 'busy-vm',
      status: 'Up',
      hostId: fleet.hosts[0]!.id,
    });
    const vms = await api.vm.actions({ ids: [down, up] });
    expect(vms[down]!.remove).toEqual({ allowed: true });
    expect(vms[up]!.remove).toEqual({ allowed: false, reason: 'A VM must be Down to be removed.' });
    // The other host is in Maintenance: nowhere to migrate to.
    expect(vms[up]!.migrate.allowed).toBe(false);
    expect(vms[up]!.migrate.reason).toContain('no other Up host');
    const hosts = await api.host.actions({ ids: fleet.hosts.map((x) => x.id) });
    expect(hosts[fleet.hosts[0]!.id]!.remove.reason).toBe(
      'The host must be in Maintenance to be removed.',
    );
    expect(hosts[fleet.hosts[1]!.id]!.remove).toEqual({ allowed: true });
  });

  it('turns a refusal into PRECONDITION_FAILED with the field, and bad input into zod errors', async () => {
    await addTestVm(h.db, fleet, { name: 'dup' });
    const err = await api.vm
      .create({ name: 'dup', clusterId: fleet.clusterId })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect((err as TRPCError).code).toBe('PRECONDITION_FAILED');
    expect((err as TRPCError).message).toBe('A VM named dup already exists.');
    expect(((err as TRPCError).cause as AppError).field).toBe('name');
    const bad = await api.vm
      .create({ name: '', clusterId: fleet.clusterId })
      .catch((e: unknown) => e);
    expect((bad as TRPCError).code).toBe('BAD_REQUEST');
    const fence = await api.host.fence({ id: fleet.hosts[0]!.id }).catch((e: unknown) => e);
    expect((fence as TRPCError).message).toBe('Only a NonResponsive host can be fenced.');
  });

  it('adds a simulated host through the API', async () => {
    const added = await api.host.add({
      name: 'api-new',
      address: '203.0.113.5',
      clusterId: fleet.clusterId,
      driver: 'sim',
    });
    const [job] = await settled(api, added.jobIds);
    expect(job!.steps.map((s) => s.description)).toEqual([
      'Installing',
      'Connecting',
      'Activating',
    ]);
    expect((await api.host.get({ id: added.id })).status).toBe('Up');
  });
});
