// gluster's simulated twin, for simulated hosts (the demo fleet, the store suite): trusted
// storage pools, volumes and bricks kept in this process, refusing what gluster refuses
// with gluster's own words (captured from gluster 10.3, see testdata/), migrations that
// take time, and hosts that stop answering when the simulated host driver says so.
import type { GlusterVolumeType } from '@corral/shared';
import { REPLICATED_TYPES, DISPERSED_TYPES, normalizeBrickDirectory } from '@corral/shared';
import { randomUUID } from 'node:crypto';
import type { HostAddress } from '../hosts/driver.js';
import type { HostRegistry } from '../hosts/registry.js';
import { systemClock, type SimClock } from '../hosts/sim/clock.js';
import { SimConnection } from '../hosts/sim/connection.js';
import { rngFor } from '../hosts/sim/guest.js';
import { brickName } from './parse.js';
import {
  GlusterError,
  type BrickAddress,
  type CreateVolumeSpec,
  type GlusterDriver,
  type GlusterHealBrick,
  type GlusterHost,
  type GlusterMigration,
  type GlusterPeer,
  type GlusterTask,
  type GlusterVolumeInfo,
  type GlusterVolumeState,
  type GlusterVolumeStatus,
  type HostFilesystem,
  type QemuOwner,
} from './types.js';

/** gluster 10.3's /var/lib/glusterd/groups/virt, as `volume set <vol> group virt` applies it. */
export const VIRT_GROUP: Readonly<Record<string, string>> = {
  'performance.quick-read': 'off',
  'performance.read-ahead': 'off',
  'performance.io-cache': 'off',
  'performance.low-prio-threads': '32',
  'network.remote-dio': 'disable',
  'performance.strict-o-direct': 'on',
  'cluster.eager-lock': 'enable',
  'cluster.quorum-type': 'auto',
  'cluster.server-quorum-type': 'server',
  'cluster.data-self-heal-algorithm': 'full',
  'cluster.locking-scheme': 'granular',
  'cluster.shd-max-threads': '8',
  'cluster.shd-wait-qlength': '10000',
  'features.shard': 'on',
  'user.cifs': 'off',
  'cluster.choose-local': 'off',
  'client.event-threads': '4',
  'server.event-threads': '4',
  'performance.client-io-threads': 'on',
  'network.ping-timeout': '20',
  'server.tcp-user-timeout': '20',
  'server.keepalive-time': '10',
  'server.keepalive-interval': '2',
  'server.keepalive-count': '5',
  'cluster.lookup-optimize': 'off',
};

/** What gluster 10.3 sets on every new volume, and keeps through `volume reset <vol>`. */
const NEW_VOLUME_OPTIONS: Readonly<Record<string, string>> = {
  'storage.fips-mode-rchecksum': 'on',
  'transport.address-family': 'inet',
  'nfs.disable': 'on',
};

/** What it sets on a new replicated volume besides (testdata/info-r3-created.xml, info-arbiter.xml). */
const NEW_REPLICATED_OPTIONS: Readonly<Record<string, string>> = {
  'cluster.granular-entry-heal': 'on',
  'performance.client-io-threads': 'off',
};

/** Option sections gluster knows; a key outside them "does not exist". */
const OPTION_SECTIONS = new Set([
  'auth',
  'changelog',
  'client',
  'cluster',
  'config',
  'ctime',
  'debug',
  'delay-gen',
  'dht',
  'diagnostics',
  'disperse',
  'features',
  'geo-replication',
  'locks',
  'network',
  'nfs',
  'performance',
  'server',
  'storage',
  'transport',
  'user',
]);

/** Simulated hosts keep bricks on a filesystem of their own, as oVirt's HCI deployment does. */
export const SIM_BRICK_MOUNT = '/gluster_bricks';
const GIB = 1024 ** 3;

export interface SimBrickSeed {
  readonly host: HostAddress;
  readonly directory: string;
  /** The brick filesystem's size and free space, when the store knows them. */
  readonly totalBytes?: number | undefined;
  readonly freeBytes?: number | undefined;
}

export interface SimVolumeSeed {
  readonly id?: string | undefined;
  readonly name: string;
  readonly state: GlusterVolumeState;
  readonly type: GlusterVolumeType;
  readonly replicaCount: number;
  readonly arbiterCount: number;
  readonly disperseCount: number;
  readonly redundancyCount: number;
  readonly bricks: readonly SimBrickSeed[];
  readonly options: Readonly<Record<string, string>>;
}

/** A host's pool and volumes when the twin first meets it (see `simGlusterInitialFromStore`). */
export interface SimGlusterInitial {
  /** The other hosts already in its trusted storage pool. */
  readonly peers: readonly HostAddress[];
  readonly volumes: readonly SimVolumeSeed[];
}

