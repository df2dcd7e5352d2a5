// Usage history for the details charts: hosts' in the store (`stats_sample`, shared by
// every replica), VMs' in the monitoring process (UsageHistory). docs/monitoring.md says
// why the two differ.
import type { Db } from '../store/index.js';
import type { UsagePoint } from './usage-history.js';

export type { UsagePoint } from './usage-history.js';

export type HistoryObject = 'host' | 'vm';

export interface HostSamplePoint {
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

/** One INSERT for every host sampled in a monitoring flush. */
export async function insertHostSamples(db: Db, rows: readonly HostSamplePoint[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO stats_sample (object_type, object_id, time, cpu, mem, net)
     SELECT 'host', r.id, r.time, r.cpu, r.mem, r.net
       FROM json_to_recordset($1::json) AS r(id uuid, time timestamptz, cpu real, mem real, net real)`,
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
 * The object's samples since `since`, oldest first. VMs are answered by the local
 * monitor when there is one; a BFF without monitoring has no VM history to give.
 */
export async function usageHistory(
  db: Db,
  vms: VmUsageSource | undefined,
  object: HistoryObject,
  id: string,
  since: Date,
): Promise<UsagePoint[]> {
  if (object === 'vm') return vms?.vmUsage(id, since.getTime()) ?? [];
  const rows = await db.query<{ time: Date | string; cpu: number; mem: number; net: number }>(
    `SELECT time, cpu, mem, net FROM stats_sample
      WHERE object_type = 'host' AND object_id = $1::uuid AND time >= $2 ORDER BY time`,
    [id, since.toISOString()],
  );
  return rows.map((r) => ({
    time: new Date(r.time).getTime(),
    cpu: r.cpu,
    mem: r.mem,
    net: r.net,
  }));
}
