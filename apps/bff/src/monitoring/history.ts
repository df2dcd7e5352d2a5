// Usage history for the details charts: hosts' in the store (`stats_sample`, shared by
// every replica), VMs' in the monitoring process (UsageHistory). docs/monitoring.md says
// why the two differ.
import type { Db } from '../store/index.js';
import type { UsagePoint } from './usage-history.js';

export type { UsagePoint } from './usage-history.js';

export type HistoryObject = 'host' | 'vm';

export interface SamplePoint {
  readonly object: HistoryObject;
  readonly id: string;
  readonly time: Date;
  readonly cpu: number;
  readonly mem: number;
  readonly net: number;
}

/** Where VMs' history is kept: the Monitor of this process. */
export interface VmUsageSource {
  vmUsage(id: string, sinceMs: number): UsagePoint[];
}

/** One INSERT for every object sampled in a monitoring flush. */
export async function insertSamples(db: Db, rows: readonly SamplePoint[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO stats_sample (object_type, object_id, time, cpu, mem, net)
     SELECT r.object, r.id, r.time, r.cpu, r.mem, r.net
       FROM json_to_recordset($1::json)
         AS r(object text, id uuid, time timestamptz, cpu real, mem real, net real)`,
    [JSON.stringify(rows)],
  );
}

/** Drops samples older than `before`; returns how many. */
export async function pruneSamples(db: Db, before: Date): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `WITH gone AS (DELETE FROM stats_sample WHERE time < $1 RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [before.toISOString()],
  );
  return row?.n ?? 0;
}

/**
 * The object's samples since `since`, oldest first. A VM's come from the local monitor's
 * memory when it has them, else from the store (monitoring that keeps VM history there).
 */
export async function usageHistory(
  db: Db,
  vms: VmUsageSource | undefined,
  object: HistoryObject,
  id: string,
  since: Date,
): Promise<UsagePoint[]> {
  if (object === 'vm') {
    const held = vms?.vmUsage(id, since.getTime()) ?? [];
    if (held.length > 0) return held;
  }
  const rows = await db.query<{ time: Date | string; cpu: number; mem: number; net: number }>(
    `SELECT time, cpu, mem, net FROM stats_sample
      WHERE object_type = $1 AND object_id = $2::uuid AND time >= $3 ORDER BY time`,
    [object, id, since.toISOString()],
  );
  return rows.map((r) => ({
    time: new Date(r.time).getTime(),
    cpu: r.cpu,
    mem: r.mem,
    net: r.net,
  }));
}