export interface SimGlusterOptions {
  readonly clock?: SimClock;
  readonly seed?: number;
  /** How long a brick removal's data migration or a rebalance runs (default 3 s). */
  readonly migrationMs?: number;
  /** How long a call to a host that stopped answering waits before failing (default 3 s). */
  readonly unreachableMs?: number;
  readonly initial?: (host: HostAddress) => Promise<SimGlusterInitial | undefined>;
  /** Whether the host answers; see `simHostAnswering` (default: always). */
  readonly answering?: (hostId: string) => Promise<boolean> | boolean;
  /**
   * Runs before each call reaches the host (`gluster volume info`, …): a glusterd that
   * takes its time. Tests hold a monitor's read with it while a command runs.
   */
  readonly beforeCall?: (hostId: string, command: string) => Promise<void> | void;
}

export interface SimGlusterNode {
  address: HostAddress;
  readonly uuid: string;
  pool: SimGlusterPool;
  readonly filesystems: HostFilesystem[];
}

export interface SimGlusterPool {
  readonly members: Set<SimGlusterNode>;
  readonly volumes: Map<string, Volume>;
}

interface Brick {
  readonly node: SimGlusterNode;
  readonly directory: string;
}

interface Task {
  readonly type: GlusterTask['type'];
  readonly id: string;
  readonly bricks: readonly Brick[];
  readonly startedAt: number;
  stoppedAt?: number;
}

interface Volume {
  readonly id: string;
  readonly name: string;
  state: GlusterVolumeState;
  type: GlusterVolumeType;
  replicaCount: number;
  arbiterCount: number;
  disperseCount: number;
  redundancyCount: number;
  transport: 'TCP';
  bricks: Brick[];
  readonly options: Map<string, string>;
  task?: Task;
}

const refuse = (message: string, command: string) => new GlusterError(message, command);

/**
 * Whether a simulated host answers, as the simulated host driver has it: the host's open
 * connection says so (a host failed with `SimDriver.failHost` does not). A host without
 * an open connection counts as answering.
 */
export function simHostAnswering(hosts: HostRegistry): (hostId: string) => Promise<boolean> {
  return async (hostId) => {
    const conn = await hosts.peek(hostId)?.catch(() => undefined);
    return conn instanceof SimConnection ? conn.sim.answering : true;
  };
}

/** The simulated world of every pool and volume; one per BFF (or test). */
export class SimGlusterDriver implements GlusterDriver {
  readonly kind = 'sim' as const;
  private readonly nodes = new Map<string, SimGlusterNode>();
  private readonly meeting = new Map<string, Promise<SimGlusterNode>>();
  readonly clock: SimClock;
  readonly migrationMs: number;
  readonly unreachableMs: number;

  constructor(private readonly options: SimGlusterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.migrationMs = options.migrationMs ?? 3_000;
    this.unreachableMs = options.unreachableMs ?? 3_000;
  }

  serverName(host: HostAddress): string {
    return host.address;
  }

  async connect(host: HostAddress): Promise<GlusterHost> {
    const node = await this.meet(host);
    node.address = host;
    await this.reachable(node, 'gluster pool list');
    return new SimGlusterHost(this, node);
  }

  // ---- looking in (tests) ----

  /** The volumes of the host's pool, as gluster would list them. */
  volumesOf(hostId: string): GlusterVolumeInfo[] {
    const node = this.nodes.get(hostId);
    return node ? [...node.pool.volumes.values()].map((v) => this.info(v)) : [];
  }

  /** Ids of the hosts in the host's pool (itself included). */
  poolOf(hostId: string): string[] {
    const node = this.nodes.get(hostId);
    return node ? [...node.pool.members].map((n) => n.address.id).sort() : [];
  }

  // ---- the world ----

  private meet(host: HostAddress): Promise<SimGlusterNode> {
    const known = this.nodes.get(host.id);
    if (known) return Promise.resolve(known);
    const pending = this.meeting.get(host.id);
    if (pending) return pending;
    const meeting = (async () => {
      try {
        const initial = await this.options.initial?.(host);
        const node = this.node(host);
        for (const peer of initial?.peers ?? []) {
          const other = this.node(peer);
          if (other.pool !== node.pool && other.pool.volumes.size === 0)
            this.joinPool(other, node.pool);
          else if (other.pool !== node.pool && node.pool.volumes.size === 0)
            this.joinPool(node, other.pool);
        }
        for (const seed of initial?.volumes ?? []) this.seedVolume(node.pool, seed);
        return node;
      } finally {
        this.meeting.delete(host.id);
      }
    })();
    this.meeting.set(host.id, meeting);
    return meeting;
  }

