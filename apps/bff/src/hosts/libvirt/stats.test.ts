import { describe, expect, it } from 'vitest';
import { fixture } from './fixtures/index.js';
import {
  domainCounters,
  hostCpuPercent,
  parseDomstats,
  parseNodeCpuPercent,
  parseNodeCpuStats,
  parseNodeMemStats,
  parseProcNetDev,
  Sampler,
  NOMINAL_LINK_BITS_PER_SECOND,
} from './stats.js';

/** One `key=value` of a domstats fixture, read independently of the parser. */
function field(src: string, key: string): number {
  const m = new RegExp(`^\\s+${key.replace(/\./g, '\\.')}=(\\S+)$`, 'm').exec(src);
  if (!m) throw new Error(`fixture has no ${key}`);
  return Number(m[1]);
}

describe('domstats', () => {
  it('reads records and their counters', () => {
    const src = fixture('domstats-net-2.txt');
    const [rec] = parseDomstats(src);
    expect(rec?.name).toBe(/^Domain: '(.*)'$/m.exec(src)?.[1]);
    const c = domainCounters(rec!);
    expect(c.cpuTimeNs).toBe(field(src, 'cpu.time'));
    expect(c.vcpus).toBe(field(src, 'vcpu.current'));
    expect(c.rxBytes).toBe(field(src, 'net.0.rx.bytes'));
    expect(c.txBytes).toBe(field(src, 'net.0.tx.bytes'));
    expect(c.memory.currentKib).toBe(field(src, 'balloon.current'));
    expect(c.memory.usedKib).toBe(
      Math.min(field(src, 'balloon.rss'), field(src, 'balloon.current')),
    );
    expect(c.state.status).toBe('Up');
  });

  it('maps the recorded states: running, managed-saved, destroyed', () => {
    const status = (name: string): string =>
      domainCounters(parseDomstats(fixture(name))[0]!).state.status;
    expect(status('domstats-1.txt')).toBe('Up');
    expect(status('domstats-saved.txt')).toBe('Suspended');
    expect(status('domstats-shutoff.txt')).toBe('Down');
    expect(domainCounters(parseDomstats(fixture('domstats-shutoff.txt'))[0]!).state.reason).toBe(
      'destroyed',
    );
  });

  it('reads the host counters', () => {
    const cpu = fixture('nodecpustats.txt');
    expect(parseNodeCpuStats(cpu).idle).toBe(Number(/^idle:\s+(\d+)/m.exec(cpu)?.[1]));
    const pct = fixture('nodecpustats-percent.txt');
    expect(parseNodeCpuPercent(pct)).toBe(Number(/^usage:\s+([\d.]+)%/m.exec(pct)?.[1]));
    const mem = fixture('nodememstats.txt');
    expect(parseNodeMemStats(mem).totalKib).toBe(Number(/^total\s*:\s*(\d+) KiB/m.exec(mem)?.[1]));
    const net = parseProcNetDev(fixture('proc-net-dev.txt'));
    expect(net.has('eth0')).toBe(true);
    expect(net.has('lo')).toBe(false);
    expect(net.has('ifb0')).toBe(false);
    expect(
      hostCpuPercent(
        { user: 0, system: 0, idle: 0, iowait: 0 },
        { user: 30, system: 10, idle: 50, iowait: 10 },
      ),
    ).toBe(40);
  });
});

describe('Sampler', () => {
  const s1 = fixture('domstats-net-1.txt');
  const s2 = fixture('domstats-net-2.txt');
  const name = /^Domain: '(.*)'$/m.exec(s1)?.[1] ?? '';
  const id = 'a0000000-0000-4000-8000-0000000000ff';
  const base = {
    nodeCpu: fixture('nodecpustats.txt'),
    nodeMem: fixture('nodememstats.txt'),
    idOf: (n: string) => (n === name ? id : undefined),
  };

  it('turns two cycles of counters into usage over the cycle', () => {
    const sampler = new Sampler();
    expect(sampler.first).toBe(true);
    const t0 = new Date('2026-11-21T10:00:00Z');
    const first = sampler.next({
      ...base,
      time: t0,
      domstats: s1,
      nodeCpuPercent: fixture('nodecpustats-percent.txt'),
    });
    expect(first.host.cpuUsage).toBe(parseNodeCpuPercent(fixture('nodecpustats-percent.txt')));
    expect(first.domains[0]).toMatchObject({ id, status: 'Up', cpuUsage: 0 });
    expect(sampler.first).toBe(false);

    const elapsedMs = 5000;
    const second = sampler.next({
      ...base,
      time: new Date(t0.getTime() + elapsedMs),
      domstats: s2,
    });
    const cpuDelta = field(s2, 'cpu.time') - field(s1, 'cpu.time');
    const expected = Math.min(
      100,
      (cpuDelta / (elapsedMs * 1e6 * field(s2, 'vcpu.current'))) * 100,
    );
    expect(second.domains[0]?.cpuUsage).toBeCloseTo(expected, 0);
    const bytes =
      field(s2, 'net.0.rx.bytes') -
      field(s1, 'net.0.rx.bytes') +
      field(s2, 'net.0.tx.bytes') -
      field(s1, 'net.0.tx.bytes');
    expect(second.domains[0]?.netUsage).toBeCloseTo(
      ((bytes * 8) / (elapsedMs / 1000) / NOMINAL_LINK_BITS_PER_SECOND) * 100,
      1,
    );
    expect(second.domains[0]?.rxBytes).toBe(field(s2, 'net.0.rx.bytes'));
    const mem = parseNodeMemStats(base.nodeMem);
    expect(second.host.memFreeMb).toBe(
      Math.round((mem.freeKib + mem.buffersKib + mem.cachedKib) / 1024),
    );
    // Same host counters twice: no time passed on the host's CPUs.
    expect(second.host.cpuUsage).toBe(0);
  });

  it('skips domains it cannot name and reports nothing for stopped ones', () => {
    const sampler = new Sampler();
    const out = sampler.next({
      ...base,
      time: new Date(),
      domstats: fixture('domstats-shutoff.txt'),
    });
    expect(out.domains).toEqual([]);
    const named = sampler.next({
      ...base,
      time: new Date(Date.now() + 1000),
      domstats: fixture('domstats-shutoff.txt'),
      idOf: () => id,
    });
    expect(named.domains[0]).toMatchObject({
      status: 'Down',
      cpuUsage: 0,
      memUsage: 0,
      netUsage: 0,
    });
  });
});
