// Helpers for tests that drive simulated hosts (this folder's, and the engine's).
import type { VmType } from '@corral/shared';
import type { HostAddress, HostEvent } from '../driver.js';
import type { SimDomainSpec } from './host.js';
import type { SimTimings } from './timings.js';

/** Round numbers, no jitter: a test can advance a ManualClock by exactly one step. */
export const TEST_TIMINGS: SimTimings = {
  boot: 300,
  shutdown: 200,
  reboot: 400,
  save: 250,
  restore: 150,
  migration: 100,
  snapshot: 50,
  fence: 1_000,
  unreachable: 500,
  jitter: 0,
};

export function simHostAddress(n: number): HostAddress {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return { id, name: `sim-${String(n).padStart(3, '0')}`, address: `192.0.2.${n % 250}` };
}

export interface TestDomainOptions {
  readonly memoryMb?: number;
  readonly vcpus?: number;
  readonly os?: string;
  readonly vmType?: VmType;
  readonly nics?: number;
}

export function testDomain(id: string, name: string, o: TestDomainOptions = {}): SimDomainSpec {
  return {
    id,
    name,
    memoryMb: o.memoryMb ?? 2048,
    vcpus: o.vcpus ?? 2,
    os: o.os ?? 'rhel_9x64',
    vmType: o.vmType,
    display: 'VNC',
    disks: [
      {
        id: `${id}-disk`,
        path: `${name}_Disk1`,
        format: 'qcow2',
        sizeGb: 20,
        bootable: true,
        bus: 'virtio',
      },
    ],
    nics: Array.from({ length: o.nics ?? 1 }, (_, i) => ({
      name: `nic${i + 1}`,
      mac: `56:6f:c6:d1:00:${String(i).padStart(2, '0')}`,
      network: 'ovirtmgmt',
      model: 'virtio' as const,
    })),
  };
}

/** Every event a connection hears, in order. */
export function recordEvents(conn: {
  onEvent(l: (e: HostEvent) => void): () => void;
}): HostEvent[] {
  const events: HostEvent[] = [];
  conn.onEvent((e) => events.push(e));
  return events;
}

/** Only the status changes of one domain, as `Status:reason` strings. */
export function statusTrail(events: readonly HostEvent[], id: string): string[] {
  return events.flatMap((e) =>
    e.kind === 'domain' && e.id === id ? [`${e.status}${e.reason ? `:${e.reason}` : ''}`] : [],
  );
}
