// Monitoring's writes: one statement per table per flush, whatever the number of rows,
// and only rows whose values changed. At 2,000 hosts and 50,000 VMs a statement per VM
// would be thousands of round trips a second; this is a handful.
import type { VmStatus } from '@corral/shared';
import type { Db } from '../store/index.js';

/** Guest agent data; `undefined` in a row leaves the stored values alone. */
export interface GuestColumns {
  readonly ip: string | null;
  readonly fqdn: string | null;
  readonly loggedInUser: string | null;
  readonly applications: readonly string[];
}

/** A status change, applied only if the row still has the status and host it was read with. */
export interface VmMove {
  readonly expectStatus: VmStatus;
  readonly expectHost: string | null;
  readonly status: VmStatus;
  readonly hostId: string | null;
  readonly lastHostId: string;
  readonly start: boolean;
  readonly stop: boolean;
}

export interface VmRuntimeRow {
  readonly id: string;
  /** When the host said so: `started_at` of a VM that starts. */
  readonly time: Date;
  readonly move?: VmMove | undefined;
  /** Percent, whole numbers; `undefined` keeps the stored values (a stop zeroes them). */
  readonly usage?: { readonly cpu: number; readonly mem: number; readonly net: number } | undefined;
  readonly guest?: GuestColumns | undefined;
}

/**
 * Writes VMs' status, host and runtime columns. A row with a move is written only if the
 * VM is still as it was read (the engine may have moved it meanwhile; then the next
 * cycle judges again); a row without one only if a value differs from the stored one.
 * Returns the ids written, and which of them moved.
 */
export async function writeVmRuntime(
  db: Db,
  rows: readonly VmRuntimeRow[],
): Promise<{ written: string[]; moved: Set<string> }> {
  if (rows.length === 0) return { written: [], moved: new Set() };
  // Keys left out read as NULL: only what a row carries goes into the text to parse.
  const payload = rows.map((r) => {
    const o: Record<string, unknown> = { id: r.id };
    const m = r.move;
    if (m) {
      o.move = true;
      o.expect_status = m.expectStatus;
      o.expect_host = m.expectHost;
      o.status = m.status;
      o.host_id = m.hostId;
      o.last_host_id = m.lastHostId;
      if (m.start) {
        o.start = true;
        o.t = r.time.toISOString();
      }
      if (m.stop) o.stop = true;
    }
    if (r.usage) {
      o.cpu = r.usage.cpu;
      o.mem = r.usage.mem;
      o.net = r.usage.net;
    }
    if (r.guest) {
      o.guest = true;
      o.ip = r.guest.ip;
      o.fqdn = r.guest.fqdn;
      o.logged_in_user = r.guest.loggedInUser;
      o.applications = r.guest.applications;
    }
    return o;
  });
  const written = await db.query<{ id: string; moved: boolean }>(
    `UPDATE vm v SET
       status = CASE WHEN r.move THEN r.status ELSE v.status END,
       host_id = CASE WHEN r.move THEN r.host_id ELSE v.host_id END,
       last_host_id = CASE WHEN r.move THEN r.last_host_id ELSE v.last_host_id END,
       migrating_to_host_id = CASE
         WHEN r.move AND (r.status <> 'MigratingFrom' OR r.host_id IS DISTINCT FROM v.host_id)
         THEN NULL ELSE v.migrating_to_host_id END,
       started_at = CASE WHEN r.start THEN r.t WHEN r.stop THEN NULL ELSE v.started_at END,
       cpu_usage = CASE WHEN r.stop THEN 0 ELSE COALESCE(r.cpu, v.cpu_usage) END,
       mem_usage = CASE WHEN r.stop THEN 0 ELSE COALESCE(r.mem, v.mem_usage) END,
       net_usage = CASE WHEN r.stop THEN 0 ELSE COALESCE(r.net, v.net_usage) END,
       ip = CASE WHEN r.stop THEN NULL WHEN r.guest THEN r.ip ELSE v.ip END,
       fqdn = CASE WHEN r.guest THEN r.fqdn ELSE v.fqdn END,
       logged_in_user = CASE WHEN r.stop THEN NULL WHEN r.guest THEN r.logged_in_user
                             ELSE v.logged_in_user END,
       applications = CASE WHEN r.guest THEN r.applications ELSE v.applications END
     FROM json_to_recordset($1::json) AS r(
       id uuid, t timestamptz, move boolean, expect_status text, expect_host uuid, status text,
       host_id uuid, last_host_id uuid, start boolean, stop boolean, cpu integer, mem integer,
       net integer, guest boolean, ip text, fqdn text, logged_in_user text, applications text[])
     WHERE v.id = r.id AND CASE
       WHEN r.move THEN v.status = r.expect_status AND v.host_id IS NOT DISTINCT FROM r.expect_host
       ELSE (v.cpu_usage, v.mem_usage, v.net_usage) IS DISTINCT FROM
              (COALESCE(r.cpu, v.cpu_usage), COALESCE(r.mem, v.mem_usage), COALESCE(r.net, v.net_usage))
         OR (r.guest AND (v.ip, v.fqdn, v.logged_in_user, v.applications) IS DISTINCT FROM
                         (r.ip, r.fqdn, r.logged_in_user, r.applications))
     END
     RETURNING v.id, r.move AS moved`,
    [JSON.stringify(payload)],
  );
  return {
    written: written.map((w) => w.id),
    moved: new Set(written.filter((w) => w.moved).map((w) => w.id)),
  };
}

export interface HostUsageRow {
  readonly id: string;
  readonly cpu: number;
  readonly mem: number;
  readonly net: number;
  readonly activeVms: number;
}

/** Hosts' usage and VM count, for the rows that differ from the store. Returns ids written. */
export async function writeHostUsage(db: Db, rows: readonly HostUsageRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const written = await db.query<{ id: string }>(
    `UPDATE host h SET cpu_usage = r.cpu, mem_usage = r.mem, net_usage = r.net,
                       active_vms = r.active_vms
       FROM json_to_recordset($1::json) AS r(id uuid, cpu integer, mem integer, net integer,
                                             active_vms integer)
      WHERE h.id = r.id AND (h.cpu_usage, h.mem_usage, h.net_usage, h.active_vms)
                            IS DISTINCT FROM (r.cpu, r.mem, r.net, r.active_vms)
      RETURNING h.id`,
    [
      JSON.stringify(
        rows.map((r) => ({
          id: r.id,
          cpu: r.cpu,
          mem: r.mem,
          net: r.net,
          active_vms: r.activeVms,
        })),
      ),
    ],
  );
  return written.map((w) => w.id);
}
