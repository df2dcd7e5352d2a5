// What the portal reads about Gluster volumes besides the grids: a volume's details with
// its bricks, options and allowed actions; the brick picker's hosts with their free
// space (asked of the hosts now); a volume's heal info (asked of gluster now).
import {
  GLUSTER_MESSAGES,
  glusterVolumeActions,
  virtStoreWarning,
  type ActionRule,
  type GlusterVolumeAction,
  type HostStatus,
  type StorageDomainStatus,
} from '@corral/shared';
import {
  domainsOn,
  getVolume,
  glusterOf,
  requireVolumeAction,
  siteFor,
  stateOf,
} from '../engine/commands/gluster/common.js';
import type { EngineDeps } from '../engine/deps.js';
import { notFound } from '../engine/errors.js';
import { errorMessage } from '../engine/jobs.js';
import { refuse } from '../engine/rules/refuse.js';
import type { Db } from '../store/index.js';
import { brickServer, findVolumes, toGb, volumeBricks, type StoredTask } from './store.js';

export interface BrickView {
  id: string;
  position: number;
  hostId: string;
  hostName: string;
  hostStatus: HostStatus;
  /** `server:/directory`, as gluster names the brick. */
  name: string;
  directory: string;
  status: string;
  isArbiter: boolean;
  totalGb: number;
  freeGb: number;
}

export interface VolumeDetails {
  id: string;
  name: string;
  clusterId: string;
  clusterName: string;
  type: string;
  status: string;
  replicaCount: number;
  arbiterCount: number;
  disperseCount: number;
  redundancyCount: number;
  transport: string;
  glusterId: string | null;
  /** The engine command working on it now, if any. */
  operation: string | null;
  /** gluster's rebalance or brick removal, as last seen. */
  task: StoredTask | null;
  createdAt: string;
  bricks: BrickView[];
  options: { key: string; value: string }[];
  storageDomains: { id: string; name: string; status: StorageDomainStatus }[];
  actions: Record<GlusterVolumeAction, ActionRule>;
  /** Set when optimising for virt store would warn (not replica 3). */
  virtStoreWarning: string | null;
}

export async function volumeDetails(deps: EngineDeps, id: string): Promise<VolumeDetails> {
  const { db } = deps;
  const [v] = await findVolumes(db, [id]);
  if (!v) throw notFound('Gluster volume', id);
  const [cluster] = await db.query<{ name: string }>(`SELECT name FROM cluster WHERE id = $1`, [
    v.cluster_id,
  ]);
  const bricks = await volumeBricks(db, [id]);
  const statuses = await db.query<{ id: string; status: HostStatus }>(
    `SELECT id, status FROM host WHERE id = ANY($1::uuid[])`,
    [[...new Set(bricks.map((b) => b.host_id))]],
  );
  const hostStatus = new Map(statuses.map((h) => [h.id, h.status]));
  const domains = await db.query<{ id: string; name: string; status: StorageDomainStatus }>(
    `SELECT id, name, status FROM storage_domain WHERE gluster_volume_id = $1 ORDER BY name`,
    [id],
  );
  const server = (b: (typeof bricks)[number]) =>
    deps.gluster ? brickServer(deps.gluster, b) : (b.server ?? b.host_address);
  return {
    id: v.id,
    name: v.name,
    clusterId: v.cluster_id,
    clusterName: cluster?.name ?? '',
    type: v.volume_type,
    status: v.status,
    replicaCount: v.replica_count,
    arbiterCount: v.arbiter_count,
    disperseCount: v.disperse_count,
    redundancyCount: v.redundancy_count,
    transport: v.transport,
    glusterId: v.gluster_id,
    operation: v.operation,
    task: v.task,
    createdAt: new Date(v.created_at).toISOString(),
    bricks: bricks.map((b) => ({
      id: b.id,
      position: b.position,
      hostId: b.host_id,
      hostName: b.host_name,
      hostStatus: hostStatus.get(b.host_id) ?? 'Down',
      name: `${server(b)}:${b.directory}`,
      directory: b.directory,
      status: b.status,
      isArbiter: b.is_arbiter,
      totalGb: Number(b.total_gb),
      freeGb: Number(b.free_gb),
    })),
    options: Object.entries(v.options)
      .map(([key, value]) => ({ key, value }))
      .sort((x, y) => x.key.localeCompare(y.key)),
    storageDomains: domains,
    actions: glusterVolumeActions(stateOf(v, bricks.length, domains)),
    virtStoreWarning:
      virtStoreWarning({
        type: v.volume_type,
        replicaCount: v.replica_count,
        arbiterCount: v.arbiter_count,
      }) ?? null,
  };
}

/** Per volume id: every action, allowed or not and why (the toolbar, several selected). */
export async function volumeActionsFor(
  db: Db,
  ids: readonly string[],
): Promise<Record<string, Record<GlusterVolumeAction, ActionRule>>> {
  const volumes = await findVolumes(db, ids);
  const counts = await db.query<{ volume_id: string; n: number }>(
    `SELECT volume_id, COUNT(*)::int AS n FROM gluster_brick WHERE volume_id = ANY($1::uuid[]) GROUP BY volume_id`,
    [ids],
  );
  const n = new Map(counts.map((c) => [c.volume_id, c.n]));
  const domains = await domainsOn(db, ids);
  return Object.fromEntries(
    volumes.map((v) => [
      v.id,
      glusterVolumeActions(stateOf(v, n.get(v.id) ?? 0, domains.get(v.id))),
    ]),
  );
}