  /** The host's node, created alone in a pool of its own with seeded brick space. */
  private node(host: HostAddress): SimGlusterNode {
    const known = this.nodes.get(host.id);
    if (known) return known;
    const r = rngFor(this.options.seed ?? 2013, `gluster:${host.id}`);
    const total = [1024, 2048, 4096][r.int(0, 2)]! * GIB;
    const pool: SimGlusterPool = { members: new Set(), volumes: new Map() };
    const node: SimGlusterNode = {
      address: host,
      uuid: randomUUID(),
      pool,
      filesystems: [
        {
          mount: '/',
          device: '/dev/mapper/rhel-root',
          fsType: 'xfs',
          totalBytes: 50 * GIB,
          freeBytes: 38 * GIB,
        },
        {
          mount: SIM_BRICK_MOUNT,
          device: '/dev/mapper/gluster_vg-gluster_lv',
          fsType: 'xfs',
          totalBytes: total,
          freeBytes: Math.round(total * r.real(0.6, 0.95)),
        },
      ],
    };
    pool.members.add(node);
    this.nodes.set(host.id, node);
    return node;
  }

  /** The host known by this server name, in any pool. */
  knownServer(server: string): SimGlusterNode | undefined {
    return [...this.nodes.values()].find((n) => this.serverName(n.address) === server);
  }

  joinPool(node: SimGlusterNode, pool: SimGlusterPool): void {
    node.pool.members.delete(node);
    node.pool = pool;
    pool.members.add(node);
  }

  private seedVolume(pool: SimGlusterPool, seed: SimVolumeSeed): void {
    if (pool.volumes.has(seed.name)) return;
    const bricks = seed.bricks.map((b): Brick => {
      const node = this.node(b.host);
      if (node.pool !== pool && node.pool.volumes.size === 0) this.joinPool(node, pool);
      const fs = this.filesystemOf(node, b.directory);
      if (b.totalBytes && fs.mount === SIM_BRICK_MOUNT) {
        Object.assign(fs, { totalBytes: b.totalBytes, freeBytes: b.freeBytes ?? fs.freeBytes });
      }
      return { node, directory: normalizeBrickDirectory(b.directory) };
    });
    pool.volumes.set(seed.name, {
      id: seed.id ?? randomUUID(),
      name: seed.name,
      state: seed.state,
      type: seed.type,
      replicaCount: seed.replicaCount,
      arbiterCount: seed.arbiterCount,
      disperseCount: seed.disperseCount,
      redundancyCount: seed.redundancyCount,
      transport: 'TCP',
      bricks,
      options: new Map(Object.entries(seed.options)),
    });
  }

  filesystemOf(node: SimGlusterNode, directory: string): HostFilesystem {
    const dir = normalizeBrickDirectory(directory);
    const within = node.filesystems.filter(
      (f) => f.mount === '/' || dir === f.mount || dir.startsWith(`${f.mount}/`),
    );
    return within.sort((a, b) => b.mount.length - a.mount.length)[0]!;
  }

  async answers(node: SimGlusterNode): Promise<boolean> {
    return (await this.options.answering?.(node.address.id)) ?? true;
  }

  /** A host that does not answer times out, as a real one does. */
  async reachable(node: SimGlusterNode, command: string): Promise<void> {
    await this.options.beforeCall?.(node.address.id, command);
    if (await this.answers(node)) return;
    await new Promise<void>((resolve) => this.clock.setTimeout(resolve, this.unreachableMs));
    throw refuse(
      `glusterd on ${node.address.name} (${node.address.address}) is not answering: timed out after ${this.unreachableMs} ms`,
      command,
    );
  }

  nodeByServer(pool: SimGlusterPool, server: string): SimGlusterNode | undefined {
    return [...pool.members].find((n) => this.serverName(n.address) === server);
  }

  info(v: Volume): GlusterVolumeInfo {
    const size = setOf(v);
    return {
      name: v.name,
      id: v.id,
      state: v.state,
      type: v.type,
      brickCount: v.bricks.length,
      distCount: Math.max(1, Math.floor(v.bricks.length / size)),
      replicaCount: v.replicaCount,
      arbiterCount: v.arbiterCount,
      disperseCount: v.disperseCount,
      redundancyCount: v.redundancyCount,
      transport: v.transport,
      bricks: v.bricks.map((b, i) => ({
        server: this.serverName(b.node.address),
        directory: b.directory,
        hostUuid: b.node.uuid,
        isArbiter: v.arbiterCount > 0 && i % size === size - 1,
      })),
      options: Object.fromEntries(v.options),
    };
  }

  /** A task's state now: migrations take `migrationMs` from their start. */
  taskState(task: Task): { status: GlusterTask['status']; done: number } {
    const end = task.stoppedAt ?? this.clock.now();
    const done = Math.min(1, (end - task.startedAt) / Math.max(1, this.migrationMs));
    if (task.stoppedAt !== undefined) return { status: 'stopped', done };
    return { status: done >= 1 ? 'completed' : 'in progress', done };
  }
}

