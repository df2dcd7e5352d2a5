// What a libvirt host is: `virsh capabilities` (CPU, topology), `virsh nodeinfo` (CPUs,
// memory), `virsh version --daemon` (QEMU and libvirt versions), and whether QEMU can
// really use KVM here (see kvmProbeXml).
import type { HostCapabilities } from '../driver.js';
import { at, child, elements, h, parseXml, serializeXml, text } from './xml.js';

export interface CapabilitiesXml {
  readonly arch: string;
  readonly cpuModel: string;
  readonly cpuVendor: string;
  readonly sockets: number;
  readonly cores: number;
  readonly threads: number;
  /** Domain types libvirt offers for x86_64 hvm guests (`qemu`, `kvm`). */
  readonly domainTypes: readonly string[];
}

export function parseCapabilities(xml: string): CapabilitiesXml {
  const root = parseXml(xml);
  const cpu = at(root, 'host/cpu');
  const topology = child(cpu, 'topology');
  const guests = elements(root, 'guest').filter(
    (g) => text(child(g, 'os_type')) === 'hvm' && child(g, 'arch')?.attrs.name === 'x86_64',
  );
  const domainTypes = guests.flatMap((g) =>
    elements(child(g, 'arch') ?? g, 'domain').map((d) => d.attrs.type ?? ''),
  );
  return {
    arch: text(child(cpu, 'arch')),
    cpuModel: text(child(cpu, 'model')),
    cpuVendor: text(child(cpu, 'vendor')),
    sockets: Number(topology?.attrs.sockets ?? 1),
    cores: Number(topology?.attrs.cores ?? 1),
    threads: Number(topology?.attrs.threads ?? 1),
    domainTypes,
  };
}

/** `virsh nodeinfo`: `Key:   value` lines. */
export function parseNodeInfo(out: string): { cpus: number; memoryMb: number; sockets: number } {
  const fields = new Map<string, string>();
  for (const line of out.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line.trim());
    if (m) fields.set(m[1] as string, m[2] as string);
  }
  const kib = Number((fields.get('Memory size') ?? '0').replace(/\s*KiB$/, ''));
  return {
    cpus: Number(fields.get('CPU(s)') ?? 0),
    memoryMb: Math.round(kib / 1024),
    sockets: Number(fields.get('CPU socket(s)') ?? 1),
  };
}

/** `virsh version --daemon`. */
export function parseVersion(out: string): { qemu: string; libvirt: string } {
  const qemu = /Running hypervisor:\s*QEMU\s+(\S+)/.exec(out)?.[1] ?? '';
  const libvirt =
    /Running against daemon:\s*(\S+)/.exec(out)?.[1] ??
    /Using library:\s*libvirt\s+(\S+)/.exec(out)?.[1] ??
    '';
  return { qemu, libvirt };
}

/** The first `model name` in /proc/cpuinfo. */
export function parseCpuInfoModel(cpuinfo: string): string | undefined {
  return /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim();
}

/** PRETTY_NAME from /etc/os-release. */
export function parseOsRelease(osRelease: string): string | undefined {
  const m = /^PRETTY_NAME=(?:"([^"]*)"|(.*))$/m.exec(osRelease);
  return m ? (m[1] ?? m[2])?.trim() : undefined;
}

export const KVM_PROBE_PREFIX = 'corral-kvm-probe-';

/**
 * A transient, paused, deviceless KVM domain. libvirt may list `kvm` in its
 * capabilities and still fail to start it: libvirt runs QEMU as its own user, and
 * /dev/kvm can be root-only (as in containers). Starting one is the only honest test.
 */
export function kvmProbeXml(name: string): string {
  return serializeXml(
    h(
      'domain',
      { type: 'kvm' },
      h('name', {}, name),
      h('memory', { unit: 'MiB' }, '16'),
      h('vcpu', {}, '1'),
      h('os', {}, h('type', { arch: 'x86_64' }, 'hvm')),
      h('devices', {}, h('memballoon', { model: 'none' })),
    ),
  );
}

export function buildCapabilities(parts: {
  caps: CapabilitiesXml;
  node: ReturnType<typeof parseNodeInfo>;
  version: ReturnType<typeof parseVersion>;
  cpuInfoModel?: string | undefined;
  osVersion?: string | undefined;
  kvm: boolean;
}): HostCapabilities {
  const { caps, node, version } = parts;
  const model =
    parts.cpuInfoModel ?? ([caps.cpuVendor, caps.cpuModel].filter(Boolean).join(' ') || caps.arch);
  return {
    cpuModel: model,
    cpuSockets: caps.sockets || node.sockets,
    // Per socket, as oVirt (and the sim driver) count them.
    cpuCores: caps.cores,
    cpus: node.cpus,
    memoryMb: node.memoryMb,
    osVersion: parts.osVersion ?? 'unknown',
    kvmVersion: version.qemu,
    libvirtVersion: version.libvirt,
    kvm: parts.kvm,
  };
}
