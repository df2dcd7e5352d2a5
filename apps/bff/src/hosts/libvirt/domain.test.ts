import { describe, expect, it } from 'vitest';
import type { DomainSpec } from '../driver.js';
import {
  buildDomainXml,
  diskAlias,
  graphicsWithPassword,
  parseDomainXml,
  serialLogPath,
  withDiskSources,
  type DomainXmlOptions,
} from './domain.js';
import { fixture } from './fixtures/index.js';
import { at, child, elements, parseXml, text } from './xml.js';

const spec: DomainSpec = {
  id: '6a1c9a36-6a4b-4a4e-9d4e-3b0f8f9b7c11',
  name: 'web-01',
  memoryMb: 128,
  vcpus: 2,
  os: 'rhel_9x64',
  display: 'SPICE',
  disks: [
    {
      id: 'd-boot',
      path: '/img/boot.qcow2',
      format: 'qcow2',
      sizeGb: 1,
      bootable: true,
      bus: 'virtio',
    },
    { id: 'd-data', path: '/img/data.raw', format: 'raw', sizeGb: 2, bootable: false, bus: 'scsi' },
    {
      id: 'd-old',
      path: '/img/old.qcow2',
      format: 'qcow2',
      sizeGb: 1,
      bootable: false,
      bus: 'ide',
    },
  ],
  nics: [
    { name: 'nic1', mac: '56:6F:00:00:00:01', network: 'ovirtmgmt', model: 'virtio' },
    { name: 'nic2', mac: '56:6f:00:00:00:02', network: 'lab', model: 'e1000' },
    { name: 'nic3', mac: '56:6f:00:00:00:03', network: 'br-lan', model: 'rtl8139' },
  ],
  cdrom: '/iso/install.iso',
};

const options: DomainXmlOptions = {
  virtType: 'qemu',
  graphicsListen: '127.0.0.1',
  nicSource: (nic) =>
    nic.network === 'lab'
      ? { type: 'network', network: 'lab' }
      : nic.network === 'br-lan'
        ? { type: 'bridge', bridge: 'br-lan' }
        : { type: 'user' },
};

describe('buildDomainXml', () => {
  const root = parseXml(buildDomainXml(spec, options));
  const devices = at(root, 'devices')!;

  it('names the domain by the VM id and sizes it from the spec', () => {
    expect(root.attrs.type).toBe('qemu');
    expect(text(at(root, 'uuid'))).toBe(spec.id);
    expect(text(at(root, 'name'))).toBe(spec.name);
    expect(text(at(root, 'memory'))).toBe(String(spec.memoryMb));
    expect(at(root, 'memory')?.attrs.unit).toBe('MiB');
    expect(text(at(root, 'vcpu'))).toBe(String(spec.vcpus));
    expect(at(root, 'os/type')?.attrs).toMatchObject({ arch: 'x86_64', machine: 'pc' });
  });

  it('puts every disk on its bus with its format, and boots the CD first', () => {
    const parsed = parseDomainXml(buildDomainXml(spec, options));
    const disks = parsed.disks.filter((d) => d.device === 'disk');
    expect(disks.map((d) => [d.diskId, d.target, d.bus, d.source])).toEqual(
      spec.disks.map((d, i) => [
        d.id,
        ['vda', 'sda', 'hda'][i],
        d.bus,
        { path: d.path, format: d.format },
      ]),
    );
    const cd = parsed.disks.find((d) => d.device === 'cdrom');
    expect(cd?.source?.path).toBe(spec.cdrom);
    expect(cd?.target).toBe('hdb');
    const xmlDisks = elements(devices, 'disk');
    const order = (dev: string): string | undefined =>
      child(
        xmlDisks.find((d) => child(d, 'target')?.attrs.dev === dev),
        'boot',
      )?.attrs.order;
    expect(order('hdb')).toBe('1');
    expect(order('vda')).toBe('2');
    expect(order('sda')).toBeUndefined();
    expect(elements(devices, 'controller').map((c) => c.attrs.model)).toEqual(['virtio-scsi']);
  });

  it('maps NICs to user-mode, networks or bridges with the given MACs', () => {
    const nics = elements(devices, 'interface');
    expect(
      nics.map((n) => [
        n.attrs.type,
        child(n, 'mac')?.attrs.address,
        child(n, 'model')?.attrs.type,
      ]),
    ).toEqual(
      spec.nics.map((n, i) => [['user', 'network', 'bridge'][i], n.mac.toLowerCase(), n.model]),
    );
    expect(child(nics[1], 'source')?.attrs.network).toBe('lab');
    expect(child(nics[2], 'source')?.attrs.bridge).toBe('br-lan');
  });

  it('has both consoles (the VM’s protocol first), video, a logged serial console and the agent channel', () => {
    const graphics = elements(devices, 'graphics');
    expect(graphics.map((g) => g.attrs.type)).toEqual(['spice', 'vnc']);
    for (const g of graphics) {
      expect(g.attrs).toMatchObject({ autoport: 'yes', listen: '127.0.0.1' });
      // An expired password: nobody gets in before setGraphicsPassword issues a ticket.
      expect(new Date(`${g.attrs.passwdValidTo}Z`).getTime()).toBeLessThan(Date.now());
    }
    expect(child(child(devices, 'video'), 'model')?.attrs.type).toBe('qxl');
    expect(child(child(devices, 'serial'), 'log')?.attrs.file).toBe(serialLogPath(spec.id));
    expect(child(child(devices, 'channel'), 'target')?.attrs.name).toBe('org.qemu.guest_agent.0');
  });

  it('boots a kernel directly when asked, and keeps overlays a disk already runs on', () => {
    const xml = buildDomainXml(
      { ...spec, cdrom: undefined, kernel: { path: '/boot/vmlinuz', initrd: '/boot/initrd' } },
      {
        ...options,
        virtType: 'kvm',
        diskTops: new Map([['d-boot', { path: '/img/boot-snap-s1.qcow2', format: 'qcow2' }]]),
      },
    );
    const r = parseXml(xml);
    expect(r.attrs.type).toBe('kvm');
    expect(text(at(r, 'os/kernel'))).toBe('/boot/vmlinuz');
    expect(text(at(r, 'os/initrd'))).toBe('/boot/initrd');
    expect(text(at(r, 'os/cmdline'))).toBe('console=ttyS0');
    expect(xml).not.toContain('<boot ');
    expect(parseDomainXml(xml).disks[0]?.source?.path).toBe('/img/boot-snap-s1.qcow2');
  });

  it('refuses ids libvirt could not use and too many IDE devices', () => {
    expect(() => buildDomainXml({ ...spec, id: 'vm-1' }, options)).toThrow(/not a UUID/);
    const ide = spec.disks[2]!;
    const many = [0, 1, 2, 3].map((i) => ({ ...ide, id: `i${i}` }));
    expect(() => buildDomainXml({ ...spec, disks: many }, options)).toThrow(/IDE/);
  });
});

