import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
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

async function hostWithVms(count: number) {
  const clock = new ManualClock();
  const driver = new SimDriver({ clock, timings: T, seed: 9 });
  drivers.push(driver);
  const conn = await driver.connect(simHostAddress(1));
  const events = recordEvents(conn);
  const ids = Array.from({ length: count }, (_, i) => `vm${i}`);
  for (const id of ids) {
    await conn.define(testDomain(id, `web-${id}`, { memoryMb: 1024 }));
    await conn.start(id);
  }
  await clock.advance(T.boot);
  return { clock, driver, conn, events, ids };
}

/** Settles `p` while the clock moves on, so a timeout inside it can happen. */
async function whileAdvancing<V>(clock: ManualClock, ms: number, p: Promise<V>) {
  const outcome = p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  await clock.advance(ms);
  return outcome;
}

describe('fault injection', () => {
  it('failHost: connection-lost, then calls time out; recoverHost: it answers again', async () => {
    const { clock, driver, conn, events, ids } = await hostWithVms(2);
    driver.failHost(conn.host.id);
    expect(events.at(-1)).toEqual({
      kind: 'connection-lost',
      reason: 'host sim-001 stopped answering',
    });
    const sample = await whileAdvancing(clock, T.unreachable, conn.sample());
    expect(sample).toMatchObject({
      ok: false,
      error: {
        code: 'UNREACHABLE',
        message: `host sim-001 (${conn.host.address}) is not answering: timed out after ${T.unreachable} ms`,
      },
    });
    // It really waits for the timeout.
    let settled = false;
    const start = conn.start(ids[0] ?? '').catch(() => (settled = true));
    await clock.advance(T.unreachable - 1);
    expect(settled).toBe(false);
    await clock.advance(1);
    await start;
    expect(settled).toBe(true);
    // Reconnecting to it fails the same way.
    const reconnect = await whileAdvancing(clock, T.unreachable, driver.connect(conn.host));
    expect(reconnect).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });

    driver.recoverHost(conn.host.id);
    const back = await conn.sample();
    // Its guests kept running meanwhile.
    expect(back.domains.map((d) => d.id).sort()).toEqual([...ids].sort());
    expect(back.domains.every((d) => d.status === 'Up')).toBe(true);
  });

  it('events of a host that does not answer are lost', async () => {
    const { clock, driver, conn, events } = await hostWithVms(0);
    await conn.define(testDomain('late', 'late-01'));
    await conn.start('late');
    driver.failHost(conn.host.id);
    await clock.advance(T.boot);
    driver.recoverHost(conn.host.id);
    expect(statusTrail(events, 'late')).toEqual(['PoweringUp:booting']);
    expect((await conn.listDomains()).find((d) => d.id === 'late')?.status).toBe('Up');
  });

  it('fenceHost power-cycles a failed host: it comes back without its VMs, reporting them Down', async () => {
    const { clock, driver, conn, events, ids } = await hostWithVms(3);
    await conn.define(testDomain('stopped', 'stopped-01'));
    driver.failHost(conn.host.id);
    const before = events.length;
    const fence = driver.fenceHost(conn.host.id);
    // Still rebooting: not answering, and not to be recovered half-way.
    expect(() => driver.recoverHost(conn.host.id)).toThrow('Host sim-001 is being fenced');
    await clock.advance(T.fence);
    await fence;
    const lost = events.slice(before);
    expect(lost).toEqual(
      ids.map((id) => ({ kind: 'domain', id, status: 'Down', reason: 'fenced' })),
    );
    const domains = await conn.listDomains();
    // Definitions survive a reboot; no guest runs.
    expect(domains.map((d) => d.id).sort()).toEqual([...ids, 'stopped'].sort());
    expect(new Set(domains.map((d) => d.status))).toEqual(new Set(['Down']));
    const sample = await conn.sample();
    expect(sample.domains).toEqual([]);
    expect(sample.host.memFreeMb).toBeGreaterThan(0);
    expect(driver.runningDomains).toBe(0);
    // The VMs can run again.
    await conn.start(ids[0] ?? '');
    await clock.advance(T.boot);
    expect((await conn.sample()).domains.map((d) => d.status)).toEqual(['Up']);
  });

  it('fencing a host that answered drops the connection first', async () => {
    const { clock, driver, conn, events } = await hostWithVms(1);
    const fence = driver.fenceHost(conn.host.id);
    expect(events.at(-1)).toEqual({
      kind: 'connection-lost',
      reason: 'host sim-001 is being fenced',
    });
    await clock.advance(T.fence);
    await fence;
    expect(statusTrail(events, 'vm0').at(-1)).toBe('Down:fenced');
  });

  it('crashVm: the guest goes Down with reason crashed; only running VMs can crash', async () => {
    const { driver, conn, events, ids } = await hostWithVms(2);
    const [first = '', second = ''] = ids;
    driver.crashVm(first);
    expect(statusTrail(events, first).at(-1)).toBe('Down:crashed');
    expect((await conn.sample()).domains.map((d) => d.id)).toEqual([second]);
    expect(() => driver.crashVm(first)).toThrow(`VM ${first} is not running on any simulated host`);
    expect(() => driver.failHost('no-such-host')).toThrow('host no-such-host is not simulated');
  });

  it('a VM crashing mid-migration ends the migration on the target too', async () => {
    const { clock, driver, conn, ids } = await hostWithVms(1);
    const other = await driver.connect(simHostAddress(2));
    const otherEvents = recordEvents(other);
    await conn.migrate(ids[0] ?? '', { target: other });
    driver.crashVm(ids[0] ?? '');
    await clock.advance(10_000);
    expect(await other.listDomains()).toEqual([]);
    expect(statusTrail(otherEvents, ids[0] ?? '')).toEqual([
      'MigratingTo:migration',
      'Down:crashed',
    ]);
  });
});
