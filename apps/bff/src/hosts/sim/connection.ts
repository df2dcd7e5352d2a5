import type {
  DomainInfo,
  DomainSpec,
  GraphicsInfo,
  HostAddress,
  HostCapabilities,
  HostConnection,
  HostEvent,
  HostSample,
  MigrateOptions,
  PoolInfo,
  PoolSpec,
  SnapshotSpec,
  VolumeSpec,
} from '../driver.js';
import { SimHostError, refused } from './errors.js';
import type { SimDomainSpec, SimHost } from './host.js';
import { type SimWorld, closedError } from './world.js';

/**
 * The BFF's view of one simulated host. The host lives on in the driver when a
 * connection closes (as a real host does when the BFF restarts); a new connection sees it
 * as it is by then.
 */
export class SimConnection implements HostConnection {
  private readonly listeners = new Set<(event: HostEvent) => void>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    readonly world: SimWorld,
    readonly sim: SimHost,
  ) {
    this.unsubscribe = sim.subscribe((event) => this.deliver(event));
  }

  get host(): HostAddress {
    return this.sim.address;
  }

  async capabilities(): Promise<HostCapabilities> {
    return (await this.ready()).capabilities;
  }

  async listDomains(): Promise<DomainInfo[]> {
    return (await this.ready()).listDomains();
  }

  async define(spec: DomainSpec | SimDomainSpec): Promise<void> {
    (await this.ready()).define(spec);
  }

  async undefine(id: string): Promise<void> {
    (await this.ready()).undefine(id);
  }

  async start(id: string): Promise<void> {
    (await this.ready()).start(id);
  }

  async shutdown(id: string): Promise<void> {
    (await this.ready()).shutdown(id);
  }

  async powerOff(id: string): Promise<void> {
    (await this.ready()).powerOff(id);
  }

  async reboot(id: string): Promise<void> {
    (await this.ready()).reboot(id);
  }

  async suspend(id: string): Promise<void> {
    (await this.ready()).suspend(id);
  }

  async resume(id: string): Promise<void> {
    (await this.ready()).resume(id);
  }

  async migrate(id: string, options: MigrateOptions): Promise<void> {
    const source = await this.ready();
    const target = options.target;
    if (!(target instanceof SimConnection) || target.world !== this.world)
      throw refused(
        `Cannot migrate VM ${id} to host ${target.host.name}: it is not a simulated host of this driver`,
      );
    if (target.closed) throw closedConnection(target.host);
    if (!target.sim.answering) {
      await this.world.wait(this.world.timings.unreachable);
      throw unreachable(target.sim, this.world.timings.unreachable);
    }
    source.migrate(id, target.sim);
  }

  async createSnapshot(id: string, snapshot: SnapshotSpec): Promise<void> {
    await (await this.ready()).createSnapshot(id, snapshot);
  }

  async revertSnapshot(id: string, snapshotId: string): Promise<void> {
    await (await this.ready()).revertSnapshot(id, snapshotId);
  }

  async deleteSnapshot(id: string, snapshotId: string): Promise<void> {
    await (await this.ready()).deleteSnapshot(id, snapshotId);
  }

  async sample(): Promise<HostSample> {
    return (await this.ready()).sample();
  }

  // Storage domains: the world's shared storage (storage.ts).

  async ensurePool(spec: PoolSpec): Promise<PoolInfo> {
    const sim = await this.ready();
    return this.world.storage.ensure(sim.address.id, sim.name, spec);
  }

  async releasePool(id: string): Promise<void> {
    const sim = await this.ready();
    this.world.storage.release(sim.address.id, id);
  }

  async formatPool(spec: PoolSpec): Promise<void> {
    const sim = await this.ready();
    this.world.storage.format(sim.address.id, sim.name, spec);
  }

  async listPools(): Promise<PoolInfo[]> {
    const sim = await this.ready();
    return this.world.storage.list(sim.address.id);
  }

  async createVolume(poolId: string, volume: VolumeSpec): Promise<string> {
    const sim = await this.ready();
    return this.world.storage.createVolume(sim.address.id, sim.name, poolId, volume);
  }

  // A simulated guest has no screen: nothing listens where a console would connect, so
  // saying so beats handing out a port that refuses the proxy.
  async graphics(id: string): Promise<GraphicsInfo[]> {
    const vm = (await this.ready()).running(id);
    throw refused(`VM ${vm.name} runs on simulated host ${this.host.name}, which has no consoles`);
  }

  async setGraphicsPassword(id: string, _password: string, _validTo: Date): Promise<void> {
    const vm = (await this.ready()).running(id);
    throw refused(`VM ${vm.name} runs on simulated host ${this.host.name}, which has no consoles`);
  }

  onEvent(listener: (event: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe();
    this.listeners.clear();
  }

  private deliver(event: HostEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        // A listener's bug must not stop the host's state machine half-way.
        console.error(`sim host ${this.host.name}: event listener failed`, err);
      }
    }
  }

  /** The host, once it is known to answer; a host that does not answer times out. */
  private async ready(): Promise<SimHost> {
    if (this.closed) throw closedConnection(this.host);
    if (this.world.closed) throw closedError();
    if (!this.sim.answering) {
      await this.world.wait(this.world.timings.unreachable);
      throw unreachable(this.sim, this.world.timings.unreachable);
    }
    return this.sim;
  }
}

function closedConnection(host: HostAddress): SimHostError {
  return new SimHostError('CLOSED', `the connection to host ${host.name} is closed`);
}

export function unreachable(host: SimHost, ms: number): SimHostError {
  return new SimHostError(
    'UNREACHABLE',
    `host ${host.name} (${host.address.address}) is not answering: timed out after ${ms} ms`,
  );
}
