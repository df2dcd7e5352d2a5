import type { GlusterRegistry } from '../gluster/registry.js';
import type { HostRegistry } from '../hosts/registry.js';
import type { ChangeFeed } from '../live/feed.js';
import type { Db } from '../store/index.js';

/** How long the engine waits for hosts to confirm what a command asked for. */
export interface EngineTimeouts {
  /** Start (and resume) until the host reports the VM powering up. */
  readonly launchMs: number;
  /** Graceful shutdown until the VM is Down; after it the VM is left running, with a Warning. */
  readonly shutdownMs: number;
  /** A migration until the VM runs on the target. */
  readonly migrateMs: number;
  /** Any other state change a host confirms (power off, reboot, suspend). */
  readonly stateMs: number;
  /** How often a host's domain list is read while waiting (events usually come first). */
  readonly pollMs: number;
}

export const DEFAULT_TIMEOUTS: EngineTimeouts = {
  launchMs: 120_000,
  shutdownMs: 120_000,
  migrateMs: 600_000,
  stateMs: 60_000,
  pollMs: 1_000,
};

/** What the engine's commands run on. */
export interface EngineDeps {
  readonly db: Db;
  readonly feed: ChangeFeed;
  readonly hosts: HostRegistry;
  /** gluster on the hosts (its CLI on libvirt hosts, a twin on sim ones); absent: Gluster commands are refused. */
  readonly gluster?: GlusterRegistry;
  /** Root of the disk images on libvirt hosts: `<imagesDir>/<storageDomainId>/<diskId>.qcow2`. */
  readonly imagesDir: string;
  readonly clock?: () => Date;
  readonly timeouts?: Partial<EngineTimeouts>;
}

/** The engine's services as the tRPC context carries them; the store comes from the context. */
export type EngineServices = Omit<EngineDeps, 'db'>;

/** Who asked, for the job and the audit log. */
export interface Actor {
  readonly userName: string;
  /** The acting user's app_user id; absent for the engine's own work (fencing, pools). */
  readonly userId?: string | undefined;
  readonly correlationId?: string | undefined;
}

/** An actor inside a request: its jobs and events share the correlation id. */
export type CorrelatedActor = Actor & { readonly correlationId: string };

export function timeoutsOf(deps: EngineDeps): EngineTimeouts {
  return { ...DEFAULT_TIMEOUTS, ...deps.timeouts };
}

export function now(deps: EngineDeps): Date {
  return deps.clock?.() ?? new Date();
}
