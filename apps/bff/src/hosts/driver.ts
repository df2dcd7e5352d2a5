// The one interface every kind of host sits behind (ARCHITECTURE.md, decision 3).
// The engine owns intent (what should run where); a HostConnection reports truth
// (what runs, its state and stats) and carries out commands. `libvirt/` drives real
// libvirtd; `sim/` simulates hosts for demos and scale tests.
import type { DisplayProtocol, VmStatus } from '@corral/shared';

export interface HostAddress {
  /** The host's id in the store. */
  readonly id: string;
  readonly name: string;
  /** Management address (IP or DNS name). */
  readonly address: string;
  /** libvirt connection URI (`qemu:///system`, `qemu+ssh://root@h/system`, …); unused by sim. */
  readonly uri?: string | null;
}

export interface HostCapabilities {
  readonly cpuModel: string;
  readonly cpuSockets: number;
  readonly cpuCores: number;
  /** Logical CPUs. */
  readonly cpus: number;
  readonly memoryMb: number;
  readonly osVersion: string;
  readonly kvmVersion: string;
  readonly libvirtVersion: string;
  /** Hardware virtualisation usable; when false domains run under TCG (`type='qemu'`). */
  readonly kvm: boolean;
}

export interface DiskSpec {
  /** The disk's id in the store. */
  readonly id: string;
  /** Image file on the host (libvirt) or a label (sim). */
  readonly path: string;
  readonly format: 'qcow2' | 'raw';
  readonly sizeGb: number;
  readonly bootable: boolean;
  readonly bus: 'virtio' | 'scsi' | 'ide' | 'sata';
}

export interface NicSpec {
  readonly name: string;
  readonly mac: string;
  /** Logical network name; the libvirt driver maps it to a host network/bridge. */
  readonly network: string;
  readonly model: 'virtio' | 'e1000' | 'rtl8139';
}

/** What a VM is, as a host needs to know it to run it. */
export interface DomainSpec {
  /** The VM's id in the store; also the libvirt domain UUID. */
  readonly id: string;
  readonly name: string;
  readonly memoryMb: number;
  readonly vcpus: number;
  /** oVirt OS id (`rhel_9x64`, `windows_10`, …). */
  readonly os: string;
  readonly display: DisplayProtocol;
  readonly disks: readonly DiskSpec[];
  readonly nics: readonly NicSpec[];
  /** ISO image attached as CD-ROM (run once). */
  readonly cdrom?: string | undefined;
  /** Boot a kernel directly (tests' tiny guest). */
  readonly kernel?:
    { readonly path: string; readonly initrd?: string; readonly cmdline?: string } | undefined;
}

export interface GraphicsInfo {
  readonly type: 'vnc' | 'spice';
  /** Address the console listens on, as seen from the BFF. */
  readonly address: string;
  readonly port: number;
  readonly tlsPort?: number | undefined;
}

/** A domain as the host reports it. */
export interface DomainInfo {
  readonly id: string;
  readonly name: string;
  readonly status: VmStatus;
}

export interface GuestInfo {
  readonly ips: readonly string[];
  readonly fqdn?: string | undefined;
  readonly loggedInUser?: string | undefined;
  readonly applications?: readonly string[] | undefined;
}

export interface DomainStats {
  readonly id: string;
  readonly status: VmStatus;
  /** Percentages, 0–100, over the last cycle. */
  readonly cpuUsage: number;
  readonly memUsage: number;
  readonly netUsage: number;
  readonly rxBytes: number;
  readonly txBytes: number;
  /** What the guest agent says, when there is one. */
  readonly guest?: GuestInfo | undefined;
}

export interface HostStats {
  readonly cpuUsage: number;
  readonly memUsage: number;
  readonly netUsage: number;
  readonly memFreeMb: number;
}

/** Everything a monitoring cycle needs from one host, in one call. */
export interface HostSample {
  readonly time: Date;
  readonly host: HostStats;
  readonly domains: readonly DomainStats[];
}

export type HostEvent =
  /** A domain changed state on its own or because of a command (libvirt lifecycle events). */
  | {
      readonly kind: 'domain';
      readonly id: string;
      readonly status: VmStatus;
      readonly reason?: string;
    }
  /** A domain appeared or was undefined on the host. */
  | { readonly kind: 'domain-defined' | 'domain-undefined'; readonly id: string }
  /** The connection to the host broke (the host stopped answering). */
  | { readonly kind: 'connection-lost'; readonly reason: string };

export interface MigrateOptions {
  /** The target host's connection (same driver kind). */
  readonly target: HostConnection;
  readonly live?: boolean;
}

export interface SnapshotSpec {
  /** The snapshot's id in the store (also its name on the host). */
  readonly id: string;
  readonly description: string;
  /** Include memory state (running VMs only). */
  readonly memory?: boolean;
  /**
   * Where each disk's new top layer goes, chosen by the engine (the store names every
   * volume). A driver that keeps files creates the overlays at these paths.
   */
  readonly volumes?: readonly VolumeTarget[];
}

/** A new top layer for one disk: its file and the file it sits on. */
export interface VolumeTarget {
  /** The disk's id in the store. */
  readonly diskId: string;
  readonly path: string;
  readonly backingPath: string;
}

