// Gluster monitoring (docs/gluster.md): every cycle, for each cluster that provides the
// Gluster service or has volumes, one host that is Up is asked two things — `volume info`
// and `volume status all detail` — and the store's volumes and bricks follow: status,
// brick status and free space, options, gluster's running task. Only changed rows are
// written; each is published on the change feed; what changed outside Corral (a brick
// going down, an option set from the CLI) becomes an audit event.
import type { HostStatus } from '@corral/shared';
import { recordEvent } from '../engine/audit.js';
import { errorMessage } from '../engine/jobs.js';
import type { ChangeFeed } from '../live/feed.js';
import type { Db } from '../store/index.js';
import type { GlusterRegistry } from './registry.js';
import {
  clusterVolumes,
  markVolumeMissing,
  syncVolumeIfUnchanged,
  type VolumeChanges,
  type VolumeRow,
} from './store.js';
import type { GlusterHost, GlusterVolumeInfo, GlusterVolumeStatus } from './types.js';

export interface GlusterMonitorOptions {
  readonly db: Db;
  readonly feed: ChangeFeed;
  readonly gluster: GlusterRegistry;
  /** How often every Gluster cluster is read (default 15 s, as host monitoring). */
  readonly intervalMs?: number;
}

/** Commands during which gluster and the store legitimately disagree about the volume. */
const HANDS_OFF = new Set(['Creating', 'Deleting']);

interface ClusterHost {
  id: string;
  name: string;
  address: string;
  uri: string | null;
  driver: string;
  status: HostStatus;
}

export interface ClusterPoll {
  /** The host that answered, or null when none did. */
  readonly host: string | null;
  /** Volumes whose rows changed. */
  readonly changed: string[];
  readonly error?: string;
}

export class GlusterMonitor {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly warned = new Set<string>();

  constructor(private readonly options: GlusterMonitorOptions) {}

  private get interval(): number {
    return this.options.intervalMs ?? 15_000;
  }

  /** Cycles start now and every interval; a cycle still running when the next is due is skipped. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      if (!this.running)
        this.running = this.cycle()
          .catch((err: unknown) => console.error('gluster monitor: cycle failed:', err))
          .finally(() => {
            this.running = undefined;
          });
      this.timer = setTimeout(tick, this.interval);
      this.timer.unref?.();
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over every Gluster cluster. */
  async cycle(): Promise<void> {
    const clusters = await this.options.db.query<{ id: string }>(
      `SELECT c.id FROM cluster c
        WHERE c.gluster_service OR EXISTS (SELECT 1 FROM gluster_volume v WHERE v.cluster_id = c.id)
        ORDER BY c.name`,
    );
    for (const c of clusters) {
      if (this.stopped) return;
      await this.pollCluster(c.id);
    }
  }

  /** Reads one cluster's volumes from gluster into the store now. */
  async pollCluster(clusterId: string): Promise<ClusterPoll> {
    const { db } = this.options;
    const volumes = await clusterVolumes(db, clusterId);
    if (volumes.length === 0) return { host: null, changed: [] };
    const read = await this.read(clusterId, volumes);
    const changed: string[] = [];
    for (const v of volumes) {
      if (v.operation && HANDS_OFF.has(v.operation)) continue;
      if (!read.info) {
        if (await this.unknown(v, read.error ?? 'no host answers for gluster')) changed.push(v.id);
        continue;
      }
      const info = read.info.find((i) => i.name === v.name);
      if (!info) {
        if (await markVolumeMissing(db, v)) {
          changed.push(v.id);
          await this.event(
            v,
            'Warning',
            'GLUSTER_VOLUME_DELETED_FROM_CLI',
            `Gluster volume ${v.name} is not known to gluster any more (asked ${read.host}); it was deleted outside Corral, or gluster lost it.`,
          );
        }
        continue;
      }
      // Written only if no command touched the volume since `volumes` was read: what
      // gluster said may predate the command's own read-back, and the command's changes
      // are not outside ones. The next cycle compares afresh.
      const changes = await syncVolumeIfUnchanged(
        db,
        this.options.gluster,
        v,
        info,
        read.status?.get(v.name),
        { syncBricks: v.operation === null },
      );
      if (!changes) continue;
      await this.report(v, changes);
      if (changes.changed) changed.push(v.id);
    }
    if (changed.length > 0)
      this.options.feed.publish([{ object: 'volume', ids: changed, op: 'upsert' }]);
    return { host: read.host, changed, ...(read.error ? { error: read.error } : {}) };
  }

