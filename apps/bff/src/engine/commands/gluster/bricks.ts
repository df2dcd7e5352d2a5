// Add, remove and replace bricks. Removing whole sets of an Up volume migrates their data
// first — gluster's remove-brick start, its status followed until the migration
// completed (the job's progress), then commit — as oVirt does; lowering the replica count
// or removing without migration is one `force`.
import {
  addBricksPlan,
  brickSet,
  removeBricksPlan,
  sameServerIssues,
  REPLICATED_TYPES,
  type GlusterVolumeAction,
} from '@corral/shared';
import type { GlusterMigration } from '../../../gluster/types.js';
import type { Db } from '../../../store/index.js';
import { touched } from '../../changes.js';
import type { Actor, EngineDeps } from '../../deps.js';
import { isUniqueViolation } from '../../errors.js';
import { getCluster } from '../../inventory.js';
import type { Job } from '../../jobs.js';
import { refuse } from '../../rules/refuse.js';
import { correlate, startJob, started, type Started } from '../common.js';
import {
  addressesOf,
  getVolume,
  glusterOf,
  hostRef,
  layoutOf,
  lockVolume,
  probeHosts,
  reachBrickHosts,
  refuseIssues,
  requirePlacement,
  requireVolumeAction,
  siteFor,
  unlockVolume,
  volumeBricks,
  whileLocked,
  type BrickRow,
  type VolumeRow,
} from './common.js';

/** How long a data migration may run before the job gives up on it (it goes on in gluster). */
export const MIGRATION_TIMEOUT_MS = 24 * 60 * 60 * 1000;

const pollMs = (deps: EngineDeps) => deps.timeouts?.pollMs ?? 1_000;

async function prepare(deps: EngineDeps, id: string, action: GlusterVolumeAction, what: string) {
  const v = await getVolume(deps.db, id);
  await requireVolumeAction(deps.db, [v], action, what);
  const bricks = await volumeBricks(deps.db, [v.id]);
  return { v, bricks };
}

const describe = (bricks: readonly { server: string; directory: string }[]) =>
  bricks.map((b) => `${b.server}:${b.directory}`).join(', ');

export async function addBricks(
  deps: EngineDeps,
  actor: Actor,
  input: {
    id: string;
    bricks: readonly { hostId: string; directory: string }[];
    replicaCount?: number | null | undefined;
    force: boolean;
  },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const gluster = glusterOf(deps);
  const { v, bricks } = await prepare(deps, input.id, 'addBricks', 'add bricks');
  const hosts = await requirePlacement(deps, v.cluster_id, input.bricks);
  const plan = addBricksPlan(layoutOf(v, bricks), input.bricks, {
    replicaCount: input.replicaCount,
    force: input.force,
    hostName: (id) => hosts.get(id)?.name ?? id,
  });
  refuseIssues(plan.issues);
  const newHosts = [...new Set(input.bricks.map((b) => b.hostId))].map((id) => hosts.get(id)!);
  await reachBrickHosts(deps, newHosts);
  const site = await siteFor(deps, v);
  await lockVolume(deps, v, 'Adding bricks');
  const added = input.bricks.map((b) => ({
    server: gluster.serverName(hostRef(hosts.get(b.hostId)!)),
    directory: b.directory,
  }));
  try {
    // The directories are taken at once; the read-back puts them in gluster's order.
    await db.transaction(async (tx) => {
      for (const [i, b] of input.bricks.entries())
        await tx.query(
          `INSERT INTO gluster_brick (volume_id, host_id, directory, position, status, server)
           VALUES ($1, $2, $3, $4, 'Down', $5)`,
          [v.id, b.hostId, b.directory, bricks.length + i, added[i]!.server],
        );
    });
  } catch (err) {
    await unlockVolume(deps, v.id);
    if (isUniqueViolation(err))
      refuse('One of the brick directories was taken meanwhile; try again.');
    throw err;
  }
  touched(deps, 'volume', [v.id]);
  const replica = input.replicaCount ?? undefined;
  const job = await startJob(
    deps,
    a,
    {
      description: `Adding ${added.length} brick${added.length === 1 ? '' : 's'} to Gluster volume ${v.name}`,
      steps: ['Adding the hosts to the trusted storage pool', 'Adding the bricks'],
      refs: { volumeId: v.id, clusterId: v.cluster_id },
    },
    async (j) => {
      await whileLocked(deps, site.conn, v.id, async () => {
        await j.step('Adding the hosts to the trusted storage pool', () =>
          probeHosts(deps, site, newHosts),
        );
        await j.step('Adding the bricks', () =>
          site.conn.addBricks(v.name, added, {
            ...(replica !== undefined && replica !== v.replica_count
              ? { replicaCount: replica }
              : {}),
            force: input.force,
          }),
        );
      });
      await j.event({
        volumeId: v.id,
        clusterId: v.cluster_id,
        code: 'GLUSTER_VOLUME_ADD_BRICK',
        message: `Bricks ${describe(added)} were added to Gluster volume ${v.name} by ${a.userName}.`,
      });
    },
  );
  return started([job]);
}

