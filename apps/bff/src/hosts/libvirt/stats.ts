// Monitoring numbers from one `virsh domstats` call plus the host's counters
// (`virsh nodecpustats`, `virsh nodememstats`, /proc/net/dev). libvirt reports
// cumulative counters; usage percentages are deltas between two cycles, so a Sampler
// keeps the previous cycle's counters.
import type { DomainStats, HostStats } from '../driver.js';
import { mapDomainState, type MappedState } from './state.js';

export const DOMSTATS_ARGS = [
  'domstats',
  '--state',
  '--cpu-total',
  '--balloon',
  '--vcpu',
  '--interface',
  '--block',
] as const;

/** NICs have no speed libvirt could tell us (user-mode, taps): usage is against 1 Gbit/s. */
export const NOMINAL_LINK_BITS_PER_SECOND = 1e9;

export interface DomstatsRecord {
  readonly name: string;
  readonly fields: ReadonlyMap<string, string>;
}

/** `Domain: 'name'` headers, each followed by indented `key=value` lines. */
export function parseDomstats(out: string): DomstatsRecord[] {
  const records: { name: string; fields: Map<string, string> }[] = [];
  for (const line of out.split('\n')) {
    const header = /^Domain: '(.*)'$/.exec(line.trim());
    if (header) {
      records.push({ name: header[1] as string, fields: new Map() });
      continue;
    }
    const kv = /^\s+([^=\s]+)=(.*)$/.exec(line);
    const current = records[records.length - 1];
    if (kv && current) current.fields.set(kv[1] as string, kv[2] as string);
  }
  return records;
}

export interface DomainCounters {
  readonly name: string;
  readonly state: MappedState;
  readonly cpuTimeNs: number;
  readonly vcpus: number;
  readonly memory: { readonly currentKib: number; readonly usedKib?: number | undefined };
  readonly rxBytes: number;
  readonly txBytes: number;
}

export function domainCounters(rec: DomstatsRecord): DomainCounters {
  const num = (key: string): number | undefined => {
    const v = rec.fields.get(key);
    return v === undefined ? undefined : Number(v);
  };
  let rx = 0;
  let tx = 0;
  const nets = num('net.count') ?? 0;
  for (let i = 0; i < nets; i++) {
    rx += num(`net.${i}.rx.bytes`) ?? 0;
    tx += num(`net.${i}.tx.bytes`) ?? 0;
  }
  const current = num('balloon.current') ?? 0;
  const available = num('balloon.available');
  const usable = num('balloon.usable');
  const rss = num('balloon.rss');
  // With a balloon driver in the guest, the guest's own view; without one (no OS, no
  // driver) what QEMU holds resident on the host, which is what the VM costs there.
  const usedKib =
    available !== undefined && usable !== undefined
      ? available - usable
      : rss !== undefined
        ? Math.min(rss, current)
        : undefined;
  return {
    name: rec.name,
    state: mapDomainState(num('state.state') ?? 0, num('state.reason') ?? 0),
    cpuTimeNs: num('cpu.time') ?? 0,
    vcpus: num('vcpu.current') ?? 1,
    memory: { currentKib: current, usedKib },
    rxBytes: rx,
    txBytes: tx,
  };
}

export interface NodeCpuTimes {
  readonly user: number;
  readonly system: number;
  readonly idle: number;
  readonly iowait: number;
}

/** `virsh nodecpustats`: cumulative nanoseconds per kind. */
export function parseNodeCpuStats(out: string): NodeCpuTimes {
  const get = (key: string): number =>
    Number(new RegExp(`^${key}:\\s*(\\d+)`, 'm').exec(out)?.[1] ?? 0);
  return { user: get('user'), system: get('system'), idle: get('idle'), iowait: get('iowait') };
}

/** `virsh nodecpustats --percent` (libvirt samples one second itself). */
export function parseNodeCpuPercent(out: string): number {
  return Number(/^usage:\s*([\d.]+)%/m.exec(out)?.[1] ?? 0);
}

export function hostCpuPercent(prev: NodeCpuTimes, cur: NodeCpuTimes): number {
  const busy = cur.user - prev.user + (cur.system - prev.system);
  const total = busy + (cur.idle - prev.idle) + (cur.iowait - prev.iowait);
  return total > 0 ? clampPercent((busy / total) * 100) : 0;
}

/** `virsh nodememstats`: `total  :  24684096 KiB`. */
export function parseNodeMemStats(out: string): {
  totalKib: number;
  freeKib: number;
  buffersKib: number;
  cachedKib: number;
} {
  const get = (key: string): number =>
    Number(new RegExp(`^${key}\\s*:\\s*(\\d+)\\s*KiB`, 'm').exec(out)?.[1] ?? 0);
  return {
    totalKib: get('total'),
    freeKib: get('free'),
    buffersKib: get('buffers'),
    cachedKib: get('cached'),
  };
}