function setOf(v: {
  type: GlusterVolumeType;
  replicaCount: number;
  disperseCount: number;
}): number {
  if (REPLICATED_TYPES.includes(v.type)) return Math.max(1, v.replicaCount);
  if (DISPERSED_TYPES.includes(v.type)) return Math.max(1, v.disperseCount);
  return 1;
}

function typeOf(kind: 'replica' | 'disperse' | 'plain', sets: number): GlusterVolumeType {
  if (kind === 'replica') return sets > 1 ? 'Distributed-Replicate' : 'Replicate';
  if (kind === 'disperse') return sets > 1 ? 'Distributed-Disperse' : 'Disperse';
  return 'Distribute';
}

const kindOf = (v: Volume): 'replica' | 'disperse' | 'plain' =>
  REPLICATED_TYPES.includes(v.type)
    ? 'replica'
    : DISPERSED_TYPES.includes(v.type)
      ? 'disperse'
      : 'plain';

/** One simulated host's gluster CLI. */
class SimGlusterHost implements GlusterHost {
  readonly serverName: string;

  constructor(
    private readonly world: SimGlusterDriver,
    private readonly node: SimGlusterNode,
  ) {
    this.serverName = world.serverName(node.address);
  }

  get host(): HostAddress {
    return this.node.address;
  }

  private get pool(): SimGlusterPool {
    return this.node.pool;
  }

  private async ready(command: string): Promise<void> {
    await this.world.reachable(this.node, command);
  }

  private volume(name: string, command: string): Volume {
    const v = this.pool.volumes.get(name);
    if (!v) throw refuse(`Volume ${name} does not exist`, command);
    return v;
  }

  /** Bricks by `server:/dir`, each on a host of the pool and nowhere in use. */
  private claim(
    bricks: readonly BrickAddress[],
    force: boolean,
    command: string,
    except?: Brick,
  ): Brick[] {
    const claimed: Brick[] = [];
    for (const b of bricks) {
      const node = this.world.nodeByServer(this.pool, b.server);
      if (!node) throw refuse(`Host ${b.server} is not in 'Peer in Cluster' state`, command);
      const dir = normalizeBrickDirectory(b.directory);
      const used = [...this.pool.volumes.values()]
        .flatMap((v) => v.bricks)
        .concat(claimed)
        .filter((x) => x !== except && x.node === node)
        .some(
          (x) =>
            x.directory === dir ||
            dir.startsWith(`${x.directory}/`) ||
            x.directory.startsWith(`${dir}/`),
        );
      if (used)
        throw refuse(
          `Brick: ${brickName(b)} not available. Brick may be containing or be contained by an existing brick.`,
          command,
        );
      if (!force && this.world.filesystemOf(node, dir).mount === '/')
        throw refuse(
          `The brick ${brickName(b)} is being created in the root partition. It is recommended that you don't use the system's root partition for storage backend. Or use 'force' at the end of the command if you want to override this behavior.`,
          command,
        );
      claimed.push({ node, directory: dir });
    }
    return claimed;
  }

  private sameServer(
    bricks: readonly Brick[],
    size: number,
    kind: 'replica' | 'disperse',
    command: string,
  ): void {
    for (let s = 0; s < bricks.length; s += size) {
      const nodes = bricks.slice(s, s + size).map((b) => b.node);
      if (new Set(nodes).size < nodes.length)
        throw refuse(
          kind === 'replica'
            ? "Multiple bricks of a replicate volume are present on the same server. This setup is not optimal. Bricks should be on different nodes to have best fault tolerant configuration. Use 'force' at the end of the command if you want to override this behavior."
            : "Multiple bricks of a disperse volume are present on the same server. This setup is not optimal. Bricks should be on different nodes to have best fault tolerant configuration. Use 'force' at the end of the command if you want to override this behavior.",
          command,
        );
    }
  }

  async volumeInfo(name?: string): Promise<GlusterVolumeInfo[]> {
    await this.ready('gluster volume info');
    if (name) return [this.world.info(this.volume(name, 'gluster volume info'))];
    return [...this.pool.volumes.values()].map((v) => this.world.info(v));
  }

