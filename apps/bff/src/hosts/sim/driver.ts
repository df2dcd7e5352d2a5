// The simulated host driver (what oVirt's fake VDSM is to oVirt): whole fleets of hosts
// that are plain objects in this process, with realistic state transitions, moving
// stats, and faults on demand for tests and demos.
import type { HostAddress, HostConnection, HostDriver } from '../driver.js';
import { type SimClock, systemClock } from './clock.js';
import { unreachable, SimConnection } from './connection.js';
import { SimHostError } from './errors.js';
import { defaultCapabilities } from './guest.js';
import { SimHost, type SimHostState } from './host.js';
import { type SimTimings, simTimings } from './timings.js';
import { SimWorld, type SimSnapshot, closedError } from './world.js';

export interface SimDriverOptions {
  readonly timings?: Partial<SimTimings>;
  /** Seeds guest data, stats baselines and made-up hardware (default 2013). */
  readonly seed?: number;
  /**
   * A host's state when the BFF first connects to it (hardware, the domains the store
   * says run there); see `simInitialFromStore`. Undefined: an empty host with seeded hardware.
   */
  readonly initial?: (host: HostAddress) => Promise<SimHostState | undefined>;
  readonly clock?: SimClock;
}

export class SimDriver implements HostDriver {
  readonly kind = 'sim' as const;
  private readonly world: SimWorld;
  private readonly hosts = new Map<string, SimHost>();
  private readonly creating = new Map<string, Promise<SimHost>>();
  private readonly initial: SimDriverOptions['initial'];

  constructor(options: SimDriverOptions = {}) {
    this.world = new SimWorld(
      options.clock ?? systemClock,
      simTimings(options.timings),
      options.seed ?? 2013,
    );
    this.initial = options.initial;
  }

  get timings(): SimTimings {
    return this.world.timings;
  }

  /**
   * The host comes into being on first connect (from `initial`) and lives as long as the
   * driver. Connecting to a host that does not answer times out, as with a real one.
   */
  async connect(address: HostAddress): Promise<HostConnection> {
    if (this.world.closed) throw closedError();
    const sim = await this.simHost(address);
    sim.address = address;
    if (!sim.answering) {
      await this.world.wait(this.world.timings.unreachable);
      if (!sim.answering) throw unreachable(sim, this.world.timings.unreachable);
    }
    if (this.world.closed) throw closedError();
    return new SimConnection(this.world, sim);
  }

  private simHost(address: HostAddress): Promise<SimHost> {
    const known = this.hosts.get(address.id);
    if (known) return Promise.resolve(known);
    const pending = this.creating.get(address.id);
    if (pending) return pending;
    const create = (async () => {
      try {
        const state = (await this.initial?.(address)) ?? {};
        if (this.world.closed) throw closedError();
        const caps = state.capabilities ?? defaultCapabilities(this.world.seed, address.id);
        const sim = new SimHost(this.world, address, caps, state);
        this.hosts.set(address.id, sim);
        return sim;
      } finally {
        this.creating.delete(address.id);
      }
    })();
    this.creating.set(address.id, create);
    return create;
  }

  // ---- fault injection (tests, and an admin's "chaos" button) ----

  /** The host stops answering: calls time out, and its connections hear `connection-lost`. */
  failHost(hostId: string): void {
    const sim = this.host(hostId);
    sim.fail(`host ${sim.name} stopped answering`);
  }

  /** The host answers again; its guests kept running meanwhile. */
  recoverHost(hostId: string): void {
    this.host(hostId).recover();
  }

  /**
   * Power-cycle the host (the fence agent's "reboot"): every guest on it dies at once; the
   * host answers again after `timings.fence`, reporting each lost guest Down ('fenced').
   */
  async fenceHost(hostId: string): Promise<void> {
    const sim = this.host(hostId);
    if (sim.fencing) throw new SimHostError('REFUSED', `Host ${sim.name} is already being fenced`);
    const lost = sim.powerCycle();
    await this.world.wait(this.world.vary(this.world.timings.fence));
    sim.boot(lost);
  }

  /** HostDriver's power management: every sim host has a (simulated) fence agent. */
  fence(host: HostAddress): Promise<void> {
    return this.fenceHost(host.id);
  }

  /** The guest dies (qemu crashed): Down with reason 'crashed'. */
  crashVm(vmId: string): void {
    const sim = this.world.runningOn.get(vmId);
    if (!sim)
      throw new SimHostError('NOT_FOUND', `VM ${vmId} is not running on any simulated host`);
    sim.crash(vmId);
  }

  /** The host loses its storage: running guests pause ('storage-error'). */
  failStorage(hostId: string): void {
    this.host(hostId).failStorage();
  }

  /** Storage is back: guests paused by the fault resume. */
  recoverStorage(hostId: string): void {
    this.host(hostId).recoverStorage();
  }

  /** Mounting this storage (`server:/export`, a Local directory) fails until `recoverStorageSource`. */
  failStorageSource(source: string, reason = 'Connection timed out'): void {
    this.world.storage.failSource(source, reason);
  }

  recoverStorageSource(source: string): void {
    this.world.storage.recoverSource(source);
  }

  /** Space other files take on that storage, in GB (what monitoring then reports). */
  setStorageUsage(source: string, usedGb: number): void {
    this.world.storage.setOtherUsage(source, usedGb);
  }

  // ---- looking in ----

  /** The id of the host the VM runs on (migrating: the source), if any. */
  runningOn(vmId: string): string | undefined {
    return this.world.runningOn.get(vmId)?.address.id;
  }

  /** The VM's snapshots, oldest first. They live on (simulated) shared storage. */
  snapshotsOf(vmId: string): readonly SimSnapshot[] {
    return [...(this.world.snapshots.get(vmId) ?? [])];
  }

  /** Disk images on the storage a host's pool connects (file names, sorted). */
  volumesOf(hostId: string, poolId: string): string[] {
    return this.world.storage.volumesOf(hostId, poolId);
  }

  /** The pools a host has connected. */
  poolsOf(hostId: string): string[] {
    return this.world.storage.list(hostId).map((p) => p.id);
  }

  /** Hosts the driver simulates (every host connected so far). */
  get hostIds(): string[] {
    return [...this.hosts.keys()];
  }

  /** Running domains, all hosts together. */
  get runningDomains(): number {
    return this.world.stats.size;
  }

  /** Timers still pending: none after `close()`. */
  get pendingTimers(): number {
    return this.world.pendingTimers;
  }

  /**
   * Stop the simulation: every timer is cleared and pending waits reject; calls on any
   * connection reject from now on. Nothing of the driver keeps the process alive.
   */
  async close(): Promise<void> {
    this.world.close();
  }

  private host(hostId: string): SimHost {
    const sim = this.hosts.get(hostId);
    if (!sim)
      throw new SimHostError('NOT_FOUND', `host ${hostId} is not simulated by this driver (yet)`);
    return sim;
  }
}
