import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostDriver } from '../../../hosts/driver.js';
import { HostRegistry } from '../../../hosts/registry.js';
import { STORE_BACKENDS } from '../../../store/testing/index.js';
import { AppError } from '../../errors.js';
import { addTestVm, buildFleet, type TestFleet } from '../../testing/fleet.js';
import {
  engineHarness,
  fencingSim,
  snapshotOfStore,
  type EngineHarness,
} from '../../testing/engine.js';
import { clusterCreateInput, dataCenterCreateInput } from '@corral/shared';
import { createCluster } from '../cluster/create.js';
import { createDataCenter } from '../data-center/create.js';
import { runVm } from '../vm/run.js';
import { activateHost } from './activate.js';
import { addHost } from './add.js';
import { fenceHost, handleNonResponsiveHost } from './fence.js';
import { setMaintenance } from './maintenance.js';
import { removeHost } from './remove.js';

const actor = { userName: 'admin@internal' };

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

const hostStatus = async (h: EngineHarness, id: string) =>
  (await h.db.query<{ status: string }>(`SELECT status FROM host WHERE id = $1`, [id]))[0]?.status;

async function vmsOf(h: EngineHarness, ids: readonly string[]) {
  return h.db.query<{ id: string; name: string; status: string; host_id: string | null }>(
    `SELECT id, name, status, host_id FROM vm WHERE id = ANY($1::uuid[]) ORDER BY name`,
    [ids],
  );
}

/** The host stops answering: the sim's fault, and monitoring's verdict in the store. */
async function failHost(h: EngineHarness, hostId: string): Promise<void> {
  await h.deps.hosts.get(
    (await h.db.query(`SELECT * FROM host WHERE id = $1`, [hostId]))[0] as never,
  );
  h.sim.failHost(hostId);
  await h.db.query(`UPDATE host SET status = 'NonResponsive' WHERE id = $1`, [hostId]);
}

