import { afterEach, describe, expect, it } from 'vitest';
import type { HostConnection } from '../driver.js';
import { ManualClock } from './clock.js';
import { SimDriver } from './driver.js';
import {
  TEST_TIMINGS as T,
  recordEvents,
  simHostAddress,
  statusTrail,
  testDomain,
} from './testing.js';
import { migrationMs } from './timings.js';

const drivers: SimDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
});

async function fleet(hosts: number) {
  const clock = new ManualClock();
  const driver = new SimDriver({ clock, timings: T, seed: 3 });
  drivers.push(driver);
  const conns: HostConnection[] = [];
  for (let i = 1; i <= hosts; i++) conns.push(await driver.connect(simHostAddress(i)));
  return { clock, driver, conns, events: conns.map(recordEvents) };
}

const statusOn = async (conn: HostConnection, id: string) =>
  (await conn.listDomains()).find((d) => d.id === id)?.status;

describe('simulated live migration', () => {
  it('moves the domain: MigratingFrom / MigratingTo, then Up on the target only', async () => {
    const { clock, driver, conns, events } = await fleet(2);
    const [src, dst] = conns as [HostConnection, HostConnection];
    const spec = testDomain('vm1', 'db-01', { memoryMb: 4096 });
    await src.define(spec);
    await src.start('vm1');
    await clock.advance(T.boot);
    const guest = (await src.sample()).domains[0]?.guest;
    const dstFree = (await dst.sample()).host.memFreeMb;

    await src.migrate('vm1', { target: dst, live: true });
    expect(await statusOn(src, 'vm1')).toBe('MigratingFrom');
    expect(await statusOn(dst, 'vm1')).toBe('MigratingTo');
    // The target has the memory set aside, but the guest still runs (and is sampled) at the source.
    const during = await dst.sample();
    expect(dstFree - during.host.memFreeMb).toBe(spec.memoryMb);
    expect(during.domains).toEqual([]);
    expect((await src.sample()).domains.map((d) => [d.id, d.status])).toEqual([
      ['vm1', 'MigratingFrom'],
    ]);
    expect(driver.runningOn('vm1')).toBe(src.host.id);

    const duration = migrationMs(T, spec.memoryMb);
    await clock.advance(duration - 1);
    expect(await statusOn(src, 'vm1')).toBe('MigratingFrom');
    await clock.advance(1);
    expect(await src.listDomains()).toEqual([]);
    expect(await dst.listDomains()).toEqual([{ id: 'vm1', name: 'db-01', status: 'Up' }]);
    expect(driver.runningOn('vm1')).toBe(dst.host.id);
    const after = (await dst.sample()).domains[0];
    expect(after?.guest).toEqual(guest);

    expect(statusTrail(events[0] ?? [], 'vm1')).toEqual([
      'PoweringUp:booting',
      'Up:booted',
      'MigratingFrom:migration',
      'Down:migrated',
    ]);
    expect(events[0]?.at(-1)).toEqual({ kind: 'domain-undefined', id: 'vm1' });
    expect(events[1]).toEqual([
      { kind: 'domain-defined', id: 'vm1' },
      { kind: 'domain', id: 'vm1', status: 'MigratingTo', reason: 'migration' },
      { kind: 'domain', id: 'vm1', status: 'Up', reason: 'migrated' },
    ]);
  });

  it('takes longer for bigger guests', async () => {
    const { clock, conns } = await fleet(2);
    const [src, dst] = conns as [HostConnection, HostConnection];
    await src.define(testDomain('small', 's', { memoryMb: 1024 }));
    await src.define(testDomain('big', 'b', { memoryMb: 16384 }));
    await src.start('small');
    await src.start('big');
    await clock.advance(T.boot);
    await src.migrate('small', { target: dst });
    await src.migrate('big', { target: dst });
    await clock.advance(migrationMs(T, 1024));
    expect(await statusOn(dst, 'small')).toBe('Up');
    expect(await statusOn(dst, 'big')).toBe('MigratingTo');
    await clock.advance(migrationMs(T, 16384) - migrationMs(T, 1024));
    expect(await statusOn(dst, 'big')).toBe('Up');
  });

  it('refuses migrations that cannot work', async () => {
    const { clock, conns } = await fleet(2);
    const [src, dst] = conns as [HostConnection, HostConnection];
    await src.define(testDomain('vm1', 'web-01'));
    await expect(src.migrate('vm1', { target: dst })).rejects.toThrow(
      'Cannot migrate VM web-01: it is Down',
    );
    await src.start('vm1');
    await clock.advance(T.boot);
    await expect(src.migrate('vm1', { target: src })).rejects.toThrow('it already runs on sim-001');
    const other = new SimDriver({ clock, timings: T });
    drivers.push(other);
    const foreign = await other.connect(simHostAddress(9));
    await expect(src.migrate('vm1', { target: foreign })).rejects.toThrow(
      'not a simulated host of this driver',
    );
    // Fill the target so the VM no longer fits.
    const hog = (await dst.sample()).host.memFreeMb - 4096;
    await dst.define(testDomain('hog', 'hog', { memoryMb: hog }));
    await dst.start('hog');
    await src.define(testDomain('vm2', 'web-02', { memoryMb: 8192 }));
    await src.start('vm2');
    await clock.advance(T.boot);
    await expect(src.migrate('vm2', { target: dst })).rejects.toThrow(
      /Cannot migrate VM web-02: host sim-002 has \d+ MiB free, the VM needs 8192 MiB/,
    );
    await src.migrate('vm1', { target: dst });
    await expect(src.shutdown('vm1')).rejects.toThrow('it is MigratingFrom');
    await expect(dst.start('vm1')).rejects.toThrow('it is migrating to host sim-002');
  });

  it('powering off a migrating VM calls the migration off on both hosts', async () => {
    const { clock, conns, events } = await fleet(2);
    const [src, dst] = conns as [HostConnection, HostConnection];
    await src.define(testDomain('vm1', 'web-01'));
    await src.start('vm1');
    await clock.advance(T.boot);
    await src.migrate('vm1', { target: dst });
    await src.powerOff('vm1');
    await clock.advance(migrationMs(T, 2048) * 2);
    expect(await statusOn(src, 'vm1')).toBe('Down');
    expect(await dst.listDomains()).toEqual([]);
    expect(statusTrail(events[1] ?? [], 'vm1')).toEqual([
      'MigratingTo:migration',
      'Down:destroyed',
    ]);
  });

  it('a target that stops answering fails the migration: the VM stays Up on the source', async () => {
    const { clock, driver, conns, events } = await fleet(2);
    const [src, dst] = conns as [HostConnection, HostConnection];
    await src.define(testDomain('vm1', 'web-01'));
    await src.start('vm1');
    await clock.advance(T.boot);
    await src.migrate('vm1', { target: dst });
    driver.failHost(dst.host.id);
    expect(await statusOn(src, 'vm1')).toBe('Up');
    expect(statusTrail(events[0] ?? [], 'vm1').at(-1)).toBe('Up:migration-failed');
    await clock.advance(migrationMs(T, 2048) * 2);
    driver.recoverHost(dst.host.id);
    expect(await dst.listDomains()).toEqual([]);
  });

  it('evacuates a host (maintenance): every domain ends Up on the other hosts', async () => {
    const { clock, conns, events } = await fleet(3);
    const [busy, ...others] = conns as [HostConnection, ...HostConnection[]];
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = `vm${i}`;
      ids.push(id);
      await busy.define(testDomain(id, `app-${i}`, { memoryMb: 1024 * (1 + (i % 4)) }));
      await busy.start(id);
    }
    await clock.advance(T.boot);
    // Spread evenly, as a scheduler balancing VM counts would.
    for (const [i, id] of ids.entries()) {
      await busy.migrate(id, { target: others[i % others.length] as HostConnection });
    }
    await clock.advance(migrationMs(T, 4096));
    expect(await busy.listDomains()).toEqual([]);
    expect((await busy.sample()).domains).toEqual([]);
    const landed = (await Promise.all(others.map((c) => c.listDomains()))).flat();
    expect(landed.map((d) => d.id).sort()).toEqual([...ids].sort());
    expect(new Set(landed.map((d) => d.status))).toEqual(new Set(['Up']));
    // Both remaining hosts took some.
    for (const c of others) expect((await c.listDomains()).length).toBeGreaterThan(0);
    const undefinedOnBusy = (events[0] ?? []).filter((e) => e.kind === 'domain-undefined');
    expect(undefinedOnBusy).toHaveLength(ids.length);
  });

  it('a VM whose qemu runs on one host cannot start on another: its disks are locked', async () => {
    const { clock, driver, conns } = await fleet(3);
    const [a, b, c] = conns as [HostConnection, HostConnection, HostConnection];
    for (const conn of conns) await conn.define(testDomain('vm1', 'web-01'));
    await a.start('vm1');
    await expect(b.start('vm1')).rejects.toThrow(
      'Cannot start VM web-01: its disks are in use by the VM running on host sim-001',
    );
    await clock.advance(T.boot);
    await a.migrate('vm1', { target: c });
    await clock.advance(migrationMs(T, 2048));
    expect(driver.runningOn('vm1')).toBe(c.host.id);
    await expect(b.start('vm1')).rejects.toThrow('running on host sim-003');
    await c.powerOff('vm1');
    expect(driver.runningOn('vm1')).toBeUndefined();
    await b.start('vm1');
    expect(driver.runningOn('vm1')).toBe(b.host.id);
  });
});