  async volumeStatus(name?: string): Promise<GlusterVolumeStatus[]> {
    const command = 'gluster volume status';
    await this.ready(command);
    const volumes = name ? [this.volume(name, command)] : [...this.pool.volumes.values()];
    if (name && volumes[0]?.state !== 'Started')
      throw refuse(`Volume ${name} is not started`, command);
    const out: GlusterVolumeStatus[] = [];
    for (const v of volumes.filter((x) => x.state === 'Started')) {
      const bricks = [];
      for (const b of v.bricks) {
        const online = await this.world.answers(b.node);
        const fs = this.world.filesystemOf(b.node, b.directory);
        bricks.push({
          server: this.world.serverName(b.node.address),
          directory: b.directory,
          peerId: b.node.uuid,
          online,
          port: online ? 49152 + v.bricks.indexOf(b) : null,
          pid: null,
          totalBytes: fs.totalBytes,
          freeBytes: fs.freeBytes,
          device: fs.device,
          fsName: fs.fsType,
          mountOptions: 'rw,noatime,inode64,logbufs=8,logbsize=256k,noquota',
        });
      }
      const tasks: GlusterTask[] = v.task
        ? [
            {
              type: v.task.type,
              id: v.task.id,
              status: this.world.taskState(v.task).status,
              bricks: v.task.bricks.map(
                (b) => `${this.world.serverName(b.node.address)}:${b.directory}`,
              ),
            },
          ]
        : [];
      out.push({ name: v.name, bricks, tasks });
    }
    return out;
  }

  async createVolume(spec: CreateVolumeSpec): Promise<{ id: string }> {
    const command = `gluster volume create ${spec.name}`;
    await this.ready(command);
    if (this.pool.volumes.has(spec.name))
      throw refuse(`Volume ${spec.name} already exists`, command);
    const kind = REPLICATED_TYPES.includes(spec.type)
      ? 'replica'
      : DISPERSED_TYPES.includes(spec.type)
        ? 'disperse'
        : 'plain';
    const size =
      kind === 'replica'
        ? (spec.replicaCount ?? 1)
        : kind === 'disperse'
          ? (spec.disperseCount ?? 1)
          : 1;
    const n = spec.bricks.length;
    if (kind === 'replica' && (size < 2 || n % size !== 0))
      throw refuse('number of bricks is not a multiple of replica count', command);
    if (kind === 'disperse') {
      const r = spec.redundancyCount ?? 0;
      if (size < 3 || r < 1 || 2 * r >= size)
        throw refuse(
          `redundancy must be greater than or equal to 1 and less than ${Math.ceil(size / 2)} for a disperse ${size} volume`,
          command,
        );
      if (n % size !== 0)
        throw refuse('number of bricks is not a multiple of disperse count', command);
    }
    if ((spec.arbiterCount ?? 0) > 0 && (kind !== 'replica' || size !== 3))
      throw refuse(
        'For arbiter configuration, replica count must be 3 and arbiter count must be 1.',
        command,
      );
    const bricks = this.claim(spec.bricks, spec.force, command);
    if (!spec.force && kind !== 'plain') this.sameServer(bricks, size, kind, command);
    const id = randomUUID();
    this.pool.volumes.set(spec.name, {
      id,
      name: spec.name,
      state: 'Created',
      type: typeOf(kind, n / size),
      replicaCount: kind === 'replica' ? size : 1,
      arbiterCount: spec.arbiterCount ?? 0,
      disperseCount: kind === 'disperse' ? size : 0,
      redundancyCount: kind === 'disperse' ? (spec.redundancyCount ?? 0) : 0,
      transport: 'TCP',
      bricks,
      options: new Map(
        Object.entries({
          ...(kind === 'replica' ? NEW_REPLICATED_OPTIONS : {}),
          ...NEW_VOLUME_OPTIONS,
        }),
      ),
    });
    return { id };
  }

  async startVolume(name: string, options: { force?: boolean } = {}): Promise<void> {
    const command = `gluster volume start ${name}`;
    await this.ready(command);
    const v = this.volume(name, command);
    if (v.state === 'Started' && !options.force)
      throw refuse(`Volume ${name} already started`, command);
    v.state = 'Started';
  }

  async stopVolume(name: string): Promise<void> {
    const command = `gluster volume stop ${name}`;
    await this.ready(command);
    const v = this.volume(name, command);
    if (v.state !== 'Started') throw refuse(`Volume ${name} is not in the started state`, command);
    v.state = 'Stopped';
    delete v.task;
  }

  async deleteVolume(name: string): Promise<void> {
    const command = `gluster volume delete ${name}`;
    await this.ready(command);
    const v = this.volume(name, command);
    if (v.state === 'Started')
      throw refuse(
        `Volume ${name} has been started.Volume needs to be stopped before deletion.`,
        command,
      );
    this.pool.volumes.delete(name);
  }

  private knownOption(key: string): boolean {
    return OPTION_SECTIONS.has(key.split('.')[0] ?? '') && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(key);
  }

