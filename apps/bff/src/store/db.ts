import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * The store speaks one SQL dialect, PostgreSQL's, whether it is the embedded PGlite
 * (zero set-up) or a PostgreSQL server (scale-out). Everything above this file sees
 * only `Db`.
 */
export interface Db {
  readonly dialect: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 (counts, bigint columns) comes back as a number: our counts stay far below 2^53.
const INT8 = 20;
pg.types.setTypeParser(INT8, (v) => Number(v));

export async function openPglite(dataDir?: string): Promise<Db> {
  const lite = new PGlite(dataDir, {
    parsers: { [pgliteTypes.INT8]: (v: string) => Number(v) },
  });
  await lite.waitReady;
  const wrap = (conn: Pick<PGlite, 'query' | 'exec'>, inTx: boolean): Db => ({
    dialect: 'pglite',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const res = await conn.query<T>(sql, params as unknown[]);
      return res.rows;
    },
    async exec(sql: string) {
      await conn.exec(sql);
    },
    async transaction<T>(work: (tx: Db) => Promise<T>) {
      if (inTx) return work(wrap(conn, true));
      return lite.transaction((tx) => work(wrap(tx, true)));
    },
    async close() {
      if (!inTx) await lite.close();
    },
  });
  return wrap(lite, false);
}

export async function openPostgres(connectionString: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: 10 });
  await pool.query('SELECT 1');
  const wrap = (conn: pg.Pool | pg.PoolClient, inTx: boolean): Db => ({
    dialect: 'postgres',
    async query<T>(sql: string, params: readonly unknown[] = []) {
      const res = await conn.query(sql, params as unknown[]);
      return res.rows as T[];
    },
    async exec(sql: string) {
      await conn.query(sql);
    },
    async transaction<T>(work: (tx: Db) => Promise<T>) {
      if (inTx) return work(wrap(conn, true));
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client, true));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (!inTx) await pool.end();
    },
  });
  return wrap(pool, false);
}
