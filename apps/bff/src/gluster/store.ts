// The store's gluster rows and how gluster's truth lands in them. Both the engine (after
// each command) and the gluster monitor (every cycle) write through `syncVolume`:
// changed columns only, bricks matched by server and directory so their ids stay.
import type {
  GlusterBrickStatus as BrickStatusValue,
  GlusterVolumeStatus as VolumeStatusValue,
  GlusterVolumeType,
} from '@corral/shared';
import type { Db } from '../store/index.js';
import { brickName } from './parse.js';
import type { GlusterRegistry } from './registry.js';
import type { GlusterTask, GlusterVolumeInfo, GlusterVolumeStatus } from './types.js';

export interface VolumeRow {
  id: string;
  cluster_id: string;
  name: string;
  volume_type: GlusterVolumeType;
  status: VolumeStatusValue;
  replica_count: number;
  arbiter_count: number;
  disperse_count: number;
  redundancy_count: number;
  transport: string;
  options: Record<string, string>;
  gluster_id: string | null;
  operation: string | null;
  task: StoredTask | null;
  created_at: Date | string;
  /**
   * The row's version when read (PostgreSQL's `xmin`: every write to the row changes
   * it). Monitoring writes what it read from gluster only if the row still has it.
   */
  version: string;
}

/** gluster's task as the store keeps it (`gluster_volume.task`). */
export interface StoredTask {
  readonly type: GlusterTask['type'];
  readonly id: string;
  readonly status: GlusterTask['status'];
  readonly bricks: readonly string[];
}

export interface BrickRow {
  id: string;
  volume_id: string;
  host_id: string;
  directory: string;
  position: number;
  status: BrickStatusValue;
  is_arbiter: boolean;
  total_gb: number;
  free_gb: number;
  server: string | null;
  host_name: string;
  host_address: string;
  host_driver: string;
  host_uri: string | null;
}

const VOLUME_COLUMNS = `v.id, v.cluster_id, v.name, v.volume_type, v.status, v.replica_count,
  v.arbiter_count, v.disperse_count, v.redundancy_count, v.transport, v.options, v.gluster_id,
  v.operation, v.task, v.created_at, v.xmin::text AS version`;

export async function findVolumes(db: Db, ids: readonly string[]): Promise<VolumeRow[]> {
  return db.query<VolumeRow>(
    `SELECT ${VOLUME_COLUMNS} FROM gluster_volume v WHERE v.id = ANY($1::uuid[]) ORDER BY v.name`,
    [ids],
  );
}

export async function clusterVolumes(db: Db, clusterId: string): Promise<VolumeRow[]> {
  return db.query<VolumeRow>(
    `SELECT ${VOLUME_COLUMNS} FROM gluster_volume v WHERE v.cluster_id = $1 ORDER BY v.name`,
    [clusterId],
  );
}

/** Bricks of the volumes, each volume's in position order, with their hosts. */
export async function volumeBricks(db: Db, volumeIds: readonly string[]): Promise<BrickRow[]> {
  return db.query<BrickRow>(
    `SELECT b.id, b.volume_id, b.host_id, b.directory, b.position, b.status, b.is_arbiter,
            b.total_gb, b.free_gb, b.server, h.name AS host_name, h.address AS host_address,
            h.driver AS host_driver, h.uri AS host_uri
       FROM gluster_brick b JOIN host h ON h.id = b.host_id
      WHERE b.volume_id = ANY($1::uuid[])
      ORDER BY b.volume_id, b.position`,
    [volumeIds],
  );
}

/** The server name gluster knows a brick's host by: as recorded, else as its driver names it. */
export function brickServer(gluster: GlusterRegistry, b: BrickRow): string {
  return (
    b.server ??
    gluster.serverName({
      id: b.host_id,
      name: b.host_name,
      address: b.host_address,
      uri: b.host_uri,
      driver: b.host_driver,
    })
  );
}

interface ClusterHostRow {
  id: string;
  name: string;
  address: string;
  driver: string;
  uri: string | null;
}

/** Server name → host id, for the cluster's hosts (and names bricks were recorded under). */
export async function serverMap(
  db: Db,
  gluster: GlusterRegistry,
  clusterId: string,
): Promise<Map<string, string>> {
  const hosts = await db.query<ClusterHostRow>(
    `SELECT id, name, address, driver, uri FROM host WHERE cluster_id = $1`,
    [clusterId],
  );
  const map = new Map<string, string>();
  for (const h of hosts) {
    if (!gluster.hasDriver(h.driver)) continue;
    map.set(gluster.serverName(h), h.id);
  }
  const recorded = await db.query<{ server: string; host_id: string }>(
    `SELECT DISTINCT b.server, b.host_id FROM gluster_brick b JOIN host h ON h.id = b.host_id
      WHERE h.cluster_id = $1 AND b.server IS NOT NULL`,
    [clusterId],
  );
  for (const r of recorded) map.set(r.server, r.host_id);
  return map;
}