// Virtual NICs (VM taps, bridges, ifb) would count the VMs' traffic twice.
const VIRTUAL_NIC = /^(lo|vnet|tap|virbr|veth|ifb|docker|br-)/;

/** /proc/net/dev: cumulative bytes per physical-looking interface. */
export function parseProcNetDev(out: string): Map<string, { rx: number; tx: number }> {
  const result = new Map<string, { rx: number; tx: number }>();
  for (const line of out.split('\n')) {
    const m = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    if (!m || VIRTUAL_NIC.test(m[1] as string)) continue;
    const cols = (m[2] as string).trim().split(/\s+/).map(Number);
    result.set(m[1] as string, { rx: cols[0] ?? 0, tx: cols[8] ?? 0 });
  }
  return result;
}

function clampPercent(v: number): number {
  if (!Number.isFinite(v)) return 0;
  return Math.min(100, Math.max(0, Math.round(v * 10) / 10));
}

function netPercent(bytes: number, elapsedMs: number): number {
  if (elapsedMs <= 0 || bytes <= 0) return 0;
  return clampPercent(((bytes * 8) / (elapsedMs / 1000) / NOMINAL_LINK_BITS_PER_SECOND) * 100);
}

export interface SampleInput {
  readonly time: Date;
  readonly domstats: string;
  readonly nodeCpu: string;
  /** `nodecpustats --percent`, for the first cycle (no previous counters yet). */
  readonly nodeCpuPercent?: string | undefined;
  readonly nodeMem: string;
  /** /proc/net/dev of the host, when the driver can read it. */
  readonly netDev?: string | undefined;
  /** The domain's UUID for a name domstats printed. */
  readonly idOf: (name: string) => string | undefined;
}

interface Previous {
  readonly time: number;
  readonly nodeCpu: NodeCpuTimes;
  readonly net?: Map<string, { rx: number; tx: number }> | undefined;
  readonly domains: Map<string, DomainCounters>;
}

/** Turns consecutive raw samples into usage over each cycle. */
export class Sampler {
  private previous: Previous | undefined;

  /** True until the first cycle: the caller should pass nodeCpuPercent then. */
  get first(): boolean {
    return this.previous === undefined;
  }

  next(input: SampleInput): { host: HostStats; domains: DomainStats[] } {
    const time = input.time.getTime();
    const prev = this.previous;
    const elapsedMs = prev ? time - prev.time : 0;
    const nodeCpu = parseNodeCpuStats(input.nodeCpu);
    const mem = parseNodeMemStats(input.nodeMem);
    const freeKib = mem.freeKib + mem.buffersKib + mem.cachedKib;
    const net = input.netDev !== undefined ? parseProcNetDev(input.netDev) : undefined;

    let hostNet = 0;
    if (net && prev?.net) {
      for (const [name, cur] of net) {
        const before = prev.net.get(name);
        if (before)
          hostNet = Math.max(
            hostNet,
            netPercent(cur.rx - before.rx + (cur.tx - before.tx), elapsedMs),
          );
      }
    }
    const host: HostStats = {
      cpuUsage: prev
        ? hostCpuPercent(prev.nodeCpu, nodeCpu)
        : clampPercent(parseNodeCpuPercent(input.nodeCpuPercent ?? '')),
      memUsage:
        mem.totalKib > 0 ? clampPercent(((mem.totalKib - freeKib) / mem.totalKib) * 100) : 0,
      netUsage: hostNet,
      memFreeMb: Math.round(freeKib / 1024),
    };

    const counters = new Map<string, DomainCounters>();
    const domains: DomainStats[] = [];
    for (const rec of parseDomstats(input.domstats)) {
      const id = input.idOf(rec.name);
      if (!id) continue;
      const c = domainCounters(rec);
      counters.set(id, c);
      const before = prev?.domains.get(id);
      const running = c.state.status !== 'Down' && c.state.status !== 'Suspended';
      const cpu =
        running && before && elapsedMs > 0
          ? clampPercent(((c.cpuTimeNs - before.cpuTimeNs) / (elapsedMs * 1e6 * c.vcpus)) * 100)
          : 0;
      const net =
        running && before
          ? netPercent(c.rxBytes - before.rxBytes + (c.txBytes - before.txBytes), elapsedMs)
          : 0;
      domains.push({
        id,
        status: c.state.status,
        cpuUsage: cpu,
        memUsage:
          running && c.memory.usedKib !== undefined && c.memory.currentKib > 0
            ? clampPercent((c.memory.usedKib / c.memory.currentKib) * 100)
            : 0,
        netUsage: net,
        rxBytes: c.rxBytes,
        txBytes: c.txBytes,
      });
    }
    this.previous = { time, nodeCpu, net, domains: counters };
    return { host, domains };
  }
}