describe('parseDomainXml on real dumpxml', () => {
  it('finds the live console ports and the disk chain', () => {
    const src = fixture('dumpxml-running.xml');
    const d = parseDomainXml(src);
    const ports = [...src.matchAll(/<graphics type='(\w+)' port='(\d+)'/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(ports.length).toBe(2);
    expect(d.graphics.map((g) => [g.type, g.port])).toEqual(ports);
    expect(d.graphics.every((g) => g.listen === '127.0.0.1')).toBe(true);
    expect(d.uuid).toBe(/<uuid>([^<]+)</.exec(src)?.[1]);
    const vda = d.disks.find((x) => x.target === 'vda');
    expect(vda?.diskId).toBe(/<alias name='ua-disk-([^']+)'/.exec(src)?.[1]);
    expect(diskAlias(vda?.diskId ?? '')).toBe(/<alias name='(ua-disk-[^']+)'/.exec(src)?.[1]);
    expect(vda?.source?.path).toBe(/<source file='([^']+)' index=/.exec(src)?.[1]);
  });

  it('points disks at new images and drops stale backing chains', () => {
    const src = fixture('snapshot-s2.xml');
    const domainXml = src.slice(
      src.indexOf('<domain '),
      src.indexOf('</domain>') + '</domain>'.length,
    );
    expect(parseDomainXml(domainXml).disks[0]?.backing.length).toBeGreaterThan(0);
    const next = parseDomainXml(
      withDiskSources(domainXml, new Map([['vda', { path: '/img/new.qcow2', format: 'qcow2' }]])),
    );
    expect(next.disks[0]?.source).toEqual({ path: '/img/new.qcow2', format: 'qcow2' });
    expect(next.disks[0]?.backing).toEqual([]);
  });

  it('sets a console password that libvirt can match against the live device', () => {
    const d = parseDomainXml(fixture('dumpxml-running.xml'));
    const vnc = d.graphics.find((g) => g.type === 'vnc')!;
    const out = parseXml(
      graphicsWithPassword(vnc.element, 'pa$$', new Date('2030-01-02T03:04:05.678Z')),
    );
    expect(out.attrs).toMatchObject({
      type: 'vnc',
      port: String(vnc.port),
      passwd: 'pa$$',
      passwdValidTo: '2030-01-02T03:04:05',
    });
    expect(out.attrs.connected).toBeUndefined();
    const spice = d.graphics.find((g) => g.type === 'spice')!;
    const long = 'a-ticket-longer-than-8';
    expect(parseXml(graphicsWithPassword(vnc.element, long, new Date())).attrs.passwd).toBe(
      long.slice(0, 8),
    );
    expect(parseXml(graphicsWithPassword(spice.element, long, new Date())).attrs).toMatchObject({
      passwd: long,
      connected: 'keep',
    });
    // The parsed document itself is left alone.
    expect(vnc.element.attrs.passwd).toBeUndefined();
  });
});