describe.each(STORE_BACKENDS)('host commands on %s', (backend) => {
  let h: EngineHarness;
  let fleet: TestFleet;
  beforeEach(async () => {
    h = await engineHarness(backend);
    fleet = await buildFleet(h.db, {
      hosts: [
        { name: 'h1', memoryMb: 65536, cpuUsage: 10 },
        { name: 'h2', memoryMb: 65536, cpuUsage: 20 },
        { name: 'h3', memoryMb: 65536, cpuUsage: 30 },
      ],
    });
  });
  afterEach(() => h.close());

  it('adds a host: Installing, Connecting, Activating, then Up with its capabilities', async () => {
    const added = await addHost(h.deps, actor, {
      name: 'new-host',
      address: '198.51.100.7',
      clusterId: fleet.clusterId,
      driver: 'sim',
    });
    expect(['Installing', 'Connecting', 'Up']).toContain(await hostStatus(h, added.id));
    expect((await added.done)[0]).toMatchObject({ status: 'Finished' });
    const [row] = await h.db.query<{
      status: string;
      memory_mb: number;
      cpus: number;
      uri: string | null;
    }>(`SELECT status, memory_mb, cpus, uri FROM host WHERE id = $1`, [added.id]);
    const conn = await h.deps.hosts.get({
      id: added.id,
      name: 'new-host',
      address: '198.51.100.7',
      driver: 'sim',
    });
    const caps = await conn.capabilities();
    expect(row).toEqual({ status: 'Up', memory_mb: caps.memoryMb, cpus: caps.cpus, uri: null });
    const steps = await h.db.query<{ description: string; status: string }>(
      `SELECT description, status FROM job_step WHERE job_id = $1 ORDER BY position`,
      [added.jobIds[0]],
    );
    expect(steps).toEqual([
      { description: 'Installing', status: 'Finished' },
      { description: 'Connecting', status: 'Finished' },
      { description: 'Activating', status: 'Finished' },
    ]);

    const before = await snapshotOfStore(h.db);
    const sameName = await refusal(
      addHost(h.deps, actor, {
        name: 'NEW-HOST',
        address: '198.51.100.8',
        clusterId: fleet.clusterId,
        driver: 'sim',
      }),
    );
    expect(sameName.field).toBe('name');
    const sameAddress = await refusal(
      addHost(h.deps, actor, {
        name: 'other',
        address: '198.51.100.7',
        clusterId: fleet.clusterId,
        driver: 'sim',
      }),
    );
    expect(sameAddress.field).toBe('address');
    const noDriver = await refusal(
      addHost(h.deps, actor, {
        name: 'kvm1',
        address: '198.51.100.9',
        clusterId: fleet.clusterId,
        driver: 'libvirt',
      }),
    );
    expect(noDriver.field).toBe('driver');
    expect(await snapshotOfStore(h.db)).toEqual(before);
  });

  it('adds one host to a Local data center and refuses a second on clusterId, changing nothing', async () => {
    const dc = await createDataCenter(
      h.deps,
      actor,
      dataCenterCreateInput.parse({ name: 'Edge', storageType: 'Local' }),
    );
    const cluster = await createCluster(
      h.deps,
      actor,
      clusterCreateInput.parse({ dataCenterId: dc.id, name: 'Edge-c' }),
    );
    const first = await addHost(h.deps, actor, {
      name: 'edge-h1',
      address: '198.51.100.21',
      clusterId: cluster.id,
      driver: 'sim',
    });
    expect((await first.done)[0]).toMatchObject({ status: 'Finished' });

    const before = await snapshotOfStore(h.db);
    const second = await refusal(
      addHost(h.deps, actor, {
        name: 'edge-h2',
        address: '198.51.100.22',
        clusterId: cluster.id,
        driver: 'sim',
      }),
    );
    expect(second).toMatchObject({
      message: 'A Local data center has one host.',
      field: 'clusterId',
    });
    expect(await snapshotOfStore(h.db)).toEqual(before);
    // A Shared data center takes more.
    const shared = await addHost(h.deps, actor, {
      name: 'edge-h2',
      address: '198.51.100.22',
      clusterId: fleet.clusterId,
      driver: 'sim',
    });
    expect((await shared.done)[0]).toMatchObject({ status: 'Finished' });
  });

  it('ends InstallFailed when the host can not be reached, with the reason in an Error event', async () => {
    await h.close();
    h = await engineHarness(backend);
    fleet = await buildFleet(h.db, { hosts: [] });
    // A libvirt daemon that refuses connections (a test double for the libvirt driver).
    const refusing: HostDriver = {
      kind: 'libvirt',
      connect: () => Promise.reject(new Error('Failed to connect socket: Connection refused')),
    };
    const deps = {
      ...h.deps,
      hosts: new HostRegistry({ libvirt: refusing, sim: fencingSim(h.sim) }),
    };
    const added = await addHost(deps, actor, {
      name: 'kvm-a',
      address: 'kvm-a.example.com',
      clusterId: fleet.clusterId,
      driver: 'libvirt',
    });
    const [outcome] = await added.done;
    expect(outcome).toMatchObject({ status: 'Failed', step: 'Connecting' });
    const [row] = await h.db.query(`SELECT status, uri FROM host WHERE id = $1`, [added.id]);
    expect(row).toEqual({
      status: 'InstallFailed',
      uri: 'qemu+ssh://root@kvm-a.example.com/system',
    });
    const [event] = await h.db.query<{ severity: string; message: string; host_name: string }>(
      `SELECT severity, message, host_name FROM audit_event WHERE job_id = $1 AND code = 'JOB_FAILED'`,
      [added.jobIds[0]],
    );
    expect(event).toMatchObject({ severity: 'Error', host_name: 'kvm-a' });
    expect(event!.message).toContain('Connection refused');
  });

  it('moves a host to Maintenance after migrating its VMs away', async () => {
    const [h1, h2, h3] = fleet.hosts;
    const vms = [
      await addTestVm(h.db, fleet, { name: 'm-a', status: 'Up', hostId: h1!.id, memoryMb: 4096 }),
      await addTestVm(h.db, fleet, { name: 'm-b', status: 'Up', hostId: h1!.id, memoryMb: 2048 }),
    ];
    const elsewhere = await addTestVm(h.db, fleet, { name: 'm-c', status: 'Up', hostId: h2!.id });
    const result = await setMaintenance(h.deps, actor, { ids: [h1!.id] });
    expect(await hostStatus(h, h1!.id)).toBe('PreparingForMaintenance');
    for (const vm of await vmsOf(h, vms)) expect(vm.status).toBe('MigratingFrom');
    expect((await result.done)[0]).toMatchObject({ status: 'Finished' });
    expect(await hostStatus(h, h1!.id)).toBe('Maintenance');
    const moved = await vmsOf(h, vms);
    for (const vm of moved) {
      expect(vm.status).toBe('Up');
      expect([h2!.id, h3!.id]).toContain(vm.host_id);
      expect(h.sim.runningOn(vm.id)).toBe(vm.host_id);
    }
    expect((await vmsOf(h, [elsewhere]))[0]!.host_id).toBe(h2!.id);
    const steps = await h.db.query<{ description: string; status: string }>(
      `SELECT description, status FROM job_step WHERE job_id = $1 ORDER BY position`,
      [result.jobIds[0]],
    );
    expect(steps.map((s) => s.status)).toEqual(Array(vms.length + 1).fill('Finished'));
    expect(steps.at(-1)!.description).toBe('Moving the host to Maintenance');

    // In Maintenance: activate brings it back Up.
    const activated = await activateHost(h.deps, actor, { ids: [h1!.id] });
    expect((await activated.done)[0]).toMatchObject({ status: 'Finished' });
    expect(await hostStatus(h, h1!.id)).toBe('Up');
  });

  it('refuses Maintenance when a VM can not be migrated, naming it, and changes nothing', async () => {
    const [h1, h2, h3] = fleet.hosts;
    await h.db.query(`UPDATE host SET status = 'Maintenance' WHERE id = $1`, [h3!.id]);
    await h.db.query(`UPDATE host SET memory_mb = 8192 WHERE id = $1`, [h2!.id]);
    await addTestVm(h.db, fleet, { name: 'huge', status: 'Up', hostId: h1!.id, memoryMb: 16384 });
    await addTestVm(h.db, fleet, { name: 'tiny', status: 'Up', hostId: h1!.id, memoryMb: 1024 });
    const before = await snapshotOfStore(h.db);
    const err = await refusal(setMaintenance(h.deps, actor, { ids: [h1!.id] }));
    expect(err.message).toContain(`Host ${h1!.name} cannot enter Maintenance`);
    expect(err.message).toContain('VM huge cannot be migrated');
    expect(err.message).not.toContain('VM tiny');
    expect(await snapshotOfStore(h.db)).toEqual(before);
  });

  it('refuses to remove a host that is Up, removes one in Maintenance', async () => {
    const [h1] = fleet.hosts;
    await h.db.query(
      `INSERT INTO host_nic (host_id, name, mac) VALUES ($1, 'eth0', '00:1a:4a:00:00:01')`,
      [h1!.id],
    );
    const before = await snapshotOfStore(h.db);
    const err = await refusal(removeHost(h.deps, actor, { ids: [h1!.id] }));
    expect(err.message).toBe('The host must be in Maintenance to be removed.');
    expect(await snapshotOfStore(h.db)).toEqual(before);

    await (
      await setMaintenance(h.deps, actor, { ids: [h1!.id] })
    ).done;
    const removed = await removeHost(h.deps, actor, { ids: [h1!.id] });
    expect((await removed.done)[0]).toMatchObject({ status: 'Finished' });
    expect(await h.db.query(`SELECT id FROM host WHERE id = $1`, [h1!.id])).toEqual([]);
    expect(await h.db.query(`SELECT id FROM host_nic WHERE host_id = $1`, [h1!.id])).toEqual([]);
    const [event] = await h.db.query<{ host_name: string }>(
      `SELECT host_name FROM audit_event WHERE code = 'USER_REMOVE_VDS' AND host_id = $1`,
      [h1!.id],
    );
    expect(event?.host_name).toBe(h1!.name);
  });

  it('fences a NonResponsive host, brings it back and restarts its HA VMs elsewhere', async () => {
    const [h1] = fleet.hosts;
    const ha = await addTestVm(h.db, fleet, {
      name: 'ha-db',
      status: 'Up',
      hostId: h1!.id,
      ha: true,
    });
    const plain = await addTestVm(h.db, fleet, { name: 'plain', status: 'Up', hostId: h1!.id });
    const up = await refusal(fenceHost(h.deps, actor, { ids: [h1!.id] }));
    expect(up.message).toBe('Only a NonResponsive host can be fenced.');

    await failHost(h, h1!.id);
    const result = await fenceHost(h.deps, actor, { ids: [h1!.id] });
    // While power management restarts it the host is Reboot, and can't be fenced twice.
    expect(await hostStatus(h, h1!.id)).toBe('Reboot');
    expect((await handleNonResponsiveHost(h.deps, h1!.id)).fenced).toBe(false);
    expect((await result.done)[0]).toMatchObject({ status: 'Finished' });
    expect(await hostStatus(h, h1!.id)).toBe('Up');
    const [haRow, plainRow] = await vmsOf(h, [ha, plain]);
    expect(plainRow).toMatchObject({ status: 'Down', host_id: null });
    expect(['PoweringUp', 'Up']).toContain(haRow!.status);
    expect(haRow!.host_id).not.toBeNull();
    expect(h.sim.runningOn(ha)).toBe(haRow!.host_id);
    const codes = (
      await h.db.query<{ code: string }>(
        `SELECT code FROM audit_event WHERE correlation_id = (SELECT correlation_id FROM job WHERE id = $1) ORDER BY id`,
        [result.jobIds[0]],
      )
    ).map((e) => e.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'VDS_FENCE_STARTED',
        'VM_DOWN_HOST_FENCED',
        'VDS_FENCE_UP',
        'VM_STARTED',
      ]),
    );
  });

  it('on a NonResponsive host: fences when the cluster allows it, else marks its VMs Unknown', async () => {
    const [h1, h2] = fleet.hosts;
    const ha = await addTestVm(h.db, fleet, {
      name: 'ha-web',
      status: 'Up',
      hostId: h1!.id,
      ha: true,
    });
    await failHost(h, h1!.id);
    const handled = await handleNonResponsiveHost(h.deps, h1!.id);
    expect(handled.fenced).toBe(true);
    await handled.done;
    expect((await vmsOf(h, [ha]))[0]!.host_id).not.toBeNull();

    await h.db.query(`UPDATE cluster SET fencing_enabled = false WHERE id = $1`, [fleet.clusterId]);
    const stuck = await addTestVm(h.db, fleet, {
      name: 'stuck',
      status: 'Up',
      hostId: h2!.id,
      ha: true,
    });
    await failHost(h, h2!.id);
    const notFenced = await handleNonResponsiveHost(h.deps, h2!.id);
    expect(notFenced.fenced).toBe(false);
    expect((await vmsOf(h, [stuck]))[0]).toMatchObject({ status: 'Unknown', host_id: h2!.id });
    const [alert] = await h.db.query<{ severity: string }>(
      `SELECT severity FROM audit_event WHERE code = 'VDS_NOT_FENCED' AND host_id = $1`,
      [h2!.id],
    );
    expect(alert?.severity).toBe('Alert');
  });

  it('does not fence a host without power management', async () => {
    await h.close();
    h = await engineHarness(backend, { powerManagement: false });
    fleet = await buildFleet(h.db, { hosts: [{ name: 'nopm' }] });
    await failHost(h, fleet.hosts[0]!.id);
    const err = await refusal(fenceHost(h.deps, actor, { ids: [fleet.hosts[0]!.id] }));
    expect(err.message).toContain('has no power management');
    expect((await handleNonResponsiveHost(h.deps, fleet.hosts[0]!.id)).fenced).toBe(false);
  });

  it('starts the VMs it was asked to and gives every bulk VM its own job', async () => {
    const vms = [
      await addTestVm(h.db, fleet, { name: 'j1' }),
      await addTestVm(h.db, fleet, { name: 'j2' }),
    ];
    const run = await runVm(h.deps, actor, { ids: vms });
    expect(new Set(run.jobIds).size).toBe(vms.length);
    const corr = await h.db.query<{ correlation_id: string }>(
      `SELECT DISTINCT correlation_id FROM job WHERE id = ANY($1::uuid[])`,
      [run.jobIds],
    );
    expect(corr).toHaveLength(1);
    await run.done;
  });
});