  /**
   * gluster's own check of an option against the volume's type (testdata/set-*.xml):
   * self-heal options of replicate volumes, and of disperse ones.
   */
  private refuseForType(v: Volume, key: string, command: string): void {
    const kind = kindOf(v);
    if (key === 'cluster.shd-max-threads' && kind !== 'replica')
      throw refuse(`Cannot set ${key} for a non-replicate volume.`, command);
    if (key === 'disperse.shd-max-threads' && kind !== 'disperse')
      throw refuse(`Cannot set ${key} for a non-disperse volume.`, command);
    if (key === 'cluster.self-heal-daemon' && kind !== 'replica')
      throw refuse(`Volume ${v.name} is not of replicate type`, command);
  }

  async setOption(name: string, key: string, value: string): Promise<void> {
    const command = `gluster volume set ${name} ${key}`;
    await this.ready(command);
    const v = this.volume(name, command);
    if (!this.knownOption(key)) throw refuse(`option : ${key} does not exist`, command);
    this.refuseForType(v, key, command);
    v.options.set(key, value);
  }

  async setGroup(name: string, group: string): Promise<void> {
    const command = `gluster volume set ${name} group ${group}`;
    await this.ready(command);
    const v = this.volume(name, command);
    if (group !== 'virt')
      throw refuse(
        `Unable to open file '/var/lib/glusterd/groups/${group}'. Error: No such file or directory`,
        command,
      );
    // All or nothing: on a Distribute or dispersed volume the group's
    // cluster.shd-max-threads is refused, and none of the group is set.
    for (const k of Object.keys(VIRT_GROUP)) this.refuseForType(v, k, command);
    for (const [k, value] of Object.entries(VIRT_GROUP)) v.options.set(k, value);
  }

  async resetOption(name: string, key?: string): Promise<void> {
    const command = `gluster volume reset ${name}${key ? ` ${key}` : ''}`;
    await this.ready(command);
    const v = this.volume(name, command);
    if (key === undefined) {
      // Every reconfigured option goes, except what gluster 10.3 keeps of a new volume's:
      // its transport, fips checksums and NFS off, and granular entry heal on a
      // replicated volume.
      const kept = new Set(Object.keys(NEW_VOLUME_OPTIONS));
      if (kindOf(v) === 'replica') kept.add('cluster.granular-entry-heal');
      for (const k of [...v.options.keys()]) if (!kept.has(k)) v.options.delete(k);
      return;
    }
    if (!this.knownOption(key)) throw refuse(`Option ${key} does not exist`, command);
    v.options.delete(key);
  }

  async addBricks(
    name: string,
    bricks: readonly BrickAddress[],
    options: { replicaCount?: number; force?: boolean } = {},
  ): Promise<void> {
    const command = `gluster volume add-brick ${name}`;
    await this.ready(command);
    const v = this.volume(name, command);
    if (v.task && this.world.taskState(v.task).status === 'in progress')
      throw refuse(`Volume ${name} has a rebalance or remove-brick task in progress`, command);
    const size = setOf(v);
    const kind = kindOf(v);
    const claimed = this.claim(bricks, options.force ?? false, command);
    if (options.replicaCount && options.replicaCount !== v.replicaCount) {
      const sets = v.bricks.length / size;
      if (
        kind === 'disperse' ||
        options.replicaCount !== (kind === 'plain' ? 1 : v.replicaCount) + 1 ||
        claimed.length !== sets
      )
        throw refuse(
          `Incorrect number of bricks supplied ${claimed.length} with count ${options.replicaCount}`,
          command,
        );
      const merged: Brick[] = [];
      for (let s = 0; s < sets; s++)
        merged.push(...v.bricks.slice(s * size, (s + 1) * size), claimed[s]!);
      if (!options.force) this.sameServer(merged, options.replicaCount, 'replica', command);
      v.bricks = merged;
      v.replicaCount = options.replicaCount;
      v.type = typeOf('replica', sets);
      return;
    }
    if (claimed.length % size !== 0)
      throw refuse(
        `Incorrect number of bricks supplied ${claimed.length} with count ${size}`,
        command,
      );
    if (!options.force && kind !== 'plain') this.sameServer(claimed, size, kind, command);
    v.bricks = [...v.bricks, ...claimed];
    v.type = typeOf(kind, v.bricks.length / size);
  }

  /** The volume's bricks named by `bricks`, whole sets of a distributed volume. */
  private removable(v: Volume, bricks: readonly BrickAddress[], command: string): Brick[] {
    const size = setOf(v);
    const chosen = bricks.map((b) => {
      const found = v.bricks.find(
        (x) =>
          this.world.serverName(x.node.address) === b.server &&
          x.directory === normalizeBrickDirectory(b.directory),
      );
      if (!found) throw refuse(`Incorrect brick ${brickName(b)} for volume ${v.name}`, command);
      return found;
    });
    if (v.bricks.length / size <= 1)
      throw refuse(
        `Volume ${v.name} is not a distribute volume or contains only 1 brick. Not performing rebalance`,
        command,
      );
    if (chosen.length % size !== 0)
      throw refuse(
        `Remove brick incorrect brick count of ${chosen.length} for replica ${size}`,
        command,
      );
    return chosen;
  }