const GB = 1024 ** 3;
/** Space in GB with one decimal: finer changes are noise, not worth a write. */
export const toGb = (bytes: number) => Math.round((bytes / GB) * 10) / 10;

export interface VolumeChanges {
  readonly changed: boolean;
  readonly status?: { from: VolumeStatusValue; to: VolumeStatusValue };
  readonly bricksAdded: string[];
  readonly bricksRemoved: string[];
  readonly brickStatus: {
    brick: string;
    hostId: string;
    from: BrickStatusValue;
    to: BrickStatusValue;
  }[];
  readonly optionsSet: [string, string][];
  readonly optionsReset: string[];
  /** Bricks gluster has on servers that are no host of the cluster (not stored). */
  readonly unknownServers: string[];
}

function sameOptions(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

function storedTask(tasks: readonly GlusterTask[] | undefined): StoredTask | null {
  // The newest is last; a finished one still says how the last migration ended.
  const t = tasks?.[tasks.length - 1];
  return t ? { type: t.type, id: t.id, status: t.status, bricks: [...t.bricks] } : null;
}

/**
 * Writes gluster's view of one volume into its rows. `status` is the volume's running
 * state when it is started (undefined: not asked or not answering; brick space and
 * status then stay). `syncBricks` adds and removes brick rows to match gluster (the
 * engine after its own changes; monitoring only while no command works on the volume).
 */
export async function syncVolume(
  db: Db,
  gluster: GlusterRegistry,
  volume: VolumeRow,
  info: GlusterVolumeInfo,
  status: GlusterVolumeStatus | undefined,
  options: { syncBricks: boolean },
): Promise<VolumeChanges> {
  const started = info.state === 'Started';
  const to: VolumeStatusValue = started ? 'Up' : 'Down';
  const changes: VolumeChanges = {
    changed: false,
    ...(volume.status !== to ? { status: { from: volume.status, to } } : {}),
    bricksAdded: [],
    bricksRemoved: [],
    brickStatus: [],
    optionsSet: Object.entries(info.options).filter(([k, v]) => volume.options[k] !== v),
    optionsReset: Object.keys(volume.options).filter((k) => !(k in info.options)),
    unknownServers: [],
  };
  let changed = false;
  const task = started ? storedTask(status?.tasks) : null;
  const rows = await db.query(
    `UPDATE gluster_volume SET status = $2, volume_type = $3, replica_count = $4, arbiter_count = $5,
            disperse_count = $6, redundancy_count = $7, transport = $8, options = $9::jsonb,
            gluster_id = $10::uuid, task = $11::jsonb
      WHERE id = $1
        AND ((status, volume_type, replica_count, arbiter_count, disperse_count,
              redundancy_count, transport, gluster_id) IS DISTINCT FROM
              ($2, $3, $4, $5, $6, $7, $8, $10::uuid)
             OR options IS DISTINCT FROM $9::jsonb OR task IS DISTINCT FROM $11::jsonb)
      RETURNING id`,
    [
      volume.id,
      to,
      info.type,
      info.replicaCount,
      info.arbiterCount,
      info.disperseCount,
      info.redundancyCount,
      info.transport,
      JSON.stringify(info.options),
      info.id || null,
      task ? JSON.stringify(task) : null,
    ],
  );
  changed ||= rows.length > 0;
  if (sameOptions(volume.options, info.options)) {
    changes.optionsSet.length = 0;
    changes.optionsReset.length = 0;
  }

  const servers = await serverMap(db, gluster, volume.cluster_id);
  const stored = await volumeBricks(db, [volume.id]);
  const key = (hostId: string, dir: string) => `${hostId}\u0000${dir}`;
  const byKey = new Map(stored.map((b) => [key(b.host_id, b.directory), b]));
  const live = new Map((status?.bricks ?? []).map((b) => [brickName(b), b]));
  const seen = new Set<string>();
  for (const [position, b] of info.bricks.entries()) {
    const hostId = servers.get(b.server);
    if (!hostId) {
      changes.unknownServers.push(brickName(b));
      continue;
    }
    const k = key(hostId, b.directory);
    seen.add(k);
    const l = live.get(brickName(b));
    const brickStatus: BrickStatusValue = !started
      ? 'Down'
      : l
        ? l.online
          ? 'Up'
          : 'Down'
        : status
          ? 'Down'
          : 'Unknown';
    const row = byKey.get(k);
    if (!row) {
      if (!options.syncBricks) continue;
      await db.query(
        `INSERT INTO gluster_brick (volume_id, host_id, directory, position, status, is_arbiter, total_gb, free_gb, server)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          volume.id,
          hostId,
          b.directory,
          position,
          brickStatus,
          b.isArbiter,
          l?.totalBytes != null ? toGb(l.totalBytes) : 0,
          l?.freeBytes != null ? toGb(l.freeBytes) : 0,
          b.server,
        ],
      );
      changes.bricksAdded.push(brickName(b));
      changed = true;
      continue;
    }
    // Unknown status (gluster did not answer for the bricks) keeps what was known.
    const nextStatus =
      brickStatus === 'Unknown' && status === undefined && started ? row.status : brickStatus;
    if (row.status !== nextStatus)
      changes.brickStatus.push({ brick: brickName(b), hostId, from: row.status, to: nextStatus });
    const total = l?.totalBytes != null ? toGb(l.totalBytes) : row.total_gb;
    const free = l?.freeBytes != null ? toGb(l.freeBytes) : row.free_gb;
    const updated = await db.query(
      `UPDATE gluster_brick SET status = $2, position = $3, is_arbiter = $4, total_gb = $5, free_gb = $6,
              server = $7
        WHERE id = $1 AND (status, position, is_arbiter, total_gb, free_gb, server)
              IS DISTINCT FROM ($2, $3, $4, $5::real, $6::real, $7)
        RETURNING id`,
      [
        row.id,
        nextStatus,
        options.syncBricks ? position : row.position,
        b.isArbiter,
        total,
        free,
        b.server,
      ],
    );
    changed ||= updated.length > 0;
  }
  if (options.syncBricks) {
    const gone = stored.filter((b) => !seen.has(key(b.host_id, b.directory)));
    if (gone.length > 0 && changes.unknownServers.length === 0) {
      await db.query(`DELETE FROM gluster_brick WHERE id = ANY($1::uuid[])`, [
        gone.map((b) => b.id),
      ]);
      changes.bricksRemoved.push(...gone.map((b) => `${brickServer(gluster, b)}:${b.directory}`));
      changed = true;
    }
  }
  return { ...changes, changed };
}

/**
 * Runs `work` in a transaction holding the volume's row, if the row is still as it was
 * read (`version`); null when anything wrote it since — an engine command took it, read
 * it back or gave it back. What monitoring read from gluster meanwhile may then be older
 * than what the command wrote, and the snapshot it compares with is stale: the volume is
 * left for the next cycle, which reads both afresh.
 */
async function ifUnchanged<T>(
  db: Db,
  volume: Pick<VolumeRow, 'id' | 'version'>,
  work: (tx: Db) => Promise<T>,
): Promise<T | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ version: string }>(
      `SELECT xmin::text AS version FROM gluster_volume WHERE id = $1 FOR UPDATE`,
      [volume.id],
    );
    return row?.version === volume.version ? work(tx) : null;
  });
}

/**
 * `syncVolume` for monitoring: only while the row is as `volume` was read, before
 * gluster was asked (see `ifUnchanged`); null when it changed meanwhile.
 */
export function syncVolumeIfUnchanged(
  db: Db,
  gluster: GlusterRegistry,
  volume: VolumeRow,
  info: GlusterVolumeInfo,
  status: GlusterVolumeStatus | undefined,
  options: { syncBricks: boolean },
): Promise<VolumeChanges | null> {
  return ifUnchanged(db, volume, (tx) => syncVolume(tx, gluster, volume, info, status, options));
}

/**
 * A volume gluster does not know (deleted outside Corral), or no host answers for:
 * Unknown, bricks too. Only if the row is still as `volume` was read (an engine command
 * deleting or creating it meanwhile explains gluster's answer); true when it changed.
 */
export async function markVolumeMissing(
  db: Db,
  volume: Pick<VolumeRow, 'id' | 'version'>,
): Promise<boolean> {
  const marked = await ifUnchanged(db, volume, async (tx) => {
    const rows = await tx.query(
      `UPDATE gluster_volume SET status = 'Unknown', task = NULL WHERE id = $1 AND status <> 'Unknown' RETURNING id`,
      [volume.id],
    );
    await tx.query(
      `UPDATE gluster_brick SET status = 'Unknown' WHERE volume_id = $1 AND status <> 'Unknown'`,
      [volume.id],
    );
    return rows.length > 0;
  });
  return marked ?? false;
}