  /** `volume info` and `volume status all detail` from the first Up host that answers. */
  private async read(
    clusterId: string,
    volumes: readonly VolumeRow[],
  ): Promise<{
    host: string | null;
    info?: GlusterVolumeInfo[];
    status?: Map<string, GlusterVolumeStatus>;
    error?: string;
  }> {
    const { db, gluster } = this.options;
    const hosts = await db.query<ClusterHost & { bricks: number }>(
      `SELECT h.id, h.name, h.address, h.uri, h.driver, h.status,
              (SELECT COUNT(*)::int FROM gluster_brick b WHERE b.host_id = h.id AND b.volume_id = ANY($2::uuid[])) AS bricks
         FROM host h WHERE h.cluster_id = $1 AND h.status = 'Up' ORDER BY bricks DESC, h.name`,
      [clusterId, volumes.map((v) => v.id)],
    );
    const failures: string[] = [];
    for (const h of hosts.filter((x) => gluster.hasDriver(x.driver))) {
      let conn: GlusterHost;
      try {
        conn = await gluster.get(h);
        const info = await conn.volumeInfo();
        // Stopped volumes are not in it; a started one whose bricks are all down still is.
        const status = await conn.volumeStatus().catch(() => undefined);
        return {
          host: h.name,
          info,
          ...(status ? { status: new Map(status.map((s) => [s.name, s])) } : {}),
        };
      } catch (err) {
        gluster.drop(h.id);
        failures.push(`${h.name}: ${errorMessage(err)}`);
      }
    }
    return {
      host: null,
      error:
        hosts.length === 0
          ? 'no host of the cluster is Up'
          : `no Up host answers for gluster (${failures.join('; ')})`,
    };
  }

  private async unknown(v: VolumeRow, why: string): Promise<boolean> {
    const { db } = this.options;
    if (!(await markVolumeMissing(db, v))) return false;
    await this.event(
      v,
      'Warning',
      'GLUSTER_VOLUME_STATUS_UNKNOWN',
      `Status of Gluster volume ${v.name} is Unknown: ${why}.`,
    );
    return true;
  }

  private async report(v: VolumeRow, c: VolumeChanges): Promise<void> {
    if (c.status)
      await this.event(
        v,
        c.status.to === 'Up' ? 'Normal' : 'Warning',
        'GLUSTER_VOLUME_STATUS_CHANGED',
        `Status of Gluster volume ${v.name} changed from ${c.status.from} to ${c.status.to}.`,
      );
    for (const b of c.brickStatus)
      await this.event(
        v,
        b.to === 'Up' ? 'Normal' : 'Warning',
        'GLUSTER_BRICK_STATUS_CHANGED',
        `Status of brick ${b.brick} of Gluster volume ${v.name} changed from ${b.from} to ${b.to}.`,
        b.hostId,
      );
    // While a command works on the volume, these changes are its own.
    if (v.operation === null) {
      for (const [k, value] of c.optionsSet)
        await this.event(
          v,
          'Normal',
          'GLUSTER_VOLUME_OPTION_SET_FROM_CLI',
          `Option ${k} of Gluster volume ${v.name} was set to ${value} outside Corral.`,
        );
      for (const k of c.optionsReset)
        await this.event(
          v,
          'Normal',
          'GLUSTER_VOLUME_OPTION_RESET_FROM_CLI',
          `Option ${k} of Gluster volume ${v.name} was reset outside Corral.`,
        );
      for (const b of c.bricksAdded)
        await this.event(
          v,
          'Normal',
          'GLUSTER_VOLUME_BRICK_ADDED_FROM_CLI',
          `Brick ${b} was added to Gluster volume ${v.name} outside Corral.`,
        );
      for (const b of c.bricksRemoved)
        await this.event(
          v,
          'Warning',
          'GLUSTER_VOLUME_BRICK_REMOVED_FROM_CLI',
          `Brick ${b} was removed from Gluster volume ${v.name} outside Corral.`,
        );
    }
    for (const b of c.unknownServers) {
      if (this.warned.has(b)) continue;
      this.warned.add(b);
      console.warn(
        `gluster monitor: brick ${b} of volume ${v.name} is on no host of its cluster; not stored`,
      );
    }
  }

  private event(
    v: VolumeRow,
    severity: 'Normal' | 'Warning',
    code: string,
    message: string,
    hostId?: string,
  ) {
    return recordEvent(this.options.db, this.options.feed, {
      severity,
      code,
      message,
      volumeId: v.id,
      clusterId: v.cluster_id,
      ...(hostId ? { hostId } : {}),
    });
  }
}
