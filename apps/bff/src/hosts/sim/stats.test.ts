import { afterEach, describe, expect, it } from 'vitest';
import type { DomainStats, HostConnection, HostSample } from '../driver.js';
import { ManualClock } from './clock.js';
import { SimDriver } from './driver.js';
import { GUEST_LINK_BYTES_PER_S } from './stats.js';
import { TEST_TIMINGS as T, simHostAddress, testDomain } from './testing.js';

const CYCLE_MS = 15_000;
const drivers: SimDriver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
});

const SERVERS = Array.from({ length: 15 }, (_, i) => `srv${i}`);
const DESKTOPS = Array.from({ length: 15 }, (_, i) => `desk${i}`);

async function busyHost(seed = 5) {
  const clock = new ManualClock();
  const driver = new SimDriver({ clock, timings: T, seed });
  drivers.push(driver);
  const conn = await driver.connect(simHostAddress(1));
  for (const id of SERVERS) {
    await conn.define(testDomain(id, id, { memoryMb: 4096, vcpus: 4, os: 'rhel_9x64' }));
    await conn.start(id);
  }
  for (const id of DESKTOPS) {
    await conn.define(testDomain(id, id, { memoryMb: 2048, vcpus: 2, os: 'windows_10' }));
    await conn.start(id);
  }
  await clock.advance(T.boot);
  return { clock, driver, conn };
}

async function cycles(conn: HostConnection, clock: ManualClock, n: number): Promise<HostSample[]> {
  const out: HostSample[] = [];
  for (let i = 0; i < n; i++) {
    await clock.advance(CYCLE_MS);
    out.push(await conn.sample());
  }
  return out;
}

const byId = (s: HostSample) => new Map(s.domains.map((d) => [d.id, d]));
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Mean absolute change of a VM's CPU from one cycle to the next. */
function jumpiness(samples: readonly HostSample[], ids: readonly string[]): number {
  const steps: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const [a, b] = [byId(samples[i - 1] as HostSample), byId(samples[i] as HostSample)];
    for (const id of ids)
      steps.push(Math.abs((b.get(id)?.cpuUsage ?? 0) - (a.get(id)?.cpuUsage ?? 0)));
  }
  return mean(steps);
}

describe('simulated stats', () => {
  it('stay within 0–100 over many cycles, and move', async () => {
    const { clock, conn } = await busyHost();
    const samples = await cycles(conn, clock, 400);
    const pct = (x: number) => x >= 0 && x <= 100;
    for (const s of samples) {
      expect(s.domains).toHaveLength(SERVERS.length + DESKTOPS.length);
      for (const d of s.domains) {
        expect([d.cpuUsage, d.memUsage, d.netUsage].every(pct), JSON.stringify(d)).toBe(true);
      }
      expect([s.host.cpuUsage, s.host.memUsage, s.host.netUsage].every(pct)).toBe(true);
    }
    for (const id of [...SERVERS, ...DESKTOPS]) {
      const series = samples.map((s) => byId(s).get(id) as DomainStats);
      for (const key of ['cpuUsage', 'memUsage', 'netUsage'] as const) {
        const values = new Set(series.map((d) => d[key].toPrecision(4)));
        expect(values.size, `${id} ${key}`).toBeGreaterThan(series.length / 2);
      }
    }
    const hostCpu = new Set(samples.map((s) => s.host.cpuUsage.toFixed(2)));
    expect(hostCpu.size).toBeGreaterThan(samples.length / 2);
  });

  it('desktops are burstier than servers', async () => {
    const { clock, conn } = await busyHost();
    const samples = await cycles(conn, clock, 200);
    expect(jumpiness(samples, DESKTOPS)).toBeGreaterThan(2 * jumpiness(samples, SERVERS));
  });

  it('count rx/tx bytes up by what the reported network usage carries', async () => {
    const { clock, conn } = await busyHost();
    const samples = await cycles(conn, clock, 50);
    let grew = 0;
    for (let i = 1; i < samples.length; i++) {
      const [a, b] = [byId(samples[i - 1] as HostSample), byId(samples[i] as HostSample)];
      for (const [id, now] of b) {
        const before = a.get(id) as DomainStats;
        expect(now.rxBytes).toBeGreaterThanOrEqual(before.rxBytes);
        expect(now.txBytes).toBeGreaterThanOrEqual(before.txBytes);
        const carried = now.rxBytes + now.txBytes - before.rxBytes - before.txBytes;
        const expected = (now.netUsage / 100) * GUEST_LINK_BYTES_PER_S * (CYCLE_MS / 1000);
        expect(Math.abs(carried - expected)).toBeLessThanOrEqual(2);
        if (carried > 0) grew++;
      }
    }
    expect(grew).toBeGreaterThan(0);
  });

  it('derives host memory from the running guests and CPU from their load', async () => {
    const { clock, conn } = await busyHost();
    const caps = await conn.capabilities();
    const [s] = await cycles(conn, clock, 1);
    const sample = s as HostSample;
    expect(sample.host.memFreeMb).toBeCloseTo(caps.memoryMb * (1 - sample.host.memUsage / 100), 0);
    const guestCpu =
      (mean(sample.domains.map((d) => d.cpuUsage * (d.id.startsWith('srv') ? 4 : 2))) *
        sample.domains.length) /
      caps.cpus;
    expect(sample.host.cpuUsage).toBeGreaterThanOrEqual(guestCpu);
    expect(sample.host.cpuUsage).toBeLessThan(guestCpu + 5);

    await conn.powerOff('srv0');
    const [after] = await cycles(conn, clock, 1);
    expect((after as HostSample).host.memFreeMb - sample.host.memFreeMb).toBe(4096);
  });

  it('a busy server stays busy across a restart: store figures become the baseline', async () => {
    const clock = new ManualClock();
    const driver = new SimDriver({
      clock,
      timings: T,
      initial: async () => ({
        domains: [
          {
            id: 'hot',
            name: 'build-1',
            memoryMb: 8192,
            vcpus: 8,
            os: 'rhel_7x64',
            status: 'Up',
            usage: { cpu: 92, mem: 60, net: 3 },
          },
        ],
      }),
    });
    drivers.push(driver);
    const conn = await driver.connect(simHostAddress(1));
    const samples = await cycles(conn, clock, 100);
    const cpu = samples.map((s) => s.domains[0]?.cpuUsage ?? 0);
    expect(mean(cpu)).toBeGreaterThan(80);
  });
});
