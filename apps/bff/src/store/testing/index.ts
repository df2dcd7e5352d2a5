import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Db } from '../index.js';

/** Every store test runs against both back ends the product supports. */
export const STORE_BACKENDS = ['pglite', 'postgres'] as const;
export type StoreBackend = (typeof STORE_BACKENDS)[number];

/**
 * A fresh, migrated store: PGlite in memory, or a new database on the test
 * PostgreSQL server that the store suite's global setup started.
 */
export async function openTestStore(backend: StoreBackend): Promise<Db> {
  if (backend === 'pglite') return openStore({});
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) {
    throw new Error(
      'TEST_DATABASE_URL is not set: run the store suite with `npm run test:store`, which starts PostgreSQL',
    );
  }
  const name = `corral_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return openStore({ databaseUrl: url.toString() });
}