  private removalTask(v: Volume, bricks: readonly BrickAddress[], command: string): Task {
    const task = v.task;
    const names = new Set(bricks.map(brickName));
    if (
      !task ||
      task.type !== 'Remove brick' ||
      task.bricks.length !== names.size ||
      !task.bricks.every((b) =>
        names.has(`${this.world.serverName(b.node.address)}:${b.directory}`),
      )
    )
      throw refuse(`No remove-brick task is running on volume ${v.name} for these bricks`, command);
    return task;
  }

  async removeBricksStart(
    name: string,
    bricks: readonly BrickAddress[],
  ): Promise<{ taskId: string | null }> {
    const command = `gluster volume remove-brick ${name} start`;
    await this.ready(command);
    const v = this.volume(name, command);
    if (v.state !== 'Started')
      throw refuse(
        `Volume ${name} needs to be started before remove-brick (you can use 'force' or 'commit' to override this behavior)`,
        command,
      );
    if (v.task && this.world.taskState(v.task).status === 'in progress')
      throw refuse(`A ${v.task.type.toLowerCase()} is in progress on volume ${name}`, command);
    const chosen = this.removable(v, bricks, command);
    v.task = {
      type: 'Remove brick',
      id: randomUUID(),
      bricks: chosen,
      startedAt: this.world.clock.now(),
    };
    return { taskId: v.task.id };
  }

  private migration(v: Volume, task: Task): GlusterMigration {
    const { status, done } = this.world.taskState(task);
    // The bricks' used space is what moves.
    const used = task.bricks.reduce((sum, b) => {
      const fs = this.world.filesystemOf(b.node, b.directory);
      return sum + (fs.totalBytes - fs.freeBytes) / Math.max(1, v.bricks.length);
    }, 0);
    return {
      taskId: task.id,
      status,
      files: Math.round(done * 1000),
      bytes: Math.round(done * used),
      lookups: Math.round(done * 1200),
      failures: 0,
      skipped: 0,
      runtimeSeconds: Math.round(done * this.world.migrationMs) / 1000,
    };
  }

  async removeBricksStatus(
    name: string,
    bricks: readonly BrickAddress[],
  ): Promise<GlusterMigration> {
    const command = `gluster volume remove-brick ${name} status`;
    await this.ready(command);
    const v = this.volume(name, command);
    return this.migration(v, this.removalTask(v, bricks, command));
  }

  async removeBricksCommit(name: string, bricks: readonly BrickAddress[]): Promise<void> {
    const command = `gluster volume remove-brick ${name} commit`;
    await this.ready(command);
    const v = this.volume(name, command);
    const task = this.removalTask(v, bricks, command);
    if (this.world.taskState(task).status !== 'completed')
      throw refuse("use 'force' option as migration is in progress", command);
    v.bricks = v.bricks.filter((b) => !task.bricks.includes(b));
    v.type = typeOf(kindOf(v), v.bricks.length / setOf(v));
    delete v.task;
  }

  async removeBricksStop(name: string, bricks: readonly BrickAddress[]): Promise<void> {
    const command = `gluster volume remove-brick ${name} stop`;
    await this.ready(command);
    const v = this.volume(name, command);
    const task = this.removalTask(v, bricks, command);
    task.stoppedAt ??= this.world.clock.now();
  }

  async removeBricksForce(
    name: string,
    bricks: readonly BrickAddress[],
    options: { replicaCount?: number } = {},
  ): Promise<void> {
    const command = `gluster volume remove-brick ${name} force`;
    await this.ready(command);
    const v = this.volume(name, command);
    const size = setOf(v);
    if (options.replicaCount && options.replicaCount !== v.replicaCount) {
      const sets = v.bricks.length / size;
      const chosen = bricks.map((b) =>
        v.bricks.find(
          (x) => this.world.serverName(x.node.address) === b.server && x.directory === b.directory,
        ),
      );
      const perSet = new Set(chosen.map((b) => (b ? Math.floor(v.bricks.indexOf(b) / size) : -1)));
      if (
        chosen.some((b) => !b) ||
        chosen.length !== sets ||
        perSet.size !== sets ||
        options.replicaCount !== v.replicaCount - 1
      )
        throw refuse(
          `Remove brick incorrect brick count of ${chosen.length} for replica ${options.replicaCount}`,
          command,
        );
      v.bricks = v.bricks.filter((b) => !chosen.includes(b));
      v.replicaCount = options.replicaCount;
      v.type = options.replicaCount < 2 ? 'Distribute' : typeOf('replica', sets);
      if (options.replicaCount < 2) v.replicaCount = 1;
      return;
    }
    if (REPLICATED_TYPES.includes(v.type) && v.bricks.length / size <= 1)
      throw refuse(
        'Removing bricks from replicate configuration is not allowed without reducing replica count explicitly.',
        command,
      );
    const chosen = this.removable(v, bricks, command);
    v.bricks = v.bricks.filter((b) => !chosen.includes(b));
    v.type = typeOf(kindOf(v), v.bricks.length / size);
    delete v.task;
  }

