// Usage figures of running simulated domains, kept in typed arrays (one slot per running
// domain, across all hosts of a driver) so that a monitoring cycle over 50,000 domains is
// a tight loop over numbers, not a walk over objects.
//
// CPU and network usage are log-normal random walks around the domain's own baseline:
// usage = baseline · e^z, where z is a mean-reverting (Ornstein–Uhlenbeck) walk around 0.
// After a step of dt, z keeps a = e^(-dt/τ) of itself and gains noise of σ·√(1−a²), so its
// spread stays σ whatever the sampling interval, and an idle VM hovers near its low
// baseline instead of sitting on 0. Memory walks the same way, additively. Servers revert
// slowly with a small spread; desktops spread wide and burst when their user does
// something (a jump that decays within a minute).
import type { Rng } from '../../demo/prng.js';

/** One virtio NIC at 1 Gbit/s: what 100 % network usage of a guest means. */
export const GUEST_LINK_BYTES_PER_S = 125_000_000;

interface WalkShape {
  readonly cpuTauS: number;
  /** σ of log CPU usage. */
  readonly cpuSigma: number;
  readonly memTauS: number;
  /** σ of memory usage, in percentage points. */
  readonly memSd: number;
  readonly netTauS: number;
  readonly netSigma: number;
  /** Mean seconds between bursts of activity (0: none). */
  readonly burstEveryS: number;
}

const SERVER: WalkShape = {
  cpuTauS: 300,
  cpuSigma: 0.25,
  memTauS: 1_800,
  memSd: 3,
  netTauS: 300,
  netSigma: 0.4,
  burstEveryS: 0,
};
const DESKTOP: WalkShape = {
  cpuTauS: 60,
  cpuSigma: 0.6,
  memTauS: 600,
  memSd: 6,
  netTauS: 60,
  netSigma: 0.8,
  burstEveryS: 120,
};
/** A burst of desktop activity fades with this time constant. */
const BURST_TAU_S = 30;

/**
 * Per-step coefficients, 8 per shape (server, desktop): cpuA cpuK memA memK netA netK
 * burstP burstA, where K is the noise's sd for this step.
 */
const STEP = new Float64Array(16);

/** Prepares `step` for a time step of `dtMs` (once per host and sample). */
export function prepareStep(dtMs: number): void {
  const dt = dtMs / 1000;
  let o = 0;
  for (const shape of [SERVER, DESKTOP]) {
    const cpuA = Math.exp(-dt / shape.cpuTauS);
    const memA = Math.exp(-dt / shape.memTauS);
    const netA = Math.exp(-dt / shape.netTauS);
    STEP[o] = cpuA;
    STEP[o + 1] = Math.sqrt(1 - cpuA * cpuA) * shape.cpuSigma;
    STEP[o + 2] = memA;
    STEP[o + 3] = Math.sqrt(1 - memA * memA) * shape.memSd;
    STEP[o + 4] = netA;
    STEP[o + 5] = Math.sqrt(1 - netA * netA) * shape.netSigma;
    STEP[o + 6] = shape.burstEveryS > 0 ? 1 - Math.exp(-dt / shape.burstEveryS) : 0;
    STEP[o + 7] = Math.exp(-dt / BURST_TAU_S);
    o += 8;
  }
}

/** Standard normal, near enough: the sum of three uniforms (Irwin–Hall), rescaled. */
function gauss(rng: Rng): number {
  return (rng.float() + rng.float() + rng.float() - 1.5) * 2;
}

function pct(x: number): number {
  return x < 0 ? 0 : x > 100 ? 100 : x;
}

export interface UsageStart {
  readonly cpu: number;
  readonly mem: number;
  readonly net: number;
}

export class StatsPool {
  /** What `sample` reports, in %. */
  cpu = new Float64Array(0);
  mem = new Float64Array(0);
  net = new Float64Array(0);
  /** Cumulative interface bytes since the guest's qemu started. */
  rx = new Float64Array(0);
  tx = new Float64Array(0);
  // The walks' state and each domain's own shape.
  private cpuZ = new Float64Array(0);
  private netZ = new Float64Array(0);
  private burst = new Float64Array(0);
  private cpuBase = new Float32Array(0);
  private memBase = new Float32Array(0);
  private netBase = new Float32Array(0);
  private txShare = new Float32Array(0);
  private desktop = new Uint8Array(0);
  private readonly free: number[] = [];
  private top = 0;
  private live = 0;

  /** Slots in use: running domains. */
  get size(): number {
    return this.live;
  }