/** Stored bricks by id, in the volume's order; an id not of the volume is refused. */
function chosenBricks(
  bricks: readonly BrickRow[],
  ids: readonly string[],
  field: string,
): number[] {
  return ids.map((id) => {
    const i = bricks.findIndex((b) => b.id === id);
    if (i < 0) refuse('The brick is not part of the volume.', field);
    return i;
  });
}

async function recordTask(
  db: Db,
  volumeId: string,
  m: GlusterMigration,
  type: 'Rebalance' | 'Remove brick',
  bricks: string[],
) {
  // Only when it changed: every write is a new row version, and monitoring leaves a
  // volume whose row changed during its read for the next cycle.
  await db.query(
    `UPDATE gluster_volume SET task = $2::jsonb WHERE id = $1 AND task IS DISTINCT FROM $2::jsonb`,
    [volumeId, JSON.stringify({ type, id: m.taskId ?? '', status: m.status, bricks })],
  );
}

/**
 * Follows a migration until gluster says it completed. `expectBytes` (the data on the
 * bricks, as far as the store knows) turns the bytes moved into the job's progress.
 */
async function followMigration(
  deps: EngineDeps,
  j: Job,
  v: VolumeRow,
  read: () => Promise<GlusterMigration>,
  record: (m: GlusterMigration) => Promise<void>,
  expectBytes: number,
): Promise<GlusterMigration> {
  const deadline = Date.now() + MIGRATION_TIMEOUT_MS;
  for (;;) {
    const m = await read();
    await record(m);
    touched(deps, 'volume', [v.id]);
    if (m.status === 'completed') return m;
    if (m.status === 'failed' || m.status === 'stopped')
      throw new Error(
        `gluster's data migration ${m.status} (${m.files} files moved, ${m.failures} failures); see the rebalance log on the hosts`,
      );
    if (expectBytes > 0) await j.progress(Math.min(90, 10 + (80 * m.bytes) / expectBytes));
    if (Date.now() > deadline)
      throw new Error('the data migration did not end in 24 hours; it goes on in gluster');
    await new Promise((r) => setTimeout(r, pollMs(deps)));
  }
}

export async function removeBricks(
  deps: EngineDeps,
  actor: Actor,
  input: {
    id: string;
    brickIds: readonly string[];
    replicaCount?: number | null | undefined;
    migrateData: boolean;
  },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const { v, bricks } = await prepare(deps, input.id, 'removeBricks', 'remove bricks');
  const indexes = chosenBricks(bricks, input.brickIds, 'brickIds');
  const plan = removeBricksPlan({ ...layoutOf(v, bricks), status: v.status }, indexes, {
    replicaCount: input.replicaCount,
    migrate: input.migrateData,
  });
  refuseIssues(plan.issues);
  const chosen = indexes.sort((x, y) => x - y).map((i) => bricks[i]!);
  const addresses = addressesOf(deps, chosen);
  const names = addresses.map((b) => `${b.server}:${b.directory}`);
  const site = await siteFor(deps, v);
  await lockVolume(deps, v, 'Removing bricks');
  const steps =
    plan.mode === 'migrate'
      ? ['Migrating data off the bricks', 'Committing the removal']
      : ['Removing the bricks'];
  const job = await startJob(
    deps,
    a,
    {
      description: `Removing ${chosen.length} brick${chosen.length === 1 ? '' : 's'} from Gluster volume ${v.name}`,
      steps,
      refs: { volumeId: v.id, clusterId: v.cluster_id },
    },
    async (j) => {
      await whileLocked(deps, site.conn, v.id, async () => {
        if (plan.mode === 'migrate') {
          const used =
            chosen.reduce((s, b) => s + Math.max(0, b.total_gb - b.free_gb), 0) * 1024 ** 3;
          await j.step('Migrating data off the bricks', async () => {
            await site.conn.removeBricksStart(v.name, addresses);
            try {
              await followMigration(
                deps,
                j,
                v,
                () => site.conn.removeBricksStatus(v.name, addresses),
                (m) => recordTask(db, v.id, m, 'Remove brick', names),
                used,
              );
            } catch (err) {
              // Give the bricks back to the volume rather than leave a half-done removal.
              await site.conn.removeBricksStop(v.name, addresses).catch(() => undefined);
              throw err;
            }
          });
          await j.step('Committing the removal', () =>
            site.conn.removeBricksCommit(v.name, addresses),
          );
        } else {
          await j.step('Removing the bricks', () =>
            site.conn.removeBricksForce(
              v.name,
              addresses,
              plan.mode === 'reduce-replica' ? { replicaCount: plan.layout.replicaCount ?? 1 } : {},
            ),
          );
        }
      });
      await j.event({
        volumeId: v.id,
        clusterId: v.cluster_id,
        code: 'GLUSTER_VOLUME_REMOVE_BRICKS',
        message:
          `Bricks ${names.join(', ')} were removed from Gluster volume ${v.name} by ${a.userName}` +
          (plan.mode === 'migrate'
            ? ', their data migrated to the other bricks.'
            : plan.mode === 'reduce-replica'
              ? `, lowering the replica count to ${plan.layout.replicaCount}.`
              : ', without migrating their data.'),
      });
    },
  );
  return started([job]);
}