/**
 * A storage domain as a host connects it (docs/storage.md): a libvirt storage pool whose
 * uuid is the domain's id. Network storage is mounted under the driver's mount root.
 */
export interface PoolSpec {
  /** The storage domain's id (the pool's uuid). */
  readonly id: string;
  /** The storage domain's name, for messages. */
  readonly name: string;
  readonly type: 'NFS' | 'POSIX' | 'GlusterFS' | 'Local';
  /**
   * NFS `server:/export`, GlusterFS `server:/volume`, POSIX `server:/path`, `//server/share`
   * (cifs) or a device; Local: the directory itself.
   */
  readonly source: string;
  /** POSIX: the file system type (nfs, nfs4, glusterfs, cifs, ext4, xfs, …). */
  readonly vfsType?: string | null | undefined;
  /** Comma-separated mount options (network storage). */
  readonly mountOptions?: string | undefined;
  /**
   * Where the pool lives on the host. Default: the source directory (Local), or
   * `<mount root>/<id>` (the rest). The engine passes what it recorded before.
   */
  readonly target?: string | null | undefined;
}

/** A pool on a host, with the space its file system reports. */
export interface PoolInfo {
  readonly id: string;
  /** Connected: mounted (network storage) and started. */
  readonly active: boolean;
  readonly target: string;
  readonly capacityGb: number;
  /** Space in use on its file system (by anything, not only the pool's volumes). */
  readonly allocationGb: number;
  readonly availableGb: number;
}

/** A disk image to create in a pool. */
export interface VolumeSpec {
  /** File name in the pool's target (`<disk id>.qcow2`). */
  readonly name: string;
  readonly format: 'qcow2' | 'raw';
  readonly sizeGb: number;
  /** Write the whole size now (a preallocated disk); thin otherwise. */
  readonly preallocated: boolean;
}

/**
 * A live connection to one host. Commands resolve when the host accepted them; the
 * state changes they cause arrive as HostEvents (PoweringUp, then Up, …).
 */
export interface HostConnection {
  readonly host: HostAddress;
  capabilities(): Promise<HostCapabilities>;
  listDomains(): Promise<DomainInfo[]>;
  /** Create or replace the domain's definition. */
  define(spec: DomainSpec): Promise<void>;
  undefine(id: string): Promise<void>;
  start(id: string): Promise<void>;
  /** Graceful (ACPI / guest agent). */
  shutdown(id: string): Promise<void>;
  /** Pull the plug. */
  powerOff(id: string): Promise<void>;
  reboot(id: string): Promise<void>;
  suspend(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  migrate(id: string, options: MigrateOptions): Promise<void>;
  /** Create a snapshot: every disk gets a new top layer (qcow2 overlay on libvirt). */
  createSnapshot(id: string, snapshot: SnapshotSpec): Promise<void>;
  /**
   * Go back to a snapshot's state; later layers are discarded. `volumes` are the new
   * top layers (over the snapshot's layers) the engine named for the disks.
   */
  revertSnapshot(id: string, snapshotId: string, volumes?: readonly VolumeTarget[]): Promise<void>;
  /**
   * Merge a snapshot's layer away; the VM's current state is kept. The layer above the
   * snapshot's is committed into it (the snapshot's file stays, the one above goes).
   */
  deleteSnapshot(id: string, snapshotId: string): Promise<void>;
  /**
   * Copy a disk image to a new file (template and clone disks). Optional: a driver
   * without files (sim) leaves it out and the engine keeps only the store's rows.
   */
  copyImage?(from: string, to: string, format: DiskSpec['format']): Promise<void>;
  /**
   * Connect a storage domain: define its pool when the host has none, build its target,
   * mount and start it (idempotent). Resolves with the pool as it is now.
   */
  ensurePool(spec: PoolSpec): Promise<PoolInfo>;
  /** Disconnect a storage domain: stop (unmount) and forget its pool; its files stay. */
  releasePool(id: string): Promise<void>;
  /**
   * Delete the disk images Corral keeps in the domain (`<uuid>.qcow2|raw`, snapshot
   * layers), then disconnect it; other files stay.
   */
  formatPool(spec: PoolSpec): Promise<void>;
  /** The pools of storage domains this host has (defined, active or not); `refresh` rescans them. */
  listPools(options?: { readonly refresh?: boolean }): Promise<PoolInfo[]>;
  /** Create a disk image in a connected pool; resolves with its path. */
  createVolume(poolId: string, volume: VolumeSpec): Promise<string>;
  /** One call per host per monitoring cycle. */
  sample(): Promise<HostSample>;
  graphics(id: string): Promise<GraphicsInfo[]>;
  /** Set the console password for `validTo` (libvirt `passwdValidTo`). */
  setGraphicsPassword(id: string, password: string, validTo: Date): Promise<void>;
  onEvent(listener: (event: HostEvent) => void): () => void;
  close(): Promise<void>;
}

export interface HostDriver {
  readonly kind: 'libvirt' | 'sim';
  connect(host: HostAddress): Promise<HostConnection>;
  /**
   * Power-cycle a host that stopped answering, through its power management (oVirt's
   * fencing). Optional: resolves once the host was restarted; the engine then
   * reconnects to learn whether it came back. A driver without power management
   * leaves it out and its hosts are not fenced.
   */
  fence?(host: HostAddress): Promise<void>;
}