  /**
   * A slot for a domain that starts running, its baselines drawn from `rng` (the VM's own
   * stream) unless `start` carries figures the store last saw, which become the baselines
   * so that a busy VM stays busy across a BFF restart.
   */
  alloc(rng: Rng, desktop: boolean, hasNic: boolean, start?: UsageStart): number {
    const slot = this.free.pop() ?? this.top++;
    if (slot >= this.cpu.length) this.grow(Math.max(1024, this.cpu.length * 2));
    this.live++;
    // A few servers run hot (builds, batch jobs); most idle along at a few percent.
    const drawnCpu = desktop
      ? rng.logUniform(1.5, 12)
      : rng.chance(0.05)
        ? rng.real(60, 90)
        : rng.logUniform(2, 35);
    const cpuBase = Math.max(0.5, start ? start.cpu : drawnCpu);
    const memBase = start && start.mem > 0 ? start.mem : rng.real(desktop ? 30 : 35, 80);
    const drawnNet = rng.logUniform(0.2, desktop ? 4 : 15);
    const netBase = !hasNic ? 0 : Math.max(0.1, start ? start.net : drawnNet);
    this.cpuBase[slot] = cpuBase;
    this.memBase[slot] = memBase;
    this.netBase[slot] = netBase;
    this.txShare[slot] = desktop ? rng.real(0.1, 0.3) : rng.real(0.4, 0.8);
    this.desktop[slot] = desktop ? 1 : 0;
    this.cpuZ[slot] = 0;
    this.netZ[slot] = 0;
    this.burst[slot] = 0;
    this.cpu[slot] = cpuBase;
    this.mem[slot] = memBase;
    this.net[slot] = netBase;
    this.rx[slot] = 0;
    this.tx[slot] = 0;
    return slot;
  }

  release(slot: number): void {
    this.free.push(slot);
    this.live--;
  }

  /** Counters as if the guest had run at its baseline for `seconds` (a VM the store says runs). */
  backfillCounters(slot: number, seconds: number): void {
    const bytes = ((this.netBase[slot] ?? 0) / 100) * GUEST_LINK_BYTES_PER_S * seconds;
    const tx = this.txShare[slot] ?? 0.5;
    this.rx[slot] = Math.round(bytes * (1 - tx));
    this.tx[slot] = Math.round(bytes * tx);
  }

  /** A new qemu process (a migration's target) starts its interface counters at zero. */
  resetCounters(slot: number): void {
    this.rx[slot] = 0;
    this.tx[slot] = 0;
  }

  /** A guest that runs: one step of its walks (after `prepareStep`). */
  step(slot: number, dtS: number, rng: Rng): void {
    const o = (this.desktop[slot] ?? 0) * 8;
    const cpuZ = (this.cpuZ[slot] ?? 0) * (STEP[o] ?? 1) + (STEP[o + 1] ?? 0) * gauss(rng);
    this.cpuZ[slot] = cpuZ;
    let burst = (this.burst[slot] ?? 0) * (STEP[o + 7] ?? 0);
    if (rng.float() < (STEP[o + 6] ?? 0)) burst += 20 + 40 * rng.float();
    this.burst[slot] = burst;
    this.cpu[slot] = pct((this.cpuBase[slot] ?? 0) * Math.exp(cpuZ) + burst);
    const memBase = this.memBase[slot] ?? 0;
    this.mem[slot] = pct(
      memBase +
        ((this.mem[slot] ?? 0) - memBase) * (STEP[o + 2] ?? 1) +
        (STEP[o + 3] ?? 0) * gauss(rng),
    );
    const netZ = (this.netZ[slot] ?? 0) * (STEP[o + 4] ?? 1) + (STEP[o + 5] ?? 0) * gauss(rng);
    this.netZ[slot] = netZ;
    this.net[slot] = pct((this.netBase[slot] ?? 0) * Math.exp(netZ));
    this.count(slot, dtS);
  }

  /** A guest busy with something other than its workload (booting, shutting down). */
  busy(slot: number, dtS: number, rng: Rng, cpuLevel: number): void {
    this.cpu[slot] = pct(cpuLevel + 8 * gauss(rng));
    this.net[slot] = (this.netBase[slot] ?? 0) > 0 ? 0.2 + 0.2 * rng.float() : 0;
    this.count(slot, dtS);
  }

  /** A guest whose vCPUs do not run (paused, hung, being saved): memory stays as it was. */
  idle(slot: number): void {
    this.cpu[slot] = 0;
    this.net[slot] = 0;
  }

  private count(slot: number, dtS: number): void {
    const bytes = ((this.net[slot] ?? 0) / 100) * GUEST_LINK_BYTES_PER_S * dtS;
    const tx = this.txShare[slot] ?? 0.5;
    this.rx[slot] = (this.rx[slot] ?? 0) + Math.round(bytes * (1 - tx));
    this.tx[slot] = (this.tx[slot] ?? 0) + Math.round(bytes * tx);
  }

  private grow(capacity: number): void {
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    const f32 = (a: Float32Array) => {
      const b = new Float32Array(capacity);
      b.set(a);
      return b;
    };
    this.cpu = f64(this.cpu);
    this.mem = f64(this.mem);
    this.net = f64(this.net);
    this.rx = f64(this.rx);
    this.tx = f64(this.tx);
    this.cpuZ = f64(this.cpuZ);
    this.netZ = f64(this.netZ);
    this.burst = f64(this.burst);
    this.cpuBase = f32(this.cpuBase);
    this.memBase = f32(this.memBase);
    this.netBase = f32(this.netBase);
    this.txShare = f32(this.txShare);
    const d = new Uint8Array(capacity);
    d.set(this.desktop);
    this.desktop = d;
  }
}
