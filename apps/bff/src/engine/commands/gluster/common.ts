// What the Gluster volume commands share: the rows they act on, the host that runs
// gluster for a cluster, the volume's lock (one command at a time), the rules with the
// store's knowledge, and reading the volume back from gluster when a command is done.
import {
  brickPlacementIssues,
  glusterVolumeActions,
  type BrickHost,
  type BrickPlace,
  type GlusterIssue,
  type GlusterLayout,
  type GlusterVolumeAction,
  type StorageDomainStatus,
} from '@corral/shared';
import type { GlusterRegistry } from '../../../gluster/registry.js';
import {
  findVolumes,
  syncVolume,
  volumeBricks,
  type BrickRow,
  type VolumeRow,
} from '../../../gluster/store.js';
import type { BrickAddress, GlusterHost } from '../../../gluster/types.js';
import type { Db } from '../../../store/index.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { clusterHosts, getCluster, type ClusterRow, type HostRow } from '../../inventory.js';
import { errorMessage, type Job } from '../../jobs.js';
import { refuse, refuseEach } from '../../rules/refuse.js';
import { correlate, startEach, startJob, type Started } from '../common.js';

export type { BrickRow, VolumeRow };
export { volumeBricks };

/** The registry, or a refusal: a BFF without gluster drivers cannot run these commands. */
export function glusterOf(deps: EngineDeps): GlusterRegistry {
  if (!deps.gluster) refuse('This Corral has no gluster driver; it cannot manage Gluster volumes.');
  return deps.gluster;
}

/** The volumes, in the order asked; NOT_FOUND names the first missing one. */
export async function getVolumes(db: Db, ids: readonly string[]): Promise<VolumeRow[]> {
  const rows = await findVolumes(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound('Gluster volume', id);
    return row;
  });
}

export async function getVolume(db: Db, id: string): Promise<VolumeRow> {
  return (await getVolumes(db, [id]))[0]!;
}

/** A Gluster cluster: it exists and provides the Gluster service. */
export async function glusterCluster(
  db: Db,
  clusterId: string,
  field?: string,
): Promise<ClusterRow> {
  let cluster: ClusterRow;
  try {
    cluster = await getCluster(db, clusterId);
  } catch {
    refuse('The cluster does not exist.', field);
  }
  const [row] = await db.query<{ gluster_service: boolean }>(
    `SELECT gluster_service FROM cluster WHERE id = $1`,
    [clusterId],
  );
  if (!row?.gluster_service)
    refuse(
      `Cluster ${cluster.name} does not provide the Gluster service; enable it in the cluster first.`,
      field,
    );
  return cluster;
}

export const hostRef = (h: HostRow) => ({
  id: h.id,
  name: h.name,
  address: h.address,
  uri: h.uri,
  driver: h.driver,
});

/** gluster answering on a host of the cluster: the one that runs the command. */
export interface GlusterSite {
  readonly host: HostRow;
  readonly conn: GlusterHost;
}

/**
 * A host of the cluster that is Up and whose glusterd answers, preferring `prefer`
 * (the volume's brick hosts), then by name. Refused when there is none.
 */
export async function pickGlusterHost(
  deps: EngineDeps,
  cluster: ClusterRow,
  prefer: readonly string[] = [],
): Promise<GlusterSite> {
  const gluster = glusterOf(deps);
  const hosts = (await clusterHosts(deps.db, cluster.id)).filter(
    (h) => h.status === 'Up' && gluster.hasDriver(h.driver),
  );
  if (hosts.length === 0)
    refuse(`There should be at least one active host in Cluster ${cluster.name}.`);
  const rank = (h: HostRow) => (prefer.includes(h.id) ? 0 : 1);
  hosts.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const failures: string[] = [];
  for (const host of hosts) {
    try {
      return { host, conn: await gluster.get(hostRef(host)) };
    } catch (err) {
      failures.push(`${host.name}: ${errorMessage(err)}`);
    }
  }
  refuse(`No Up host of Cluster ${cluster.name} answers for gluster. ${failures.join(' ')}`);
}

