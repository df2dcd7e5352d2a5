// The libvirt driver against this machine's real libvirtd + QEMU: a VM's whole life,
// each step checked on the host itself (virsh, qemu-img, open sockets), not only
// through the driver.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainSpec, HostConnection } from '../driver.js';
import { serialLogPath } from './domain.js';
import { parseNodeInfo } from './capabilities.js';
import {
  connectLocal,
  domainEvent,
  smallVm,
  testVmIds,
  type RecordingConnection,
} from './testing/host-fixture.js';
import { cleanupTestDomains, removeScratchDir, scratchDir, virsh } from './testing/libvirtd.js';
import { runCommand } from './virsh.js';

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.setTimeout(5000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function eventChildren(): string[] {
  const out = execFileSync('ps', ['--ppid', String(process.pid), '-o', 'args='], {
    encoding: 'utf8',
  });
  return out.split('\n').filter((l) => l.includes('virsh') && l.includes(' event '));
}

describe('libvirt driver: a VM on this machine', () => {
  let rec: RecordingConnection;
  let conn: HostConnection;
  let dir: string;
  let vm: DomainSpec;
  // An isolated libvirt network (no IP, no DHCP, no NAT) so a NIC maps to it.
  const network = `corral-test-net-${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    dir = scratchDir();
    const bridge = `crltst${randomUUID().slice(0, 6)}`;
    const netXml = `${dir}/net.xml`;
    execFileSync('sh', ['-c', `cat > ${netXml}`], {
      input: `<network><name>${network}</name><bridge name='${bridge}' stp='off'/></network>`,
    });
    await virsh('net-create', netXml);
    rec = await connectLocal();
    conn = rec.conn;
    vm = smallVm(dir, 'life', {
      nics: [
        { name: 'nic1', mac: '56:6f:4c:00:00:01', network, model: 'virtio' },
        { name: 'nic2', mac: '56:6f:4c:00:00:02', network: 'ovirtmgmt', model: 'e1000' },
      ],
    });
  });

  afterAll(async () => {
    await conn?.close();
    await cleanupTestDomains(testVmIds);
    await virsh('net-destroy', network).catch(() => undefined);
    if (dir) removeScratchDir(dir);
  });

  it('reports the host as virsh sees it', async () => {
    const caps = await conn.capabilities();
    const node = parseNodeInfo(await virsh('nodeinfo'));
    expect(caps.cpus).toBe(node.cpus);
    expect(caps.memoryMb).toBe(node.memoryMb);
    expect(caps.libvirtVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(caps.kvmVersion).toMatch(/^\d+\.\d+/);
    expect(typeof caps.kvm).toBe('boolean');
  });

  it('defines the domain, creating its disk image', async () => {
    const since = rec.events.length;
    await conn.define(vm);
    await rec.waitFor((e) => e.kind === 'domain-defined' && e.id === vm.id, since);

    const disk = vm.disks[0]!;
    const info = JSON.parse(
      await runCommand('qemu-img', ['info', '-U', '--output=json', disk.path]),
    ) as {
      format: string;
      'virtual-size': number;
    };
    expect(info.format).toBe('qcow2');
    expect(info['virtual-size']).toBe(disk.sizeGb * 1024 ** 3);

    const xml = await virsh('dumpxml', '--inactive', vm.id);
    expect(xml).toContain(`<name>${vm.name}</name>`);
    const kvm = (await conn.capabilities()).kvm;
    expect(xml).toMatch(new RegExp(`<domain type='${kvm ? 'kvm' : 'qemu'}'`));
    expect(xml).toMatch(/<graphics type='vnc'/);
    expect(xml).toMatch(/<graphics type='spice'/);
    expect(xml).toMatch(
      new RegExp(
        `<interface type='network'>\\s*<mac address='${vm.nics[0]!.mac}'/>\\s*<source network='${network}'`,
      ),
    );
    expect(xml).toMatch(
      new RegExp(`<interface type='user'>\\s*<mac address='${vm.nics[1]!.mac}'/>`),
    );
    expect(await conn.listDomains()).toContainEqual({ id: vm.id, name: vm.name, status: 'Down' });
  });

  it('starts it: an Up event, and virsh says running', async () => {
    const since = rec.events.length;
    await conn.start(vm.id);
    await rec.waitFor(domainEvent(vm.id, 'Up'), since);
    expect((await virsh('domstate', vm.id)).trim()).toBe('running');
    // virtlogd opened the serial console's log.
    await runCommand('test', ['-f', serialLogPath(vm.id)]);
  });

  it('has a VNC and a SPICE console whose ports accept connections', async () => {
    const graphics = await conn.graphics(vm.id);
    expect(graphics.map((g) => g.type).sort()).toEqual(['spice', 'vnc']);
    const vncUri = (await virsh('domdisplay', '--type', 'vnc', vm.id)).trim();
    const display = Number(/:(\d+)$/.exec(vncUri)?.[1]);
    expect(graphics.find((g) => g.type === 'vnc')?.port).toBe(5900 + display);
    for (const g of graphics) expect(await tcpOpen(g.address, g.port)).toBe(true);
  });

  it('sets a console ticket on both consoles', async () => {
    const validTo = new Date(Date.now() + 120_000);
    const ticket = randomUUID().replace(/-/g, '');
    await conn.setGraphicsPassword(vm.id, ticket, validTo);
    const xml = await virsh('dumpxml', '--security-info', vm.id);
    const stamp = validTo.toISOString().slice(0, 19);
    // VNC keeps the first 8 characters, as VNC clients send them.
    for (const [type, passwd] of [
      ['vnc', ticket.slice(0, 8)],
      ['spice', ticket],
    ]) {
      expect(xml).toMatch(
        new RegExp(`<graphics type='${type}'[^>]* passwd='${passwd}' passwdValidTo='${stamp}'`),
      );
    }
  });

  it('samples the host and the domain with sane numbers', async () => {
    await conn.sample();
    await new Promise((r) => setTimeout(r, 1000));
    const sample = await conn.sample();
    const d = sample.domains.find((x) => x.id === vm.id);
    expect(d).toBeDefined();
    expect(d?.status).toBe('Up');
    for (const v of [
      d!.cpuUsage,
      d!.memUsage,
      d!.netUsage,
      sample.host.cpuUsage,
      sample.host.memUsage,
    ]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(100);
    }
    // QEMU holds some of the guest's memory resident from the first instruction on.
    expect(d!.memUsage).toBeGreaterThan(0);
    expect(Number.isInteger(d!.rxBytes) && d!.rxBytes >= 0).toBe(true);
    const node = parseNodeInfo(await virsh('nodeinfo'));
    expect(sample.host.memFreeMb).toBeGreaterThan(0);
    expect(sample.time.getTime()).toBeLessThanOrEqual(Date.now());
    expect(node.cpus).toBeGreaterThan(0);
  });

  it('passes shutdown and reboot on to the guest, which (having no OS) ignores them', async () => {
    // The engine escalates to powerOff when a guest does not honour ACPI; the driver
    // only reports that the request was delivered.
    await conn.shutdown(vm.id);
    await conn.reboot(vm.id);
    await new Promise((r) => setTimeout(r, 500));
    expect((await virsh('domstate', vm.id)).trim()).toBe('running');
  });

  it('is paused from outside and resumed by the driver', async () => {
    let since = rec.events.length;
    await virsh('suspend', vm.id);
    await rec.waitFor(domainEvent(vm.id, 'Paused'), since);
    since = rec.events.length;
    await conn.resume(vm.id);
    await rec.waitFor(domainEvent(vm.id, 'Up'), since);
    expect((await virsh('domstate', vm.id)).trim()).toBe('running');
  });

  it('suspends to disk (managed save) and resumes from it', async () => {
    let since = rec.events.length;
    await conn.suspend(vm.id);
    await rec.waitFor(domainEvent(vm.id, 'Suspended'), since);
    expect((await virsh('domstate', '--reason', vm.id)).trim()).toBe('shut off (saved)');
    expect(await virsh('dominfo', vm.id)).toMatch(/Managed save:\s+yes/);
    since = rec.events.length;
    await conn.resume(vm.id);
    await rec.waitFor(domainEvent(vm.id, 'Up'), since);
    expect((await virsh('domstate', '--reason', vm.id)).trim()).toBe('running (restored)');
  });

  it('refuses to migrate to itself or to a host of another kind, and keeps running', async () => {
    const self = await connectLocal();
    try {
      // libvirt itself refuses, with its reason in the error: the disk is on local
      // storage (it checks that before noticing both URIs lead to the same libvirtd).
      await expect(conn.migrate(vm.id, { target: self.conn })).rejects.toThrow(
        /virsh .*migrate .*--live .*qemu:\/\/\/system: .*(without shared storage|same host)/i,
      );
    } finally {
      await self.conn.close();
    }
    await expect(
      conn.migrate(vm.id, {
        target: { host: { id: 'x', name: 'sim', address: '' } } as HostConnection,
      }),
    ).rejects.toThrow(/another libvirt host/);
    expect((await virsh('domstate', vm.id)).trim()).toBe('running');
  });

  it('reports a destroy done behind its back as Down', async () => {
    const since = rec.events.length;
    await virsh('destroy', vm.id);
    const e = await rec.waitFor(domainEvent(vm.id, 'Down'), since);
    expect(e).toMatchObject({ reason: 'destroyed' });
    const sample = await conn.sample();
    expect(sample.domains.find((x) => x.id === vm.id)).toMatchObject({
      status: 'Down',
      cpuUsage: 0,
    });
  });

  it('refuses to resume a VM that is down', async () => {
    await expect(conn.resume(vm.id)).rejects.toThrow(/it is Down/);
  });

  it('undefines it', async () => {
    const since = rec.events.length;
    await conn.undefine(vm.id);
    await rec.waitFor((e) => e.kind === 'domain-undefined' && e.id === vm.id, since);
    expect(await virsh('list', '--all', '--uuid')).not.toContain(vm.id);
    expect((await conn.listDomains()).map((d) => d.id)).not.toContain(vm.id);
  });

  it('leaves no virsh behind when closed', async () => {
    expect(eventChildren().length).toBeGreaterThan(0);
    await conn.close();
    expect(eventChildren()).toEqual([]);
  });
});
