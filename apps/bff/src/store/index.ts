import { openPglite, openPostgres, type Db } from './db.js';
import { migrate } from './migrate.js';

export type { Db } from './db.js';
export { migrate } from './migrate.js';

export interface StoreOptions {
  /** A PostgreSQL server; when absent, the embedded PGlite store is used. */
  databaseUrl?: string | undefined;
  /** PGlite's data directory; in memory when absent. */
  dataDir?: string | undefined;
}

/** Opens the store and brings its schema up to date. */
export async function openStore(opts: StoreOptions): Promise<Db> {
  const db = opts.databaseUrl
    ? await openPostgres(opts.databaseUrl)
    : await openPglite(opts.dataDir);
  await migrate(db);
  return db;
}
