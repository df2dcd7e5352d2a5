// Storage monitoring (docs/storage.md): once per cycle, every Up host of a data center
// is checked for the pools of its data center's Active domains — one missing or stopped
// (a host restarted, came Up later, lost a mount) is connected again — and each domain's
// space as its first host reports it lands in storage_domain.total_gb / used_gb, only
// for rows that changed, on the change feed.
import { recordEvent } from '../engine/audit.js';
import { errorMessage } from '../engine/jobs.js';
import type { PoolInfo } from '../hosts/driver.js';
import type { HostRegistry } from '../hosts/registry.js';
import type { ChangeFeed } from '../live/feed.js';
import { poolSpecOf, type StorageDomainRow } from '../storage/domains.js';
import type { Db } from '../store/index.js';

export interface StorageCycleReport {
  /** Domains whose space changed in the store. */
  readonly updated: readonly string[];
  /** `<host id>:<domain id>` pairs connected (again) in this cycle. */
  readonly connected: readonly string[];
  /** `<host id>:<domain id>` pairs that failed to connect, with why. */
  readonly failed: ReadonlyMap<string, string>;
}

interface HostRow {
  id: string;
  name: string;
  address: string;
  uri: string | null;
  driver: string;
  data_center_id: string;
}

/** GB with one decimal: finer would rewrite a busy file system's row every cycle. */
const gb = (n: number) => Math.round(n * 10) / 10;

export class StorageMonitor {
  private inFlight: Promise<StorageCycleReport> | undefined;
  /** Pairs failing now, so each failure is reported once, not every cycle. */
  private readonly failing = new Set<string>();

  constructor(
    private readonly options: {
      readonly db: Db;
      readonly feed: ChangeFeed;
      readonly hosts: HostRegistry;
    },
  ) {}

  /** One cycle; a call while one runs gets that one. */
  cycle(): Promise<StorageCycleReport> {
    this.inFlight ??= this.run().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Resolves when no cycle runs (the monitor's stop waits for it). */
  async idle(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
  }

  private async run(): Promise<StorageCycleReport> {
    const { db, hosts: registry } = this.options;
    const domains = await db.query<StorageDomainRow>(
      `SELECT id, name, description, data_center_id, domain_type, storage_type, is_master, status,
              path, vfs_type, mount_options, gluster_volume_id, host_id, target, total_gb, used_gb
         FROM storage_domain
        WHERE status = 'Active' AND data_center_id IS NOT NULL AND target IS NOT NULL`,
    );
    const report = {
      updated: [] as string[],
      connected: [] as string[],
      failed: new Map<string, string>(),
    };
    if (domains.length === 0) return report;
    const hosts = await db.query<HostRow>(
      `SELECT h.id, h.name, h.address, h.uri, h.driver, c.data_center_id
         FROM host h JOIN cluster c ON c.id = h.cluster_id
        WHERE h.status = 'Up' AND c.data_center_id = ANY($1::uuid[]) ORDER BY h.name`,
      [[...new Set(domains.map((d) => d.data_center_id!))]],
    );
    /** Per domain: the space its first host by name reports (answers come in any order). */
    const space = new Map<string, { order: number; pool: PoolInfo }>();
    await Promise.all(
      hosts.map(async (h) => {
        const wanted = domains.filter(
          (d) =>
            d.data_center_id === h.data_center_id &&
            (d.storage_type !== 'Local' || !d.host_id || d.host_id === h.id),
        );
        if (wanted.length === 0 || !registry.hasDriver(h.driver)) return;
        let pools: PoolInfo[];
        try {
          const conn = await registry.get(h);
          pools = await conn.listPools({ refresh: true });
          const active = new Set(pools.filter((p) => p.active).map((p) => p.id));
          for (const d of wanted) {
            const key = `${h.id}:${d.id}`;
            if (active.has(d.id)) {
              this.failing.delete(key);
              continue;
            }
            // A command may have taken the domain out of service since it was read.
            const [now] = await db.query<{ status: string }>(
              `SELECT status FROM storage_domain WHERE id = $1`,
              [d.id],
            );
            if (now?.status !== 'Active') continue;
            try {
              pools.push(await conn.ensurePool(poolSpecOf(d, '')));
              report.connected.push(key);
              this.failing.delete(key);
            } catch (err) {
              report.failed.set(key, errorMessage(err));
              if (!this.failing.has(key)) {
                this.failing.add(key);
                await recordEvent(db, this.options.feed, {
                  severity: 'Warning',
                  code: 'STORAGE_DOMAIN_CONNECT_FAILED',
                  message: `Host ${h.name} cannot connect Storage Domain ${d.name}: ${errorMessage(err)}`,
                  hostId: h.id,
                  storageDomainId: d.id,
                  dataCenterId: d.data_center_id,
                });
              }
            }
          }
        } catch {
          // A host that does not answer is the host loops' to report.
          return;
        }
        const order = hosts.indexOf(h);
        for (const pool of pools)
          if (pool.active && order < (space.get(pool.id)?.order ?? Infinity))
            space.set(pool.id, { order, pool });
      }),
    );
    const rows = domains.flatMap((d) => {
      const p = space.get(d.id)?.pool;
      if (!p) return [];
      return [
        {
          id: d.id,
          total_gb: gb(p.capacityGb),
          used_gb: gb(Math.max(0, p.capacityGb - p.availableGb)),
        },
      ];
    });
    if (rows.length > 0) {
      const changed = await db.query<{ id: string }>(
        `UPDATE storage_domain sd SET total_gb = r.total_gb, used_gb = r.used_gb
           FROM json_to_recordset($1::json) AS r(id uuid, total_gb real, used_gb real)
          WHERE sd.id = r.id AND (sd.total_gb, sd.used_gb) IS DISTINCT FROM (r.total_gb, r.used_gb)
          RETURNING sd.id`,
        [JSON.stringify(rows)],
      );
      report.updated.push(...changed.map((c) => c.id));
      if (changed.length > 0)
        this.options.feed.publish([{ object: 'storage', ids: report.updated, op: 'upsert' }]);
    }
    return report;
  }
}