export async function replaceBrick(
  deps: EngineDeps,
  actor: Actor,
  input: {
    id: string;
    brickId: string;
    brick: { hostId: string; directory: string };
    force: boolean;
  },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const gluster = glusterOf(deps);
  const { v, bricks } = await prepare(deps, input.id, 'replaceBrick', 'replace the brick');
  const [index] = chosenBricks(bricks, [input.brickId], 'brickId');
  // The form has one brick, not a list: `bricks.0.directory` is `brick.directory` there.
  const hosts = await requirePlacement(deps, v.cluster_id, [input.brick], (f) =>
    f.replace(/^bricks\.0\./, 'brick.'),
  );
  const layout = layoutOf(v, bricks);
  const set = brickSet(layout, index!);
  const after = set.map((i) => (i === index ? input.brick : layout.bricks[i]!));
  if (!input.force) {
    const kind = REPLICATED_TYPES.includes(v.volume_type) ? 'replica' : 'disperse';
    const clash = sameServerIssues(after, after.length, kind, (id) => hosts.get(id)?.name ?? id);
    if (clash[0]) refuse(clash[0].message, 'brick.hostId');
  }
  const host = hosts.get(input.brick.hostId)!;
  await reachBrickHosts(deps, [host]);
  const site = await siteFor(deps, v);
  const old = bricks[index!]!;
  const [from] = addressesOf(deps, [old]);
  const to = { server: gluster.serverName(hostRef(host)), directory: input.brick.directory };
  await lockVolume(deps, v, 'Replacing a brick');
  const job = await startJob(
    deps,
    a,
    {
      description: `Replacing brick ${from!.server}:${from!.directory} of Gluster volume ${v.name}`,
      steps: ['Adding the host to the trusted storage pool', 'Replacing the brick'],
      refs: { volumeId: v.id, clusterId: v.cluster_id },
    },
    async (j) => {
      await whileLocked(deps, site.conn, v.id, async () => {
        await j.step('Adding the host to the trusted storage pool', () =>
          probeHosts(deps, site, [host]),
        );
        await j.step('Replacing the brick', async () => {
          await site.conn.replaceBrick(v.name, from!, to);
          // The brick keeps its id (and place in the set); the read-back fills in the rest.
          await db.query(
            `UPDATE gluster_brick SET host_id = $2, directory = $3, server = $4 WHERE id = $1`,
            [old.id, host.id, to.directory, to.server],
          );
        });
      });
      await j.event({
        volumeId: v.id,
        clusterId: v.cluster_id,
        code: 'GLUSTER_VOLUME_BRICK_REPLACED',
        message: `Brick ${from!.server}:${from!.directory} of Gluster volume ${v.name} was replaced by ${to.server}:${to.directory} by ${a.userName}.`,
      });
    },
  );
  return started([job]);
}

export async function rebalanceVolume(
  deps: EngineDeps,
  actor: Actor,
  input: { id: string },
): Promise<Started> {
  const a = correlate(actor);
  const { db } = deps;
  const v = await getVolume(db, input.id);
  await requireVolumeAction(db, [v], 'rebalance', 'rebalance the volume');
  const site = await siteFor(deps, v);
  await lockVolume(deps, v, 'Starting a rebalance');
  const cluster = await getCluster(db, v.cluster_id);
  const job = await startJob(
    deps,
    a,
    {
      description: `Rebalancing Gluster volume ${v.name}`,
      steps: ['Starting the rebalance', 'Rebalancing the volume'],
      refs: { volumeId: v.id, clusterId: cluster.id },
    },
    async (j) => {
      // Only starting holds the volume: while gluster rebalances, its options may change
      // (the task itself keeps bricks and state as they are, see the rules).
      await whileLocked(deps, site.conn, v.id, () =>
        j.step('Starting the rebalance', () => site.conn.rebalanceStart(v.name)),
      );
      await j.event({
        volumeId: v.id,
        clusterId: v.cluster_id,
        code: 'GLUSTER_VOLUME_REBALANCE_START',
        message: `Rebalance of Gluster volume ${v.name} was started by ${a.userName}.`,
      });
      const m = await j.step('Rebalancing the volume', () =>
        followMigration(
          deps,
          j,
          v,
          () => site.conn.rebalanceStatus(v.name),
          (x) => recordTask(db, v.id, x, 'Rebalance', []),
          0,
        ),
      );
      await j.event({
        volumeId: v.id,
        clusterId: v.cluster_id,
        code: 'GLUSTER_VOLUME_REBALANCE_FINISHED',
        message: `Rebalance of Gluster volume ${v.name} finished: ${m.files} files (${Math.round(m.bytes / 1024 ** 2)} MiB) moved in ${m.runtimeSeconds} s.`,
      });
    },
  );
  return started([job]);
}
