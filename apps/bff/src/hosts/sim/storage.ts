// Simulated storage (docs/hosts-sim.md): the servers behind storage domains are shared
// by every simulated host of a driver, as real NFS or Gluster servers are; each host
// connects ("mounts") the pools it is asked to. Volumes are sizes, not files: a thin
// image takes no space until written (it never is), a preallocated one its whole size.
import type { PoolInfo, PoolSpec, VolumeSpec } from '../driver.js';
import { SimHostError } from './errors.js';

/** Where simulated network storage is "mounted": the libvirt driver's default root. */
export const SIM_MOUNT_ROOT = '/var/lib/corral/mnt';

/** How big simulated storage is, by type (GB). */
export const SIM_STORAGE_CAPACITY_GB: Readonly<Record<PoolSpec['type'], number>> = {
  NFS: 2048,
  GlusterFS: 4096,
  POSIX: 1024,
  Local: 512,
};

interface Store {
  capacityGb: number;
  /** Space used by other things than volumes (tests set it). */
  otherUsedGb: number;
  /** File name → GB taken. */
  readonly volumes: Map<string, number>;
}

interface Connected {
  readonly spec: PoolSpec;
  readonly target: string;
  readonly store: Store;
}

const round = (n: number) => Math.round(n * 100) / 100;

/** One server export (or, for Local, one host's directory), whoever mounts it. */
function storeKey(hostId: string, spec: PoolSpec): string {
  return spec.type === 'Local' ? `local:${hostId}:${spec.source}` : `${spec.type}:${spec.source}`;
}

export class SimStorage {
  private readonly stores = new Map<string, Store>();
  private readonly hosts = new Map<string, Map<string, Connected>>();
  private readonly unreachable = new Map<string, string>();

  /** Mounting `source` fails with `reason` until `recoverSource` (a server that is down). */
  failSource(source: string, reason: string): void {
    this.unreachable.set(source, reason);
  }

  recoverSource(source: string): void {
    this.unreachable.delete(source);
  }

  /** Sets the space other files take on a server export (what monitoring reads). */
  setOtherUsage(source: string, usedGb: number): void {
    for (const [key, store] of this.stores)
      if (key.endsWith(`:${source}`)) store.otherUsedGb = usedGb;
  }

  private pools(hostId: string): Map<string, Connected> {
    let pools = this.hosts.get(hostId);
    if (!pools) this.hosts.set(hostId, (pools = new Map()));
    return pools;
  }

  private info(c: Connected): PoolInfo {
    const used = round(
      c.store.otherUsedGb + [...c.store.volumes.values()].reduce((a, b) => a + b, 0),
    );
    return {
      id: c.spec.id,
      active: true,
      target: c.target,
      capacityGb: c.store.capacityGb,
      allocationGb: used,
      availableGb: round(Math.max(0, c.store.capacityGb - used)),
    };
  }

  ensure(hostId: string, hostName: string, spec: PoolSpec): PoolInfo {
    const failure = this.unreachable.get(spec.source);
    if (failure)
      throw new SimHostError(
        'REFUSED',
        `host ${hostName} cannot mount ${spec.source} for storage domain ${spec.name}: ${failure}`,
      );
    const pools = this.pools(hostId);
    const target =
      spec.target ?? (spec.type === 'Local' ? spec.source : `${SIM_MOUNT_ROOT}/${spec.id}`);
    const known = pools.get(spec.id);
    if (known && known.target !== target)
      throw new SimHostError(
        'REFUSED',
        `storage domain ${spec.name} is connected at ${known.target} on host ${hostName}, not at ${target}`,
      );
    if (known) return this.info(known);
    const key = storeKey(hostId, spec);
    let store = this.stores.get(key);
    if (!store) {
      store = {
        capacityGb: SIM_STORAGE_CAPACITY_GB[spec.type],
        otherUsedGb: 0,
        volumes: new Map(),
      };
      this.stores.set(key, store);
    }
    const connected = { spec, target, store };
    pools.set(spec.id, connected);
    return this.info(connected);
  }

  release(hostId: string, id: string): void {
    this.pools(hostId).delete(id);
  }

  format(hostId: string, hostName: string, spec: PoolSpec): void {
    this.ensure(hostId, hostName, spec);
    const store = this.pools(hostId).get(spec.id)!.store;
    store.volumes.clear();
    this.release(hostId, spec.id);
  }

  list(hostId: string): PoolInfo[] {
    return [...this.pools(hostId).values()].map((c) => this.info(c));
  }

  createVolume(hostId: string, hostName: string, poolId: string, v: VolumeSpec): string {
    const c = this.pools(hostId).get(poolId);
    if (!c)
      throw new SimHostError(
        'NOT_FOUND',
        `storage domain ${poolId} is not connected on host ${hostName}`,
      );
    if (c.store.volumes.has(v.name))
      throw new SimHostError('REFUSED', `volume ${v.name} already exists in ${c.spec.name}`);
    const take = v.preallocated ? v.sizeGb : 0;
    if (take > this.info(c).availableGb)
      throw new SimHostError(
        'REFUSED',
        `storage domain ${c.spec.name} has ${this.info(c).availableGb} GB free; ${v.name} needs ${take} GB`,
      );
    c.store.volumes.set(v.name, take);
    return `${c.target}/${v.name}`;
  }

  /** The volumes on the storage a pool connects (tests). */
  volumesOf(hostId: string, poolId: string): string[] {
    return [...(this.pools(hostId).get(poolId)?.store.volumes.keys() ?? [])].sort();
  }
}