/** The store's hosts and bricks a brick placement is judged against. */
export async function placementContext(
  db: Db,
  clusterId: string,
  hostIds: readonly string[],
): Promise<{
  clusterId: string;
  hosts: Map<string, BrickHost & HostRow>;
  existing: { hostId: string; directory: string; volumeName: string }[];
}> {
  const hosts = await db.query<HostRow & { cluster_id: string }>(
    `SELECT id, name, address, driver, uri, cluster_id, status, memory_mb, cpus, cpu_usage
       FROM host WHERE id = ANY($1::uuid[])`,
    [hostIds],
  );
  const existing = await db.query<{ hostId: string; directory: string; volumeName: string }>(
    `SELECT b.host_id AS "hostId", b.directory, v.name AS "volumeName"
       FROM gluster_brick b JOIN gluster_volume v ON v.id = b.volume_id
      WHERE b.host_id = ANY($1::uuid[])`,
    [hostIds],
  );
  return {
    clusterId,
    hosts: new Map(hosts.map((h) => [h.id, { ...h, clusterId: h.cluster_id }])),
    existing,
  };
}

/** Refuses with the first issue, on its field (the rest follow once it is fixed). */
export function refuseIssues(
  issues: readonly GlusterIssue[],
  offsetField?: (field: string) => string,
): void {
  const first = issues[0];
  if (first) refuse(first.message, offsetField ? offsetField(first.field) : first.field);
}

/**
 * Where new bricks may go: hosts of the cluster that are Up with a gluster driver, and
 * directories that are no brick yet (nor inside or around one).
 */
export async function requirePlacement(
  deps: EngineDeps,
  clusterId: string,
  bricks: readonly BrickPlace[],
  /** The form's field of brick `i`'s `part` (`bricks.2.hostId`; a single brick's `brick.hostId`). */
  fieldOf: (field: string) => string = (f) => f,
): Promise<Map<string, HostRow>> {
  const gluster = glusterOf(deps);
  const context = await placementContext(deps.db, clusterId, [
    ...new Set(bricks.map((b) => b.hostId)),
  ]);
  refuseIssues(brickPlacementIssues(bricks, context), fieldOf);
  bricks.forEach((b, i) => {
    const host = context.hosts.get(b.hostId)!;
    if (!gluster.hasDriver(host.driver))
      refuse(
        `This Corral has no gluster driver for ${host.driver} host ${host.name}.`,
        fieldOf(`bricks.${i}.hostId`),
      );
  });
  return context.hosts;
}

/** Every brick host's glusterd answers (before anything changes). */
export async function reachBrickHosts(deps: EngineDeps, hosts: Iterable<HostRow>): Promise<void> {
  const gluster = glusterOf(deps);
  const failures: string[] = [];
  await Promise.all(
    [...hosts].map((h) =>
      // A call, not just the connection: glusterd may have stopped since it was opened.
      gluster
        .get(hostRef(h))
        .then((conn) => conn.peerStatus())
        .catch((err: unknown) => {
          failures.push(`Host ${h.name} cannot be reached: ${errorMessage(err)}`);
        }),
    ),
  );
  if (failures.length > 0) refuse(failures.sort().join(' '));
}

/** Storage domains on each volume, for the rules. */
export async function domainsOn(
  db: Db,
  volumeIds: readonly string[],
): Promise<Map<string, { name: string; status: StorageDomainStatus }[]>> {
  const rows = await db.query<{
    gluster_volume_id: string;
    name: string;
    status: StorageDomainStatus;
  }>(
    `SELECT gluster_volume_id, name, status FROM storage_domain
      WHERE gluster_volume_id = ANY($1::uuid[]) ORDER BY name`,
    [volumeIds],
  );
  const out = new Map<string, { name: string; status: StorageDomainStatus }[]>();
  for (const r of rows) out.set(r.gluster_volume_id, [...(out.get(r.gluster_volume_id) ?? []), r]);
  return out;
}

