// What the BFF runs at start: the demo data center on an empty store, once.
import type { Db } from '../store/index.js';
import { DEFAULT_BOOKMARKS } from './bookmarks.js';
import {
  FLEET_TABLES,
  fleetSize,
  type FleetPreset,
  type FleetSize,
  type FleetTable,
} from './fleet.js';
import { generateFleet } from './generate.js';
import { loadFleet } from './load.js';

export interface SeedOptions {
  readonly seed: number;
  readonly size: FleetPreset | FleetSize;
  readonly now: Date;
}

export interface SeedResult {
  /** False when the store already had a data center and was left alone. */
  readonly seeded: boolean;
  /** Rows inserted per table (bookmarks included); empty when nothing was seeded. */
  readonly counts: Partial<Record<FleetTable | 'bookmark', number>>;
  readonly elapsedMs: number;
  /** One line for the start-up log. */
  readonly summary: string;
}

// Replicas starting together against one server: one seeds, the others then see its data.
const DEMO_SEED_LOCK = 727_002;

/** Adds the default bookmarks a store lacks (by name); returns how many were added. */
export async function installDefaultBookmarks(db: Db): Promise<number> {
  const added = await db.query<{ name: string }>(
    `INSERT INTO bookmark (name, query)
     SELECT name, query FROM json_populate_recordset(NULL::bookmark, $1::json)
     ON CONFLICT (name) DO NOTHING RETURNING name`,
    [JSON.stringify(DEFAULT_BOOKMARKS)],
  );
  return added.length;
}

/**
 * Generates and loads the demo fleet plus the default bookmarks, unless the store already
 * has a data center (a restart, or a store someone set up by hand): then nothing changes.
 */
export async function seedDemo(db: Db, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK]);
    const [existing] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM data_center');
    const present = existing?.n ?? 0;
    if (present > 0) {
      return {
        seeded: false,
        counts: {},
        elapsedMs: Math.round(performance.now() - started),
        summary: `not loaded: the store already has ${present} data center${present === 1 ? '' : 's'}`,
      };
    }
    const fleet = generateFleet(options);
    await loadFleet(tx, fleet);
    const counts: Partial<Record<FleetTable | 'bookmark', number>> = {};
    for (const [key, table] of FLEET_TABLES) counts[table] = fleet[key].length;
    counts.bookmark = await installDefaultBookmarks(tx);
    const elapsedMs = Math.round(performance.now() - started);
    const size = fleetSize(options.size);
    const label = typeof options.size === 'string' ? `size ${options.size}` : 'custom size';
    return {
      seeded: true,
      counts,
      elapsedMs,
      summary:
        `${size.dataCenters} data centers, ${fleet.clusters.length} clusters, ${fleet.hosts.length} hosts, ` +
        `${fleet.vms.length} VMs (seed ${options.seed}, ${label}) loaded in ${(elapsedMs / 1000).toFixed(1)} s`,
    };
  });
}
