// The gluster driver's interface (ARCHITECTURE.md, decision 3): one `GlusterHost` per
// host of a cluster with the Gluster service, speaking for the trusted storage pool the
// host belongs to. `cli.ts` runs the real `gluster` CLI (`--mode=script --xml`) on the
// host, locally or over ssh; `sim.ts` is its twin for simulated hosts.
import type { GlusterVolumeType } from '@corral/shared';
import type { HostAddress } from '../hosts/driver.js';

/** gluster's own volume states (`statusStr`); Corral shows Started as Up, the others Down. */
export type GlusterVolumeState = 'Created' | 'Started' | 'Stopped';

export type GlusterTransport = 'TCP' | 'RDMA' | 'TCP,RDMA';

/** `server:/directory`, the way gluster names a brick. */
export interface BrickAddress {
  readonly server: string;
  readonly directory: string;
}

export interface GlusterBrickInfo extends BrickAddress {
  /** The peer's UUID in the trusted storage pool. */
  readonly hostUuid: string;
  readonly isArbiter: boolean;
}

/** `gluster volume info`: a volume's definition. */
export interface GlusterVolumeInfo {
  readonly name: string;
  /** gluster's UUID of the volume. */
  readonly id: string;
  readonly state: GlusterVolumeState;
  readonly type: GlusterVolumeType;
  readonly brickCount: number;
  /** Number of brick sets (replica or disperse sets; bricks for Distribute). */
  readonly distCount: number;
  readonly replicaCount: number;
  readonly arbiterCount: number;
  readonly disperseCount: number;
  readonly redundancyCount: number;
  readonly transport: GlusterTransport;
  readonly bricks: readonly GlusterBrickInfo[];
  /** Options set on the volume (reconfigured ones; defaults are not listed). */
  readonly options: Readonly<Record<string, string>>;
}

/** One brick in `gluster volume status <vol> detail`. */
export interface GlusterBrickStatus extends BrickAddress {
  readonly peerId: string;
  readonly online: boolean;
  readonly port: number | null;
  readonly pid: number | null;
  /**
   * Size and free space of the brick's filesystem (detail only), each brick's own: bricks
   * on one filesystem each report all of it. gluster's free space is statvfs' free blocks
   * (`f_bfree`), root's reserve included — what `df` shows as size minus used.
   */
  readonly totalBytes: number | null;
  readonly freeBytes: number | null;
  readonly device: string | null;
  readonly fsName: string | null;
  readonly mountOptions: string | null;
}

export type GlusterTaskStatus = 'not started' | 'in progress' | 'stopped' | 'completed' | 'failed';

/** A rebalance or brick removal gluster runs in the background. */
export interface GlusterTask {
  readonly type: 'Rebalance' | 'Remove brick';
  readonly id: string;
  readonly status: GlusterTaskStatus;
  /** The bricks being removed (`server:/dir`), for a brick removal. */
  readonly bricks: readonly string[];
}

/** `gluster volume status`: the running state of a started volume. */
export interface GlusterVolumeStatus {
  readonly name: string;
  readonly bricks: readonly GlusterBrickStatus[];
  readonly tasks: readonly GlusterTask[];
}

/** Progress of a rebalance or of the data migration of a brick removal. */
export interface GlusterMigration {
  readonly taskId: string | null;
  readonly status: GlusterTaskStatus;
  readonly files: number;
  readonly bytes: number;
  readonly lookups: number;
  readonly failures: number;
  readonly skipped: number;
  readonly runtimeSeconds: number;
}

export interface GlusterHealBrick extends BrickAddress {
  readonly connected: boolean;
  /** `Connected`, or why not (`Transport endpoint is not connected`). */
  readonly status: string;
  /** Entries waiting to be healed; null when the brick could not be asked. */
  readonly entries: number | null;
  /** The entries themselves, as paths in the volume (or gfids where gluster knows no path). */
  readonly files: readonly string[];
}

export interface GlusterPeer {
  readonly uuid: string;
  readonly hostname: string;
  /** Every name the peer is known by. */
  readonly hostnames: readonly string[];
  readonly connected: boolean;
}

/** A filesystem of the host bricks could live on (`df`). */
export interface HostFilesystem {
  readonly mount: string;
  readonly device: string;
  readonly fsType: string;
  readonly totalBytes: number;
  /**
   * Free space as gluster counts it for a brick there (size minus used: statvfs'
   * `f_bfree`, root's reserve included), so the brick picker and the bricks' own free
   * space agree. `df`'s "Avail" leaves the reserve out and can be far less.
   */
  readonly freeBytes: number;
}

