import { test as base, expect } from '@playwright/test';
import pg from 'pg';

/** Specs assert on what the database holds: `db.rows(sql, params)` reads the BFF's store. */
export interface DbProbe {
  rows<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  one<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T>;
}

export const test = base.extend<{ db: DbProbe }>({
  // eslint-disable-next-line no-empty-pattern
  db: async ({}, use) => {
    const url = process.env.CORRAL_E2E_DATABASE_URL;
    if (!url) throw new Error('CORRAL_E2E_DATABASE_URL is not set: the global setup did not run');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    pg.types.setTypeParser(20, (v) => Number(v));
    const probe: DbProbe = {
      rows: async (sql, params = []) => (await client.query(sql, params)).rows,
      one: async (sql, params = []) => {
        const rows = (await client.query(sql, params)).rows;
        if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql}`);
        return rows[0];
      },
    };
    await use(probe);
    await client.end();
  },
});

export { expect };