/** The shared rule for each volume; a bulk request is refused whole. */
export async function requireVolumeAction(
  db: Db,
  volumes: readonly VolumeRow[],
  action: GlusterVolumeAction,
  what: string,
): Promise<void> {
  const bricks = await db.query<{ volume_id: string; n: number }>(
    `SELECT volume_id, COUNT(*)::int AS n FROM gluster_brick WHERE volume_id = ANY($1::uuid[]) GROUP BY volume_id`,
    [volumes.map((v) => v.id)],
  );
  const counts = new Map(bricks.map((b) => [b.volume_id, b.n]));
  const domains = await domainsOn(
    db,
    volumes.map((v) => v.id),
  );
  const reasons = new Map<string, string>();
  for (const v of volumes) {
    const rule = glusterVolumeActions(stateOf(v, counts.get(v.id) ?? 0, domains.get(v.id)))[action];
    if (!rule.allowed) reasons.set(v.id, rule.reason ?? 'The volume cannot do that now.');
  }
  refuseEach(what, volumes, reasons);
}

export function stateOf(
  v: VolumeRow,
  brickCount: number,
  storageDomains?: { name: string; status: StorageDomainStatus }[],
) {
  return {
    status: v.status,
    type: v.volume_type,
    brickCount,
    operation: v.operation,
    taskRunning: v.task?.status === 'in progress',
    storageDomains,
  };
}

/** The volume as the shared layout rules see it: type, counts, bricks in order. */
export function layoutOf(v: VolumeRow, bricks: readonly BrickRow[]): GlusterLayout {
  return {
    type: v.volume_type,
    replicaCount: v.replica_count,
    arbiterCount: v.arbiter_count,
    disperseCount: v.disperse_count,
    redundancyCount: v.redundancy_count,
    bricks: bricks.map((b) => ({ hostId: b.host_id, directory: b.directory })),
  };
}

/**
 * Takes the volume for one command (compare-and-set): refused when another command
 * took it since the rules were checked.
 */
export async function lockVolume(deps: EngineDeps, v: VolumeRow, operation: string): Promise<void> {
  const rows = await deps.db.query(
    `UPDATE gluster_volume SET operation = $2 WHERE id = $1 AND operation IS NULL RETURNING id`,
    [v.id, operation],
  );
  if (rows.length === 0) refuse(`Volume ${v.name} changed meanwhile; try again.`);
  touched(deps, 'volume', [v.id]);
}

export async function lockVolumes(
  deps: EngineDeps,
  volumes: readonly VolumeRow[],
  operation: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    for (const v of volumes) {
      const rows = await tx.query(
        `UPDATE gluster_volume SET operation = $2 WHERE id = $1 AND operation IS NULL RETURNING id`,
        [v.id, operation],
      );
      if (rows.length === 0) refuse(`Volume ${v.name} changed meanwhile; try again.`);
    }
  });
  touched(
    deps,
    'volume',
    volumes.map((v) => v.id),
  );
}

export async function unlockVolume(deps: EngineDeps, volumeId: string): Promise<void> {
  await deps.db.query(`UPDATE gluster_volume SET operation = NULL WHERE id = $1`, [volumeId]);
  touched(deps, 'volume', [volumeId]);
}

/** Reads the volume back from gluster into the store, bricks included. */
export async function readBack(
  deps: EngineDeps,
  conn: GlusterHost,
  volumeId: string,
): Promise<void> {
  const gluster = glusterOf(deps);
  const [volume] = await findVolumes(deps.db, [volumeId]);
  if (!volume) return;
  const [info] = await conn.volumeInfo(volume.name);
  if (!info) throw new Error(`gluster does not list volume ${volume.name}`);
  const status =
    info.state === 'Started'
      ? (await conn.volumeStatus(volume.name).catch(() => []))[0]
      : undefined;
  await syncVolume(deps.db, gluster, volume, info, status, { syncBricks: true });
  touched(deps, 'volume', [volumeId]);
}

/**
 * Runs the job's work with the volume locked; whatever happens, the volume is read back
 * from gluster (so the store says what gluster has) and unlocked.
 */
export async function whileLocked<T>(
  deps: EngineDeps,
  conn: GlusterHost,
  volumeId: string,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } finally {
    await readBack(deps, conn, volumeId).catch((err: unknown) =>
      console.error(`gluster: reading volume ${volumeId} back failed:`, err),
    );
    await unlockVolume(deps, volumeId);
  }
}

