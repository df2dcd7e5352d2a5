// The engine's test harness: a migrated store, the real simulated host driver with
// test timings, a change feed that remembers what it was told, and short timeouts.
import type { VmStatus } from '@corral/shared';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostDriver } from '../../hosts/driver.js';
import { HostRegistry } from '../../hosts/registry.js';
import { SimDriver, simInitialFromStore } from '../../hosts/sim/index.js';
import { TEST_TIMINGS } from '../../hosts/sim/testing.js';
import { localFeed, type Change } from '../../live/feed.js';
import type { Db } from '../../store/index.js';
import { openTestStore, type StoreBackend } from '../../store/testing/index.js';
import type { EngineDeps, EngineTimeouts } from '../deps.js';
import { connectTo, getHost } from '../inventory.js';
import { waitForDomain } from '../wait.js';

export interface EngineHarness {
  readonly db: Db;
  readonly sim: SimDriver;
  readonly deps: EngineDeps;
  /** Every change published so far. */
  readonly changes: Change[];
  close(): Promise<void>;
}

export const TEST_ENGINE_TIMEOUTS: EngineTimeouts = {
  launchMs: 5_000,
  shutdownMs: 5_000,
  migrateMs: 10_000,
  stateMs: 5_000,
  pollMs: 50,
};

/**
 * The sim driver, with the fence capability the engine uses: the sim's own `fence` when
 * it has one, else its `fenceHost` fault (the same power cycle). `powerManagement: false`
 * gives a driver without it.
 */
export function fencingSim(sim: SimDriver, powerManagement = true): HostDriver {
  if (!powerManagement) return { kind: 'sim', connect: (h) => sim.connect(h) };
  const own = (sim as HostDriver).fence;
  return {
    kind: 'sim',
    connect: (h) => sim.connect(h),
    fence: own ? (h) => own.call(sim, h) : (h) => sim.fenceHost(h.id),
  };
}

export async function engineHarness(
  backend: StoreBackend,
  options: { timeouts?: Partial<EngineTimeouts>; powerManagement?: boolean } = {},
): Promise<EngineHarness> {
  const db = await openTestStore(backend);
  const sim = new SimDriver({ timings: TEST_TIMINGS, initial: simInitialFromStore(db) });
  const hosts = new HostRegistry({ sim: fencingSim(sim, options.powerManagement ?? true) });
  const feed = localFeed();
  const changes: Change[] = [];
  feed.subscribe((c) => changes.push(...c));
  const deps: EngineDeps = {
    db,
    feed,
    hosts,
    imagesDir: mkdtempSync(path.join(os.tmpdir(), 'corral-images-')),
    timeouts: { ...TEST_ENGINE_TIMEOUTS, ...options.timeouts },
  };
  return {
    db,
    sim,
    deps,
    changes,
    async close() {
      await hosts.close();
      await sim.close();
      await feed.close();
      await db.close();
    },
  };
}

/** Row counts of the tables commands write: equal before and after means nothing changed. */
export async function snapshotOfStore(db: Db): Promise<Record<string, unknown>> {
  const tables = [
    'vm',
    'vm_disk',
    'vm_nic',
    'disk',
    'disk_volume',
    'snapshot',
    'template',
    'host',
    'job',
    'job_step',
    'audit_event',
  ];
  const out: Record<string, unknown> = {};
  for (const t of tables) {
    const [row] = await db.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${t}`);
    out[t] = row!.n;
  }
  out.vms = await db.query(
    `SELECT id, name, status, host_id, migrating_to_host_id, memory_mb FROM vm ORDER BY id`,
  );
  out.hosts = await db.query(`SELECT id, name, status FROM host ORDER BY id`);
  out.snapshots = await db.query(`SELECT id, status FROM snapshot ORDER BY id`);
  return out;
}

/**
 * Monitoring's part, in a test: waits until the VM's host reports it `want`, then
 * writes that status into the store (what a monitoring cycle would do).
 */
export async function settleOnHost(
  h: EngineHarness,
  vmId: string,
  want: VmStatus,
  timeoutMs = 5_000,
): Promise<void> {
  const [vm] = await h.db.query<{ host_id: string | null }>(
    `SELECT host_id FROM vm WHERE id = $1`,
    [vmId],
  );
  if (!vm?.host_id) throw new Error(`VM ${vmId} is on no host`);
  const conn = await connectTo(h.deps, await getHost(h.db, vm.host_id));
  const state = await waitForDomain(conn, vmId, (s) => s === want, { timeoutMs, pollMs: 20 });
  if (state !== want) throw new Error(`the host did not report VM ${vmId} ${want} in time`);
  await h.db.query(`UPDATE vm SET status = $2 WHERE id = $1`, [vmId, want]);
}
