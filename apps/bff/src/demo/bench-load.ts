// Times generating and loading a demo fleet, by hand (not part of any test suite):
//   node --import tsx --conditions=source apps/bff/src/demo/bench-load.ts [small|demo|large] [seed]
// Embedded PGlite in memory by default; DATABASE_URL=postgres://… to time a server (the
// database must be empty and migrated, or be a fresh one).
import { openStore } from '../store/index.js';
import { FLEET_SIZES, FLEET_TABLES, type FleetPreset } from './fleet.js';
import { generateFleet } from './generate.js';
import { loadFleet } from './load.js';

async function main(): Promise<void> {
  const preset = (process.argv[2] ?? 'large') as FleetPreset;
  if (!(preset in FLEET_SIZES))
    throw new Error(`size must be one of ${Object.keys(FLEET_SIZES).join(', ')}`);
  const seed = Number(process.argv[3] ?? 2013);
  const databaseUrl = process.env.DATABASE_URL;
  const db = await openStore({ databaseUrl });
  try {
    let t = performance.now();
    const fleet = generateFleet({ seed, size: preset, now: new Date() });
    const generated = performance.now() - t;
    const rows = FLEET_TABLES.reduce((n, [key]) => n + fleet[key].length, 0);
    t = performance.now();
    await loadFleet(db, fleet);
    const loaded = performance.now() - t;
    console.log(
      `${preset} (seed ${seed}) on ${databaseUrl ? 'PostgreSQL' : 'PGlite'}: ` +
        `${fleet.hosts.length} hosts, ${fleet.vms.length} VMs, ${rows} rows; ` +
        `generated in ${(generated / 1000).toFixed(1)} s, loaded in ${(loaded / 1000).toFixed(1)} s`,
    );
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