  async replaceBrick(name: string, from: BrickAddress, to: BrickAddress): Promise<void> {
    const command = `gluster volume replace-brick ${name}`;
    await this.ready(command);
    const v = this.volume(name, command);
    if (v.state !== 'Started') throw refuse(`volume: ${name} is not started`, command);
    if (v.type === 'Distribute')
      throw refuse(
        'replace-brick is not permitted on distribute only volumes. Please use add-brick and remove-brick operations instead.',
        command,
      );
    const old = v.bricks.find(
      (b) =>
        this.world.serverName(b.node.address) === from.server &&
        b.directory === normalizeBrickDirectory(from.directory),
    );
    if (!old) throw refuse(`brick: ${brickName(from)} does not exist in volume: ${name}`, command);
    const [fresh] = this.claim([to], true, command, old);
    v.bricks = v.bricks.map((b) => (b === old ? fresh! : b));
  }

  async rebalanceStart(name: string): Promise<{ taskId: string | null }> {
    const command = `gluster volume rebalance ${name} start`;
    await this.ready(command);
    const v = this.volume(name, command);
    if (v.bricks.length / setOf(v) <= 1)
      throw refuse(
        `Volume ${name} is not a distribute volume or contains only 1 brick. Not performing rebalance`,
        command,
      );
    if (v.state !== 'Started')
      throw refuse(`Volume ${name} needs to be started to perform rebalance`, command);
    if (v.task && this.world.taskState(v.task).status === 'in progress')
      throw refuse(`Rebalance on ${name} is already started`, command);
    v.task = {
      type: 'Rebalance',
      id: randomUUID(),
      bricks: v.bricks,
      startedAt: this.world.clock.now(),
    };
    return { taskId: v.task.id };
  }

  async rebalanceStatus(name: string): Promise<GlusterMigration> {
    const command = `gluster volume rebalance ${name} status`;
    await this.ready(command);
    const v = this.volume(name, command);
    if (!v.task || v.task.type !== 'Rebalance')
      throw refuse(`Rebalance not started for volume ${name}.`, command);
    return this.migration(v, v.task);
  }

  async healInfo(name: string): Promise<GlusterHealBrick[]> {
    const command = `gluster volume heal ${name} info`;
    await this.ready(command);
    const v = this.volume(name, command);
    if (v.state !== 'Started') throw refuse(`Volume ${name} is not started.`, command);
    if (kindOf(v) === 'plain')
      throw refuse(`Volume ${name} is not of type replicate/disperse`, command);
    const out: GlusterHealBrick[] = [];
    for (const b of v.bricks) {
      const connected = await this.world.answers(b.node);
      out.push({
        server: this.world.serverName(b.node.address),
        directory: b.directory,
        connected,
        status: connected ? 'Connected' : 'Transport endpoint is not connected',
        entries: connected ? 0 : null,
        files: [],
      });
    }
    return out;
  }

  async peerProbe(server: string): Promise<void> {
    const command = `gluster peer probe ${server}`;
    await this.ready(command);
    if (server === this.serverName) return;
    const node = this.world.nodeByServer(this.pool, server) ?? this.world.knownServer(server);
    if (!node || !(await this.world.answers(node)))
      throw refuse('Probe returned with Transport endpoint is not connected', command);
    if (node.pool === this.pool) return;
    if (node.pool.volumes.size > 0 || node.pool.members.size > 1)
      throw refuse(
        `${server} is either already part of another cluster or having volumes configured`,
        command,
      );
    this.world.joinPool(node, this.pool);
  }

  async peerStatus(): Promise<GlusterPeer[]> {
    await this.ready('gluster peer status');
    const peers: GlusterPeer[] = [];
    for (const n of this.pool.members) {
      if (n === this.node) continue;
      const name = this.world.serverName(n.address);
      peers.push({
        uuid: n.uuid,
        hostname: name,
        hostnames: [name],
        connected: await this.world.answers(n),
      });
    }
    return peers;
  }

  async filesystems(): Promise<HostFilesystem[]> {
    await this.ready('df');
    return this.node.filesystems.map((f) => ({ ...f }));
  }

  async qemuOwner(): Promise<QemuOwner> {
    await this.ready('id');
    // oVirt's hosts run QEMU with vdsm:kvm owning the images: 36:36.
    return { user: 'qemu', uid: 36, gid: 36 };
  }
}
