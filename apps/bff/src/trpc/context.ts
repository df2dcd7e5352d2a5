import type { EngineServices } from '../engine/deps.js';
import type { Principal } from '../identity/principal.js';
import type { VmUsageSource } from '../monitoring/index.js';
import type { Db } from '../store/index.js';

export interface Context {
  db: Db;
  /**
   * Who is acting: the session's user, or null when the request has no valid session
   * (every procedure but the session check refuses it).
   */
  user: Principal | null;
  /** What the engine's commands run on besides the store: change feed, hosts, images dir. */
  engine: EngineServices;
  /** This process's monitor, which keeps the VMs' usage history; absent when not monitoring. */
  vmUsage?: VmUsageSource | undefined;
}
