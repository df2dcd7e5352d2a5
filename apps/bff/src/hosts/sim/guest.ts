// What a simulated guest agent reports and what a simulated host is made of. All of it is
// a pure function of the driver's seed and the VM's (or host's) id, so a VM that boots
// again reports the same name, user and applications, and a demo looks the same on
// every run.
import type { VmType } from '@corral/shared';
import {
  CPU_FAMILIES,
  DIRECTORY_DOMAIN,
  DIRECTORY_FIRST_NAMES,
  DIRECTORY_LAST_NAMES,
  GUEST_BASE_APPS,
  HOST_MEMORY_GB,
  HOST_SOFTWARE,
} from '../../demo/catalog.js';
import { Rng, formatIpv4, hashString } from '../../demo/prng.js';
import type { HostCapabilities } from '../driver.js';

/** An independent random stream for one thing (a VM, a host) under the driver's seed. */
export function rngFor(seed: number, key: string): Rng {
  return new Rng((seed ^ hashString(key)) >>> 0);
}

export type OsFamily = 'windows' | 'linux';

export function osFamily(os: string): OsFamily {
  return os.startsWith('windows') ? 'windows' : 'linux';
}

/** oVirt's desktop editions of Windows; any other OS id is a server unless told. */
const DESKTOP_OS = /^windows_(xp|7|8|10|11)/;

export function vmKind(os: string, vmType?: VmType): VmType {
  if (vmType) return vmType;
  return DESKTOP_OS.test(os) ? 'Desktop' : 'Server';
}

const FAMILY_BASE_APPS: Record<OsFamily, readonly string[]> = {
  windows: ['QEMU guest agent', 'Virtio-win-guest-tools 0.1.240'],
  linux: ['qemu-guest-agent-7.2.0'],
};

const DESKTOP_APPS: Record<OsFamily, readonly string[]> = {
  windows: ['Microsoft Edge 124.0.2478.80', 'Microsoft Office Professional Plus 2019'],
  linux: ['firefox-125.0.3', 'libreoffice-core-7.5.9.2'],
};

export function guestApplications(os: string, kind: VmType): readonly string[] {
  const family = osFamily(os);
  const base = GUEST_BASE_APPS[os] ?? FAMILY_BASE_APPS[family];
  return kind === 'Desktop' ? [...base, ...DESKTOP_APPS[family]] : base;
}

/** Someone from the directory, as the guest agent names a logged-in user. */
export function directoryUser(rng: Rng): string {
  const first = rng.pick(DIRECTORY_FIRST_NAMES);
  const last = rng.pick(DIRECTORY_LAST_NAMES);
  return `${first.charAt(0)}${last}`.toLowerCase() + `@${DIRECTORY_DOMAIN}`;
}

export function guestFqdn(vmName: string, dnsDomain: string): string {
  const label = vmName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${label || 'vm'}.${dnsDomain}`;
}

// Guests of each host get addresses from that host's own /23 inside 10.128.0.0/9, which
// the demo's data-center networks (10.0.0.0–10.127.255.255) never use.
const GUEST_NET_BASE = 10 * 2 ** 24 + 128 * 2 ** 16;
const SUBNET_BITS = 9;
const SUBNET_SIZE = 2 ** SUBNET_BITS;
const SUBNET_COUNT = 2 ** (23 - SUBNET_BITS);
/** .0 is the network, .1 the gateway; the last address is the broadcast. */
const FIRST_GUEST = 2;
const GUEST_ADDRESSES = SUBNET_SIZE - FIRST_GUEST - 1;

/** Hands each host a subnet of its own: slot by hash of its id, next free slot on a clash. */
export class SubnetPool {
  private readonly taken = new Uint8Array(SUBNET_COUNT);

  assign(hostId: string): GuestSubnet {
    const start = hashString(hostId) % SUBNET_COUNT;
    for (let i = 0; i < SUBNET_COUNT; i++) {
      const slot = (start + i) % SUBNET_COUNT;
      if (this.taken[slot]) continue;
      this.taken[slot] = 1;
      return new GuestSubnet(GUEST_NET_BASE + slot * SUBNET_SIZE);
    }
    throw new RangeError(`no guest subnet left for host ${hostId}`);
  }
}

export class GuestSubnet {
  private readonly used = new Uint8Array(SUBNET_SIZE);

  constructor(readonly base: number) {}

  get cidr(): string {
    return `${formatIpv4(this.base)}/${32 - SUBNET_BITS}`;
  }

  /** The address the key hashes to, or the next free one; undefined when the subnet is full. */
  take(key: string): string | undefined {
    const start = hashString(key) % GUEST_ADDRESSES;
    for (let i = 0; i < GUEST_ADDRESSES; i++) {
      const index = FIRST_GUEST + ((start + i) % GUEST_ADDRESSES);
      if (this.used[index]) continue;
      this.used[index] = 1;
      return formatIpv4(this.base + index);
    }
    return undefined;
  }

  /** Give an address back; addresses of other subnets (a migrated-in guest's) are ignored. */
  release(ip: string): void {
    const parts = ip.split('.').map(Number);
    if (parts.length !== 4) return;
    const value = parts.reduce((acc, o) => acc * 256 + o, 0);
    const index = value - this.base;
    if (index >= 0 && index < SUBNET_SIZE) this.used[index] = 0;
  }
}

/** Plausible server hardware for a host nobody described. */
export function defaultCapabilities(seed: number, hostId: string): HostCapabilities {
  const r = rngFor(seed, `host:${hostId}`);
  const family = r.pick(CPU_FAMILIES);
  const cpu = r.pick(family.models);
  const sockets = r.pick(cpu.sockets);
  const sw = r.weighted(HOST_SOFTWARE);
  return {
    cpuModel: cpu.model,
    cpuSockets: sockets,
    cpuCores: cpu.cores,
    cpus: sockets * cpu.cores * 2,
    memoryMb: r.weighted(HOST_MEMORY_GB) * 1024,
    osVersion: sw.os,
    kvmVersion: sw.kvm,
    libvirtVersion: sw.libvirt,
    kvm: true,
  };
}