export interface BrickCandidate {
  id: string;
  name: string;
  address: string;
  status: HostStatus;
  /** The name gluster will know bricks on this host by; null without a gluster driver. */
  serverName: string | null;
  /** Whether the picker may offer it: Up, with a gluster driver, answering. */
  usable: boolean;
  /** Why not, when not usable. */
  reason: string | null;
  /** Its filesystems that can hold bricks, with their space now; null when not asked or not answering. */
  filesystems:
    { mount: string; device: string; fsType: string; totalGb: number; freeGb: number }[] | null;
  /** Bricks it holds already (their directories cannot be used again). */
  bricks: { volumeId: string; volumeName: string; directory: string }[];
}

/**
 * The New Volume / Add Bricks picker: every host of the cluster, the Up ones asked for
 * their filesystems' free space now (in parallel, each within `timeoutMs`).
 */
export async function brickCandidates(
  deps: EngineDeps,
  clusterId: string,
  timeoutMs = 10_000,
): Promise<{
  clusterId: string;
  clusterName: string;
  glusterService: boolean;
  hosts: BrickCandidate[];
}> {
  const { db } = deps;
  const [cluster] = await db.query<{ id: string; name: string; gluster_service: boolean }>(
    `SELECT id, name, gluster_service FROM cluster WHERE id = $1`,
    [clusterId],
  );
  if (!cluster) throw notFound('Cluster', clusterId);
  const hosts = await db.query<{
    id: string;
    name: string;
    address: string;
    driver: string;
    uri: string | null;
    status: HostStatus;
  }>(
    `SELECT id, name, address, driver, uri, status FROM host WHERE cluster_id = $1 ORDER BY name`,
    [clusterId],
  );
  const bricks = await db.query<{
    host_id: string;
    volume_id: string;
    volume_name: string;
    directory: string;
  }>(
    `SELECT b.host_id, b.volume_id, v.name AS volume_name, b.directory
       FROM gluster_brick b JOIN gluster_volume v ON v.id = b.volume_id
      WHERE b.host_id = ANY($1::uuid[]) ORDER BY v.name, b.position`,
    [hosts.map((h) => h.id)],
  );
  const gluster = deps.gluster;
  const candidates = await Promise.all(
    hosts.map(async (h): Promise<BrickCandidate> => {
      const base = {
        id: h.id,
        name: h.name,
        address: h.address,
        status: h.status,
        serverName: gluster?.hasDriver(h.driver)
          ? gluster.serverName({ ...h, driver: h.driver })
          : null,
        bricks: bricks
          .filter((b) => b.host_id === h.id)
          .map((b) => ({
            volumeId: b.volume_id,
            volumeName: b.volume_name,
            directory: b.directory,
          })),
      };
      if (h.status !== 'Up')
        return {
          ...base,
          usable: false,
          reason: GLUSTER_MESSAGES.hostNotUp(h.name),
          filesystems: null,
        };
      if (!gluster?.hasDriver(h.driver))
        return {
          ...base,
          usable: false,
          reason: `This Corral has no gluster driver for ${h.driver} host ${h.name}.`,
          filesystems: null,
        };
      try {
        const fs = await withTimeout(
          gluster.get({ ...h }).then((c) => c.filesystems()),
          timeoutMs,
          `Host ${h.name} did not answer in ${timeoutMs / 1000} s.`,
        );
        return {
          ...base,
          usable: true,
          reason: null,
          filesystems: fs.map((f) => ({
            mount: f.mount,
            device: f.device,
            fsType: f.fsType,
            totalGb: toGb(f.totalBytes),
            freeGb: toGb(f.freeBytes),
          })),
        };
      } catch (err) {
        return {
          ...base,
          usable: false,
          reason: `Host ${h.name} cannot be reached: ${errorMessage(err)}`,
          filesystems: null,
        };
      }
    }),
  );
  return {
    clusterId: cluster.id,
    clusterName: cluster.name,
    glusterService: cluster.gluster_service,
    hosts: candidates,
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export interface HealInfoView {
  volumeId: string;
  volumeName: string;
  /** Entries waiting to be healed, over the bricks that answered. */
  totalEntries: number;
  bricks: {
    brickId: string | null;
    hostId: string | null;
    hostName: string | null;
    name: string;
    connected: boolean;
    status: string;
    entries: number | null;
    /** At most 100 of the entries. */
    files: string[];
  }[];
}

/** `gluster volume heal <vol> info`, asked now, its bricks matched to the store's. */
export async function healInfo(deps: EngineDeps, id: string): Promise<HealInfoView> {
  const v = await getVolume(deps.db, id);
  await requireVolumeAction(deps.db, [v], 'healInfo', 'show heal info');
  const gluster = glusterOf(deps);
  const { conn } = await siteFor(deps, v);
  let info;
  try {
    info = await conn.healInfo(v.name);
  } catch (err) {
    refuse(`gluster could not tell the heal info of volume ${v.name}: ${errorMessage(err)}`);
  }
  const stored = await volumeBricks(deps.db, [id]);
  const byName = new Map(stored.map((b) => [`${brickServer(gluster, b)}:${b.directory}`, b]));
  return {
    volumeId: v.id,
    volumeName: v.name,
    totalEntries: info.reduce((s, b) => s + (b.entries ?? 0), 0),
    bricks: info.map((b) => {
      const name = `${b.server}:${b.directory}`;
      const row = byName.get(name);
      return {
        brickId: row?.id ?? null,
        hostId: row?.host_id ?? null,
        hostName: row?.host_name ?? null,
        name,
        connected: b.connected,
        status: b.status,
        entries: b.entries,
        files: b.files.slice(0, 100),
      };
    }),
  };
}
