// What the host suites share: a connection to this machine's libvirtd that records
// its events, and ways to wait for them.
import { randomUUID } from 'node:crypto';
import type { DomainSpec, HostConnection, HostEvent } from '../../driver.js';
import { LibvirtDriver, type LibvirtOptions } from '../driver.js';
import { runCommand } from '../virsh.js';
import { TEST_URI, testDomainName } from './libvirtd.js';

export interface RecordingConnection {
  readonly conn: HostConnection;
  readonly events: HostEvent[];
  /** Resolves with the first event (already seen since `since`, or arriving) that matches. */
  waitFor(match: (e: HostEvent) => boolean, since?: number, timeoutMs?: number): Promise<HostEvent>;
}

export async function connectLocal(options: LibvirtOptions = {}): Promise<RecordingConnection> {
  const conn = await new LibvirtDriver(options).connect({
    id: randomUUID(),
    name: 'this machine',
    address: '127.0.0.1',
    uri: TEST_URI,
  });
  const events: HostEvent[] = [];
  const waiters = new Set<() => void>();
  conn.onEvent((e) => {
    events.push(e);
    for (const w of waiters) w();
  });
  return {
    conn,
    events,
    waitFor(match, since = 0, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const hit = events.slice(since).find(match);
          if (!hit) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching host event in ${timeoutMs} ms; got ${JSON.stringify(events.slice(since))}`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}

export function domainEvent(id: string, status: string): (e: HostEvent) => boolean {
  return (e) => e.kind === 'domain' && e.id === id && e.status === status;
}

/** Every VM smallVm made in this process, for cleanupTestDomains. */
export const testVmIds = new Set<string>();

/** A small VM: 96 MiB, one vCPU, one 1 GiB qcow2 disk in `dir`, no OS (SeaBIOS idles). */
export function smallVm(dir: string, label: string, extra: Partial<DomainSpec> = {}): DomainSpec {
  const id = randomUUID();
  testVmIds.add(id);
  return {
    id,
    name: testDomainName(label),
    memoryMb: 96,
    vcpus: 1,
    os: 'other_linux',
    display: 'VNC',
    disks: [
      {
        id: randomUUID(),
        path: `${dir}/${label}-${id.slice(0, 8)}.qcow2`,
        format: 'qcow2',
        sizeGb: 1,
        bootable: true,
        bus: 'virtio',
      },
    ],
    nics: [],
    ...extra,
  };
}

export async function qemuImgChain(file: string): Promise<string[]> {
  const out = await runCommand('qemu-img', [
    'info',
    '-U',
    '--backing-chain',
    '--output=json',
    file,
  ]);
  const layers = JSON.parse(out) as { filename: string }[];
  return layers.map((l) => l.filename);
}