export interface CreateVolumeSpec {
  readonly name: string;
  readonly type: GlusterVolumeType;
  readonly replicaCount?: number | undefined;
  readonly arbiterCount?: number | undefined;
  readonly disperseCount?: number | undefined;
  readonly redundancyCount?: number | undefined;
  readonly transport: 'TCP';
  readonly bricks: readonly BrickAddress[];
  readonly force: boolean;
}

/** The user QEMU runs as on the host, whose ids own a virt store's files. */
export interface QemuOwner {
  readonly user: string;
  readonly uid: number;
  readonly gid: number;
}

/**
 * gluster on one host. Every call runs one gluster command there and resolves with what
 * gluster answered, or rejects with a `GlusterError` carrying gluster's own message.
 */
export interface GlusterHost {
  readonly host: HostAddress;
  /** The name bricks on this host are addressed by (`<server>:/dir`). */
  readonly serverName: string;
  /** All volumes of the pool, or the one named. */
  volumeInfo(name?: string): Promise<GlusterVolumeInfo[]>;
  /** Running state with per-brick details, of started volumes (all, or the one named). */
  volumeStatus(name?: string): Promise<GlusterVolumeStatus[]>;
  createVolume(spec: CreateVolumeSpec): Promise<{ id: string }>;
  startVolume(name: string, options?: { force?: boolean }): Promise<void>;
  stopVolume(name: string, options?: { force?: boolean }): Promise<void>;
  deleteVolume(name: string): Promise<void>;
  setOption(name: string, key: string, value: string): Promise<void>;
  /** `volume set <vol> group <group>`: a whole option group (`virt`). */
  setGroup(name: string, group: string): Promise<void>;
  /** One option back to its default, or every option when `key` is absent. */
  resetOption(name: string, key?: string): Promise<void>;
  addBricks(
    name: string,
    bricks: readonly BrickAddress[],
    options?: { replicaCount?: number; force?: boolean },
  ): Promise<void>;
  /** Starts migrating the bricks' data to the rest of the volume. */
  removeBricksStart(
    name: string,
    bricks: readonly BrickAddress[],
  ): Promise<{ taskId: string | null }>;
  removeBricksStatus(name: string, bricks: readonly BrickAddress[]): Promise<GlusterMigration>;
  /** Ends a removal once its migration completed: the bricks leave the volume. */
  removeBricksCommit(name: string, bricks: readonly BrickAddress[]): Promise<void>;
  /** Gives up a removal in progress: the bricks stay. */
  removeBricksStop(name: string, bricks: readonly BrickAddress[]): Promise<void>;
  /** Removes at once, without migrating (`force`), optionally lowering the replica count. */
  removeBricksForce(
    name: string,
    bricks: readonly BrickAddress[],
    options?: { replicaCount?: number },
  ): Promise<void>;
  /** `replace-brick … commit force`: the new brick takes the old one's place. */
  replaceBrick(name: string, from: BrickAddress, to: BrickAddress): Promise<void>;
  rebalanceStart(name: string): Promise<{ taskId: string | null }>;
  rebalanceStatus(name: string): Promise<GlusterMigration>;
  healInfo(name: string): Promise<GlusterHealBrick[]>;
  /** Adds a host to this host's trusted storage pool. */
  peerProbe(server: string): Promise<void>;
  /** The pool's other members (this host is not listed). */
  peerStatus(): Promise<GlusterPeer[]>;
  /** Filesystems of this host that can hold bricks, with their space. */
  filesystems(): Promise<HostFilesystem[]>;
  /** QEMU's user on this host (`libvirt-qemu` on Debian, `qemu` elsewhere). */
  qemuOwner(): Promise<QemuOwner>;
}

export interface GlusterDriver {
  /** The host driver kind whose hosts this gluster driver serves. */
  readonly kind: 'libvirt' | 'sim';
  connect(host: HostAddress): Promise<GlusterHost>;
  /** The name bricks on `host` are addressed by, without connecting. */
  serverName(host: HostAddress): string;
}

/** gluster refused or failed: `message` is gluster's own words. */
export class GlusterError extends Error {
  constructor(
    message: string,
    /** The command, for logs (`gluster volume create …`). */
    readonly command: string,
    readonly opErrno: number | null = null,
  ) {
    super(message);
    this.name = 'GlusterError';
  }
}