/** `server:/dir` of stored bricks, as gluster names them. */
export function addressesOf(deps: EngineDeps, bricks: readonly BrickRow[]): BrickAddress[] {
  const gluster = glusterOf(deps);
  return bricks.map((b) => ({
    server:
      b.server ??
      gluster.serverName({
        id: b.host_id,
        name: b.host_name,
        address: b.host_address,
        uri: b.host_uri,
        driver: b.host_driver,
      }),
    directory: b.directory,
  }));
}

/** The bricks' hosts join the running host's trusted storage pool (gluster peer probe). */
export async function probeHosts(
  deps: EngineDeps,
  site: GlusterSite,
  hosts: readonly HostRow[],
  timeoutMs = 30_000,
): Promise<void> {
  const gluster = glusterOf(deps);
  const wanted = new Map(
    hosts.filter((h) => h.id !== site.host.id).map((h) => [gluster.serverName(hostRef(h)), h]),
  );
  if (wanted.size === 0) return;
  const known = () => site.conn.peerStatus();
  const inPool = (peers: Awaited<ReturnType<typeof known>>, server: string) =>
    peers.find((p) => p.hostnames.includes(server));
  let peers = await known();
  for (const [server] of wanted) if (!inPool(peers, server)) await site.conn.peerProbe(server);
  // A probed peer takes a moment to be "Peer in Cluster" and connected.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    peers = await known();
    const missing = [...wanted.entries()].filter(([s]) => !inPool(peers, s)?.connected);
    if (missing.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `hosts did not join the trusted storage pool in ${timeoutMs / 1000} s: ${missing.map(([, h]) => h.name).join(', ')}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Host ids of the volume's bricks. */
export async function volumeBrickHosts(db: Db, volumeId: string): Promise<string[]> {
  const rows = await db.query<{ host_id: string }>(
    `SELECT DISTINCT host_id FROM gluster_brick WHERE volume_id = $1`,
    [volumeId],
  );
  return rows.map((r) => r.host_id);
}

/** The host that runs gluster for a volume: one of its brick hosts if it can. */
export async function siteFor(deps: EngineDeps, v: VolumeRow): Promise<GlusterSite> {
  return pickGlusterHost(
    deps,
    await getCluster(deps.db, v.cluster_id),
    await volumeBrickHosts(deps.db, v.id),
  );
}

/** One site per volume, before anything is locked (a cluster nobody answers for refuses). */
export async function sitesFor(
  deps: EngineDeps,
  volumes: readonly VolumeRow[],
): Promise<Map<string, GlusterSite>> {
  const sites = new Map<string, GlusterSite>();
  for (const v of volumes) sites.set(v.id, await siteFor(deps, v));
  return sites;
}

/** A command on existing volumes (Start, Stop, Delete, Optimize): one job per volume. */
export interface VolumeCommand {
  /** The shared rule each volume must allow, and what a refusal says was asked. */
  readonly action: GlusterVolumeAction;
  readonly what: string;
  /** The volume's operation (its lock) while its job runs. */
  readonly operation: string;
  readonly description: (v: VolumeRow) => string;
  readonly steps: readonly string[];
  readonly run: (j: Job, v: VolumeRow, site: GlusterSite) => Promise<void>;
}

/**
 * The volumes as asked, refused whole unless each allows the action, a gluster host for
 * each (reached before anything changes), all locked, then one job per volume.
 */
export async function runOnVolumes(
  deps: EngineDeps,
  actor: Actor,
  ids: readonly string[],
  command: VolumeCommand,
): Promise<Started> {
  const a = correlate(actor);
  const volumes = await getVolumes(deps.db, ids);
  await requireVolumeAction(deps.db, volumes, command.action, command.what);
  const sites = await sitesFor(deps, volumes);
  await lockVolumes(deps, volumes, command.operation);
  return startEach(volumes, (v) =>
    startJob(
      deps,
      a,
      {
        description: command.description(v),
        steps: [...command.steps],
        refs: { volumeId: v.id, clusterId: v.cluster_id },
      },
      (j) => command.run(j, v, sites.get(v.id)!),
    ),
  );
}
