// The design's scale target on simulated hosts: 2,000 hosts, 50,000 running VMs, one
// monitoring cycle. Only counts are asserted; the cost is printed (docs/hosts-sim.md).
import { describe, expect, it } from 'vitest';
import { generateFleet } from '../../demo/index.js';
import type { HostConnection } from '../driver.js';
import { ManualClock } from './clock.js';
import { SimDriver } from './driver.js';
import type { SimDomainState, SimHostState } from './host.js';

const NOW = new Date('2026-11-01T12:00:00Z');

/** The large demo fleet with every VM running: those the fleet has down start on a host of their cluster. */
function fleetStates() {
  const fleet = generateFleet({ seed: 2013, size: 'large', now: NOW });
  const hostsByCluster = new Map<string, string[]>();
  for (const h of fleet.hosts) {
    const list = hostsByCluster.get(h.cluster_id) ?? [];
    list.push(h.id);
    hostsByCluster.set(h.cluster_id, list);
  }
  const domains = new Map<string, SimDomainState[]>(fleet.hosts.map((h) => [h.id, []]));
  let next = 0;
  for (const vm of fleet.vms) {
    const cluster = hostsByCluster.get(vm.cluster_id) ?? [];
    const hostId = vm.host_id ?? cluster[next++ % cluster.length];
    if (!hostId) throw new Error(`cluster of ${vm.name} has no hosts`);
    domains.get(hostId)?.push({
      id: vm.id,
      name: vm.name,
      memoryMb: vm.memory_mb,
      vcpus: vm.vcpus,
      os: vm.os,
      vmType: vm.vm_type,
      // Shutting down would leave the fleet below 50,000 by the first cycle.
      status: vm.host_id && vm.status !== 'PoweringDown' ? vm.status : 'Up',
      usage:
        vm.host_id && vm.status === 'Up'
          ? { cpu: vm.cpu_usage, mem: vm.mem_usage, net: vm.net_usage }
          : undefined,
    });
  }
  const states = new Map<string, SimHostState>(
    fleet.hosts.map((h) => [
      h.id,
      {
        capabilities: {
          cpuModel: h.cpu_model,
          cpuSockets: h.cpu_sockets,
          cpuCores: h.cpu_cores,
          cpus: h.cpus,
          memoryMb: h.memory_mb,
          osVersion: h.os_version,
          kvmVersion: h.kvm_version,
          libvirtVersion: h.libvirt_version,
          kvm: true,
        },
        domains: domains.get(h.id) ?? [],
      },
    ]),
  );
  return { fleet, states };
}

describe('simulated fleet at scale', () => {
  it('carries 2,000 hosts / 50,000 VMs and samples them all', { timeout: 120_000 }, async () => {
    const { fleet, states } = fleetStates();
    const clock = new ManualClock(NOW.getTime());
    const driver = new SimDriver({ clock, seed: 2013, initial: async (h) => states.get(h.id) });
    try {
      let t = performance.now();
      const conns: HostConnection[] = await Promise.all(
        fleet.hosts.map((h) => driver.connect({ id: h.id, name: h.name, address: h.address })),
      );
      const connectMs = performance.now() - t;
      expect(conns).toHaveLength(2_000);
      expect(driver.runningDomains).toBe(50_000);

      const cycleMs: number[] = [];
      let sampled = 0;
      for (let cycle = 0; cycle < 6; cycle++) {
        await clock.advance(15_000);
        t = performance.now();
        const samples = await Promise.all(conns.map((c) => c.sample()));
        cycleMs.push(performance.now() - t);
        sampled = samples.reduce((n, s) => n + s.domains.length, 0);
        expect(sampled).toBe(50_000);
      }
      const steady = cycleMs.slice(1).sort((a, b) => a - b);
      const median = steady[Math.floor(steady.length / 2)] ?? 0;
      console.log(
        `sim scale: 2,000 hosts / ${sampled} VMs: connect ${connectMs.toFixed(0)} ms; ` +
          `one monitoring cycle (sample every host) first ${cycleMs[0]?.toFixed(1)} ms, ` +
          `median ${median.toFixed(1)} ms of [${steady.map((x) => x.toFixed(1)).join(', ')}] ` +
          `= ${((median / 15_000) * 100).toFixed(2)} % of one core at a 15 s cycle`,
      );
    } finally {
      await driver.close();
    }
  });
});
