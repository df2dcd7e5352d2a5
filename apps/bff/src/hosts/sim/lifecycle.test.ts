import { afterEach, describe, expect, it, vi } from 'vitest';
import { GUEST_BASE_APPS } from '../../demo/catalog.js';
import type { HostConnection } from '../driver.js';
import { ManualClock, systemClock } from './clock.js';
import { SimDriver } from './driver.js';
import {
  TEST_TIMINGS as T,
  recordEvents,
  simHostAddress,
  statusTrail,
  testDomain,
} from './testing.js';

const drivers: SimDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
});

async function setup(seed = 1) {
  const clock = new ManualClock();
  const driver = new SimDriver({ clock, timings: T, seed });
  drivers.push(driver);
  const conn = await driver.connect(simHostAddress(1));
  const events = recordEvents(conn);
  return { clock, driver, conn, events };
}

async function statusOf(conn: HostConnection, id: string) {
  return (await conn.listDomains()).find((d) => d.id === id)?.status;
}

async function bootVm(conn: HostConnection, clock: ManualClock, id = 'vm1', name = 'web-01') {
  await conn.define(testDomain(id, name));
  await conn.start(id);
  await clock.advance(T.boot);
}

describe('simulated VM lifecycle', () => {
  it('define, start: PoweringUp, then Up after the boot time with the guest agent reporting', async () => {
    const { clock, conn, events } = await setup();
    await conn.define(testDomain('vm1', 'Web-01'));
    expect(await conn.listDomains()).toEqual([{ id: 'vm1', name: 'Web-01', status: 'Down' }]);
    await conn.start('vm1');
    expect(await statusOf(conn, 'vm1')).toBe('PoweringUp');
    const booting = (await conn.sample()).domains.find((d) => d.id === 'vm1');
    expect(booting?.guest).toBeUndefined();

    await clock.advance(T.boot - 1);
    expect(await statusOf(conn, 'vm1')).toBe('PoweringUp');
    await clock.advance(1);
    expect(await statusOf(conn, 'vm1')).toBe('Up');
    expect(events[0]).toEqual({ kind: 'domain-defined', id: 'vm1' });
    expect(statusTrail(events, 'vm1')).toEqual(['PoweringUp:booting', 'Up:booted']);

    const guest = (await conn.sample()).domains.find((d) => d.id === 'vm1')?.guest;
    expect(guest?.fqdn).toBe('web-01.sim.example.com');
    expect(guest?.applications).toEqual(GUEST_BASE_APPS['rhel_9x64']);
    expect(guest?.ips).toHaveLength(1);
    expect(guest?.ips[0]).toMatch(/^10\.(1[3-9]\d|2[0-5]\d)\.\d+\.\d+$/);
    // Servers have nobody logged in on a console.
    expect(guest?.loggedInUser).toBeUndefined();
  });

  it('gives guests of one host addresses of one subnet, and a desktop a logged-in user', async () => {
    const { clock, conn } = await setup();
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    for (const id of ids) {
      await conn.define(testDomain(id, `desk-${id}`, { os: 'windows_10', memoryMb: 1024 }));
      await conn.start(id);
    }
    await clock.advance(T.boot);
    const guests = (await conn.sample()).domains.map((d) => d.guest);
    const ips = guests.map((g) => g?.ips[0] ?? '');
    expect(new Set(ips).size).toBe(ids.length);
    const subnets = new Set(
      ips.map((ip) => {
        const [a, b, c] = ip.split('.').map(Number);
        return `${a}.${b}.${(c ?? 0) & ~1}`;
      }),
    );
    expect(subnets.size).toBe(1);
    for (const g of guests) {
      expect(g?.applications).toEqual(
        expect.arrayContaining([...(GUEST_BASE_APPS['windows_10'] ?? [])]),
      );
    }
    // Desktops: most have someone logged in, named like a directory user.
    const users = guests.flatMap((g) => (g?.loggedInUser ? [g.loggedInUser] : []));
    expect(users.length).toBeGreaterThan(0);
    for (const u of users) expect(u).toMatch(/^[a-z]+@corp\.example\.com$/);
  });

  it('reports the same guest for the same seed and VM, on any host', async () => {
    const a = await setup(42);
    const b = await setup(42);
    const guests = [];
    for (const s of [a, b]) {
      await s.conn.define(testDomain('vm1', 'desk-1', { os: 'windows_11' }));
      await s.conn.start('vm1');
      await s.clock.advance(T.boot);
      guests.push((await s.conn.sample()).domains[0]?.guest);
    }
    expect(guests[0]).toBeDefined();
    expect(guests[1]).toEqual(guests[0]);
  });

  it('shuts down through PoweringDown; powers off at once', async () => {
    const { clock, conn, events } = await setup();
    await bootVm(conn, clock, 'vm1');
    await bootVm(conn, clock, 'vm2', 'web-02');
    await conn.shutdown('vm1');
    expect(await statusOf(conn, 'vm1')).toBe('PoweringDown');
    await clock.advance(T.shutdown);
    expect(await statusOf(conn, 'vm1')).toBe('Down');
    await conn.powerOff('vm2');
    expect(await statusOf(conn, 'vm2')).toBe('Down');
    expect(statusTrail(events, 'vm1')).toEqual([
      'PoweringUp:booting',
      'Up:booted',
      'PoweringDown:shutdown',
      'Down:shutdown',
    ]);
    expect(statusTrail(events, 'vm2')).toEqual([
      'PoweringUp:booting',
      'Up:booted',
      'Down:destroyed',
    ]);
    expect((await conn.sample()).domains).toEqual([]);
  });

  it('reboots through RebootInProgress back to Up', async () => {
    const { clock, conn, events } = await setup();
    await bootVm(conn, clock);
    await conn.reboot('vm1');
    expect(await statusOf(conn, 'vm1')).toBe('RebootInProgress');
    await clock.advance(T.reboot);
    expect(statusTrail(events, 'vm1').slice(2)).toEqual(['RebootInProgress:reboot', 'Up:rebooted']);
  });

  it('suspends to Suspended (memory freed) and resumes through RestoringState', async () => {
    const { clock, conn, events } = await setup();
    await bootVm(conn, clock);
    const running = (await conn.sample()).host.memFreeMb;
    await conn.suspend('vm1');
    expect(await statusOf(conn, 'vm1')).toBe('SavingState');
    await clock.advance(T.save);
    expect(await statusOf(conn, 'vm1')).toBe('Suspended');
    const suspended = await conn.sample();
    expect(suspended.domains).toEqual([]);
    expect(suspended.host.memFreeMb - running).toBe(testDomain('vm1', 'x').memoryMb);
    await conn.resume('vm1');
    expect(await statusOf(conn, 'vm1')).toBe('RestoringState');
    await clock.advance(T.restore);
    expect(statusTrail(events, 'vm1').slice(2)).toEqual([
      'SavingState:suspend',
      'Suspended:saved',
      'RestoringState:restore',
      'Up:restored',
    ]);
  });

  it('pauses running guests on a storage fault and resumes them when storage is back', async () => {
    const { clock, driver, conn, events } = await setup();
    await bootVm(conn, clock);
    driver.failStorage(conn.host.id);
    expect(await statusOf(conn, 'vm1')).toBe('Paused');
    await expect(conn.resume('vm1')).rejects.toThrow(/cannot reach its storage/);
    await conn.define(testDomain('vm2', 'web-02'));
    await expect(conn.start('vm2')).rejects.toThrow(/cannot reach its storage/);
    const paused = (await conn.sample()).domains[0];
    expect(paused).toMatchObject({ status: 'Paused', cpuUsage: 0, netUsage: 0 });
    driver.recoverStorage(conn.host.id);
    expect(statusTrail(events, 'vm1').slice(2)).toEqual(['Paused:storage-error', 'Up:resumed']);
  });

  it('refuses commands that make no sense in the domain state, saying why', async () => {
    const { clock, conn } = await setup();
    await expect(conn.start('nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/VM nope is not defined on host sim-001/),
    });
    await conn.define(testDomain('vm1', 'web-01'));
    await expect(conn.shutdown('vm1')).rejects.toThrow('Cannot shut down VM web-01: it is Down');
    await expect(conn.powerOff('vm1')).rejects.toThrow('Cannot power off VM web-01: it is Down');
    await expect(conn.reboot('vm1')).rejects.toThrow('Cannot reboot VM web-01: it is Down');
    await expect(conn.suspend('vm1')).rejects.toThrow('Cannot suspend VM web-01: it is Down');
    await expect(conn.resume('vm1')).rejects.toThrow('Cannot resume VM web-01: it is Down');
    await conn.start('vm1');
    await expect(conn.start('vm1')).rejects.toMatchObject({
      code: 'REFUSED',
      message: 'Cannot start VM web-01: it is PoweringUp on host sim-001',
    });
    await expect(conn.reboot('vm1')).rejects.toThrow('it is PoweringUp');
    await clock.advance(T.boot);
    await expect(conn.start('vm1')).rejects.toThrow('it is Up on host sim-001');
    await expect(conn.undefine('vm1')).rejects.toThrow(
      'Cannot undefine VM web-01: it is Up on host sim-001',
    );
    await expect(conn.resume('vm1')).rejects.toThrow('Cannot resume VM web-01: it is Up');
    await expect(conn.graphics('vm1')).rejects.toThrow(
      /simulated host sim-001, which has no consoles/,
    );
  });

  it('refuses to start a VM the host has no memory for', async () => {
    const { conn } = await setup();
    const caps = await conn.capabilities();
    await conn.define(testDomain('big', 'huge-01', { memoryMb: caps.memoryMb }));
    await expect(conn.start('big')).rejects.toThrow(
      new RegExp(
        `Cannot start VM huge-01: host sim-001 has \\d+ MiB free, the VM needs ${caps.memoryMb} MiB`,
      ),
    );
  });

  it('undefines a stopped domain; a redefinition while running applies at the next boot', async () => {
    const { clock, conn, events } = await setup();
    await bootVm(conn, clock);
    const before = (await conn.sample()).host.memFreeMb;
    await conn.define({ ...testDomain('vm1', 'web-01'), memoryMb: 4096 });
    expect((await conn.sample()).host.memFreeMb).toBe(before);
    await conn.powerOff('vm1');
    await conn.start('vm1');
    expect(before - (await conn.sample()).host.memFreeMb).toBe(4096 - 2048);
    await conn.powerOff('vm1');
    await conn.undefine('vm1');
    expect(await conn.listDomains()).toEqual([]);
    expect(events.filter((e) => e.kind !== 'domain')).toEqual([
      { kind: 'domain-defined', id: 'vm1' },
      { kind: 'domain-defined', id: 'vm1' },
      { kind: 'domain-undefined', id: 'vm1' },
    ]);
  });

  it('records snapshots: create (memory adds the save time), revert when down, delete', async () => {
    const { clock, driver, conn } = await setup();
    await bootVm(conn, clock);
    const first = conn.createSnapshot('vm1', { id: 's1', description: 'before upgrade' });
    await expect(conn.reboot('vm1')).rejects.toThrow('a snapshot is being taken');
    await clock.advance(T.snapshot);
    await first;
    const withMemory = conn.createSnapshot('vm1', { id: 's2', description: 'live', memory: true });
    let done = false;
    void withMemory.then(() => (done = true));
    await clock.advance(T.snapshot);
    expect(done).toBe(false);
    await clock.advance(T.save);
    await withMemory;
    expect(driver.snapshotsOf('vm1').map((s) => [s.id, s.memory])).toEqual([
      ['s1', false],
      ['s2', true],
    ]);
    await expect(conn.revertSnapshot('vm1', 's1')).rejects.toThrow(
      'Cannot revert VM web-01 to a snapshot: it is Up; stop it first',
    );
    await conn.powerOff('vm1');
    await expect(
      conn.createSnapshot('vm1', { id: 's3', description: 'x', memory: true }),
    ).rejects.toThrow('Cannot take a memory snapshot of VM web-01: it is Down');
    const revert = conn.revertSnapshot('vm1', 's1');
    await clock.advance(T.snapshot);
    await revert;
    // Reverting discards the later layers.
    expect(driver.snapshotsOf('vm1').map((s) => s.id)).toEqual(['s1']);
    const del = conn.deleteSnapshot('vm1', 's1');
    await clock.advance(T.snapshot);
    await del;
    expect(driver.snapshotsOf('vm1')).toEqual([]);
    await expect(conn.deleteSnapshot('vm1', 's1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('revert brings back the definition the snapshot was taken with', async () => {
    const { clock, conn } = await setup();
    await conn.define(testDomain('vm1', 'web-01', { memoryMb: 2048 }));
    const snap = conn.createSnapshot('vm1', { id: 's1', description: 'small' });
    await clock.advance(T.snapshot);
    await snap;
    await conn.define(testDomain('vm1', 'web-01', { memoryMb: 8192 }));
    const revert = conn.revertSnapshot('vm1', 's1');
    await clock.advance(T.snapshot);
    await revert;
    const free = (await conn.sample()).host.memFreeMb;
    await conn.start('vm1');
    expect(free - (await conn.sample()).host.memFreeMb).toBe(2048);
  });
});

describe('simulated host timers', () => {
  it('runs on the system clock with tiny timings, and leaves no timer behind after close', async () => {
    const driver = new SimDriver({
      clock: systemClock,
      timings: { ...T, boot: 5, shutdown: 60_000, snapshot: 60_000 },
    });
    const conn = await driver.connect(simHostAddress(7));
    const events = recordEvents(conn);
    await conn.define(testDomain('vm1', 'web-01'));
    const up = new Promise<void>((resolve) =>
      conn.onEvent((e) => e.kind === 'domain' && e.status === 'Up' && resolve()),
    );
    await conn.start('vm1');
    await up;
    expect(statusTrail(events, 'vm1')).toEqual(['PoweringUp:booting', 'Up:booted']);
    await conn.shutdown('vm1');
    const snapshot = conn.createSnapshot('vm1', { id: 's', description: 'x' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(driver.pendingTimers).toBe(2);
    await driver.close();
    expect(driver.pendingTimers).toBe(0);
    await expect(snapshot).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(conn.sample()).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(driver.connect(simHostAddress(8))).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('a closed connection refuses calls and hears nothing more; the host lives on', async () => {
    const { clock, driver, conn, events } = await setup();
    await conn.define(testDomain('vm1', 'web-01'));
    await conn.start('vm1');
    await conn.close();
    await expect(conn.listDomains()).rejects.toMatchObject({ code: 'CLOSED' });
    await clock.advance(T.boot);
    expect(statusTrail(events, 'vm1')).toEqual(['PoweringUp:booting']);
    const again = await driver.connect(simHostAddress(1));
    expect(await again.listDomains()).toEqual([{ id: 'vm1', name: 'web-01', status: 'Up' }]);
  });

  it("runs under vitest's fake timers with the default clock", async () => {
    vi.useFakeTimers();
    try {
      const driver = new SimDriver({ timings: T });
      drivers.push(driver);
      const conn = await driver.connect(simHostAddress(3));
      const events = recordEvents(conn);
      await conn.define(testDomain('vm1', 'web-01'));
      await conn.start('vm1');
      await vi.advanceTimersByTimeAsync(T.boot - 1);
      expect(statusTrail(events, 'vm1')).toEqual(['PoweringUp:booting']);
      await vi.advanceTimersByTimeAsync(1);
      expect(statusTrail(events, 'vm1')).toEqual(['PoweringUp:booting', 'Up:booted']);
    } finally {
      vi.useRealTimers();
    }
  });
});
