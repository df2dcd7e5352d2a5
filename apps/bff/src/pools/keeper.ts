// The pool keeper: runs the pools' own handling beside monitoring (docs/pools.md).
// - Event-driven: every VM change on the feed is checked for VMs gone Down (an Automatic
//   pool takes back its user's stopped VM; a stateless VM's disks are reset), and any
//   VM or pool change schedules a prestarted check soon after.
// - A cycle every CORRAL_POOL_KEEPER_INTERVAL_MS (15 s) does both for every VM and pool,
//   as a safety net for changes this process did not hear of.
// Each pool keeps `prestarted` unassigned VMs running, started through Run as SYSTEM.
import type { EngineDeps } from '../engine/deps.js';
import { handleDownVms } from '../engine/commands/pool/down.js';
import { keepPrestarted, type KeepReport } from '../engine/commands/pool/keep.js';
import type { Change } from '../live/feed.js';

export const DEFAULT_POOL_KEEPER_INTERVAL_MS = 15_000;

export interface PoolKeeperOptions {
  /** The full cycle's period; default CORRAL_POOL_KEEPER_INTERVAL_MS or 15 s. */
  readonly intervalMs?: number;
  /** How long after a change the prestarted check runs (changes come in bursts). */
  readonly debounceMs?: number;
  /** Where failures go; default console.error. */
  readonly log?: (message: string) => void;
}

export interface PoolKeeper {
  /** One full cycle now (Down handling for every VM, then every pool's prestarted VMs). */
  cycle(): Promise<KeepReport>;
  stop(): Promise<void>;
}

function intervalFromEnv(): number {
  const raw = process.env.CORRAL_POOL_KEEPER_INTERVAL_MS;
  const n = raw ? Number(raw) : NaN;
  return Number.isFinite(n) && n >= 100 ? n : DEFAULT_POOL_KEEPER_INTERVAL_MS;
}

export function startPoolKeeper(engine: EngineDeps, options: PoolKeeperOptions = {}): PoolKeeper {
  const intervalMs = options.intervalMs ?? intervalFromEnv();
  const debounceMs = options.debounceMs ?? 250;
  const log = options.log ?? ((m: string) => console.error(`corral: pools: ${m}`));
  let stopped = false;
  // One piece of work at a time: the feed's Down handling and the cycles queue up.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work);
    chain = next.catch((err: unknown) => log(err instanceof Error ? err.message : String(err)));
    return next;
  };

  // A pool that cannot start its VMs (no Up host, …) is logged when its reason changes,
  // not every cycle.
  const lastError = new Map<string, string>();
  const logErrors = (report: KeepReport) => {
    for (const [poolId, error] of report.errors) {
      if (lastError.get(poolId) !== error)
        log(`pool ${poolId}: prestarted VMs not started: ${error}`);
      lastError.set(poolId, error);
    }
    for (const poolId of report.started.keys()) lastError.delete(poolId);
    return report;
  };

  const cycle = () =>
    serial(async () => {
      await handleDownVms(engine);
      return logErrors(await keepPrestarted(engine));
    });

  let soon: NodeJS.Timeout | null = null;
  const keepSoon = () => {
    if (stopped || soon) return;
    soon = setTimeout(() => {
      soon = null;
      if (!stopped)
        void serial(async () => logErrors(await keepPrestarted(engine))).catch(() => undefined);
    }, debounceMs);
  };

  const unsubscribe = engine.feed.subscribe((changes: readonly Change[]) => {
    if (stopped) return;
    const vmIds = [
      ...new Set(
        changes.filter((c) => c.object === 'vm' && c.op === 'upsert').flatMap((c) => c.ids),
      ),
    ];
    if (vmIds.length > 0) void serial(() => handleDownVms(engine, vmIds)).catch(() => undefined);
    if (changes.some((c) => c.object === 'vm' || c.object === 'pool')) keepSoon();
  });

  const timer = setInterval(() => {
    if (!stopped) void cycle().catch(() => undefined);
  }, intervalMs);
  timer.unref();
  void cycle().catch(() => undefined);

  return {
    cycle,
    async stop() {
      stopped = true;
      unsubscribe();
      clearInterval(timer);
      if (soon) clearTimeout(soon);
      await chain;
    },
  };
}
