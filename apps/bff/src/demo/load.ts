// Writes a generated fleet into the store. Fast enough for the 50,000-VM fleet: one
// statement per table and chunk, the rows travelling as a single JSON parameter that
// json_populate_recordset turns into records of the table's own type (the same SQL on
// PGlite and on a PostgreSQL server, no per-row round trips, no SQL text built from data).
import type { Db } from '../store/index.js';
import { FLEET_TABLES, type Fleet } from './fleet.js';

/** Rows per INSERT: a few MB of JSON for the widest table. */
export const LOAD_CHUNK_ROWS = 5000;

/** Table and column names come from FLEET_TABLES and the row types, never from data. */
function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

/** Inserts every row of the fleet, parents before children, in one transaction. */
export async function loadFleet(db: Db, fleet: Fleet): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [key, table] of FLEET_TABLES) {
      const rows: readonly object[] = fleet[key];
      const first = rows[0];
      if (!first) continue;
      const columns = Object.keys(first).map(ident).join(', ');
      // WITH ORDINALITY keeps the array's order, so audit_event's bigserial ids follow
      // the events' time order.
      const sql =
        `INSERT INTO ${ident(table)} (${columns}) ` +
        `SELECT ${columns} FROM json_populate_recordset(NULL::${ident(table)}, $1::json) ` +
        `WITH ORDINALITY AS r ORDER BY r.ordinality`;
      for (let i = 0; i < rows.length; i += LOAD_CHUNK_ROWS) {
        await tx.query(sql, [JSON.stringify(rows.slice(i, i + LOAD_CHUNK_ROWS))]);
      }
    }
  });
}
