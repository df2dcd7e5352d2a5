// Domain XML: built from a DomainSpec, and read back (disks and their backing chains,
// consoles) from `virsh dumpxml`. No process plumbing here.
import { randomBytes } from 'node:crypto';
import type { DiskSpec, DomainSpec, NicSpec } from '../driver.js';
import {
  child,
  elements,
  h,
  parseXml,
  serializeXml,
  text,
  type XmlElement,
  type XmlNode,
} from './xml.js';

/** Where a logical network lands on a host. */
export type NicSource =
  | { readonly type: 'network'; readonly network: string }
  | { readonly type: 'bridge'; readonly bridge: string }
  /** QEMU's user-mode networking: needs nothing on the host (no bridge, no DHCP server). */
  | { readonly type: 'user' };

export interface DiskImage {
  readonly path: string;
  readonly format: 'qcow2' | 'raw';
}

export interface DomainXmlOptions {
  readonly virtType: 'kvm' | 'qemu';
  /** Address VNC and SPICE listen on: loopback for the local host, else the host's address. */
  readonly graphicsListen: string;
  readonly nicSource: (nic: NicSpec) => NicSource;
  /**
   * The image each disk (by disk id) runs on now, when it is not the spec's base image:
   * after snapshots a disk's top is an overlay, and a redefinition must keep it.
   */
  readonly diskTops?: ReadonlyMap<string, DiskImage>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** libvirt user aliases (`ua-…`) survive in the inactive XML; they tie a disk to its id. */
export function diskAlias(diskId: string): string {
  return `ua-disk-${diskId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** The serial console's log on the host; virtlogd writes it, so any directory works. */
export function serialLogPath(vmId: string): string {
  return `/var/log/libvirt/qemu/${vmId}-serial.log`;
}

const DEV_PREFIX: Record<DiskSpec['bus'], string> = {
  virtio: 'vd',
  scsi: 'sd',
  sata: 'sd',
  ide: 'hd',
};

function devName(prefix: string, index: number): string {
  // vda … vdz, vdaa … like libvirt's own naming.
  let n = index;
  let name = '';
  do {
    name = String.fromCharCode(97 + (n % 26)) + name;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return prefix + name;
}

export function buildDomainXml(spec: DomainSpec, options: DomainXmlOptions): string {
  if (!UUID.test(spec.id)) throw new Error(`VM id ${spec.id} is not a UUID; libvirt needs one`);
  const nextIndex = new Map<string, number>();
  const takeDev = (prefix: string): string => {
    const i = nextIndex.get(prefix) ?? 0;
    nextIndex.set(prefix, i + 1);
    return devName(prefix, i);
  };

  let bootOrder = 1;
  const cdrom =
    spec.cdrom !== undefined
      ? h(
          'disk',
          { type: 'file', device: 'cdrom' },
          h('driver', { name: 'qemu', type: 'raw' }),
          h('source', { file: spec.cdrom }),
          h('target', { dev: '', bus: 'ide' }),
          h('readonly'),
          spec.kernel ? undefined : h('boot', { order: bootOrder++ }),
        )
      : undefined;

  const disks = spec.disks.map((disk) => {
    const top = options.diskTops?.get(disk.id) ?? { path: disk.path, format: disk.format };
    return h(
      'disk',
      { type: 'file', device: 'disk' },
      h('driver', { name: 'qemu', type: top.format, discard: 'unmap' }),
      h('source', { file: top.path }),
      h('target', { dev: takeDev(DEV_PREFIX[disk.bus]), bus: disk.bus }),
      disk.bootable && !spec.kernel ? h('boot', { order: bootOrder++ }) : undefined,
      h('alias', { name: diskAlias(disk.id) }),
    );
  });
  if (cdrom) {
    const target = child(cdrom, 'target');
    if (target) target.attrs.dev = takeDev('hd');
  }
  if ((nextIndex.get('hd') ?? 0) > 4) throw new Error('at most 4 IDE devices (CD-ROM included)');

  const nics = spec.nics.map((nic) => {
    const src = options.nicSource(nic);
    const source =
      src.type === 'network'
        ? h('source', { network: src.network })
        : src.type === 'bridge'
          ? h('source', { bridge: src.bridge })
          : undefined;
    return h(
      'interface',
      { type: src.type },
      h('mac', { address: nic.mac.toLowerCase() }),
      source,
      h('model', { type: nic.model }),
    );
  });

  const os = h(
    'os',
    {},
    h('type', { arch: 'x86_64', machine: 'pc' }, 'hvm'),
    spec.kernel ? h('kernel', {}, spec.kernel.path) : undefined,
    spec.kernel?.initrd ? h('initrd', {}, spec.kernel.initrd) : undefined,
    spec.kernel ? h('cmdline', {}, spec.kernel.cmdline ?? 'console=ttyS0') : undefined,
  );

  // A console opens only with a ticket (setGraphicsPassword). QEMU can only be given
  // passwords later when it started with one, so each starts with a random one that
  // expired long ago.
  const graphics = (type: 'vnc' | 'spice'): XmlElement =>
    h(
      'graphics',
      {
        type,
        autoport: 'yes',
        listen: options.graphicsListen,
        passwd: randomBytes(6).toString('base64url'),
        passwdValidTo: '1970-01-01T00:00:01',
      },
      h('listen', { type: 'address', address: options.graphicsListen }),
    );
  // Both protocols, so a console of either kind can be opened; the VM's own first.
  const consoles =
    spec.display === 'VNC'
      ? [graphics('vnc'), graphics('spice')]
      : [graphics('spice'), graphics('vnc')];

  // No <cpu>: QEMU's default model runs on any host a VM may migrate to, and
  // host-model/passthrough trip over MSRs nested KVM does not emulate (IA32_ARCH_CAPABILITIES).
  const windows = spec.os.toLowerCase().startsWith('windows');
  const devices: XmlNode[] = [
    ...disks,
    ...(cdrom ? [cdrom] : []),
    ...(spec.disks.some((d) => d.bus === 'scsi')
      ? [h('controller', { type: 'scsi', model: 'virtio-scsi' })]
      : []),
    ...nics,
    h(
      'serial',
      { type: 'pty' },
      h('log', { file: serialLogPath(spec.id), append: 'off' }),
      h('target', { port: 0 }),
    ),
    h('console', { type: 'pty' }, h('target', { type: 'serial', port: 0 })),
    h('channel', { type: 'unix' }, h('target', { type: 'virtio', name: 'org.qemu.guest_agent.0' })),
    ...consoles,
    h('video', {}, h('model', { type: 'qxl', heads: 1 })),
    h('memballoon', { model: 'virtio' }, h('stats', { period: 5 })),
  ];

  return serializeXml(
    h(
      'domain',
      { type: options.virtType },
      h('name', {}, spec.name),
      h('uuid', {}, spec.id.toLowerCase()),
      h('memory', { unit: 'MiB' }, String(spec.memoryMb)),
      h('currentMemory', { unit: 'MiB' }, String(spec.memoryMb)),
      h('vcpu', { placement: 'static' }, String(spec.vcpus)),
      os,
      h('features', {}, h('acpi'), h('apic')),
      h('clock', { offset: windows ? 'localtime' : 'utc' }),
      h('on_poweroff', {}, 'destroy'),
      h('on_reboot', {}, 'restart'),
      h('on_crash', {}, 'destroy'),
      h('devices', {}, ...devices),
    ),
  );
}

export interface DomainDisk {
  readonly target: string;
  readonly device: string;
  readonly bus: string;
  /** The disk's id, from its `ua-disk-` alias; undefined for disks we did not define. */
  readonly diskId?: string | undefined;
  /** The image the domain runs on (top of the chain); undefined for an empty CD-ROM. */
  readonly source?: DiskImage | undefined;
  /** Backing images below the top, nearest first, as far as libvirt reports them. */
  readonly backing: readonly DiskImage[];
}

export interface DomainGraphics {
  readonly type: string;
  readonly port?: number | undefined;
  readonly tlsPort?: number | undefined;
  readonly listen?: string | undefined;
  readonly element: XmlElement;
}

export interface ParsedDomain {
  readonly name: string;
  readonly uuid: string;
  readonly virtType: string;
  readonly disks: readonly DomainDisk[];
  readonly graphics: readonly DomainGraphics[];
  readonly root: XmlElement;
}

function image(el: XmlElement | undefined, format: string | undefined): DiskImage | undefined {
  const file = child(el, 'source')?.attrs.file;
  if (!file) return undefined;
  return { path: file, format: format === 'raw' ? 'raw' : 'qcow2' };
}

function backingChain(disk: XmlElement): DiskImage[] {
  const chain: DiskImage[] = [];
  let store = child(disk, 'backingStore');
  while (store && child(store, 'source')) {
    const img = image(store, child(store, 'format')?.attrs.type);
    if (img) chain.push(img);
    store = child(store, 'backingStore');
  }
  return chain;
}

/** Reads a domain's XML (`virsh dumpxml`, live or `--inactive`). */
export function parseDomainXml(xml: string): ParsedDomain {
  const root = parseXml(xml);
  const devices = child(root, 'devices');
  const disks = elements(devices ?? root, 'disk').map((d): DomainDisk => {
    const alias = child(d, 'alias')?.attrs.name ?? '';
    return {
      target: child(d, 'target')?.attrs.dev ?? '',
      device: d.attrs.device ?? 'disk',
      bus: child(d, 'target')?.attrs.bus ?? '',
      diskId: alias.startsWith('ua-disk-') ? alias.slice('ua-disk-'.length) : undefined,
      source: image(d, child(d, 'driver')?.attrs.type),
      backing: backingChain(d),
    };
  });
  const graphics = elements(devices ?? root, 'graphics').map((g): DomainGraphics => {
    const num = (v: string | undefined): number | undefined =>
      v !== undefined && Number(v) > 0 ? Number(v) : undefined;
    return {
      type: g.attrs.type ?? '',
      port: num(g.attrs.port),
      tlsPort: num(g.attrs.tlsPort),
      listen: g.attrs.listen ?? child(g, 'listen')?.attrs.address,
      element: g,
    };
  });
  return {
    name: text(child(root, 'name')),
    uuid: text(child(root, 'uuid')),
    virtType: root.attrs.type ?? '',
    disks,
    graphics,
    root,
  };
}

/**
 * The inactive XML with some disks pointed at other images. backingStore elements are
 * dropped so libvirt probes the new chains itself instead of trusting stale ones.
 */
export function withDiskSources(xml: string, sources: ReadonlyMap<string, DiskImage>): string {
  const root = parseXml(xml);
  for (const disk of elements(child(root, 'devices') ?? root, 'disk')) {
    const dev = child(disk, 'target')?.attrs.dev;
    const img = dev !== undefined ? sources.get(dev) : undefined;
    if (!img) continue;
    const source = child(disk, 'source');
    const driver = child(disk, 'driver');
    if (!source || !driver) throw new Error(`disk ${dev} has no source to replace`);
    source.attrs.file = img.path;
    for (const key of Object.keys(source.attrs)) if (key !== 'file') delete source.attrs[key];
    driver.attrs.type = img.format;
    const kept = disk.children.filter((c) => typeof c === 'string' || c.name !== 'backingStore');
    disk.children.splice(0, disk.children.length, ...kept);
  }
  return serializeXml(root);
}

/** `virsh dumpxml`'s graphics element with a console password set. */
export function graphicsWithPassword(g: XmlElement, password: string, validTo: Date): string {
  const copy: XmlElement = { ...g, attrs: { ...g.attrs } };
  // VNC authentication keys DES with the first 8 characters and libvirt refuses longer
  // passwords; VNC clients (noVNC too) send the first 8 as well, so the ticket still works.
  copy.attrs.passwd = g.attrs.type === 'vnc' ? password.slice(0, 8) : password;
  // libvirt wants UTC without zone or fraction: 2026-11-21T09:30:00.
  copy.attrs.passwdValidTo = validTo.toISOString().replace(/\.\d{3}Z$/, '');
  copy.attrs.connected = 'keep';
  if (g.attrs.type !== 'spice') delete copy.attrs.connected;
  return serializeXml(copy);
}
