import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateFleet, loadFleet, type HostRow, type VmRow } from '../../demo/index.js';
import type { Db } from '../../store/index.js';
import { STORE_BACKENDS, openTestStore } from '../../store/testing/index.js';
import type { HostAddress, HostConnection } from '../driver.js';
import { ManualClock } from './clock.js';
import { SimDriver } from './driver.js';
import { ON_HOST_VM_STATUSES, simInitialFromStore } from './store.js';
import { TEST_TIMINGS as T } from './testing.js';

const NOW = new Date('2026-11-01T12:00:00Z');
const SIZE = { dataCenters: 2, clustersPerDc: 2, hosts: 24, vms: 400 };

const address = (h: HostRow): HostAddress => ({ id: h.id, name: h.name, address: h.address });

/** Counts the queries that reach the store. */
function counting(db: Db): { db: Db; queries: () => number } {
  let n = 0;
  return {
    db: {
      ...db,
      query: (sql, params) => {
        n++;
        return db.query(sql, params);
      },
    },
    queries: () => n,
  };
}

describe.each(STORE_BACKENDS)('simulated hosts from the store on %s', (backend) => {
  const fleet = generateFleet({ seed: 11, size: SIZE, now: NOW });
  const dcOfCluster = new Map(
    fleet.clusters.map((c) => [
      c.id,
      fleet.dataCenters.find((d) => d.id === c.data_center_id)?.name ?? '',
    ]),
  );
  const onHost = (h: HostRow): VmRow[] =>
    fleet.vms
      .filter((v) => v.host_id === h.id && ON_HOST_VM_STATUSES.includes(v.status))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  let db: Db;

  beforeAll(async () => {
    db = await openTestStore(backend);
    await loadFleet(db, fleet);
  });
  afterAll(async () => {
    await db.close();
  });

  it('hands each host its hardware and the VMs running on it, in two queries for all', async () => {
    const c = counting(db);
    const initial = simInitialFromStore(c.db);
    const states = await Promise.all(fleet.hosts.map((h) => initial(address(h))));
    expect(c.queries()).toBe(2);
    expect(fleet.hosts.some((h) => onHost(h).length > 0)).toBe(true);
    for (const [i, h] of fleet.hosts.entries()) {
      const state = states[i];
      expect(state?.capabilities).toEqual({
        cpuModel: h.cpu_model,
        cpuSockets: h.cpu_sockets,
        cpuCores: h.cpu_cores,
        cpus: h.cpus,
        memoryMb: h.memory_mb,
        osVersion: h.os_version,
        kvmVersion: h.kvm_version,
        libvirtVersion: h.libvirt_version,
        kvm: true,
      });
      expect(state?.answering).toBe(h.status !== 'NonResponsive' && h.status !== 'Down');
      const expected = onHost(h);
      const domains = [...(state?.domains ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(domains.map((d) => [d.id, d.name, d.status, d.memoryMb, d.vcpus])).toEqual(
        expected.map((v) => [v.id, v.name, v.status, v.memory_mb, v.vcpus]),
      );
      for (const [j, v] of expected.entries()) {
        const d = domains[j];
        expect(d?.vmType).toBe(v.vm_type);
        expect(d?.os).toBe(v.os);
        if (v.fqdn) {
          expect(d?.guest?.fqdn).toBe(v.fqdn);
          // New guests on this host get names in the same DNS domain as the generator's.
          expect(v.fqdn.endsWith(`.${state?.dnsDomain}`)).toBe(true);
        }
        expect(d?.guest?.ips ?? []).toEqual(v.ip ? [v.ip] : []);
        expect(d?.guest?.loggedInUser).toBe(v.logged_in_user ?? undefined);
        expect(d?.guest?.applications ?? []).toEqual(v.applications);
        expect(d?.startedAt?.toISOString()).toBe(
          v.started_at ? new Date(v.started_at).toISOString() : undefined,
        );
      }
      expect(dcOfCluster.get(h.cluster_id)).toBeTruthy();
    }
  });

  it('answers undefined for hosts the store does not have', async () => {
    const initial = simInitialFromStore(db);
    const [missing, notUuid] = await Promise.all([
      initial({ id: '00000000-0000-4000-8000-00000000abcd', name: 'x', address: '192.0.2.1' }),
      initial({ id: 'lab-host', name: 'y', address: '192.0.2.2' }),
    ]);
    expect(missing).toBeUndefined();
    expect(notUuid).toBeUndefined();
  });

  it('after a BFF restart the running VMs still run on their simulated hosts', async () => {
    const clock = new ManualClock(NOW.getTime());
    const driver = new SimDriver({ clock, timings: T, initial: simInitialFromStore(db) });
    try {
      const answering = fleet.hosts.filter(
        (h) => h.status !== 'NonResponsive' && h.status !== 'Down',
      );
      const conns = await Promise.all(answering.map((h) => driver.connect(address(h))));
      const expectOn = (h: HostRow) => onHost(h).map((v) => [v.id, v.status]);
      for (const [i, h] of answering.entries()) {
        const listed = await (conns[i] as HostConnection).listDomains();
        expect(listed.map((d) => [d.id, d.status]).sort()).toEqual(expectOn(h).sort());
      }
      // Half-finished transitions settle: nothing is still booting or shutting down later.
      await clock.advance(60_000);
      const statuses = new Set(
        (await Promise.all(conns.map((c) => c.listDomains()))).flat().map((d) => d.status),
      );
      for (const s of ['PoweringUp', 'PoweringDown', 'RebootInProgress', 'MigratingFrom'])
        expect(statuses.has(s as never)).toBe(false);
      // Guests report what the store had.
      const samples = await Promise.all(conns.map((c) => c.sample()));
      const byId = new Map(fleet.vms.map((v) => [v.id, v]));
      let checked = 0;
      for (const d of samples.flatMap((s) => s.domains)) {
        const v = byId.get(d.id);
        if (!v?.ip || v.status !== 'Up') continue;
        expect(d.guest?.ips).toEqual([v.ip]);
        expect(d.guest?.fqdn).toBe(v.fqdn);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);

      // A host the store has as unreachable does not answer.
      const silent = fleet.hosts.find((h) => h.status === 'NonResponsive');
      expect(silent).toBeDefined();
      if (silent) {
        let outcome: string | undefined;
        void driver.connect(address(silent)).then(
          () => (outcome = 'connected'),
          (err: { code?: string }) => (outcome = err.code),
        );
        // The store answers in real time, the timeout runs on the manual clock.
        for (let i = 0; i < 100 && outcome === undefined; i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          await clock.advance(T.unreachable);
        }
        expect(outcome).toBe('UNREACHABLE');
      }
    } finally {
      await driver.close();
    }
  });
});
