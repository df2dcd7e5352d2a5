import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostRow } from './inventory.js';
import { freeMb, pickHost, planPlacements, type HostLoad } from './scheduler.js';

const load = (
  name: string,
  o: Partial<HostRow> & { capacityMb: number; committedMb?: number },
): HostLoad => {
  const host: HostRow = {
    id: name,
    name,
    address: name,
    driver: 'sim',
    uri: null,
    cluster_id: 'c',
    status: 'Up',
    memory_mb: o.capacityMb,
    cpus: 16,
    cpu_usage: 0,
    ...o,
  };
  return {
    host,
    capacityMb: o.capacityMb,
    committedMb: o.committedMb ?? 0,
    cpuLoad: host.cpu_usage,
  };
};

const hostArb = fc.record({
  status: fc.constantFrom('Up', 'Up', 'Up', 'Maintenance', 'NonResponsive'),
  capacityMb: fc.integer({ min: 1024, max: 262144 }),
  committedMb: fc.integer({ min: 0, max: 262144 }),
  cpu_usage: fc.integer({ min: 0, max: 100 }),
});

describe('scheduler', () => {
  it('picks, among Up hosts with room, the least CPU-loaded (then the roomiest)', () => {
    fc.assert(
      fc.property(
        fc.array(hostArb, { maxLength: 12 }),
        fc.integer({ min: 128, max: 65536 }),
        (specs, need) => {
          const loads = specs.map((s, i) =>
            load(`h${i}`, { ...s, status: s.status as HostRow['status'] }),
          );
          const choice = pickHost('C', loads, need);
          const fitting = loads.filter((l) => l.host.status === 'Up' && freeMb(l) >= need);
          if (fitting.length === 0) {
            expect(choice.ok).toBe(false);
            return;
          }
          expect(choice.ok).toBe(true);
          if (!choice.ok) return;
          const best = Math.min(...fitting.map((l) => l.cpuLoad));
          expect(choice.load.cpuLoad).toBe(best);
          const roomiest = Math.max(...fitting.filter((l) => l.cpuLoad === best).map(freeMb));
          expect(freeMb(choice.load)).toBe(roomiest);
        },
      ),
    );
  });

  it('never plans more memory onto a host than it has', () => {
    fc.assert(
      fc.property(
        fc.array(hostArb, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 256, max: 32768 }), { maxLength: 20 }),
        (specs, sizes) => {
          const loads = specs.map((s, i) =>
            load(`h${i}`, { ...s, status: s.status as HostRow['status'] }),
          );
          const before = new Map(loads.map((l) => [l.host.id, l.committedMb]));
          const vms = sizes.map((memoryMb, i) => ({
            id: `v${i}`,
            name: `v${i}`,
            memoryMb,
            vcpus: 2,
          }));
          const plan = planPlacements('C', loads, vms);
          if (!plan.ok) {
            expect(plan.failures.size).toBeGreaterThan(0);
            return;
          }
          const placed = new Map<string, number>();
          for (const vm of vms) {
            const l = plan.hosts.get(vm.id)!;
            expect(l.host.status).toBe('Up');
            placed.set(l.host.id, (placed.get(l.host.id) ?? 0) + vm.memoryMb);
          }
          for (const l of loads) {
            const total = before.get(l.host.id)! + (placed.get(l.host.id) ?? 0);
            if (placed.has(l.host.id)) expect(total).toBeLessThanOrEqual(l.capacityMb);
          }
        },
      ),
    );
  });

  it('explains a refusal: no Up host, or too little memory and where the most is', () => {
    const none = pickHost('Prod', [load('a', { capacityMb: 8192, status: 'Maintenance' })], 1024);
    expect(none).toEqual({
      ok: false,
      reason: 'There should be at least one active host in Cluster Prod.',
    });
    const tight = pickHost(
      'Prod',
      [load('a', { capacityMb: 8192, committedMb: 6144 }), load('b', { capacityMb: 4096 })],
      6144,
    );
    expect(tight).toEqual({
      ok: false,
      reason: `No Up host in Cluster Prod has 6144 MB of free memory (the most is ${4096} MB, on b).`,
    });
    const other = pickHost('Prod', [load('a', { capacityMb: 8192 })], 1024, new Set(['a']));
    expect(other).toEqual({ ok: false, reason: 'There is no other Up host in Cluster Prod.' });
  });
});
